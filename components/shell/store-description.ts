/** The console store as shown in Settings: kind and location, never the user or password. */
export function describeStore(databaseUrl: string, ssl: boolean): string {
  try {
    const url = new URL(databaseUrl);
    const db = url.pathname.replace(/^\//, "") || "postgres";
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}/${db}${ssl ? " (TLS)" : ""}`;
  } catch {
    return "PostgreSQL (address not parseable)";
  }
}
