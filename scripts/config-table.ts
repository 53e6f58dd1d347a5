/** Prints the README's configuration table from the descriptions in lib/config.ts. */
import { configSchema } from "../lib/config";

const rows = Object.entries(configSchema.shape).map(([key, schema]) => {
  const optional = schema.safeParse(undefined).success;
  const fallback = schema.safeParse(undefined);
  const def = fallback.success && fallback.data !== undefined ? `\`${String(fallback.data)}\`` : optional ? "—" : "**required**";
  return `| \`${key}\` | ${def} | ${schema.description ?? ""} |`;
});
console.log(["| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n"));
