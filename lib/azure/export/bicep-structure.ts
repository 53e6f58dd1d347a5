/**
 * A parse-level check of a Bicep file (the `bicep` CLI is not available here): brackets balance
 * outside strings and comments (string interpolation `${…}` included), every resource declares a
 * symbolic name, `type@apiVersion`, a name and — unless it is a child with `parent` — a location,
 * and every identifier used as a value (`dependsOn` entries, `parent`, `sym.id`, parameters)
 * points at a declared symbol. Not a full Bicep parser: it covers what `planToBicep` writes.
 */

interface Token {
  kind: "ident" | "string" | "number" | "punct";
  text: string;
  line: number;
  /** Bracket depth before the token (interpolations count as one level). */
  depth: number;
}

const OPEN: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
const KEYWORDS = new Set(["param", "var", "resource", "output", "module", "targetScope", "existing", "if", "for", "in", "true", "false", "null", "string", "int", "bool", "object", "array", "secureString", "secureObject"]);
const TYPE_AT_VERSION = /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9.]*(\/[A-Za-z][A-Za-z0-9]*)+@\d{4}-\d{2}-\d{2}(-preview)?$/;

export interface BicepStructure {
  problems: string[];
  resources: { symbol: string; type: string; apiVersion: string; keys: string[]; dependsOn: string[]; parent: string | null }[];
  params: string[];
  secureParams: string[];
}

function tokenize(src: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  const stack: { close: string; line: number; interp: boolean }[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: Token["kind"], text: string) => tokens.push({ kind, text, line, depth: stack.length });

  // Reads a single-quoted string starting after the opening quote; returns after the closing quote.
  const readString = (): void => {
    let text = "";
    while (i < src.length) {
      const c = src[i]!;
      if (c === "\n") {
        problems.push(`line ${line}: string is not closed before the end of the line`);
        return;
      }
      if (c === "\\") {
        text += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === "'") {
        i++;
        push("string", text);
        return;
      }
      if (c === "$" && src[i + 1] === "{") {
        i += 2;
        stack.push({ close: "}", line, interp: true });
        readCode(true);
        continue;
      }
      text += c;
      i++;
    }
    problems.push(`line ${line}: string is not closed before the end of the file`);
  };

  const readCode = (inInterpolation: boolean): void => {
    while (i < src.length) {
      const c = src[i]!;
      if (c === "\n") {
        line++;
        i++;
      } else if (c === " " || c === "\t" || c === "\r") i++;
      else if (c === "/" && src[i + 1] === "/") while (i < src.length && src[i] !== "\n") i++;
      else if (c === "/" && src[i + 1] === "*") {
        const end = src.indexOf("*/", i + 2);
        const stop = end < 0 ? src.length : end + 2;
        line += (src.slice(i, stop).match(/\n/g) ?? []).length;
        if (end < 0) problems.push(`line ${line}: block comment is not closed`);
        i = stop;
      } else if (c === "'") {
        i++;
        readString();
      } else if (OPEN[c]) {
        push("punct", c);
        stack.push({ close: OPEN[c]!, line, interp: false });
        i++;
      } else if (c === "}" || c === "]" || c === ")") {
        const top = stack.pop();
        if (!top) problems.push(`line ${line}: '${c}' closes nothing`);
        else if (top.close !== c) problems.push(`line ${line}: '${c}' closes the '${top.close}' expected for line ${top.line}`);
        i++;
        if (top?.interp) {
          if (!inInterpolation) problems.push(`line ${line}: interpolation closed outside a string`);
          return;
        }
        push("punct", c);
      } else if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
        push("ident", m);
        i += m.length;
      } else if (/[0-9]/.test(c)) {
        const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))![0];
        push("number", m);
        i += m.length;
      } else {
        push("punct", c);
        i++;
      }
    }
  };

  readCode(false);
  for (const open of stack) problems.push(`line ${open.line}: '${open.close === "}" ? "{" : open.close === "]" ? "[" : "("}' is never closed`);
  return tokens;
}

/** The decorator lines (`@…`) directly above a 1-based line. */
function decoratorsAbove(lines: string[], line: number): string[] {
  const out: string[] = [];
  for (let l = line - 2; l >= 0 && lines[l]!.trim().startsWith("@"); l--) out.push(lines[l]!.trim());
  return out;
}

export function checkBicepStructure(src: string): BicepStructure {
  const problems: string[] = [];
  const lines = src.split("\n");
  const tokens = tokenize(src, problems);
  const params: string[] = [];
  const secureParams: string[] = [];
  const vars: string[] = [];
  const resources: BicepStructure["resources"] = [];
  const declared = new Set<string>();
  const declaredAt = new Set<number>();

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.depth !== 0 || tok.kind !== "ident") continue;
    const next = tokens[t + 1];
    if (tok.text === "param" || tok.text === "var" || tok.text === "output") {
      if (next?.kind !== "ident") problems.push(`line ${tok.line}: ${tok.text} without a name`);
      else {
        declaredAt.add(t + 1);
        if (tok.text !== "output") declared.add(next.text);
        if (tok.text === "param") {
          params.push(next.text);
          if (decoratorsAbove(lines, tok.line).includes("@secure()")) secureParams.push(next.text);
        }
        if (tok.text === "var") vars.push(next.text);
      }
    }
    if (tok.text === "resource") {
      const typeTok = tokens[t + 2];
      if (next?.kind !== "ident") {
        problems.push(`line ${tok.line}: resource without a symbolic name`);
        continue;
      }
      declaredAt.add(t + 1);
      declared.add(next.text);
      if (typeTok?.kind !== "string" || !TYPE_AT_VERSION.test(typeTok.text)) {
        problems.push(`line ${tok.line}: resource ${next.text} needs 'Namespace/type@yyyy-mm-dd', got ${typeTok ? `'${typeTok.text}'` : "nothing"}`);
        continue;
      }
      const [type = "", apiVersion = ""] = typeTok.text.split("@");
      const open = tokens.findIndex((x, k) => k > t + 2 && x.text === "{");
      const keys: string[] = [];
      const dependsOn: string[] = [];
      let parent: string | null = null;
      for (let k = open + 1; k < tokens.length && tokens[k]!.depth > 0; k++) {
        const x = tokens[k]!;
        if (x.depth === 1 && x.kind === "ident" && tokens[k + 1]?.text === ":") {
          keys.push(x.text);
          if (x.text === "parent") parent = tokens[k + 2]?.text ?? null;
          if (x.text === "dependsOn") for (let d = k + 3; d < tokens.length && tokens[d]!.text !== "]"; d++) if (tokens[d]!.kind === "ident") dependsOn.push(tokens[d]!.text);
        }
      }
      resources.push({ symbol: next.text, type, apiVersion, keys, dependsOn, parent });
    }
  }

  for (const r of resources) {
    if (!r.keys.includes("name")) problems.push(`resource ${r.symbol} has no name`);
    const isChild = r.parent !== null;
    if (!isChild && !r.keys.includes("location")) problems.push(`resource ${r.symbol} has no location`);
    if (isChild && !resources.some((p) => p.symbol === r.parent)) problems.push(`resource ${r.symbol}: parent ${r.parent} is not a declared resource`);
    if (isChild && r.parent && !r.type.startsWith(`${resources.find((p) => p.symbol === r.parent)?.type ?? "?"}/`)) problems.push(`resource ${r.symbol}: type ${r.type} is not a child of its parent's type`);
    for (const d of r.dependsOn) if (!resources.some((p) => p.symbol === d)) problems.push(`resource ${r.symbol} depends on ${d}, which is not a declared resource`);
  }
  const symbols = new Set(resources.map((r) => r.symbol));
  if (symbols.size !== resources.length) problems.push("two resources share a symbolic name");

  // Every identifier in value position must be declared.
  for (let t = 0; t < tokens.length; t++) {
    const x = tokens[t]!;
    if (x.kind !== "ident" || declaredAt.has(t) || KEYWORDS.has(x.text)) continue;
    const prev = tokens[t - 1];
    const next = tokens[t + 1];
    if (next?.text === ":" || next?.text === "(" || prev?.text === "." || prev?.text === "@") continue;
    if (!declared.has(x.text)) problems.push(`line ${x.line}: ${x.text} is used but not declared`);
  }
  return { problems, resources, params, secureParams };
}
