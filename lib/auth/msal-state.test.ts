import { describe, expect, it } from "vitest";
import { msalNeededNow } from "./msal-state";

describe("msalNeededNow", () => {
  it("is false on a plain sign-in page load with no MSAL state in the tab", () => {
    expect(msalNeededNow({ hash: "", search: "" }, [])).toBe(false);
    expect(msalNeededNow({ hash: "#section", search: "?tab=1" }, ["theme", "other.msal"])).toBe(false);
  });

  it("is true when the URL carries Entra's answer to a redirect, in the fragment or the query", () => {
    expect(msalNeededNow({ hash: "#code=abc&client_info=x&state=s", search: "" }, [])).toBe(true);
    expect(msalNeededNow({ hash: "", search: "?error=access_denied&state=s" }, [])).toBe(true);
    // A code without MSAL's state is not an answer to this tab's sign-in.
    expect(msalNeededNow({ hash: "#code=abc", search: "" }, [])).toBe(false);
  });

  it("is true when this tab's sessionStorage holds MSAL's cache or interaction state", () => {
    expect(msalNeededNow({ hash: "", search: "" }, ["msal.2|account.keys|client"])).toBe(true);
    expect(msalNeededNow({ hash: "", search: "" }, ["msal.interaction.status"])).toBe(true);
  });
});
