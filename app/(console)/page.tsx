import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <SectionPage
      title="Overview"
      description="Health, versions and cost of your OpenHands environments on Azure."
      needs="The overview summarises an environment's health, versions and cost once one has been set up."
    />
  );
}
