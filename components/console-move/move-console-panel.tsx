"use client";
/**
 * Settings panel "Move the console into this environment" (Admin): pick an environment, read what
 * will be created (identity, federated credential, role table, database) and installed on the
 * environment's AKS cluster (the console's objects, its rollout), confirm, then the operation page
 * shows the live progress.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/auth/action";

export interface MoveTarget {
  id: string;
  name: string;
  resourceGroup: string;
  /** What will be created, one line each. */
  creates: string[];
}

export interface RoleLine {
  role: string;
  scope: string;
  why: string;
}

export function MoveConsolePanel({ targets, roles, action }: { targets: MoveTarget[]; roles: RoleLine[]; action: (raw: unknown) => Promise<ActionResult<{ operationId: string }>> }) {
  const router = useRouter();
  const [chosen, setChosen] = useState(targets[0]?.id ?? "");
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const target = targets.find((t) => t.id === chosen);
  if (targets.length === 0) return <p className="text-sm text-zinc-600">No environment is set up yet: run setup first, then move the console into it.</p>;
  return (
    <div className="space-y-3 text-sm">
      <label className="block">
        <span className="mb-1 block text-xs font-semibold text-zinc-600">Environment</span>
        <select className="rounded border border-zinc-300 px-2 py-1" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>{t.name} ({t.resourceGroup})</option>
          ))}
        </select>
      </label>
      <Button variant="secondary" aria-label={`Move the console into ${target?.name ?? "this environment"}…`} onClick={() => (setError(undefined), setConfirming(true))}>
        Move the console into this environment…
      </Button>
      {confirming && target ? (
        <ConfirmDialog
          title={`Move the console into ${target.name}?`}
          confirmLabel="Confirm and start"
          busyLabel="Starting…"
          pending={pending}
          error={error}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            start(async () => {
              const r = await action({ environmentId: target.id });
              if (!r.ok) return setError(r.error.message);
              router.push(`/operations/${r.data.operationId}`);
            })
          }
        >
          <p className="font-semibold">This creates in {target.resourceGroup} and installs on its AKS cluster:</p>
          <ul className="list-disc pl-5">{target.creates.map((c) => <li key={c}>{c}</li>)}</ul>
          <table className="w-full text-left text-xs">
            <thead><tr><th>Role</th><th>Scope</th><th>Why</th></tr></thead>
            <tbody>{roles.map((r) => <tr key={r.role}><td className="pr-2 align-top font-medium">{r.role}</td><td className="pr-2 align-top">{r.scope}</td><td>{r.why}</td></tr>)}</tbody>
          </table>
          <p className="text-xs text-zinc-600">The identity running this console must be allowed to write role assignments on these scopes (Owner, User Access Administrator or Role Based Access Control Administrator).</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
