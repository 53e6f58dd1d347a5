import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Setup" };

export default function SetupPage() {
  return (
    <SectionPage
      title="Setup"
      description="Guided first-time setup: subscription and region, sizing, preflight checks, plan review, provisioning and deployment."
      needs="No environment has been created in this console. The setup wizard is not available in this version yet."
    />
  );
}
