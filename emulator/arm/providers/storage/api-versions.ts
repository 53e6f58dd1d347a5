/**
 * api-versions the local Microsoft.Storage accepts (newest first). @azure/arm-storage 20.0.0
 * sends 2025-08-01; the fixtures use 2025-06-01.
 */
export const STORAGE_API_VERSIONS = [
  "2025-08-01", "2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-04-01", "2023-01-01", "2022-09-01",
  "2022-05-01", "2021-09-01", "2021-08-01", "2021-06-01", "2021-04-01", "2021-02-01", "2021-01-01", "2019-06-01",
] as const;
