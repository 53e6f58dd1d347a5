import Link from "next/link";
import type { ConversationUsageRow, UsageGroupRow, UsagePage } from "@/lib/openhands/sandboxes/usage";
import { USAGE_GROUPS, type UsageGroup } from "@/lib/openhands/sandboxes/usage-filters";
import { formatCount, formatUsd } from "./format";
import { Pager, sandboxesHref } from "./page-links";
import { Table, num, td } from "@/components/ui/table";
import { formatUtc } from "@/lib/display-format";

const GROUP_LABEL: Record<UsageGroup, string> = { user: "Per user", model: "Per model", day: "Per day", conversation: "Conversations" };

export function UsageGroupTabs({ group, params }: { group: UsageGroup; params: Record<string, string | undefined> }) {
  return (
    <nav aria-label="Group usage by" className="mb-2 flex gap-3 text-sm">
      {USAGE_GROUPS.map((g) => (
        <Link key={g} href={sandboxesHref(params, { group: g, page: undefined })} aria-current={g === group ? "page" : undefined} className={g === group ? "font-semibold text-zinc-900" : "text-blue-700"}>
          {GROUP_LABEL[g]}
        </Link>
      ))}
    </nav>
  );
}

function pager(p: UsagePage<unknown>, params: Record<string, string | undefined>, noun: string) {
  return { label: "Usage pages", params, param: "page", page: p.page, pages: Math.max(1, Math.ceil(p.total / p.pageSize)), total: p.total, noun };
}

export function UsageGroupTable({ group, page, params }: { group: Exclude<UsageGroup, "conversation">; page: UsagePage<UsageGroupRow>; params: Record<string, string | undefined> }) {
  const first = group === "user" ? "User" : group === "model" ? "Model" : "Day";
  return (
    <>
      <Table label={`Usage ${GROUP_LABEL[group].toLowerCase()}`} head={[first, "Conversations", ...(group === "model" ? ["Users"] : []), "Cost", "Prompt tokens", "Completion tokens", "Total tokens", "Last activity"]}>
        {page.rows.map((r) => (
          <tr key={r.key}>
            <td className={`${td} font-mono text-xs`}>{r.key}</td>
            <td className={num}>{formatCount(r.conversations)}</td>
            {group === "model" ? <td className={num}>{formatCount(r.users)}</td> : null}
            <td className={num}>{formatUsd(r.cost)}</td>
            <td className={num}>{formatCount(r.promptTokens)}</td>
            <td className={num}>{formatCount(r.completionTokens)}</td>
            <td className={num}>{formatCount(r.totalTokens)}</td>
            <td className={td}>{r.lastActivityAt ? formatUtc(r.lastActivityAt) : "—"}</td>
          </tr>
        ))}
      </Table>
      <Pager {...pager(page, params, group === "user" ? "users" : group === "model" ? "models" : "days")} />
    </>
  );
}

export function ConversationTable({ page, params }: { page: UsagePage<ConversationUsageRow>; params: Record<string, string | undefined> }) {
  return (
    <>
      <Table label="Conversations" head={["Started (UTC)", "Conversation", "User", "Model", "Title", "Cost", "Total tokens"]}>
        {page.rows.map((r) => (
          <tr key={r.conversationId}>
            <td className={td}>{formatUtc(r.createdAt)}</td>
            <td className={`${td} font-mono text-xs`}>{r.conversationId}</td>
            <td className={`${td} font-mono text-xs`}>{r.userId}</td>
            <td className={td}>{r.model ?? "—"}</td>
            <td className={td}>{r.title ?? "—"}</td>
            <td className={num}>{formatUsd(r.cost)}</td>
            <td className={num}>{formatCount(r.totalTokens)}</td>
          </tr>
        ))}
      </Table>
      <Pager {...pager(page, params, "conversations")} />
    </>
  );
}
