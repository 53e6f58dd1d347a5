import { describe, expect, it } from "vitest";
import { ArmError } from "../../core/errors";
import { checkControlPlaneChange, checkPoolVersion, defaultVersion, kubernetesVersionsBody, resolveVersion, upgradesFrom } from "./versions";

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof ArmError ? err.code : "not-an-arm-error";
  }
}

describe("AKS version rules", () => {
  it("resolves a minor to its latest patch, capped for pools", () => {
    expect(resolveVersion("1.33", "cluster")).toBe("1.33.5");
    expect(resolveVersion("1.33", "pool", "1.33.3")).toBe("1.33.3");
    expect(resolveVersion("1.34.1", "cluster")).toBe("1.34.1");
    expect(defaultVersion()).toBe("1.34.2");
  });

  it("refuses unknown versions with AKS's codes", () => {
    expect(codeOf(() => resolveVersion("1.20.1", "cluster"))).toBe("K8sVersionNotSupported");
    expect(codeOf(() => resolveVersion("banana", "pool"))).toBe("AgentPoolK8sVersionNotSupported");
  });

  it("offers only the next minor and later patches as upgrades", () => {
    expect(upgradesFrom("1.32.7")).toEqual(["1.32.9", "1.33.3", "1.33.5"]);
    expect(upgradesFrom("1.33.5", "1.33.5")).toEqual([]);
  });

  it("refuses minor skipping and downgrades", () => {
    expect(codeOf(() => checkControlPlaneChange("1.32.9", "1.34.1"))).toBe("OperationNotAllowed");
    expect(codeOf(() => checkControlPlaneChange("1.33.5", "1.33.3"))).toBe("OperationNotAllowed");
    expect(codeOf(() => checkControlPlaneChange("1.33.5", "1.34.1"))).toBeUndefined();
  });

  it("refuses a pool ahead of its control plane", () => {
    expect(codeOf(() => checkPoolVersion("1.33.5", "1.34.1"))).toBe("NodePoolMcVersionIncompatible");
    expect(codeOf(() => checkPoolVersion("1.34.1", "1.34.1", "1.32.9"))).toBe("OperationNotAllowed");
    expect(codeOf(() => checkPoolVersion("1.34.1", "1.33.5", "1.32.9"))).toBeUndefined();
  });

  it("lists versions in the KubernetesVersions_List shape", () => {
    const body = kubernetesVersionsBody();
    expect(body.values).toHaveLength(4);
    expect(body.values[2]).toMatchObject({ version: "1.34", isDefault: true, patchVersions: { "1.34.1": { upgrades: ["1.34.2", "1.35.0"] } } });
  });
});
