import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Monitoring" };

export default function MonitoringPage() {
  return (
    <SectionPage
      title="Monitoring"
      description="Azure Monitor metrics and alerts for the cluster, database, cache and storage."
      needs="Metrics and alerts appear once an environment exists."
    />
  );
}
