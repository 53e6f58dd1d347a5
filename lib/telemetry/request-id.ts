/** Request ids: kept from a caller (a proxy, the ingress) when safe to log, else new. */
const SAFE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && SAFE.test(incoming) ? incoming : crypto.randomUUID();
}
