"use client";
/**
 * Step 2: a preset (pilot, team, org) fills every value; each stays editable within the bounds the
 * server enforces (lib/azure/sizing.ts). The monthly estimate follows the values as they change,
 * from the dated price table shipped with the console.
 */
import { useMemo, useState } from "react";
import { estimateCost } from "@/lib/azure/provisioning/cost";
import { formatUsd } from "@/lib/display-format";
import type { PoolInput, SizingInput } from "@/lib/azure/provisioning/setup-input";
import { POSTGRES_SKUS, POSTGRES_STORAGE_GB, SIZING_PRESETS, VM_SIZES, presetSizing, sandboxCapacity } from "@/lib/azure/sizing";
import { FieldError, StepFormFooter } from "./fields";
import { useDraftForm, type WizardAction } from "./use-draft-form";

const COST_KEYS = { aks: "aks", postgres: "postgres", redis: "redis", storage: "storage", dnsZone: "dns", alerts: [] };
const POOLS = ["system", "platform", "sandbox"] as const;
const CELL = "w-full rounded border border-zinc-300 px-1.5 py-1 text-sm";
const money = (n: number) => formatUsd(n, "never");

export interface SizingStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  region: string;
  initial: SizingInput | null;
  action: WizardAction<unknown>;
}

export function SizingStep(p: SizingStepProps) {
  const [sizing, setSizing] = useState<SizingInput>(() => p.initial ?? presetSizing("team"));
  const { errors, message, pending, dispatchValue } = useDraftForm(p.action, "/setup?step=identity");
  const estimate = useMemo(() => {
    try {
      return estimateCost(sizing, p.region, COST_KEYS);
    } catch {
      return null; // a value out of bounds: the server names it when saving
    }
  }, [sizing, p.region]);

  function edit(change: (s: SizingInput) => void) {
    setSizing((prev) => {
      const next = structuredClone(prev);
      change(next);
      next.preset = "custom";
      return next;
    });
  }
  const pool = (name: (typeof POOLS)[number], field: keyof PoolInput, value: string) =>
    edit((s) => {
      if (field === "vmSize") s.pools[name].vmSize = value;
      else s.pools[name][field] = Number(value);
    });

  return (
    <form
      aria-label="Sizing"
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        dispatchValue({ draftId: p.draftId, version: p.version, sizing });
      }}
    >
      <fieldset disabled={p.readOnly} className="space-y-5">
        <div role="radiogroup" aria-label="Preset" className="flex flex-wrap gap-2">
          {Object.values(SIZING_PRESETS).map((preset) => (
            <label key={preset.name} className={`cursor-pointer rounded-md border px-3 py-2 text-sm ${sizing.preset === preset.name ? "border-blue-700 bg-blue-50" : "border-zinc-300"}`}>
              <input type="radio" name="preset" className="sr-only" checked={sizing.preset === preset.name} onChange={() => setSizing(presetSizing(preset.name))} />
              <span className="font-medium">{preset.title}</span> — ≈{preset.users} users, {preset.concurrentSandboxes} concurrent sandboxes
            </label>
          ))}
          {sizing.preset === "custom" ? <span className="self-center text-sm text-zinc-500">custom values</span> : null}
        </div>

        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-zinc-500">
              <th>node pool</th>
              <th>VM size</th>
              <th>min nodes</th>
              <th>max nodes</th>
            </tr>
          </thead>
          <tbody>
            {POOLS.map((name) => (
              <tr key={name} className="border-t border-zinc-100 align-top">
                <td className="py-1.5 pr-3 font-medium">{name}</td>
                <td className="py-1.5 pr-3">
                  <select aria-label={`${name} pool VM size`} className={CELL} value={sizing.pools[name].vmSize} onChange={(e) => pool(name, "vmSize", e.target.value)}>
                    {VM_SIZES.map((v) => (
                      <option key={v.name} value={v.name}>
                        {v.name} ({v.vCPUs} vCPU, {v.memoryGiB} GiB)
                      </option>
                    ))}
                  </select>
                  <FieldError name={`sizing.pools.${name}.vmSize`} errors={errors} />
                </td>
                {(["min", "max"] as const).map((f) => (
                  <td key={f} className="py-1.5 pr-3">
                    <input aria-label={`${name} pool ${f} nodes`} type="number" className={CELL} value={sizing.pools[name][f]} onChange={(e) => pool(name, f, e.target.value)} />
                    <FieldError name={`sizing.pools.${name}.${f}`} errors={errors} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-zinc-500">Sandbox pool at its maximum holds about {sandboxCapacity(sizing)} concurrent sandboxes.</p>

        <div className="grid gap-4 sm:grid-cols-4">
          <label className="text-sm">
            PostgreSQL tier
            <select className={CELL} value={sizing.postgres.tier} onChange={(e) => edit((s) => {
              const tier = e.target.value as SizingInput["postgres"]["tier"];
              s.postgres.tier = tier;
              s.postgres.sku = POSTGRES_SKUS[tier][0] ?? s.postgres.sku;
            })}>
              {Object.keys(POSTGRES_SKUS).map((t) => <option key={t}>{t}</option>)}
            </select>
          </label>
          <label className="text-sm">
            PostgreSQL SKU
            <select className={CELL} value={sizing.postgres.sku} onChange={(e) => edit((s) => void (s.postgres.sku = e.target.value))}>
              {POSTGRES_SKUS[sizing.postgres.tier].map((sku) => <option key={sku}>{sku}</option>)}
            </select>
            <FieldError name="sizing.postgres.sku" errors={errors} />
          </label>
          <label className="text-sm">
            Storage (GiB)
            <select className={CELL} value={sizing.postgres.storageGb} onChange={(e) => edit((s) => void (s.postgres.storageGb = Number(e.target.value)))}>
              {POSTGRES_STORAGE_GB.map((gb) => <option key={gb} value={gb}>{gb}</option>)}
            </select>
          </label>
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={sizing.postgres.ha} onChange={(e) => edit((s) => void (s.postgres.ha = e.target.checked))} /> zone-redundant HA
          </label>
          <FieldError name="sizing.postgres.ha" errors={errors} />
          <label className="text-sm">
            Redis SKU
            <select className={CELL} value={sizing.redis.sku} onChange={(e) => edit((s) => void (s.redis.sku = e.target.value as SizingInput["redis"]["sku"]))}>
              {["Basic", "Standard", "Premium"].map((sku) => <option key={sku}>{sku}</option>)}
            </select>
          </label>
          <label className="text-sm">
            Redis capacity
            <input type="number" className={CELL} value={sizing.redis.capacity} onChange={(e) => edit((s) => void (s.redis.capacity = Number(e.target.value)))} />
            <FieldError name="sizing.redis.capacity" errors={errors} />
          </label>
        </div>
      </fieldset>

      <section aria-label="Cost estimate" className="rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm">
        {estimate ? (
          <>
            <p className="font-semibold">
              Estimated {money(estimate.totalMonthly)}/month idle, up to {money(estimate.totalMonthlyAtMax)}/month fully scaled out (estimate, USD)
            </p>
            <p className="mt-1 text-xs text-zinc-600">{estimate.disclaimer}</p>
            <p className="text-xs text-zinc-600">Price table dated {estimate.priceDate}.</p>
          </>
        ) : (
          <p>No estimate for these values: one is out of bounds.</p>
        )}
      </section>
      <StepFormFooter message={message} readOnly={p.readOnly} pending={pending} />
    </form>
  );
}

