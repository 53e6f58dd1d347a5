/**
 * The database health report: one verdict for the page, then one item per question an admin asks
 * ("are we running out of connections?", "what is blocked?"). Plain JSON (ISO strings, numbers), so
 * the overview tile, the page and the polling route all pass it around as is.
 */
import type { Verdict } from "@/lib/openhands/verdict";

export interface HealthItem<K extends string, D> {
  key: K;
  title: string;
  verdict: Verdict;
  /** One sentence: the number behind the verdict, or why it is unknown ("unknown: timed out after 3 s"). */
  summary: string;
  /** Null when the evidence could not be read. */
  data: D | null;
  /** An optional insight (top queries): when it cannot be read it does not make the page "unknown". */
  optional?: boolean;
}

export interface Page<T> {
  rows: T[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** One session of pg_stat_activity as the page shows it (and as the cancel/terminate dialog names it). */
export interface Backend {
  pid: number;
  /** pg_stat_activity is server-wide: the session may be in another database (keycloak, litellm…). */
  database: string | null;
  user: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  /** Microsecond ISO string: sent back with cancel/terminate so a reused pid is never signalled. */
  backendStart: string;
  queryStart: string | null;
  /** Age of the running statement (active) or of the open transaction (idle in transaction). */
  seconds: number;
  /** Redacted and truncated. */
  query: string | null;
  blockedBy: number[];
}

export interface ConnectionsData {
  maxConnections: number;
  /** superuser_reserved_connections + reserved_connections (PostgreSQL 16+). */
  reserved: number;
  /** What ordinary logins (OpenHands, the console) may open. */
  available: number;
  used: number;
  usedFraction: number;
  byState: { state: string; count: number }[];
  oldestIdleInTransactionSeconds: number | null;
}

export interface LongQueriesData {
  listAfterSeconds: number;
  longestActiveSeconds: number | null;
  page: Page<Backend>;
}

export interface BlockingData {
  /** Each blocked session's chain, root (the session holding the lock) first. */
  chains: { path: number[] }[];
  backends: Backend[];
  longestBlockedSeconds: number | null;
}

export interface CacheData {
  hits: number;
  reads: number;
  ratio: number | null;
  databases: { name: string; hits: number; reads: number; ratio: number | null }[];
}

export interface WraparoundData {
  freezeMaxAge: number;
  databases: { name: string; xidAge: number; mxidAge: number; fractionUsed: number }[];
}

export interface DeadTupleRow {
  schema: string;
  table: string;
  liveTuples: number;
  deadTuples: number;
  deadRatio: number;
  /** Dead tuples / the table's autovacuum trigger point (null when it has none). */
  autovacuumLag: number | null;
  autovacuumTrigger: number;
  autovacuumEnabled: boolean;
  lastAutovacuum: string | null;
  lastVacuum: string | null;
  verdict: Verdict;
}

export interface DeadTuplesData {
  database: string;
  page: Page<DeadTupleRow>;
}

export interface SizesData {
  totalBytes: number;
  storageBytes: number | null;
  usedFraction: number | null;
  databases: { name: string; bytes: number | null }[];
}

/** What ARM says about the flexible server (high availability, backups, replication). */
export interface ServerSnapshot {
  name: string;
  state: string | null;
  version: string | null;
  sku: string | null;
  tier: string | null;
  storageSizeGB: number | null;
  storageAutoGrow: string | null;
  availabilityZone: string | null;
  highAvailability: { mode: string; state: string | null; standbyZone: string | null };
  backup: { retentionDays: number | null; geoRedundant: string | null; earliestRestoreDate: string | null };
  replication: { role: string | null; capacity: number | null };
}

export interface TopQuery {
  queryId: string | null;
  user: string | null;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  query: string | null;
}

export type StatementsUnavailableReason = "not_installed" | "not_allow_listed" | "not_preloaded" | "not_created" | "no_permission";

export type TopQueriesData =
  | { available: true; queries: TopQuery[]; seesAllUsers: boolean }
  | { available: false; reason: StatementsUnavailableReason; why: string; howToEnable: string[] };

export type DatabaseHealthItem =
  | HealthItem<"connection", { message: string }>
  | HealthItem<"connections", ConnectionsData>
  | HealthItem<"long-queries", LongQueriesData>
  | HealthItem<"blocking", BlockingData>
  | HealthItem<"cache", CacheData>
  | HealthItem<"wraparound", WraparoundData>
  | HealthItem<"dead-tuples", DeadTuplesData>
  | HealthItem<"sizes", SizesData>
  | HealthItem<"server", ServerSnapshot>
  | HealthItem<"top-queries", TopQueriesData>;

export type DatabaseHealthKey = DatabaseHealthItem["key"];

export interface DatabaseHealthReport {
  verdict: Verdict;
  /** The database the pool is connected to (OpenHands': `openhands`). */
  database: string | null;
  checkedAt: string;
  tookMs: number;
  items: DatabaseHealthItem[];
}
