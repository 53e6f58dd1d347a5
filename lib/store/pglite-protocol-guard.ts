/**
 * Keeps one client's extended-protocol exchange (Parse … Sync) together on PGlite's single
 * backend.
 *
 * pglite-socket 0.2.17 queues wire messages from all connections onto one backend and pins the
 * backend to a connection only while `db.isInTransaction()` (an explicit BEGIN … COMMIT). A
 * parameterised query is several messages (Parse, Bind, Describe, Execute, Sync); when they
 * arrive in more than one socket read, another connection's Parse can replace the unnamed
 * prepared statement in between, and Bind then runs the OTHER client's SQL (verified: see
 * embedded.integration.test.ts). This proxy reports "in transaction" from the first extended
 * message until its Sync as well, so the queue keeps serving the same connection.
 */
import type { PGlite } from "@electric-sql/pglite";

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H

export function guardExtendedProtocol(db: PGlite): PGlite {
  let midExchange = false;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "isInTransaction") return () => midExchange || target.isInTransaction();
      if (prop === "execProtocolRawStream") {
        return (message: Uint8Array, ...rest: unknown[]) => {
          const type = message[0];
          if (type !== undefined && EXTENDED.has(type)) midExchange = true;
          else if (type === SYNC || type === SIMPLE_QUERY) midExchange = false;
          return (target.execProtocolRawStream as (m: Uint8Array, ...r: unknown[]) => unknown).call(target, message, ...rest);
        };
      }
      if (prop === "exec") {
        // The socket server rolls back a disconnected client's transaction with exec(): the
        // exchange that client left open is over too.
        return (...args: Parameters<PGlite["exec"]>) => {
          midExchange = false;
          return target.exec(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
