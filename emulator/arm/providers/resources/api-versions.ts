/** api-versions the local Microsoft.Resources accepts (newest first, like ARM's error message). */
export const RESOURCES_API_VERSIONS = [
  "2025-04-01", "2025-03-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-07-01", "2022-09-01", "2021-04-01", "2021-01-01", "2020-06-01", "2019-10-01",
] as const;

/** Subscription and location calls (SubscriptionClient) use their own version line. */
export const SUBSCRIPTIONS_API_VERSIONS = ["2025-04-01", "2024-11-01", "2022-12-01", "2021-01-01", "2020-01-01", "2016-06-01"] as const;
