/**
 * checkNameAvailability (global and per location): server names are global DNS labels, so a
 * name is taken when any server of the local Azure has it. Answers as the
 * NameAvailabilityCheckGlobally example: `{nameAvailable, message, name, type, reason?}`.
 */
import { z } from "zod";
import { locationName } from "../../core/locations";
import { ArmError } from "../../core/errors";
import { parseBody } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { SERVER_TYPE } from "./common";
import { serverNameProblem } from "./server-rules";
import { serverNamed } from "./servers";

const requestSchema = z.object({ name: z.string().min(1), type: z.string().optional() }).loose();

function check(req: ArmRequest, env: ArmEnvironment) {
  const { name, type } = parseBody(requestSchema, req.body);
  const resourceType = type ?? SERVER_TYPE;
  if (resourceType.toLowerCase() !== SERVER_TYPE.toLowerCase()) {
    throw new ArmError(400, "InvalidResourceType", `Resource type '${resourceType}' is not supported; use '${SERVER_TYPE}'.`, { target: "type" });
  }
  const base = { name, type: resourceType };
  const invalid = serverNameProblem(name);
  if (invalid) return { status: 200, body: { nameAvailable: false, reason: "Invalid", message: invalid.message, ...base } };
  if (serverNamed(env, name)) {
    return { status: 200, body: { nameAvailable: false, reason: "AlreadyExists", message: `Specified server name '${name}' is already used. Please use a different name and try again.`, ...base } };
  }
  return { status: 200, body: { nameAvailable: true, message: "", ...base } };
}

export const nameAvailabilityRoutes: ArmRoute[] = [
  {
    method: "POST",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/checkNameAvailability",
    apiVersions: [...POSTGRES_API_VERSIONS],
    action: "Microsoft.DBforPostgreSQL/checkNameAvailability/action",
    handle: check,
  },
  {
    method: "POST",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/{locationName}/checkNameAvailability",
    apiVersions: [...POSTGRES_API_VERSIONS],
    action: "Microsoft.DBforPostgreSQL/locations/checkNameAvailability/action",
    handle: (req, env) => {
      const location = req.params.locationName!;
      if (!locationName(env.settings.locations, location)) throw new ArmError(400, "LocationNotAvailableForResourceType", `The location '${location}' is not available for resource type '${SERVER_TYPE}'.`);
      return check(req, env);
    },
  },
];
