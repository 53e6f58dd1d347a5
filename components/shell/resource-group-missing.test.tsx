// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { ResourceGroupMissing } from "./resource-group-missing";

afterEach(cleanup);

it("says the group is gone from Azure and what to do; only an Admin gets the setup link", () => {
  const props = { environment: "prod", resourceGroup: "rg-openhands-prod", subscriptionId: "00000000-0000-4000-8000-000000000001" };
  render(<ResourceGroupMissing {...props} roles={["Console.Admin"]} />);
  expect(screen.getByText("Resource group rg-openhands-prod no longer exists in Azure — deleted outside the console?")).toBeTruthy();
  expect(screen.getByRole("link", { name: "run setup again" }).getAttribute("href")).toBe("/setup");
  cleanup();
  render(<ResourceGroupMissing {...props} roles={["Console.Reader"]} />);
  expect(screen.queryByRole("link")).toBeNull();
  expect(screen.getByText(/an Admin runs setup again/)).toBeTruthy();
});
