import Form from "next/form";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { ParsedUsageFilters } from "@/lib/openhands/sandboxes/usage-filters";

const input = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-blue-700 focus:outline-none focus:ring-1 focus:ring-blue-700";

/** A GET form: the usage filters land in the URL, the server aggregates the matching rows. */
export function UsageFilterForm({ form, env, models }: { form: ParsedUsageFilters["form"]; env?: string; models: string[] }) {
  return (
    <Form action="/sandboxes" className="mb-4 grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[auto_auto_1fr_1fr_auto]" aria-label="Filter usage">
      {env ? <input type="hidden" name="env" value={env} /> : null}
      <input type="hidden" name="group" value={form.group} />
      <label className="text-xs font-medium text-zinc-700">
        From (UTC day)
        <input name="from" type="date" defaultValue={form.from} className={input} />
      </label>
      <label className="text-xs font-medium text-zinc-700">
        To (UTC day, inclusive)
        <input name="to" type="date" defaultValue={form.to} className={input} />
      </label>
      <label className="text-xs font-medium text-zinc-700">
        User id
        <input name="user" type="search" defaultValue={form.user} placeholder="Keycloak user id" className={input} />
      </label>
      <label className="text-xs font-medium text-zinc-700">
        Model
        <select name="model" defaultValue={form.model} className={input}>
          <option value="">All models</option>
          {[...new Set([...models, ...(form.model ? [form.model] : [])])].map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
        <Link href={env ? `/sandboxes?env=${env}` : "/sandboxes"} className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </Form>
  );
}
