"use client";
/**
 * Client root: the public auth configuration (from the server at runtime, so one build serves any
 * tenant) and one TanStack QueryClient. MSAL is not here: it is loaded on demand
 * (lib/auth/msal-instance.ts), and MsalProvider wraps only the sign-in area that needs it
 * (components/auth/msal-sign-in.tsx), so pages do not carry MSAL in their first load.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import type { PublicAuthConfig } from "@/lib/auth/msal-config";

const AuthConfigContext = createContext<PublicAuthConfig | null>(null);

export function usePublicAuthConfig(): PublicAuthConfig {
  const value = useContext(AuthConfigContext);
  if (!value) throw new Error("usePublicAuthConfig must be used inside <Providers>");
  return value;
}

export function Providers({ auth, children }: { auth: PublicAuthConfig; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }));
  return (
    <AuthConfigContext.Provider value={auth}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </AuthConfigContext.Provider>
  );
}
