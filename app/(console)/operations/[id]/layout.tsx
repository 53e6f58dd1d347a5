import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { pagePrincipal } from "@/lib/auth/server";
import { getPool } from "@/lib/store/db";
import { getOperation } from "@/lib/store/operations";

/**
 * An unknown operation id answers HTTP 404. The check sits here, above this segment's loading
 * boundary: once that boundary's fallback is flushed the status is 200 and a `notFound()` in the
 * page could only change what is shown. Signed-out visitors learn nothing (the console layout
 * shows the sign-in screen instead).
 */
export default async function OperationLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  if (await pagePrincipal("console.read")) {
    const { id } = await params;
    if (!(await getOperation(getPool(), id))) notFound();
  }
  return children;
}
