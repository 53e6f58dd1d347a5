/**
 * The database page body: the summary verdict with every item's verdict (each a link to its
 * section), then one section per item. Server component; only the actions and refresh are client.
 */
import { Notice } from "@/components/ui/notice";
import type { DatabaseHealthItem, DatabaseHealthReport } from "@/lib/openhands/db-health/types";
import { BlockingSection, ConnectionsSection, LongQueriesSection } from "./activity-sections";
import type { BackendActionProps } from "./backends-table";
import { ItemSection } from "./item-section";
import { ServerSection, TopQueriesSection } from "./server-sections";
import { CacheSection, DeadTuplesSection, SizesSection, WraparoundSection } from "./storage-sections";
import { checksHeadline } from "@/lib/openhands/checks-headline";
import { VerdictBadge } from "@/components/ui/verdict-badge";

export interface HealthViewProps {
  report: DatabaseHealthReport;
  actions: BackendActionProps;
  longQueriesHref: (page: number) => string;
  deadTuplesHref: (page: number) => string;
}

export function DatabaseHealthView({ report, actions, longQueriesHref, deadTuplesHref }: HealthViewProps) {
  return (
    <div className="space-y-4">
      <section aria-label="Database verdict" data-verdict={report.verdict} className="rounded-lg border border-zinc-200 bg-white p-4">
        <div className="flex items-center gap-3">
          <h2 className="text-base font-semibold text-zinc-900">Overall</h2>
          <VerdictBadge verdict={report.verdict} />
          <span className="text-sm text-zinc-600">{report.database ? `database ${report.database}` : "database not reachable"}</span>
        </div>
        <p className="mt-2 text-sm text-zinc-800" data-testid="database-headline">{checksHeadline(report.items)}</p>
        <ul className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {report.items.map((i) => (
            <li key={i.key} className="flex items-center gap-2">
              <VerdictBadge verdict={i.verdict} />
              <a href={`#${i.key}`} className="text-blue-800 hover:underline">
                {i.title}
              </a>
            </li>
          ))}
        </ul>
      </section>
      {report.items.map((item) => (
        <Section key={item.key} item={item} actions={actions} longQueriesHref={longQueriesHref} deadTuplesHref={deadTuplesHref} />
      ))}
    </div>
  );
}

function Section({ item, actions, longQueriesHref, deadTuplesHref }: { item: DatabaseHealthItem } & Omit<HealthViewProps, "report">) {
  switch (item.key) {
    case "connection":
      return (
        <ItemSection item={item}>
          <Notice tone="warning" title="The console cannot query the OpenHands database">
            Check that the server is running, that the console can reach it (private access or a firewall rule for the console&apos;s address), and the administrator login.
          </Notice>
        </ItemSection>
      );
    case "connections":
      return <ConnectionsSection item={item} />;
    case "long-queries":
      return <LongQueriesSection item={item} actions={actions} href={longQueriesHref} />;
    case "blocking":
      return <BlockingSection item={item} actions={actions} />;
    case "cache":
      return <CacheSection item={item} />;
    case "wraparound":
      return <WraparoundSection item={item} />;
    case "dead-tuples":
      return <DeadTuplesSection item={item} href={deadTuplesHref} />;
    case "sizes":
      return <SizesSection item={item} />;
    case "server":
      return <ServerSection item={item} />;
    case "top-queries":
      return <TopQueriesSection item={item} />;
  }
}
