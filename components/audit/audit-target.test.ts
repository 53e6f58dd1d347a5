import { describe, expect, it } from "vitest";
import { describeAuditTarget } from "./audit-target";

const ENV = "7d0c8a53-5d3e-4a3f-9b1e-0a6c1f2b3c4d";
const OP = "a1b2c3d4-0000-4000-8000-000000000002";
const DRAFT = "d1d2d3d4-0000-4000-8000-000000000003";
const names = new Map([
  [`environment/${ENV}`, { environment: "prod" }],
  [`operation/${OP}`, { environment: "prod", kind: "setup" }],
  [`setup-draft/${DRAFT}`, { environment: "prod", operationId: OP }],
]);

describe("describeAuditTarget", () => {
  it("leads setup targets with the environment's name and links the console's page for them", () => {
    expect(describeAuditTarget(`environment/${ENV}`, names)).toEqual({ label: "environment prod", href: "/?env=prod", raw: `environment/${ENV}` });
    expect(describeAuditTarget(`operation/${OP}`, names)).toEqual({ label: "setup operation of prod", href: `/operations/${OP}`, raw: `operation/${OP}` });
    expect(describeAuditTarget(`setup-draft/${DRAFT}`, names)).toEqual({ label: "setup of prod", href: `/operations/${OP}`, raw: `setup-draft/${DRAFT}` });
  });

  it("still links an operation it could not name, and leaves other targets as they are", () => {
    const other = "b0000000-0000-4000-8000-000000000009";
    expect(describeAuditTarget(`operation/${other}`, names)).toEqual({ label: `operation/${other}`, href: `/operations/${other}`, raw: `operation/${other}` });
    expect(describeAuditTarget("sandbox/prod/sbx-1", names).href).toBe("/sandboxes?env=prod");
    expect(describeAuditTarget("database/prod/backend/42", names).href).toBe("/database?env=prod");
    expect(describeAuditTarget("provider/Microsoft.ContainerService", names)).toEqual({ label: "provider/Microsoft.ContainerService", raw: "provider/Microsoft.ContainerService" });
  });
});
