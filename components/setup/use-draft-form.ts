"use client";
/**
 * One wizard form bound to its server action with `useActionState`: submit sends the nested
 * form object, field errors come back keyed by dotted path, success moves to the next step and
 * refreshes the server-rendered draft (its new version).
 */
import { useRouter } from "next/navigation";
import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { fieldsOf, formObject } from "./form-object";

export type WizardAction<T> = (raw: unknown) => Promise<ActionResult<T>>;

export function useDraftForm<T>(action: WizardAction<T>, nextHref?: string) {
  const router = useRouter();
  const [state, dispatch, pending] = useActionState(async (_prev: ActionResult<T> | null, payload: unknown) => {
    const result = await action(payload);
    if (result.ok) {
      if (nextHref) router.push(nextHref);
      router.refresh();
    }
    return result;
  }, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = formObject(fieldsOf(event.currentTarget));
    startTransition(() => dispatch(payload));
  }
  /** Sends a value built in state (forms whose inputs are controlled). */
  function dispatchValue(payload: unknown) {
    startTransition(() => dispatch(payload));
  }
  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  const message = state && !state.ok ? state.error.message : undefined;
  return { state, pending, onSubmit, dispatchValue, errors, message };
}
