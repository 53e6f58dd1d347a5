"use client";
/** Last resort when the root layout itself fails (e.g. invalid configuration): no stack, just the digest. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", color: "#18181b" }}>
        <h1 style={{ fontSize: "1.25rem", fontWeight: 600 }}>The console could not load</h1>
        <p>Something went wrong on the server. The server log has the details{error.digest ? ` under reference ${error.digest}` : ""}.</p>
        <button type="button" onClick={reset} style={{ marginTop: "1rem", padding: "0.4rem 0.8rem" }}>
          Try again
        </button>
      </body>
    </html>
  );
}
