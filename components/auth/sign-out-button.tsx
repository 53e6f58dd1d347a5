"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOut } from "@/lib/auth/client-session";
import { msalInstance } from "@/lib/auth/msal-instance";
import { Button } from "@/components/ui/button";
import { usePublicAuthConfig } from "@/components/providers/providers";

export function SignOutButton({ variant = "secondary" }: { variant?: "secondary" | "ghost" }) {
  const auth = usePublicAuthConfig();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={busy}
      // MSAL is loaded on demand; start fetching it when the pointer or focus reaches the button.
      onPointerEnter={() => void msalInstance(auth).catch(() => undefined)}
      onClick={() => {
        setBusy(true);
        // The cookie is gone even if MSAL or the IdP logout cannot start: land on the signed-out page.
        signOut(msalInstance(auth), auth).catch(() => router.replace("/signed-out"));
      }}
    >
      Sign out
    </Button>
  );
}
