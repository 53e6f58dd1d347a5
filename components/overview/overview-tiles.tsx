/**
 * The Overview grid: one <Suspense> per tile, each tile an async server component reading its own
 * source (tile-loaders.ts), so a slow cluster API never holds back the Redis verdict. Each tile
 * links to the page that explains it.
 */
import { Suspense } from "react";
import type { EnvironmentTarget } from "@/lib/environments/target";
import { monitoringHref, type MonitoredResource } from "@/lib/azure/monitor/selection";
import { OverviewTile, TileSkeleton, type TileContent, type TileLink } from "./tile";
import { aksTile, alertsTile, databaseHealthTile, openhandsTile, postgresTile, redisHealthTile, redisTile, sandboxesTile, storageTile } from "./tile-loaders";

interface TileSpec {
  key: string;
  title: string;
  link: TileLink;
  waitsFor: string;
  load: (t: EnvironmentTarget) => Promise<TileContent>;
}

const charts = (env: string, resource: MonitoredResource): string => monitoringHref({ resource, range: "1h", split: "none", env });

export function overviewTiles(target: EnvironmentTarget): TileSpec[] {
  const env = target.environment.name;
  const q = `?env=${encodeURIComponent(env)}`;
  return [
    { key: "openhands", title: "OpenHands", link: { href: `/diagnostics${q}`, label: "Diagnostics" }, waitsFor: "OpenHands' /alive, /health and /ready", load: openhandsTile },
    { key: "sandboxes", title: "Sandboxes", link: { href: `/sandboxes${q}`, label: "Sandboxes" }, waitsFor: "sandbox pods from the cluster", load: sandboxesTile },
    { key: "alerts", title: "Alerts", link: { href: monitoringHref({ resource: "all", range: "1h", split: "none", env }), label: "Monitoring" }, waitsFor: "alert rule states from Azure Monitor", load: alertsTile },
    { key: "aks", title: "AKS cluster", link: { href: charts(env, "aks"), label: "Charts" }, waitsFor: "the cluster from ARM", load: aksTile },
    { key: "postgres", title: "PostgreSQL server", link: { href: charts(env, "postgres"), label: "Charts" }, waitsFor: "the server from ARM", load: postgresTile },
    { key: "database", title: "Database health", link: { href: `/database${q}`, label: "Database" }, waitsFor: "the OpenHands database", load: databaseHealthTile },
    { key: "redis", title: "Redis cache", link: { href: charts(env, "redis"), label: "Charts" }, waitsFor: "the cache from ARM", load: redisTile },
    { key: "redis-health", title: "Redis health", link: { href: `/redis${q}`, label: "Redis" }, waitsFor: "INFO from the cache", load: redisHealthTile },
    { key: "storage", title: "Storage account", link: { href: charts(env, "storage"), label: "Charts" }, waitsFor: "the account from ARM", load: storageTile },
  ];
}

export function OverviewTiles({ target }: { target: EnvironmentTarget }) {
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {overviewTiles(target).map((tile) => (
        <Suspense key={tile.key} fallback={<TileSkeleton title={tile.title} link={tile.link} waitsFor={tile.waitsFor} />}>
          <OverviewTile title={tile.title} link={tile.link} load={() => tile.load(target)} />
        </Suspense>
      ))}
    </div>
  );
}
