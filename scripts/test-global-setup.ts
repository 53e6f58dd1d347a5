/**
 * Vitest global setup for integration tests: one shared local CA under .data-test/tls.
 * Setting NODE_EXTRA_CA_CERTS here reaches the test workers because they are forked after
 * this runs (Node reads the variable only at process start), so real SDK clients, fetch and
 * jose in tests trust every local HTTPS server the tests start.
 */
import path from "node:path";
import { ensureLocalCa } from "../emulator/tls/local-ca";

export default function setup(): void {
  const caDir = path.resolve(".data-test", "tls");
  process.env.LOCAL_STACK_CA_DIR = caDir;
  const ca = ensureLocalCa(".data-test");
  process.env.NODE_EXTRA_CA_CERTS = ca.caFile;
}
