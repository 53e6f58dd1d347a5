"use client";
/**
 * Client root: one MSAL PublicClientApplication (config from the server at runtime, so one
 * build serves any tenant) and one TanStack QueryClient. MsalProvider initialises MSAL and
 * processes the sign-in redirect on whichever page it lands.
 */
import { PublicClientApplication } from "@azure/msal-browser";
import { MsalProvider } from "@azure/msal-react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { msalConfiguration, trackActiveAccount } from "@/lib/auth/client-session";
import type { PublicAuthConfig } from "@/lib/auth/msal-config";

const AuthConfigContext = createContext<PublicAuthConfig | null>(null);

export function usePublicAuthConfig(): PublicAuthConfig {
  const value = useContext(AuthConfigContext);
  if (!value) throw new Error("usePublicAuthConfig must be used inside <Providers>");
  return value;
}

export function Providers({ auth, children }: { auth: PublicAuthConfig; children: ReactNode }) {
  const [msal] = useState(() => {
    const instance = new PublicClientApplication(msalConfiguration(auth));
    trackActiveAccount(instance);
    return instance;
  });
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }));
  return (
    <AuthConfigContext.Provider value={auth}>
      <MsalProvider instance={msal}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </MsalProvider>
    </AuthConfigContext.Provider>
  );
}
