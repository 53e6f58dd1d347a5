/** Ports and data folder of the local stack the e2e run starts (apart from a developer's `npm start`). */
export const E2E = {
  consolePort: 3100,
  entraPort: 9543,
  armPort: 8543,
  pglitePort: 55532,
  ingressPort: 8180,
  /** Databases and caches of the e2e stack listen on 127.1.x.y, apart from a developer's stack. */
  loopbackOctet: 1,
  dataDir: ".data-e2e",
};
