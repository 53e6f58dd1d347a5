/**
 * Writes the simulated conversations into the OpenHands database the deployment points at (its
 * DB_* settings), as the app server would: `conversation_metadata` rows created and updated with
 * tokens and cost, and — when the tables exist — `v1_remote_sandbox`, `app_conversation_start_task`
 * and `conversation_cost_events`. Redis gets `ohcnv:{user_id}:{conversation_id}` keys with a TTL
 * while a conversation is live.
 */
import pg from "pg";
import { Redis } from "ioredis";
import { selectOne, type DependencySettings } from "./app-readiness";
import { AGENT_SERVER_IMAGE } from "./sandbox-pod";
import { conversationUsage, type PlannedConversation } from "./workload-plan";

const OPTIONAL_TABLES = ["v1_remote_sandbox", "app_conversation_start_task", "conversation_cost_events"] as const;

function asUuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

export class ConversationStore {
  private readonly pool: pg.Pool;
  private readonly redis: Redis;
  private tables: Set<string> | undefined;

  /** Connects like the app would: for `prefer`, TLS when the server offers it. */
  static async open(s: DependencySettings): Promise<ConversationStore> {
    const mode = s.db.sslMode;
    let tls = !(mode === "disable" || mode === "allow");
    if (mode === "prefer") tls = await selectOne(s.db, true).then(() => true, () => false);
    return new ConversationStore(s, tls);
  }

  private constructor(s: DependencySettings, tls: boolean) {
    const ssl = tls ? { rejectUnauthorized: true } : false;
    this.pool = new pg.Pool({ host: s.db.host, port: s.db.port, user: s.db.user, password: s.db.password, database: s.db.database, ssl, max: 2, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10_000 });
    this.pool.on("error", () => {});
    this.redis = new Redis({ host: s.redis.host, port: s.redis.port, db: s.redis.db, ...(s.redis.password ? { password: s.redis.password } : {}), lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 500, 5000) });
    this.redis.on("error", () => {});
  }

  private async optionalTables(): Promise<Set<string>> {
    if (this.tables) return this.tables;
    const r = await this.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)", [[...OPTIONAL_TABLES, "conversation_metadata"]]);
    const found = new Set(r.rows.map((row) => row.table_name));
    if (!found.has("conversation_metadata")) throw new Error(`table conversation_metadata does not exist in database (OpenHands migrations have not run)`);
    this.tables = found;
    return found;
  }

  /** Rows older than `beforeMs` (back-fill is done once per database). */
  async hasHistoryBefore(beforeMs: number): Promise<boolean> {
    await this.optionalTables();
    const r = await this.pool.query("SELECT 1 FROM conversation_metadata WHERE created_at < $1 LIMIT 1", [new Date(beforeMs)]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Inserts a conversation as it looks after `activeMinutes` simulated minutes, last updated at `updatedMs`. */
  async upsert(c: PlannedConversation, activeMinutes: number, updatedMs: number, status: "WORKING" | "READY" | "ERROR"): Promise<void> {
    const tables = await this.optionalTables();
    const u = conversationUsage(c, activeMinutes);
    const sandboxId = c.conversationId;
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO conversation_metadata (conversation_id, user_id, selected_repository, selected_branch, git_provider, title, created_at, last_updated_at, trigger,
           accumulated_cost, prompt_tokens, completion_tokens, total_tokens, cache_read_tokens, llm_model, conversation_version, sandbox_id, max_budget_per_task)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'gui',$9,$10,$11,$12,$13,$14,'V1',$15,10)
         ON CONFLICT (conversation_id) DO UPDATE SET last_updated_at = EXCLUDED.last_updated_at, accumulated_cost = EXCLUDED.accumulated_cost,
           prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens, total_tokens = EXCLUDED.total_tokens, cache_read_tokens = EXCLUDED.cache_read_tokens`,
        [c.conversationId, c.userId, c.repository, c.repository ? "main" : null, c.repository ? "github" : null, c.title, new Date(c.startAt), new Date(updatedMs), u.cost, u.promptTokens, u.completionTokens, u.totalTokens, u.cacheReadTokens, c.llmModel, sandboxId],
      );
      if (tables.has("v1_remote_sandbox"))
        await client.query("INSERT INTO v1_remote_sandbox (id, created_by_user_id, sandbox_spec_id, created_at) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING", [sandboxId, c.userId, AGENT_SERVER_IMAGE, new Date(c.startAt)]);
      if (tables.has("app_conversation_start_task")) {
        const detail = status === "ERROR" ? "Sandbox failed to start within 120s" : null;
        await client.query(
          `INSERT INTO app_conversation_start_task (id, created_by_user_id, status, detail, app_conversation_id, sandbox_id, agent_server_url, request, created_at, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,'{}',$8,$9) ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail, updated_at = EXCLUDED.updated_at`,
          [asUuid(c.conversationId), c.userId, status, detail, asUuid(c.conversationId), sandboxId, status === "ERROR" ? null : `http://openhands-runtime-${c.conversationId}.openhands-sandboxes:60000`, new Date(c.startAt), new Date(updatedMs)],
        );
      }
      if (tables.has("conversation_cost_events") && u.cost > 0) {
        const prev = await client.query<{ s: number | null }>("SELECT sum(cost_delta) AS s FROM conversation_cost_events WHERE conversation_id = $1", [c.conversationId]);
        const delta = u.cost - Number(prev.rows[0]?.s ?? 0);
        if (delta > 1e-9) await client.query("INSERT INTO conversation_cost_events (conversation_id, cost_delta, occurred_at, llm_model, prompt_tokens, completion_tokens) VALUES ($1,$2,$3,$4,$5,$6)", [c.conversationId, delta, new Date(updatedMs), c.llmModel, u.promptTokens, u.completionTokens]);
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** The live-conversation key OpenHands' clustered conversation manager keeps (refreshed while live). */
  async markLive(c: PlannedConversation, ttlSeconds: number): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
    await this.redis.set(`ohcnv:${c.userId}:${c.conversationId}`, JSON.stringify({ sid: c.conversationId, user_id: c.userId }), "EX", Math.max(1, Math.round(ttlSeconds)));
  }

  async markEnded(c: PlannedConversation): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
    await this.redis.del(`ohcnv:${c.userId}:${c.conversationId}`);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.pool.end().catch(() => {});
  }
}
