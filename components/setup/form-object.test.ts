import { describe, expect, it } from "vitest";
import { formObject } from "./form-object";

describe("formObject", () => {
  it("nests dotted names and types numbers and checkboxes", () => {
    expect(
      formObject([
        { name: "draftId", value: "d1", kind: "hidden" },
        { name: "version", value: "3", kind: "number" },
        { name: "sizing.pools.system.min", value: "2", kind: "number" },
        { name: "sizing.pools.system.vmSize", value: "Standard_D2ds_v5", kind: "text" },
        { name: "sizing.postgres.ha", value: "on", kind: "checkbox", checked: false },
      ]),
    ).toEqual({ draftId: "d1", version: 3, sizing: { pools: { system: { min: 2, vmSize: "Standard_D2ds_v5" } }, postgres: { ha: false } } });
  });

  it("leaves out empty text and unchecked radios, keeps the checked radio", () => {
    expect(
      formObject([
        { name: "environment.names.storageAccount", value: " ", kind: "text" },
        { name: "openhands.tls.mode", value: "none", kind: "radio", checked: false },
        { name: "openhands.tls.mode", value: "cert-manager", kind: "radio", checked: true },
        { name: "secrets.llmApiKey", value: "", kind: "password" },
      ]),
    ).toEqual({ openhands: { tls: { mode: "cert-manager" } } });
  });

  it("keeps a non-numeric number input as NaN so the server refuses it", () => {
    expect(Number.isNaN((formObject([{ name: "n", value: "abc", kind: "number" }]) as { n: number }).n)).toBe(true);
  });
});
