/**
 * The metrics API `$filter` on dimensions: `node eq '*'`, `nodepool eq 'sandbox'`,
 * `ApiName sw 'Get'`, `A ne 'x'`, combined with `and` / `or` and parentheses. Every dimension
 * named with `eq` or `sw` splits the answer into one time series per value (as Azure does);
 * `eq '*'` matches every value.
 */
import { MetricsQueryError } from "./timegrain";

export type DimensionFilter =
  | { kind: "or"; items: DimensionFilter[] }
  | { kind: "and"; items: DimensionFilter[] }
  | { kind: "cmp"; dimension: string; op: "eq" | "ne" | "sw"; value: string };

type Token = { t: "word"; v: string } | { t: "str"; v: string } | { t: "(" } | { t: ")" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ t: c });
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new MetricsQueryError(`Invalid $filter: unterminated string in '${text}'.`);
        if (text[i] === "'" && text[i + 1] === "'") {
          v += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          v += text[i]!;
          i++;
        }
      }
      tokens.push({ t: "str", v });
    } else {
      const m = /^[A-Za-z0-9_./-]+/.exec(text.slice(i));
      if (!m) throw new MetricsQueryError(`Invalid $filter: unexpected '${c}' in '${text}'.`);
      tokens.push({ t: "word", v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

export function parseDimensionFilter(text: string): DimensionFilter {
  const tokens = tokenize(text);
  let pos = 0;
  const bad = (why: string) => new MetricsQueryError(`Invalid $filter '${text}': ${why}.`);
  const isWord = (tok: Token | undefined, w: string) => tok?.t === "word" && tok.v.toLowerCase() === w;

  function primary(): DimensionFilter {
    const tok = tokens[pos];
    if (tok?.t === "(") {
      pos++;
      const inner = orExpr();
      if (tokens[pos]?.t !== ")") throw bad("missing ')'");
      pos++;
      return inner;
    }
    if (tok?.t !== "word") throw bad("expected a dimension name");
    const opTok = tokens[pos + 1];
    const valTok = tokens[pos + 2];
    const op = opTok?.t === "word" ? opTok.v.toLowerCase() : "";
    if (op !== "eq" && op !== "ne" && op !== "sw") throw bad(`expected eq, ne or sw after '${tok.v}'`);
    if (valTok?.t !== "str") throw bad(`expected a quoted value after '${tok.v} ${op}'`);
    pos += 3;
    return { kind: "cmp", dimension: tok.v, op, value: valTok.v };
  }
  function andExpr(): DimensionFilter {
    const items = [primary()];
    while (isWord(tokens[pos], "and")) {
      pos++;
      items.push(primary());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }
  function orExpr(): DimensionFilter {
    const items = [andExpr()];
    while (isWord(tokens[pos], "or")) {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  if (tokens.length === 0) throw bad("empty filter");
  const result = orExpr();
  if (pos !== tokens.length) throw bad("unexpected text after the expression");
  return result;
}

/** Dimension names the filter mentions, lower-cased, with whether they split the answer. */
export function filterDimensions(filter: DimensionFilter): Map<string, { name: string; splits: boolean }> {
  const out = new Map<string, { name: string; splits: boolean }>();
  const walk = (f: DimensionFilter) => {
    if (f.kind === "cmp") {
      const key = f.dimension.toLowerCase();
      const prev = out.get(key);
      out.set(key, { name: prev?.name ?? f.dimension, splits: (prev?.splits ?? false) || f.op !== "ne" });
    } else f.items.forEach(walk);
  };
  walk(filter);
  return out;
}

/** Remove comparisons on dimensions for which `keep` is false (ValidateDimensions=false ignores unknown ones). */
export function pruneFilter(filter: DimensionFilter, keep: (dimension: string) => boolean): DimensionFilter | undefined {
  if (filter.kind === "cmp") return keep(filter.dimension) ? filter : undefined;
  const items = filter.items.map((f) => pruneFilter(f, keep)).filter((f): f is DimensionFilter => f !== undefined);
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0]! : { kind: filter.kind, items };
}

/** Does a series with these dimension values pass the filter? Names and values compare case-insensitively. */
export function matchesFilter(filter: DimensionFilter, dimensions: Record<string, string>): boolean {
  switch (filter.kind) {
    case "or":
      return filter.items.some((f) => matchesFilter(f, dimensions));
    case "and":
      return filter.items.every((f) => matchesFilter(f, dimensions));
    case "cmp": {
      const key = Object.keys(dimensions).find((k) => k.toLowerCase() === filter.dimension.toLowerCase());
      const actual = key === undefined ? undefined : dimensions[key]!.toLowerCase();
      const wanted = filter.value.toLowerCase();
      if (filter.op === "eq") return actual !== undefined && (wanted === "*" || actual === wanted);
      if (filter.op === "sw") return actual !== undefined && actual.startsWith(wanted);
      return actual === undefined || actual !== wanted;
    }
  }
}
