"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { switchEnvironmentHref } from "./nav-items";

export interface EnvironmentChoice {
  name: string;
  status: string;
}

/**
 * The environment the per-environment pages show. With no `?env=` the pages show the newest
 * environment, which is the first choice (the list comes newest first).
 */
export function EnvironmentPicker({ environments }: { environments: EnvironmentChoice[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const requested = useSearchParams().get("env");
  if (environments.length === 0) return null;
  // An unknown ?env= is reported by the page itself; the picker then offers the real ones.
  const known = environments.some((e) => e.name === requested);
  const current = known ? requested! : requested ? "" : environments[0]!.name;
  return (
    <label className="flex items-center gap-2 text-sm text-zinc-600">
      Environment
      <select
        aria-label="Environment"
        value={current}
        onChange={(e) => router.push(switchEnvironmentHref(pathname, e.target.value))}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm font-medium text-zinc-900"
      >
        {current === "" ? <option value="" disabled>Choose…</option> : null}
        {environments.map((e) => (
          <option key={e.name} value={e.name}>
            {e.status === "ready" ? e.name : `${e.name} (${e.status})`}
          </option>
        ))}
      </select>
    </label>
  );
}
