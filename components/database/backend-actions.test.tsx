// @vitest-environment jsdom
/**
 * The Database row buttons and their confirmation, driven with the keyboard as a keyboard-only
 * admin would: names carry the pid, focus moves in on open, Tab stays inside, Escape closes and
 * gives focus back to the opener.
 */
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendActions, type BackendRef } from "./backend-actions";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));
afterEach(cleanup);

const backend: BackendRef = { pid: 12345, user: "openhands", application: "openhands-server", state: "active", backendStart: "2026-11-26T10:00:00.123456Z", queryStart: "2026-11-26T10:01:00Z", query: "SELECT pg_sleep(600)" };

function row(cancel = vi.fn(), terminate = vi.fn()) {
  return render(<BackendActions env="prod" backend={backend} canCancel canTerminate cancel={cancel} terminate={terminate} />);
}

describe("BackendActions", () => {
  it("names the pid in each row button's accessible name", () => {
    row();
    expect(screen.getByRole("button", { name: "Cancel query 12345" }).textContent).toBe("Cancel query");
    expect(screen.getByRole("button", { name: "Terminate 12345" }).textContent).toBe("Terminate");
  });

  it("moves focus to Close on open, keeps Tab inside, and Escape closes and refocuses the opener", () => {
    row();
    const opener = screen.getByRole("button", { name: "Terminate 12345" });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole("dialog", { name: "Terminate backend 12345?" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    const close = screen.getByRole("button", { name: "Close" });
    const confirm = screen.getByRole("button", { name: "Terminate backend 12345" });
    expect(document.activeElement).toBe(close);

    confirm.focus();
    fireEvent.keyDown(confirm, { key: "Tab" });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(confirm);

    fireEvent.keyDown(confirm, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("confirms with the keyboard: the action runs once with pid and backend_start", async () => {
    const cancel = vi.fn(async () => ({ ok: true as const, data: { pid: 12345 } }));
    row(cancel);
    fireEvent.click(screen.getByRole("button", { name: "Cancel query 12345" }));
    expect(cancel).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Cancel query of 12345" }));
    });
    expect(cancel).toHaveBeenCalledExactlyOnceWith({ env: "prod", pid: 12345, backendStart: backend.backendStart });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
