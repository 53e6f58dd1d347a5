/**
 * One Overview tile: an async server component that loads its own evidence, so with one
 * <Suspense> each (overview-tiles.tsx) every tile streams in when it is ready. A tile that fails
 * or takes longer than its deadline shows that in itself, with a reference to the server log.
 */
import type { ReactNode } from "react";
import Link from "next/link";
import { logServerError, newRequestId } from "@/lib/auth/action";
import { isResourceGroupNotFound } from "@/lib/environments/resource-group-presence";
import type { Verdict } from "@/lib/openhands/verdict";
import { VerdictBadge } from "@/components/ui/verdict-badge";

export interface TileContent {
  verdict: Verdict;
  /** The headline: "Succeeded · Running", "12 running", "2 firing". */
  state: string;
  facts?: Array<[label: string, value: string]>;
  /** Lines worth reading: why the verdict is not ok, the firing rules, the items that need care. */
  notes?: string[];
}

export interface TileLink {
  href: string;
  label: string;
}


export const TILE_DEADLINE_MS = 15_000;

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function Frame({ title, link, children, busy }: { title: string; link: TileLink; children: ReactNode; busy?: boolean }) {
  return (
    <section aria-label={title} aria-busy={busy ? "true" : undefined} className="flex flex-col rounded-lg border border-zinc-200 bg-white">
      <header className="flex items-baseline justify-between gap-2 border-b border-zinc-100 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-zinc-800">{title}</h2>
        <Link href={link.href} className="text-xs text-blue-700 hover:underline">{`${link.label} →`}</Link>
      </header>
      <div className="flex-1 px-4 py-3 text-sm">{children}</div>
    </section>
  );
}

export async function OverviewTile({ title, link, load }: { title: string; link: TileLink; load: () => Promise<TileContent> }) {
  let content: TileContent;
  let reference: string | undefined;
  try {
    content = await deadline(load(), TILE_DEADLINE_MS);
  } catch (err) {
    reference = newRequestId();
    logServerError(reference, `overview tile "${title}"`, err);
    const why = err instanceof Error && err.message.startsWith("no answer within")
      ? `No answer within ${TILE_DEADLINE_MS / 1000} s.`
      : isResourceGroupNotFound(err)
        ? "The environment's resource group no longer exists in Azure (ResourceGroupNotFound)."
        : "Reading this tile failed.";
    content = { verdict: "unknown", state: "Could not be read", notes: [why] };
  }
  return (
    <Frame title={title} link={link}>
      <div className="flex items-center gap-2" data-testid="tile-verdict">
        <VerdictBadge verdict={content.verdict} wording="word" />
        <span className="font-medium text-zinc-900">{content.state}</span>
      </div>
      {content.facts?.length ? (
        <dl className="mt-2 space-y-0.5 text-xs">
          {content.facts.map(([label, value]) => (
            <div key={label} className="flex gap-2">
              <dt className="w-28 shrink-0 text-zinc-500">{label}</dt>
              <dd className="break-all text-zinc-800">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {content.notes?.length ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-4 text-xs text-zinc-700">
          {content.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
      {reference ? <p className="mt-2 text-xs text-zinc-500">Reference <code className="font-mono">{reference}</code> in the server log.</p> : null}
    </Frame>
  );
}

export function TileSkeleton({ title, link, waitsFor }: { title: string; link: TileLink; waitsFor: string }) {
  return (
    <Frame title={title} link={link} busy>
      <p className="text-xs text-zinc-500">{`Reading ${waitsFor}…`}</p>
      <div className="mt-2 h-4 w-32 animate-pulse rounded bg-zinc-100" />
      <div className="mt-2 h-3 w-48 animate-pulse rounded bg-zinc-100" />
    </Frame>
  );
}
