/**
 * Infrastructure-as-code exports of a provisioning plan. All three render the same ARM bodies and
 * api-versions the console itself sends (`armWireBody`, verified against the SDKs).
 */
export { planToBicep } from "./bicep";
export { planToTerraform } from "./terraform";
export { checkBicepStructure, type BicepStructure } from "./bicep-structure";
export { armWireBody, type WireBody } from "./arm-wire";
