// Small helpers of the admin console: its error messages and the latchkey-only routes, which
// adminClient does not know; they go through the same client's $fetch (same base URL, cookies).
import { authClient, messageFor, safely, type ApiError } from "../../auth";
import { en } from "../../i18n/en";

/** Every permission refusal of the admin plugin (YOU_ARE_NOT_ALLOWED_TO_…) reads the same. */
export function adminMessage(error: ApiError): string {
  if (error?.code?.toUpperCase().startsWith("YOU_ARE_NOT_ALLOWED")) return en.errors.YOU_ARE_NOT_ALLOWED;
  return messageFor(error);
}

type Result<T> = { data: T | null; error: ApiError };

export function latchkeyGet<T>(path: string, query: Record<string, string>): Promise<Result<T>> {
  return safely(() => authClient.$fetch<T>(path, { method: "GET", query })) as Promise<Result<T>>;
}

export function latchkeyPost<T>(path: string, body: Record<string, unknown>): Promise<Result<T>> {
  return safely(() => authClient.$fetch<T>(path, { method: "POST", body })) as Promise<Result<T>>;
}

export const when = (d: string | Date | number | null | undefined) => (d ? new Date(d).toLocaleString() : "");
