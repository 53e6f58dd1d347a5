import Link from "next/link";
import { CenteredCard } from "@/components/ui/centered-card";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <CenteredCard title="Page not found">
      <p>There is no console page at this address.</p>
      <Link href="/" className={buttonClass("secondary")}>
        Go to Overview
      </Link>
    </CenteredCard>
  );
}
