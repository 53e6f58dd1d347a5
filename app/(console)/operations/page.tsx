import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Operations" };

export default function OperationsPage() {
  return (
    <SectionPage
      title="Operations"
      description="Long-running work (provisioning, deployments, upgrades, repairs) with each step's progress."
      needs="Operations appear here when setup, an upgrade or a repair runs against an environment."
    />
  );
}
