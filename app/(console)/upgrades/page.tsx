import type { Metadata } from "next";
import Link from "next/link";
import { LaterSectionPage } from "@/components/shell/later-section-page";

export const metadata: Metadata = { title: "Upgrades" };

const link = "text-blue-700 underline";

export default function UpgradesPage() {
  return (
    <LaterSectionPage
      title="Upgrades"
      description="Planned, previewed and checked upgrades of AKS and OpenHands, with backup and rollback."
      needs="Upgrades can be planned once an environment exists."
      meanwhile={
        <p>
          Meanwhile, upgrade AKS in the Azure portal or with <code className="font-mono">az aks upgrade</code>; the{" "}
          <Link className={link} href="/">Overview</Link> shows each resource&apos;s state and versions, and{" "}
          <Link className={link} href="/monitoring">Monitoring</Link> its charts while it upgrades.
        </p>
      }
    />
  );
}
