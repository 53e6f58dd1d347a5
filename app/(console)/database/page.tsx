import type { Metadata } from "next";
import { SectionPage } from "@/components/shell/section-page";

export const metadata: Metadata = { title: "Database" };

export default function DatabasePage() {
  return (
    <SectionPage
      title="Database"
      description="Health of the PostgreSQL flexible server and the OpenHands databases: connections, long queries, size."
      needs="Database health appears once an environment's PostgreSQL server exists."
    />
  );
}
