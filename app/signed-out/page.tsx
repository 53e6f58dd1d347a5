import type { Metadata } from "next";
import { CenteredCard } from "@/components/ui/centered-card";
import { SignInPanel } from "@/components/auth/sign-in-panel";

export const metadata: Metadata = { title: "Signed out" };

export default function SignedOutPage() {
  return (
    <CenteredCard title="You are signed out">
      <p>Your console session has ended and your Microsoft Entra ID account was signed out of this console.</p>
      {/* Back to the console, not to this page, once signed in. */}
      <SignInPanel mode="after-login" label="Sign in again" returnTo="/" />
    </CenteredCard>
  );
}
