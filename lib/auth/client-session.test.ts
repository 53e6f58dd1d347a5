import { describe, expect, it } from "vitest";
import { describeSignInFailure } from "./client-session";

const AUTHORITY = "https://login.contoso.test/tenant-1/v2.0";
/** The shape of MSAL's AuthError: name, errorCode, message. */
const msalError = (errorCode: string) => Object.assign(new Error(`${errorCode}: Endpoints cannot be resolved`), { name: "ClientAuthError", errorCode });

describe("describeSignInFailure", () => {
  it("says which authority could not be reached and the usual causes", () => {
    for (const code of ["endpoints_resolution_error", "network_error", "no_network_connectivity", "openid_config_error"]) {
      const text = describeSignInFailure(msalError(code), AUTHORITY);
      expect(text).toContain(`could not reach the sign-in authority ${AUTHORITY} (${code})`);
      expect(text).toMatch(/untrusted certificate/);
    }
  });

  it("keeps MSAL's own words for any other failure", () => {
    expect(describeSignInFailure(msalError("interaction_in_progress"), AUTHORITY)).toBe("ClientAuthError: interaction_in_progress: Endpoints cannot be resolved");
    expect(describeSignInFailure("??", AUTHORITY)).toBe("Sign-in failed for an unknown reason.");
  });
});
