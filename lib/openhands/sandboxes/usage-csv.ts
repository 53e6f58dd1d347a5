/**
 * The usage export as a stream of CSV text: grouped views (user, model, day) in one query,
 * conversations in keyset batches, so a million-row export never sits in memory.
 */
import { csvLine } from "./csv";
import type { Queryable } from "./conversations";
import { allUsageGroups, conversationBatches, type UsageGroupRow } from "./usage";
import type { UsageFilters } from "./usage-filters";

const GROUP_HEADER = { user: "user_id", model: "llm_model", day: "day" } as const;

/** Distinct users are counted per model only (a per-user row is one user; per day would cost a sort of every row). */
function groupLine(r: UsageGroupRow, withUsers: boolean): string {
  return csvLine([r.key, r.conversations, ...(withUsers ? [r.users] : []), r.cost.toFixed(6), r.promptTokens, r.completionTokens, r.totalTokens, r.lastActivityAt]);
}

export async function* usageCsvLines(db: Queryable, f: UsageFilters): AsyncGenerator<string> {
  if (f.group === "conversation") {
    yield csvLine(["conversation_id", "user_id", "llm_model", "title", "created_at", "last_updated_at", "accumulated_cost", "prompt_tokens", "completion_tokens", "total_tokens"]);
    for await (const rows of conversationBatches(db, f)) {
      yield rows.map((r) => csvLine([r.conversationId, r.userId, r.model, r.title, r.createdAt, r.lastUpdatedAt, r.cost.toFixed(6), r.promptTokens, r.completionTokens, r.totalTokens])).join("");
    }
    return;
  }
  const withUsers = f.group === "model";
  yield csvLine([GROUP_HEADER[f.group], "conversations", ...(withUsers ? ["users"] : []), "accumulated_cost", "prompt_tokens", "completion_tokens", "total_tokens", "last_activity_at"]);
  const rows = await allUsageGroups(db, f, f.group);
  for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000).map((r) => groupLine(r, withUsers)).join("");
}

/** A web stream for a Response body; pulls the next chunk only when the client reads. */
export function usageCsvStream(db: Queryable, f: UsageFilters, onError: (err: unknown) => void): ReadableStream<Uint8Array> {
  const lines = usageCsvLines(db, f);
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(enc.encode(next.value));
      } catch (err) {
        onError(err);
        controller.error(new Error("The export stopped: the OpenHands database did not answer."));
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

export function usageCsvFilename(environment: string, f: UsageFilters): string {
  const to = new Date(f.to.getTime() - 86_400_000).toISOString().slice(0, 10);
  return `openhands-usage-${environment}-${f.group}-${f.from.toISOString().slice(0, 10)}-to-${to}.csv`;
}
