import { config } from "@/lib/config";
import { storeAuditWriter } from "@/lib/auth/audit";
import { endSession, startSession } from "@/lib/auth/session-route";

export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return startSession(req, { audit: storeAuditWriter(), consoleUrl: config().CONSOLE_URL });
}

export function DELETE(req: Request): Promise<Response> {
  return endSession(req, { audit: storeAuditWriter(), consoleUrl: config().CONSOLE_URL });
}
