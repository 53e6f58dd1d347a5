/**
 * The console's sections, in navigation order. Paths are stable: e2e journeys use them.
 * `perEnvironment` sections show one environment (chosen with `?env=`); the rest are console-wide.
 */
export const NAV_ITEMS = [
  { href: "/", label: "Overview", perEnvironment: true },
  { href: "/setup", label: "Setup", perEnvironment: false },
  { href: "/operations", label: "Operations", perEnvironment: false },
  { href: "/monitoring", label: "Monitoring", perEnvironment: true },
  { href: "/database", label: "Database", perEnvironment: true },
  { href: "/redis", label: "Redis", perEnvironment: true },
  { href: "/sandboxes", label: "Sandboxes", perEnvironment: true },
  { href: "/upgrades", label: "Upgrades", perEnvironment: true },
  { href: "/diagnostics", label: "Diagnostics", perEnvironment: true },
  { href: "/audit", label: "Audit log", perEnvironment: false },
  { href: "/settings", label: "Settings", perEnvironment: false },
] as const;

/** The section a path belongs to: `/` only matches itself; others match their sub-paths too. */
export function isCurrentSection(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Where a section link goes: per-environment sections keep the environment being looked at. */
export function sectionHref(item: { href: string; perEnvironment: boolean }, env: string | null): string {
  return item.perEnvironment && env ? `${item.href}?env=${encodeURIComponent(env)}` : item.href;
}

/**
 * Where switching to environment `env` goes from `pathname`: the same section when it is
 * per-environment (its other query parameters dropped: filters of one environment mean nothing
 * in another), else that environment's overview.
 */
export function switchEnvironmentHref(pathname: string, env: string): string {
  const section = NAV_ITEMS.find((i) => isCurrentSection(i.href, pathname));
  const base = section?.perEnvironment ? pathname : "/";
  return `${base}?env=${encodeURIComponent(env)}`;
}
