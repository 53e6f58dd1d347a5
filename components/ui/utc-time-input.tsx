/**
 * A date-and-time input in the console's convention: `YYYY-MM-DD HH:MM`, 24-hour, UTC. A text
 * input on purpose: a native datetime-local input shows the browser's locale (mm/dd/yyyy, AM/PM)
 * and has no zone, while every time the console prints is UTC.
 */
import type { InputHTMLAttributes } from "react";
import { UTC_INPUT_HINT } from "@/lib/display-format";

export function UtcTimeInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "pattern" | "placeholder">) {
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      pattern="\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"
      placeholder="YYYY-MM-DD HH:MM"
      title={UTC_INPUT_HINT}
      {...props}
    />
  );
}
