// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { StopSandboxButton } from "./stop-sandbox-button";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));
afterEach(cleanup);

it("Stop <pod> opens a dialog focused on Cancel; Escape closes it without stopping and refocuses Stop", () => {
  const action = vi.fn();
  render(<StopSandboxButton target={{ environment: "prod", pod: "sandbox-abc", user: "u1", age: "3 h", kind: "orphan", why: "No conversation" }} action={action} />);
  const opener = screen.getByRole("button", { name: "Stop sandbox-abc" });
  opener.focus();
  fireEvent.click(opener);
  expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
  fireEvent.keyDown(screen.getByRole("dialog", { name: "Stop sandbox?" }), { key: "Escape" });
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(document.activeElement).toBe(opener);
  expect(action).not.toHaveBeenCalled();
});
