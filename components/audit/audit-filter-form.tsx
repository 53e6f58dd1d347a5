import Form from "next/form";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { UtcTimeInput } from "@/components/ui/utc-time-input";
import type { ParsedAuditFilters } from "./audit-filters";

const input = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-blue-700 focus:outline-none focus:ring-1 focus:ring-blue-700";

/** A GET form: filters land in the URL, the server renders the matching page. */
export function AuditFilterForm({ form, actions }: { form: ParsedAuditFilters["form"]; actions: string[] }) {
  return (
    <Form action="/audit" className="mb-4 grid grid-cols-1 items-end gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto]" aria-label="Filter audit events">
      <label className="text-xs font-medium text-zinc-700">
        Actor
        <input name="actor" type="search" defaultValue={form.actor} placeholder="Name or object id" className={input} />
      </label>
      <label className="text-xs font-medium text-zinc-700">
        Action
        <select name="action" defaultValue={form.action} className={input}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-zinc-700">
        From (UTC)
        <UtcTimeInput name="from" defaultValue={form.from} className={input} />
      </label>
      <label className="text-xs font-medium text-zinc-700">
        To (UTC)
        <UtcTimeInput name="to" defaultValue={form.to} className={input} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        <Link href="/audit" className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </Form>
  );
}
