/**
 * api-versions the local Microsoft.Network accepts (newest first). @azure/arm-network 36.0.0
 * sends 2025-05-01; the fixtures use 2025-03-01 and 2024-10-01. Private DNS has its own line
 * (@azure/arm-privatedns 3.2.0 sends 2020-06-01).
 */
export const NETWORK_API_VERSIONS = [
  "2025-05-01", "2025-03-01", "2025-01-01", "2024-10-01", "2024-07-01", "2024-05-01", "2024-03-01", "2024-01-01",
  "2023-11-01", "2023-09-01", "2023-06-01", "2023-05-01", "2023-04-01", "2023-02-01", "2022-11-01", "2022-09-01",
] as const;

export const PRIVATE_DNS_API_VERSIONS = ["2024-06-01", "2020-06-01", "2020-01-01", "2018-09-01"] as const;
