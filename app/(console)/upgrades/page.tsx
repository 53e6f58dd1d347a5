import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Upgrades" };

export default function UpgradesPage() {
  return (
    <SectionPage
      title="Upgrades"
      description="Planned, previewed and checked upgrades of AKS and OpenHands, with backup and rollback."
      needs="Upgrades can be planned once an environment exists."
    />
  );
}
