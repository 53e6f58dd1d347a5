import type { ReactNode } from "react";

export function Panel({ title, children, className = "" }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-zinc-200 bg-white ${className}`} aria-label={title}>
      {title ? <h2 className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold text-zinc-800">{title}</h2> : null}
      <div className="p-4">{children}</div>
    </section>
  );
}
