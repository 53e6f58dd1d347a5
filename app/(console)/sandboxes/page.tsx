import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Sandboxes" };

export default function SandboxesPage() {
  return (
    <SectionPage
      title="Sandboxes"
      description="Agent runtimes (sandboxes) on the cluster: usage, age and cost."
      needs="Sandboxes appear once OpenHands runs on an environment's cluster."
    />
  );
}
