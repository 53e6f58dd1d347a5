"use client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** A friendly message and the digest that finds the details in the server log; never a stack. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold text-zinc-900">This page could not be shown</h1>
      <Notice tone="error" title="Something went wrong on the server">
        The details are in the server log{error.digest ? (
          <>
            {" "}under reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        . Nothing was changed.
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
