/**
 * The sign-in interaction: a page listing the demo users (no passwords), the pick, and cancel.
 * Consent never shows: the tenant has admin consent for its apps (see loadExistingGrant).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { Directory } from "./directory";
import { readFormBody } from "./http-body";
import { errorPage, pageCsp, signInPage } from "./pages";

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-security-policy", pageCsp());
  res.end(html);
}

/** Path of the sign-in page for one interaction (its cookie is scoped to this path). */
export function signInPath(tenantId: string, uid: string): string {
  return `/${tenantId}/login/${uid}`;
}

export interface InteractionRoutes {
  /** Handles the request when its path is an interaction path; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

export function interactionRoutes(provider: Provider, directory: Directory): InteractionRoutes {
  const pattern = new RegExp(`^${signInPath(directory.tenantId, "")}([A-Za-z0-9_-]+)(/abort)?$`);

  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const match = pattern.exec(pathname);
    if (!match) return false;
    const uid = match[1] ?? "";
    const abort = match[2] !== undefined;
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, errorPage({ error: "invalid_request", error_description: "This sign-in request has expired or its cookie is missing. Start the sign-in again from the application." }));
      return true;
    }
    if (details.uid !== uid) {
      sendHtml(res, 400, errorPage({ error: "invalid_request", error_description: "This sign-in page belongs to another sign-in request. Start again from the application." }));
      return true;
    }

    if (req.method === "POST" && abort) {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "AADSTS50126: The user canceled the sign-in." }, { mergeWithLastSubmission: false });
      return true;
    }

    if (details.prompt.name === "consent") {
      // Reached only if a grant was not loaded; record consent for what was asked and continue.
      const accountId = details.session?.accountId;
      const clientId = typeof details.params.client_id === "string" ? details.params.client_id : "";
      if (!accountId) {
        sendHtml(res, 400, errorPage({ error: "invalid_request", error_description: "Consent without a signed-in user." }));
        return true;
      }
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const g = grant ?? new provider.Grant({ clientId, accountId });
      if (typeof details.params.scope === "string") g.addOIDCScope(details.params.scope);
      const grantId = await g.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return true;
    }

    if (req.method === "GET") {
      const client = typeof details.params.client_id === "string" ? details.params.client_id : "";
      const clientName = client === directory.spaClientId ? "OpenHands Azure Console" : (directory.appByClientId(client)?.name ?? client);
      sendHtml(res, 200, signInPage({ users: directory.users, action: pathname, abortAction: `${pathname}/abort`, clientName }));
      return true;
    }

    if (req.method === "POST") {
      const form = await readFormBody(req);
      const key = form.get("user") ?? "";
      const user = directory.userByKey(key);
      if (!user) {
        sendHtml(res, 400, errorPage({ error: "invalid_request", error_description: `Unknown demo user "${key}". Pick one of: ${directory.users.map((u) => u.key).join(", ")}.` }));
        return true;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.oid, amr: ["pwd"] } }, { mergeWithLastSubmission: false });
      return true;
    }

    res.statusCode = 405;
    res.setHeader("allow", "GET, POST");
    res.end();
    return true;
  }

  return { handle };
}
