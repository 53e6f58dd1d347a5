/**
 * api-versions the local Microsoft.DBforPostgreSQL accepts: the one @azure/arm-postgresql-flexible
 * 9.0.0 sends first, then the versions the spec examples (fixtures) and older SDKs use.
 */
export const POSTGRES_API_VERSIONS = [
  "2025-08-01", "2025-06-01-preview", "2025-01-01-preview", "2024-11-01-preview", "2024-08-01", "2024-03-01-preview", "2023-06-01-preview", "2023-03-01-preview", "2022-12-01",
] as const;
