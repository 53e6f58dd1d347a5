// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { classifySandbox } from "@/lib/openhands/sandboxes/classify";
import { makeConversation, makePod, minutesAgo, NOW } from "@/lib/openhands/sandboxes/fixtures";
import { SANDBOX_RULES } from "@/lib/openhands/sandboxes/rules";
import type { ActionResult } from "@/lib/auth/action";
import { FlaggedSandboxes } from "./flagged-sandboxes";

// The framework's router (not ours): the button refreshes the page after a stop.
const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));
afterEach(cleanup);

const classify = (session: string, conversation: ReturnType<typeof makeConversation> | undefined, pending = false) =>
  classifySandbox({ pod: makePod({ session, user: `user-${session}`, ...(pending ? { phase: "Pending", ready: false, createdAt: minutesAgo(9) } : {}) }), poolOf: () => "sandbox", conversation, now: NOW, rules: SANDBOX_RULES });
const rows = [classify("stuck", makeConversation({ conversationId: "stuck" }), true), classify("ghost", undefined), classify("idle", makeConversation({ conversationId: "idle", lastUpdatedAt: minutesAgo(25) }))];
const pager = { label: "Flagged pages", params: {}, param: "fpage", page: 1, pages: 1, total: 3, noun: "flagged" };

function view(canStop: boolean, stop: (raw: unknown) => Promise<ActionResult<{ message: string }>>) {
  return render(<FlaggedSandboxes rows={rows} environment="prod" canStop={canStop} stop={stop} pager={pager} />);
}

describe("FlaggedSandboxes", () => {
  it("shows each flag with why, and no stop button to a reader", () => {
    const { container } = view(false, vi.fn());
    expect(container.querySelectorAll("tbody tr")).toHaveLength(3);
    expect(container.querySelector('tr[data-pod="openhands-runtime-ghost"]')?.textContent).toContain("No conversation ghost in the OpenHands database");
    expect(container.querySelectorAll("button")).toHaveLength(0);
  });

  it("offers Stop on orphaned and idle sandboxes only, confirms with pod, user, age and why, then calls the action", async () => {
    const stop = vi.fn(async () => ({ ok: true as const, data: { message: "Stopping openhands-runtime-ghost (orphaned)" } }));
    const { container } = view(true, stop);
    expect([...container.querySelectorAll("button")].map((b) => b.getAttribute("aria-label"))).toEqual(["Stop openhands-runtime-ghost", "Stop openhands-runtime-idle"]);
    fireEvent.click(container.querySelector('button[aria-label="Stop openhands-runtime-ghost"]')!);
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.textContent).toContain("openhands-runtime-ghost");
    expect(dialog.textContent).toContain("user-ghost");
    expect(dialog.textContent).toContain("30 min");
    expect(dialog.textContent).toContain("No conversation ghost");
    expect(stop).not.toHaveBeenCalled();
    const confirm = [...dialog.querySelectorAll("button")].find((b) => b.textContent === "Stop sandbox")!;
    await act(async () => fireEvent.click(confirm));
    expect(stop).toHaveBeenCalledWith({ environment: "prod", pod: "openhands-runtime-ghost" });
    expect(refresh).toHaveBeenCalled();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(container.textContent).toContain("Stopping openhands-runtime-ghost (orphaned)");
  });

  it("keeps the dialog open with the server's refusal", async () => {
    const stop = vi.fn(async () => ({ ok: false as const, error: { code: "sandbox_in_use", message: "openhands-runtime-idle is neither idle for 20 min nor orphaned" } }));
    const { container } = view(true, stop);
    fireEvent.click(container.querySelector('button[aria-label="Stop openhands-runtime-idle"]')!);
    const confirm = [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === "Stop sandbox")!;
    await act(async () => fireEvent.click(confirm));
    expect(document.querySelector('[role="dialog"] [role="alert"]')?.textContent).toContain("neither idle for 20 min nor orphaned");
  });
});
