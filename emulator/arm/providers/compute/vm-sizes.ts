/** VM sizes the local Azure knows (a realistic subset): quota family, vCPUs, memory. */
export interface VmSize {
  name: string;
  family: string;
  familyDisplayName: string;
  vCPUs: number;
  memoryGB: number;
  tier: "Standard" | "Basic";
}

const sizes: Array<[string, string, string, number, number]> = [
  ["Standard_B2s", "standardBSFamily", "Standard BS Family vCPUs", 2, 4],
  ["Standard_B4ms", "standardBSFamily", "Standard BS Family vCPUs", 4, 16],
  ["Standard_DS1_v2", "standardDSv2Family", "Standard DSv2 Family vCPUs", 1, 3.5],
  ["Standard_DS2_v2", "standardDSv2Family", "Standard DSv2 Family vCPUs", 2, 7],
  ["Standard_D2s_v3", "standardDSv3Family", "Standard DSv3 Family vCPUs", 2, 8],
  ["Standard_D4s_v3", "standardDSv3Family", "Standard DSv3 Family vCPUs", 4, 16],
  ["Standard_D2s_v5", "standardDSv5Family", "Standard DSv5 Family vCPUs", 2, 8],
  ["Standard_D4s_v5", "standardDSv5Family", "Standard DSv5 Family vCPUs", 4, 16],
  ["Standard_D8s_v5", "standardDSv5Family", "Standard DSv5 Family vCPUs", 8, 32],
  ["Standard_D16s_v5", "standardDSv5Family", "Standard DSv5 Family vCPUs", 16, 64],
  ["Standard_D2ds_v5", "standardDDSv5Family", "Standard DDSv5 Family vCPUs", 2, 8],
  ["Standard_D4ds_v5", "standardDDSv5Family", "Standard DDSv5 Family vCPUs", 4, 16],
  ["Standard_D8ds_v5", "standardDDSv5Family", "Standard DDSv5 Family vCPUs", 8, 32],
  ["Standard_D16ds_v5", "standardDDSv5Family", "Standard DDSv5 Family vCPUs", 16, 64],
  ["Standard_D4as_v5", "standardDASv5Family", "Standard DASv5 Family vCPUs", 4, 16],
  ["Standard_D8as_v5", "standardDASv5Family", "Standard DASv5 Family vCPUs", 8, 32],
  ["Standard_E4ds_v5", "standardEDSv5Family", "Standard EDSv5 Family vCPUs", 4, 32],
  ["Standard_E8ds_v5", "standardEDSv5Family", "Standard EDSv5 Family vCPUs", 8, 64],
  ["Standard_F8s_v2", "standardFSv2Family", "Standard FSv2 Family vCPUs", 8, 16],
];

export const VM_SIZES: readonly VmSize[] = sizes.map(([name, family, familyDisplayName, vCPUs, memoryGB]) => ({
  name,
  family,
  familyDisplayName,
  vCPUs,
  memoryGB,
  tier: name.startsWith("Standard_B") ? "Standard" : "Standard",
}));

export function vmSize(name: string): VmSize | undefined {
  const lower = name.toLowerCase();
  return VM_SIZES.find((s) => s.name.toLowerCase() === lower);
}

export const FAMILIES: readonly { family: string; displayName: string }[] = [...new Map(VM_SIZES.map((s) => [s.family, { family: s.family, displayName: s.familyDisplayName }])).values()];
