/**
 * Why a request was refused. Each code has one clear message for people; callers may pass a
 * more specific one. The messages never echo token contents.
 */
export const AUTH_ERROR_CODES = ["no_session", "session_expired", "invalid_token", "wrong_tenant", "no_role", "forbidden"] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export const AUTH_ERROR_MESSAGES: Readonly<Record<AuthErrorCode, string>> = {
  no_session: "You are not signed in. Sign in with Microsoft Entra ID to continue.",
  session_expired: "Your session has expired. Sign in again to continue.",
  invalid_token: "Your sign-in could not be verified. Sign in again to continue.",
  wrong_tenant: "Your account belongs to a different Entra ID tenant than this console's.",
  no_role: "Your account has no console role. Ask an administrator for Console.Admin, Console.Operator or Console.Reader.",
  forbidden: "Your role does not allow this action.",
};

/** Who was refused, when the token's signature was valid (so the claim can be trusted for the audit). */
export interface RefusedActor {
  id: string;
  name: string;
}

export class AuthError extends Error {
  constructor(
    public readonly code: AuthErrorCode,
    message: string = AUTH_ERROR_MESSAGES[code],
    public readonly actor?: RefusedActor,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
