/** The console's sections, in navigation order. Paths are stable: e2e journeys use them. */
export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/setup", label: "Setup" },
  { href: "/operations", label: "Operations" },
  { href: "/monitoring", label: "Monitoring" },
  { href: "/database", label: "Database" },
  { href: "/redis", label: "Redis" },
  { href: "/sandboxes", label: "Sandboxes" },
  { href: "/upgrades", label: "Upgrades" },
  { href: "/diagnostics", label: "Diagnostics" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings", label: "Settings" },
] as const;

/** The section a path belongs to: `/` only matches itself; others match their sub-paths too. */
export function isCurrentSection(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
