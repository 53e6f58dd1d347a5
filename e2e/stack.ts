/**
 * Ports and data folder of the local stack the e2e run starts (apart from a developer's `npm start`).
 * E2E_STACK_SLOT=n (default 0) moves every port by 10·n and the loopback range to 127.(1+n).x.y, so
 * a second checkout can run its journeys beside the first on one machine.
 */
const slot = Number(process.env.E2E_STACK_SLOT ?? 0);
if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error(`E2E_STACK_SLOT must be a whole number from 0 to 9 (got ${process.env.E2E_STACK_SLOT})`);

export const E2E = {
  consolePort: 3100 + 10 * slot,
  entraPort: 9543 + 10 * slot,
  armPort: 8543 + 10 * slot,
  pglitePort: 55532 + 10 * slot,
  ingressPort: 8180 + 10 * slot,
  /** The replicas journey: its round-robin proxy (a second SPA redirect URI of the local Entra) and three consoles. */
  replicasProxyPort: 4100 + 10 * slot,
  replicaPorts: [4101, 4102, 4103].map((p) => p + 10 * slot),
  /** Databases and caches of the e2e stack listen on 127.(1+slot).x.y, apart from a developer's stack. */
  loopbackOctet: 1 + slot,
  dataDir: ".data-e2e",
};
