/** OpenHands release catalog and compatibility rules (see catalog.ts for sources and assumptions). */
export * from "./catalog";
export * from "./compatibility";
