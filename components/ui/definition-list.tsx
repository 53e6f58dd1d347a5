import type { ReactNode } from "react";

export function DefinitionList({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="divide-y divide-zinc-100 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="grid grid-cols-[12rem_1fr] gap-3 py-1.5">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="font-mono text-xs break-all text-zinc-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
