/**
 * ARM error bodies. Every failure the local Azure answers is an ArmError so that the front door
 * can render `{error:{code,message,target?,details?}}` exactly as Azure does, and the SDKs turn it
 * into a RestError with the same `statusCode` and `code` they would see from Azure.
 */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export class ArmError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly extra: { target?: string; details?: ArmErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ArmError";
  }

  body(): { error: ArmErrorDetail } {
    const error: ArmErrorDetail = { code: this.code, message: this.message };
    if (this.extra.target !== undefined) error.target = this.extra.target;
    if (this.extra.details !== undefined) error.details = this.extra.details;
    return { error };
  }
}

/** Messages below copy Azure's wording so people and parsers recognise them. */
export const armErrors = {
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    new ArmError(
      404,
      "ResourceNotFound",
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  resourceGroupNotFound: (resourceGroup: string) =>
    new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`),
  parentNotFound: (message: string) => new ArmError(404, "ParentResourceNotFound", message),
  subscriptionNotFound: (subscriptionId: string) =>
    new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`),
  invalidRequestContent: (message: string, target?: string) =>
    new ArmError(400, "InvalidRequestContent", message, target === undefined ? {} : { target }),
  badRequest: (code: string, message: string, target?: string) => new ArmError(400, code, message, target === undefined ? {} : { target }),
  conflict: (code: string, message: string) => new ArmError(409, code, message),
  noRoute: (method: string, path: string) =>
    new ArmError(404, "NoRegisteredProviderFound", `No registered resource provider found for the request '${method} ${path}'.`),
  methodNotAllowed: (method: string, path: string) =>
    new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}' at '${path}'.`),
  internal: () => new ArmError(500, "InternalServerError", "Encountered internal server error. Diagnostic information: timestamp '" + new Date().toISOString() + "'."),
};
