import type { Metadata } from "next";
import Link from "next/link";
import { LaterSectionPage } from "@/components/shell/later-section-page";

export const metadata: Metadata = { title: "Diagnostics" };

const link = "text-blue-700 underline";

export default function DiagnosticsPage() {
  return (
    <LaterSectionPage
      title="Diagnostics"
      description="Checks for the known failure modes of OpenHands on Azure, with remedies."
      needs="Diagnostics run against an environment once one exists."
      meanwhile={
        <p>
          Meanwhile: the <Link className={link} href="/">Overview</Link>&apos;s OpenHands tile probes /alive, /health and /ready through the public host name; the{" "}
          <Link className={link} href="/database">Database</Link> and <Link className={link} href="/redis">Redis</Link> pages judge OpenHands&apos; dependencies;{" "}
          <Link className={link} href="/sandboxes">Sandboxes</Link> flags stuck and orphaned sandboxes; a failed setup step names its cause and remedy on its{" "}
          <Link className={link} href="/operations">operation</Link> page.
        </p>
      }
    />
  );
}
