// @vitest-environment jsdom
import { render, cleanup } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { NoEnvironment } from "./no-environment";

afterEach(cleanup);

// Plain selectors instead of role queries: those are slow in jsdom on a busy machine.
describe("NoEnvironment", () => {
  it("offers admins a link to start setup", () => {
    const { container } = render(<NoEnvironment roles={["Console.Admin"]} needs="Metrics appear once an environment exists." />);
    expect(container.querySelector("h2")?.textContent).toBe("No environment yet — start setup");
    const link = container.querySelector("a");
    expect([link?.textContent, link?.getAttribute("href")]).toEqual(["Start setup", "/setup"]);
  });

  it("tells readers and operators that an admin must run setup, without a link they cannot use", () => {
    for (const role of ["Console.Reader", "Console.Operator"] as const) {
      const { container } = render(<NoEnvironment roles={[role]} needs="x" />);
      expect(container.querySelector("a")).toBeNull();
      expect(container.textContent).toMatch(/an administrator \(Console\.Admin\) must run it/);
      cleanup();
    }
  });
});
