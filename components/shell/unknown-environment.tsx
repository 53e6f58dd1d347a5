import Link from "next/link";
import { Notice } from "@/components/ui/notice";

/** `?env=` named an environment that does not exist (or is still a draft): say so, offer the default one. */
export function UnknownEnvironment({ name, href }: { name: string; href: string }) {
  return (
    <Notice tone="error" title={`There is no environment named "${name}"`}>
      It may have been deleted, or its setup has not started yet.{" "}
      <Link href={href} className="underline">
        Show the newest environment instead
      </Link>
      .
    </Notice>
  );
}
