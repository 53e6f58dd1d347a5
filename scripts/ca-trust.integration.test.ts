import { describe, expect, it } from "vitest";
import https from "node:https";
import { ensureLocalCa, localhostCert } from "../emulator/tls/local-ca";

describe("test CA trust", () => {
  it("fetch trusts a server whose cert comes from the shared test CA", async () => {
    const cert = localhostCert(ensureLocalCa("/tmp/unused-data-dir"));
    const server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(28999, "127.0.0.1", r));
    try {
      const res = await fetch("https://127.0.0.1:28999/");
      expect(await res.text()).toBe("ok");
    } finally {
      server.close();
    }
  });
});
