// The one Better Auth client of the pages. The pages are served by latchkey on its own origin,
// so the API is same-origin under /api/auth and the session cookie is first-party.
import { apiKeyClient } from "@better-auth/api-key/client";
import { passkeyClient } from "@better-auth/passkey/client";
import { createAuthClient } from "better-auth/client";
import { adminClient, multiSessionClient, organizationClient, twoFactorClient } from "better-auth/client/plugins";
import { en, errorText } from "./i18n/en";

// twoFactorClient without onTwoFactorRedirect: the sign-in views read `twoFactorRedirect`
// themselves and navigate in-app (keeping ?redirect= and the methods the server offered).
export const authClient = createAuthClient({
  baseURL: window.location.origin,
  // Two-factor and passkeys (sign-in and account), organizations, several accounts in one
  // browser, API keys (account pages), the admin console (Better Auth's admin routes,
  // impersonation's session refresh).
  plugins: [twoFactorClient(), passkeyClient(), organizationClient(), multiSessionClient(), apiKeyClient(), adminClient()],
});

/** Better Auth's client error shape (`{ error }` of every call). */
export type ApiError = { code?: string; message?: string; status?: number } | null | undefined;

/** The message for a failed call: by code, then by HTTP status, never the server's raw text. */
export function messageFor(error: ApiError): string {
  if (!error) return errorText(undefined);
  if (error.code && en.errors[error.code.toUpperCase()]) return errorText(error.code);
  if (error.status === 429) return en.errors.TOO_MANY_REQUESTS;
  if (error.status === 0 || error.status === undefined) return en.errors.NETWORK;
  return errorText(error.code);
}

/** Runs a call that may throw (a network failure) and maps it to Better Auth's `{ error }`. */
export async function safely<T extends { error?: ApiError }>(call: () => Promise<T>): Promise<T | { data: null; error: ApiError }> {
  try {
    return await call();
  } catch {
    return { data: null, error: { status: 0 } };
  }
}

/**
 * A `?redirect=` target that stays on this origin: a path starting with one "/" (not "//" nor
 * "/\", which browsers treat as another host). Anything else falls back, so the sign-in page
 * cannot be used as an open redirector.
 */
export function safeRedirect(raw: string | null, fallback = "/account"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  try {
    const url = new URL(raw, window.location.origin);
    if (url.origin !== window.location.origin) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
