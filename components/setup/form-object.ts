/**
 * Turns a wizard form into the nested object its server action validates: dotted names become
 * nesting ("sizing.pools.system.min"), number inputs become numbers, checkboxes booleans, and
 * empty text is left out so optional fields fall back to their defaults. Pure over plain field
 * descriptions, so it is unit-tested without a DOM.
 */
export interface FormField {
  name: string;
  value: string;
  /** "number" | "checkbox" | other input types; `data-type` on the element overrides it. */
  kind: string;
  checked?: boolean;
}

export type FormObject = { [key: string]: FormValue };
type FormValue = string | number | boolean | FormObject;

export function formObject(fields: readonly FormField[]): FormObject {
  const root: FormObject = {};
  for (const f of fields) {
    if (!f.name) continue;
    let value: FormValue | undefined;
    if (f.kind === "checkbox" || f.kind === "boolean") value = Boolean(f.checked);
    else if (f.kind === "radio") value = f.checked ? f.value : undefined;
    else if (f.value.trim() === "") value = undefined;
    else if (f.kind === "number") value = Number(f.value);
    else value = f.value;
    if (value === undefined) continue;
    const path = f.name.split(".");
    let node = root;
    for (const part of path.slice(0, -1)) {
      const child = node[part];
      if (typeof child === "object") node = child;
      else node = node[part] = {};
    }
    node[path[path.length - 1] ?? f.name] = value;
  }
  return root;
}

/** The fields of a real form element (browser side). */
export function fieldsOf(form: HTMLFormElement): FormField[] {
  const out: FormField[] = [];
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (!el.name || el.disabled) continue;
    const kind = el.dataset.type ?? (el instanceof HTMLInputElement ? el.type : "text");
    out.push({ name: el.name, value: el.value, kind, checked: el instanceof HTMLInputElement ? el.checked : undefined });
  }
  return out;
}
