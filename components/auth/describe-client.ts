/** A short "Chrome 131 on Linux · 10.0.0.7" for the admin sessions list; a raw user agent is noise there. */
const BROWSERS: [RegExp, string][] = [
  [/Edg\/(\d+)/, "Edge"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/Chrome\/(\d+)/, "Chrome"],
  [/Version\/(\d+).*Safari/, "Safari"],
];
const SYSTEMS: [string, string][] = [
  ["Windows", "Windows"],
  ["Android", "Android"],
  ["iPhone", "iOS"],
  ["Mac OS X", "macOS"],
  ["Linux", "Linux"],
];

export function describeClient(userAgent: string | null, ipAddress: string | null): string {
  const ua = userAgent ?? "";
  const system = SYSTEMS.find(([needle]) => ua.includes(needle))?.[1];
  const browser = browserOf(ua);
  const what = browser ? `${browser}${system ? ` on ${system}` : ""}` : ua ? "other client" : "unknown client";
  return ipAddress ? `${what} · ${ipAddress}` : what;
}

function browserOf(ua: string): string | undefined {
  for (const [re, name] of BROWSERS) {
    const match = re.exec(ua);
    if (match) return `${name} ${match[1]}`;
  }
  return undefined;
}
