import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Diagnostics" };

export default function DiagnosticsPage() {
  return (
    <SectionPage
      title="Diagnostics"
      description="Checks for the known failure modes of OpenHands on Azure, with remedies."
      needs="Diagnostics run against an environment once one exists."
    />
  );
}
