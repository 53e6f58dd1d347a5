import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "../stack-identity";
import { AUTO_SUBMIT_SCRIPT, escapeHtml, pageCsp, scriptHash, signInPage, signingOutPage } from "./pages";

const users = DEMO_USERS.map((u, i) => ({ ...u, oid: `00000000-0000-0000-0000-00000000000${i}` }));

describe("local Entra pages", () => {
  it("lists every demo user as a button named after the username, with role or 'no role'", () => {
    const html = signInPage({ users, action: "/t/login/abc", abortAction: "/t/login/abc/abort", clientName: "Console" });
    expect(html).toContain("Local Entra ID — demo users, no passwords");
    for (const u of users) {
      expect(html).toContain(`aria-label="Sign in as ${u.username} (${u.name}, ${u.roles.length ? u.roles.join(", ") : "no role"})"`);
      expect(html).toContain(`name="user" value="${u.key}"`);
    }
    expect(html).toContain(">no role<");
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });

  it("escapes everything it prints", () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    const html = signInPage({ users: [], action: `/x"><script>`, abortAction: "/y", clientName: "<b>evil</b>" });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>evil</b>");
  });

  it("auto-submits the logout form with logout=yes under a hash-pinned CSP", () => {
    const html = signingOutPage(`<form id="op.logoutForm" method="post" action="/t/logout/confirm"><input type="hidden" name="xsrf" value="x"/></form>`);
    expect(html).toContain('<input type="hidden" name="logout" value="yes"/>');
    expect(html).toContain(`<script>${AUTO_SUBMIT_SCRIPT}</script>`);
    expect(pageCsp([scriptHash(AUTO_SUBMIT_SCRIPT)])).toContain(`script-src '${scriptHash(AUTO_SUBMIT_SCRIPT)}'`);
    expect(pageCsp()).toContain("script-src 'none'");
  });
});
