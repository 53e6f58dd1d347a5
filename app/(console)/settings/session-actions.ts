/**
 * Settings → Sessions: an admin ends one console session, or every session of one user
 * (permission `session.manage`, Admin only). Definitions take the store's pool so tests run
 * them with `executeAction` against their own database; `actions.ts` binds the console's.
 * The audit row names the user whose session ended, never the session's id or secret.
 */
import type pg from "pg";
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import { endConsoleSession, endUserConsoleSessions } from "@/lib/store/console-sessions";

const userOid = z.string().min(1, "user is required").max(128, "user is too long");

const endOneInput = z.object({ sessionId: z.string().uuid("sessionId must be a session's id"), user: userOid });
const endAllInput = z.object({ user: userOid });

export interface EndedSessions {
  user: string;
  ended: number;
  message: string;
}

export function sessionAdminActions(pool: () => pg.Pool) {
  const endOne: ActionDefinition<typeof endOneInput, EndedSessions> = {
    name: "session.end",
    permission: "session.manage",
    input: endOneInput,
    audit: { action: "session.end", target: (input, result) => `user/${result?.user ?? input.user}` },
    run: async (ctx, input) => {
      const ended = await endConsoleSession(pool(), { id: input.sessionId, userOid: input.user }, ctx.principal.oid, "ended_by_admin", new Date());
      if (!ended) throw new ActionError("not_found", "That session has already ended or does not belong to that user; nothing was changed.");
      const user = ended.username || ended.oid;
      return { user, ended: 1, message: `Ended a session of ${ended.name} (${user}). Their next request shows the sign-in again screen.` };
    },
  };
  const endAll: ActionDefinition<typeof endAllInput, EndedSessions> = {
    name: "session.endAllForUser",
    permission: "session.manage",
    input: endAllInput,
    audit: {
      action: "session.endAllForUser",
      target: (input, result) => `user/${result?.user ?? input.user}`,
      changes: (_input, result): ChangeSet => (result ? { endedSessions: { new: result.ended } } : {}),
    },
    run: async (ctx, input) => {
      const { ended, user } = await endUserConsoleSessions(pool(), input.user, ctx.principal.oid, new Date());
      if (ended === 0) throw new ActionError("not_found", "That user has no open console session; nothing was changed.");
      return { user, ended, message: `Ended ${ended} session${ended === 1 ? "" : "s"} of ${user}.` };
    },
  };
  return { endOne, endAll };
}
