/**
 * Rendering JSON values as Bicep literals, with expressions (`Expr`) for references to other
 * resources, parameters and interpolated ids. Strings are single-quoted with Bicep's escapes.
 */

/** A Bicep expression written as is (a symbol reference, a parameter, an interpolated string). */
export class Expr {
  constructor(readonly text: string) {}
}

export type BicepValue = null | boolean | number | string | Expr | BicepValue[] | { [k: string]: BicepValue };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function bicepString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t").replace(/\$\{/g, "\\${")}'`;
}

/** An interpolated string: literal parts and expressions, e.g. ['', vnet.id, '/subnets/app']. */
export function interpolate(parts: (string | Expr)[]): Expr {
  let out = "'";
  for (const p of parts) out += p instanceof Expr ? `\${${p.text}}` : bicepString(p).slice(1, -1);
  return new Expr(`${out}'`);
}

export function bicepKey(k: string): string {
  return IDENT.test(k) ? k : bicepString(k);
}

export function renderValue(v: BicepValue, indent: string): string {
  if (v instanceof Expr) return v.text;
  if (v === null) return "null";
  if (typeof v === "string") return bicepString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => `${inner}${renderValue(x, inner)}`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${inner}${bicepKey(k)}: ${renderValue(x, inner)}`).join("\n")}\n${indent}}`;
}
