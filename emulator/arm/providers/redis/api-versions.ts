/** api-versions the local Microsoft.Cache accepts: @azure/arm-rediscache 8.2.0's first, then older GA versions. */
export const REDIS_API_VERSIONS = ["2024-11-01", "2024-04-01-preview", "2024-03-01", "2023-08-01", "2023-04-01", "2022-06-01", "2021-06-01", "2020-12-01"] as const;
