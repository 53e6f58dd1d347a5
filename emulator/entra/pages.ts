/**
 * Server-rendered pages of the local Entra: the demo-user picker, sign-out and errors.
 * Plain HTML with inline CSS, no external assets; every dynamic value is escaped.
 */
import { createHash } from "node:crypto";
import type { DirectoryUser } from "./directory";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

const STYLE = `
body{margin:0;font-family:"Segoe UI",system-ui,-apple-system,sans-serif;background:#f2f2f2;color:#1b1b1b}
main{max-width:440px;margin:48px auto;background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:44px}
.brand{font-weight:600;color:#737373;letter-spacing:.02em;margin-bottom:16px}
h1{font-size:24px;font-weight:600;margin:0 0 8px}
p{margin:0 0 16px;line-height:1.4}
.note{font-size:13px;color:#505050;background:#f3f6fb;border-left:3px solid #0067b8;padding:8px 10px}
form{margin:0}
.users{list-style:none;padding:0;margin:0}
.users li{margin:0 0 8px}
button.user{width:100%;text-align:left;border:1px solid #c8c8c8;background:#fff;padding:10px 12px;cursor:pointer;font:inherit}
button.user:hover,button.user:focus{background:#f3f6fb;border-color:#0067b8;outline:none}
.who{display:block;font-weight:600}
.mail{display:block;font-size:13px;color:#505050}
.role{display:inline-block;margin-top:4px;font-size:12px;padding:1px 6px;border-radius:2px;background:#e5f1fb;color:#004e8c}
.role.none{background:#f3f2f1;color:#605e5c}
.secondary{background:none;border:none;color:#0067b8;padding:0;cursor:pointer;font:inherit;text-decoration:underline}
pre{white-space:pre-wrap;word-break:break-word;font-size:13px;background:#f7f7f7;padding:8px}
`;

/** CSP for our pages: no scripts unless their hash is listed, no external loads. */
export function pageCsp(scriptHashes: string[] = []): string {
  const scripts = scriptHashes.length > 0 ? scriptHashes.map((h) => `'${h}'`).join(" ") : "'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; script-src ${scripts}; img-src data:; base-uri 'none'; frame-ancestors 'none'`;
}

export function scriptHash(script: string): string {
  return `sha256-${createHash("sha256").update(script).digest("base64")}`;
}

function layout(title: string, body: string, script?: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="brand">Microsoft Entra ID (local)</div>${body}</main>${script === undefined ? "" : `<script>${script}</script>`}</body></html>`;
}

export function signInPage(opts: { users: DirectoryUser[]; action: string; abortAction: string; clientName: string }): string {
  const items = opts.users
    .map((u) => {
      const role = u.roles.length > 0 ? u.roles.join(", ") : "no role";
      const label = `Sign in as ${u.username} (${u.name}, ${role})`;
      return `<li><button class="user" type="submit" name="user" value="${escapeHtml(u.key)}" aria-label="${escapeHtml(label)}">
<span class="who">${escapeHtml(u.name)}</span><span class="mail">${escapeHtml(u.username)}</span>
<span class="role${u.roles.length > 0 ? "" : " none"}">${escapeHtml(role)}</span></button></li>`;
    })
    .join("\n");
  return layout(
    "Sign in to your account",
    `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(opts.clientName)}</p>
<p class="note">Local Entra ID — demo users, no passwords</p>
<form method="post" action="${escapeHtml(opts.action)}"><ul class="users">${items}</ul></form>
<form method="post" action="${escapeHtml(opts.abortAction)}"><button class="secondary" type="submit">Cancel sign-in</button></form>`,
  );
}

/** Submits oidc-provider's logout form at once: Entra signs out without a confirmation click. */
export const AUTO_SUBMIT_SCRIPT = "document.forms[0].submit();";

export function signingOutPage(formHtml: string): string {
  // Append logout=yes so the whole session ends (Entra signs the user out of every app).
  const form = formHtml.replace("</form>", `<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Sign out</button></noscript></form>`);
  return layout("Signing out", `<h1>Signing you out…</h1>${form}`, AUTO_SUBMIT_SCRIPT);
}

export function signedOutPage(): string {
  return layout("Signed out", `<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>`);
}

export function errorPage(fields: Record<string, string>): string {
  const rows = Object.entries(fields)
    .map(([k, v]) => `<pre><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</pre>`)
    .join("");
  return layout("Sign-in error", `<h1>Sorry, but we're having trouble signing you in.</h1>${rows}`);
}
