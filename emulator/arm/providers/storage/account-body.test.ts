import { describe, expect, it } from "vitest";
import { accountEndpoints } from "./account-body";

describe("account endpoints", () => {
  it("are path-style on the service origin, one port per service, dfs on the blob port", () => {
    expect(accountEndpoints("https://127.0.0.1:10000", "stopenhandsprod")).toEqual({
      blob: "https://127.0.0.1:10000/stopenhandsprod/",
      queue: "https://127.0.0.1:10001/stopenhandsprod/",
      table: "https://127.0.0.1:10002/stopenhandsprod/",
      file: "https://127.0.0.1:10003/stopenhandsprod/",
      web: "https://127.0.0.1:10004/stopenhandsprod/",
      dfs: "https://127.0.0.1:10000/stopenhandsprod/",
    });
  });

  it("keep a port-less origin as is", () => {
    expect(accountEndpoints("https://storage.local", "acct").blob).toBe("https://storage.local/acct/");
  });
});
