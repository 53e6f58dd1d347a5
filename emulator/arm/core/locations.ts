/** Regions the local Azure offers by default (names and metadata as Azure's locations list). */
import type { LocationInfo } from "./types";

const zones = ["1", "2", "3"];

export const DEFAULT_LOCATIONS: readonly LocationInfo[] = [
  { name: "eastus", displayName: "East US", regionalDisplayName: "(US) East US", geographyGroup: "US", latitude: "37.3719", longitude: "-79.8164", physicalLocation: "Virginia", pairedRegion: "westus", zones },
  { name: "eastus2", displayName: "East US 2", regionalDisplayName: "(US) East US 2", geographyGroup: "US", latitude: "36.6681", longitude: "-78.3889", physicalLocation: "Virginia", pairedRegion: "centralus", zones },
  { name: "westus2", displayName: "West US 2", regionalDisplayName: "(US) West US 2", geographyGroup: "US", latitude: "47.233", longitude: "-119.852", physicalLocation: "Washington", pairedRegion: "westcentralus", zones },
  { name: "westeurope", displayName: "West Europe", regionalDisplayName: "(Europe) West Europe", geographyGroup: "Europe", latitude: "52.3667", longitude: "4.9", physicalLocation: "Netherlands", pairedRegion: "northeurope", zones },
  { name: "northeurope", displayName: "North Europe", regionalDisplayName: "(Europe) North Europe", geographyGroup: "Europe", latitude: "53.3478", longitude: "-6.2597", physicalLocation: "Ireland", pairedRegion: "westeurope", zones },
  { name: "swedencentral", displayName: "Sweden Central", regionalDisplayName: "(Europe) Sweden Central", geographyGroup: "Europe", latitude: "60.67488", longitude: "17.14127", physicalLocation: "Gävle", pairedRegion: "swedensouth", zones },
  { name: "uksouth", displayName: "UK South", regionalDisplayName: "(Europe) UK South", geographyGroup: "Europe", latitude: "50.941", longitude: "-0.799", physicalLocation: "London", pairedRegion: "ukwest", zones },
  { name: "southeastasia", displayName: "Southeast Asia", regionalDisplayName: "(Asia Pacific) Southeast Asia", geographyGroup: "Asia Pacific", latitude: "1.283", longitude: "103.833", physicalLocation: "Singapore", pairedRegion: "eastasia", zones },
];

/** Normalise "East US" / "eastus" / "EASTUS" to the location name, or undefined when unknown. */
export function locationName(locations: readonly LocationInfo[], value: string): string | undefined {
  const v = value.replace(/\s+/g, "").toLowerCase();
  return locations.find((l) => l.name === v)?.name;
}
