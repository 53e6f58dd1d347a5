import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { config } from "@/lib/config";
import { publicAuthConfig } from "@/lib/auth/msal-config";
import { Providers } from "@/components/providers/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "OpenHands Azure Console", template: "%s · OpenHands Azure Console" },
  description: "Set up, upgrade and operate OpenHands on Azure.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Configuration is read per request, never at build time: one build serves any tenant.
  await connection();
  const auth = publicAuthConfig(config());
  return (
    <html lang="en">
      <body className="bg-zinc-50 font-sans text-zinc-900 antialiased">
        <Providers auth={auth}>{children}</Providers>
      </body>
    </html>
  );
}
