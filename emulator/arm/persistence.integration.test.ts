/**
 * Persistence: resources, registrations and in-flight operations survive a restart of the local
 * Azure; serialized pollers of both SDK generations resume against the same fixed origin.
 * Also runs emulator/server.ts as the launcher does (ready line, health, clean SIGTERM).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restorePoller } from "@azure/arm-containerservice";
import { startArmTestStack, type ArmTestStack } from "./testing/arm-test-stack";

let stack: ArmTestStack;
beforeAll(async () => {
  stack = await startArmTestStack();
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-persist", { location: "westeurope" });
  await stack.clients().resources.providers.register("Microsoft.ContainerService");
  // AKS create takes 960 s on Azure: ~1.9 s at this scale.
  await stack.restartArm({ timeScale: 0.002 });
});
afterAll(async () => {
  await stack.close();
});

describe("restart of the local Azure", () => {
  it("keeps resources and registrations", async () => {
    expect((await stack.clients().resources.resourceGroups.get("rg-persist")).location).toBe("westeurope");
    expect((await stack.clients().resources.providers.get("Microsoft.ContainerService")).registrationState).toBe("Registered");
  });

  it("resumes a TypeSpec poller serialized before the restart, and the LRO completes after it", async () => {
    const aks = stack.clients().containerService;
    const poller = aks.managedClusters.createOrUpdate("rg-persist", "aks-p", { location: "westeurope", dnsPrefix: "aksp", agentPoolProfiles: [{ name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" }] }, { updateIntervalInMs: 20 });
    await poller.submitted();
    const state = await poller.serialize();
    expect(state).toContain(`${stack.arm.endpoint}/subscriptions/`);
    await stack.restartArm({ timeScale: 0.002 });
    const during = await stack.clients().containerService.managedClusters.get("rg-persist", "aks-p");
    expect(during.provisioningState).toBe("Creating");
    const fresh = stack.clients().containerService;
    const resumed = restorePoller(fresh, state, fresh.managedClusters.createOrUpdate, { updateIntervalInMs: 20 });
    const done = await resumed.pollUntilDone();
    expect(done.provisioningState).toBe("Succeeded");
    expect(done.name).toBe("aks-p");
  });

  it("finishes an in-flight LRO after a restart without anyone polling", async () => {
    const rgs = stack.clients().resources.resourceGroups;
    await rgs.createOrUpdate("rg-gone", { location: "westeurope" });
    const poller = await rgs.beginDelete("rg-gone", { updateIntervalInMs: 20 });
    const saved = poller.toString();
    await stack.restartArm({ timeScale: 0.002 });
    await new Promise((r) => setTimeout(r, 600));
    expect((await rgs.checkExistence("rg-gone")).body).toBe(false);
    // The autorest poller resumes from its string and sees the finished operation.
    const resumed = await stack.clients().resources.resourceGroups.beginDelete("rg-gone", { resumeFrom: saved, updateIntervalInMs: 20 });
    await resumed.pollUntilDone();
    expect(resumed.isDone()).toBe(true);
  });
});

describe("emulator/server.ts as a process", () => {
  it("prints the ready line, serves health, persists and exits cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-proc-"));
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "emulator/server.ts"], {
        env: { ...process.env, LOCAL_STACK_DIR: dataDir, ARM_PORT: "28444", ENTRA_PORT: "29444", LOCAL_AZURE_TIME_SCALE: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 30_000;
      while (!out.includes("local Azure ready at") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain("local Azure ready at https://127.0.0.1:28444");
      const health = await fetch("https://127.0.0.1:28444/_emulator/health");
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", timeScale: 0 });
      const unauth = await fetch("https://127.0.0.1:28444/subscriptions?api-version=2022-12-01");
      expect(unauth.status).toBe(401);
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const statePath = path.join(dataDir, "azure", "arm-state.json");
      expect(existsSync(statePath)).toBe(true);
      expect(JSON.parse(readFileSync(statePath, "utf8"))).toMatchObject({ version: 1 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses bad configuration with a clear message", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "emulator/server.ts"], {
      env: { ...process.env, ARM_PORT: "http", LOCAL_AZURE_TIME_SCALE: "-2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/ARM_PORT: must be a port number/);
    expect(err).toMatch(/LOCAL_AZURE_TIME_SCALE: must be ≥ 0/);
  });
});
