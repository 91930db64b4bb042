// Shared steps of the two-factor tests (docs/api.md, "Two-factor authentication"): a user with
// TOTP turned on, a sign-in that stops at the challenge, the cookies and their checks. Every
// request carries a fresh X-Forwarded-For so the per-address limit on /two-factor/* (3 per 10 s)
// only bites where a test means it to: against the peer started with RATE_LIMIT=1, and against
// latchkey started with rate limiting on and 127.0.0.1 as a trusted proxy.
import assert from "node:assert/strict";
import { SESSION_COOKIE } from "./client.js";
import { cookieSignature, PASSWORD, uniqueEmail } from "./fixtures.js";
import { apiFor } from "./http.js";
import { Authenticator, parseOtpauth } from "./totp.js";

export const TWO_FACTOR_COOKIE = "better-auth.two_factor";
export const TRUST_DEVICE_COOKIE = "better-auth.trust_device";
export const TRUST_MAX_AGE = "2592000"; // 30 days
export const CHALLENGE_MAX_AGE = "600"; // 10 minutes
export const BACKUP_CODE_RE = /^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/;

let addresses = 0;
/** A client address no other request of this run used (the pid keeps test files apart). */
export function freshAddress() {
  addresses += 1;
  return `10.${process.pid % 250}.${(addresses >> 8) & 255}.${addresses & 255}`;
}
export const xff = () => ({ "x-forwarded-for": freshAddress() });

/** "name=value" for a Cookie header, from a parsed Set-Cookie (undefined stays undefined). */
export const pair = (c) => (c ? `${c.name}=${c.value}` : undefined);
/** Joins Cookie header parts, skipping empty ones. */
export const cookies = (...parts) => parts.filter(Boolean).join("; ") || undefined;

/** Raw HTTP with a fresh client address per request: post(path, json, cookie, headers). */
export function twoFactorApi(server) {
  const api = apiFor(server);
  return {
    post: (path, json, cookie, headers = {}) =>
      api.post(path, { json, headers: { ...xff(), ...(cookie ? { cookie } : {}), ...headers } }),
    get: (path, cookie, headers = {}) => api.get(path, { headers: { ...xff(), ...(cookie ? { cookie } : {}), ...headers } }),
  };
}

/** Signs up a new user; returns {email, user, cookie}. */
export async function newUser(server, tag = "2fa") {
  const email = uniqueEmail(tag);
  const res = await twoFactorApi(server).post("/sign-up/email", { name: "Two Factor", email, password: PASSWORD });
  assert.equal(res.status, 200, `sign-up: ${res.status} ${res.text}`);
  return { email, user: res.json.user, cookie: pair(res.cookie(SESSION_COOKIE)) };
}

/**
 * A user with TOTP on: signed up, enabled with the password, the first code verified.
 * @returns {{email, user, cookie, uri, secret, auth: Authenticator, backupCodes: string[]}}
 *   cookie is the session after the rotation that turning 2FA on does.
 */
export async function userWithTwoFactor(server, tag) {
  const api = twoFactorApi(server);
  const account = await newUser(server, tag);
  const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, account.cookie);
  assert.equal(enabled.status, 200, `enable: ${enabled.text}`);
  const { secret } = parseOtpauth(enabled.json.totpURI);
  const auth = new Authenticator(secret);
  const verified = await api.post("/two-factor/verify-totp", { code: await auth.code() }, account.cookie);
  assert.equal(verified.status, 200, `verify-totp: ${verified.text}`);
  const rotated = verified.cookie(SESSION_COOKIE);
  return {
    ...account,
    cookie: rotated?.value ? pair(rotated) : account.cookie,
    uri: enabled.json.totpURI,
    secret,
    auth,
    backupCodes: enabled.json.backupCodes,
  };
}

/** Signs in with the password; asserts the challenge answer. Returns {res, challenge (Cookie pair)}. */
export async function startChallenge(server, email, cookie) {
  const res = await twoFactorApi(server).post("/sign-in/email", { email, password: PASSWORD }, cookie);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.twoFactorRedirect, true, `sign-in stops at the challenge: ${res.text}`);
  const set = res.cookie(TWO_FACTOR_COOKIE);
  assert.ok(set?.value, "two_factor cookie set");
  return { res, challenge: pair(set) };
}

/** Asserts a signed cookie value (docs/api.md, "Cookies") and returns the value inside it. */
export function unsign(cookie, secret) {
  const decoded = decodeURIComponent(cookie.value);
  const dot = decoded.lastIndexOf(".");
  const value = decoded.slice(0, dot);
  assert.equal(decoded.slice(dot + 1), cookieSignature(value, secret), `${cookie.name} is signed with the server secret`);
  return value;
}

/** Asserts the attributes both two-factor cookies share with the session cookie. */
export function assertCookieAttrs(cookie, maxAge, what) {
  assert.ok(cookie?.value, `${what} is set`);
  assert.equal(cookie.attrs["max-age"], maxAge, `${what}: Max-Age`);
  assert.equal(cookie.attrs.path, "/", `${what}: Path`);
  assert.equal(cookie.attrs.httponly, true, `${what}: HttpOnly`);
  assert.equal(cookie.attrs.samesite, "Lax", `${what}: SameSite`);
  assert.equal(cookie.attrs.domain, undefined, `${what}: no Domain`);
}

/** True when the response leaves the browser with no session cookie (absent or expired). */
export function setsNoSession(res) {
  const c = res.cookie(SESSION_COOKIE);
  return !c || c.value === "" || c.attrs["max-age"] === "0";
}
