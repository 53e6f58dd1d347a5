"use client";
import { useMsal } from "@azure/msal-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOut } from "@/lib/auth/client-session";
import { Button } from "@/components/ui/button";
import { usePublicAuthConfig } from "@/components/providers/providers";

export function SignOutButton({ variant = "secondary" }: { variant?: "secondary" | "ghost" }) {
  const { instance } = useMsal();
  const auth = usePublicAuthConfig();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        // The cookie is gone even if the IdP logout cannot start: land on the signed-out page.
        signOut(instance, auth).catch(() => router.replace("/signed-out"));
      }}
    >
      Sign out
    </Button>
  );
}
