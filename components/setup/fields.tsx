/** Labelled inputs of the wizard; each shows the server's field errors for its dotted name. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { Notice } from "@/components/ui/notice";
import { Button } from "@/components/ui/button";

export type FieldErrors = Record<string, string[]>;

const INPUT = "mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5 text-sm disabled:bg-zinc-50 aria-invalid:border-red-500";

function idOf(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]/g, "-")}`;
}

export function FieldError({ name, errors }: { name: string; errors: FieldErrors }) {
  const list = errors[name];
  if (!list || list.length === 0) return null;
  return (
    <p id={`${idOf(name)}-error`} className="mt-1 text-xs text-red-700">
      {list.join(" ")}
    </p>
  );
}

export function TextField({ label, name, errors, hint, ...props }: { label: string; name: string; errors: FieldErrors; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = idOf(name);
  const invalid = Boolean(errors[name]?.length);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input id={id} name={name} className={INPUT} aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined} {...props} />
      {hint ? <p className="mt-1 text-xs text-zinc-500">{hint}</p> : null}
      <FieldError name={name} errors={errors} />
    </div>
  );
}

export function SelectField({ label, name, errors, options, ...props }: { label: string; name: string; errors: FieldErrors; options: { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = idOf(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <select id={id} name={name} className={INPUT} aria-invalid={Boolean(errors[name]?.length)} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError name={name} errors={errors} />
    </div>
  );
}

/** A write-only secret: never pre-filled; says whether one is stored and that typing replaces it. */
export function SecretField({ label, name, errors, provided, disabled }: { label: string; name: string; errors: FieldErrors; provided: boolean; disabled?: boolean }) {
  return (
    <TextField
      label={label}
      name={name}
      errors={errors}
      type="password"
      autoComplete="new-password"
      disabled={disabled}
      placeholder={provided ? "provided ✓ — re-enter to change" : "required"}
      hint={provided ? "Provided ✓ — stored encrypted, never shown again. Leave empty to keep it, or re-enter to change." : "Write-only: stored encrypted until it goes into a Kubernetes secret at deploy time."}
    />
  );
}

export function FormProblem({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <Notice tone="error" title="Not saved">{message}</Notice>;
}

/** The end of every wizard step's form: the server's refusal, then Save (hidden when read-only). */
export function StepFormFooter({ message, readOnly, pending }: { message: string | undefined; readOnly: boolean; pending: boolean }) {
  return (
    <>
      <FormProblem message={message} />
      {readOnly ? null : (
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save and continue"}
        </Button>
      )}
    </>
  );
}
