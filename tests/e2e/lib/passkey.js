// Shared steps of the passkey tests (Better Auth's passkey plugin on the wire, docs/api.md
// "Passkeys"): accounts, the two ceremonies over raw HTTP with a software authenticator
// (lib/webauthn_authenticator.js), the challenge cookie and the passkey row's shape.
import assert from "node:assert/strict";
import { SESSION_COOKIE } from "./client.js";
import { ISO_DATE, PASSWORD, uniqueEmail } from "./fixtures.js";
import { apiFor } from "./http.js";
import { SoftAuthenticator } from "./webauthn_authenticator.js";

export const PASSKEY_COOKIE = "better-auth.better-auth-passkey";
export const CHALLENGE_MAX_AGE = "300"; // 5 minutes
export const ALGS = [-8, -7, -257]; // EdDSA, ES256, RS256: Better Auth's pubKeyCredParams order

/** "name=value" for a Cookie header from a parsed Set-Cookie (undefined stays undefined). */
export const pair = (c) => (c ? `${c.name}=${c.value}` : undefined);
/** Joins Cookie header parts, skipping empty ones. */
export const cookies = (...parts) => parts.filter(Boolean).join("; ") || undefined;

/** Raw HTTP with an optional Cookie header: get(path, cookie), post(path, json, cookie). */
export function passkeyApi(server) {
  const api = apiFor(server);
  const withCookie = (cookie, headers = {}) => ({ ...(cookie ? { cookie } : {}), ...headers });
  return {
    get: (path, cookie, headers) => api.get(path, { headers: withCookie(cookie, headers) }),
    post: (path, json, cookie, headers) => api.post(path, { json, headers: withCookie(cookie, headers) }),
  };
}

/** A software authenticator on the server's own origin (its RP ID is the origin's host). */
export function authenticatorFor(server, opts = {}) {
  return new SoftAuthenticator({ origin: server.origin, ...opts });
}

/** Signs up a new user over raw HTTP: {email, user, cookie} (a fresh session). */
export async function newAccount(server, tag = "passkey") {
  const email = uniqueEmail(tag);
  const res = await apiFor(server).post("/sign-up/email", { json: { name: "Passkey User", email, password: PASSWORD } });
  assert.equal(res.status, 200, `sign-up: ${res.status} ${res.text}`);
  return { email, user: res.json.user, cookie: pair(res.cookie(SESSION_COOKIE)) };
}

/**
 * generate-register-options for the session `cookie`: {res, options, challenge (Cookie pair)}.
 * @param {string} [query]  e.g. "?name=Laptop"
 */
export async function registrationOptions(server, cookie, query = "") {
  const res = await passkeyApi(server).get(`/passkey/generate-register-options${query}`, cookie);
  assert.equal(res.status, 200, `generate-register-options: ${res.status} ${res.text}`);
  return { res, options: res.json, challenge: pair(res.cookie(PASSKEY_COOKIE)) };
}

/** generate-authenticate-options (with `cookie` if given): {res, options, challenge}. */
export async function authenticationOptions(server, cookie) {
  const res = await passkeyApi(server).get("/passkey/generate-authenticate-options", cookie);
  assert.equal(res.status, 200, `generate-authenticate-options: ${res.status} ${res.text}`);
  return { res, options: res.json, challenge: pair(res.cookie(PASSKEY_COOKIE)) };
}

/**
 * Both steps of a registration for `account` with `auth`; the verify response is not checked.
 * @returns {{res, options, challenge, response}}  res: the verify-registration answer
 */
export async function register(server, account, auth, { tamper, name, body } = {}) {
  const { options, challenge } = await registrationOptions(server, account.cookie);
  const response = auth.register(options, tamper);
  const res = await passkeyApi(server).post(
    "/passkey/verify-registration",
    { response, ...(name ? { name } : {}), ...body },
    cookies(account.cookie, challenge),
  );
  return { res, options, challenge, response };
}

/** A registration that must succeed: returns the passkey row the server answered. */
export async function registerOk(server, account, auth, opts) {
  const { res } = await register(server, account, auth, opts);
  assert.equal(res.status, 200, `verify-registration: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * Both steps of a sign-in with `auth` (usernameless unless `cookie` carries a session);
 * the verify response is not checked. @returns {{res, options, challenge, response}}
 */
export async function authenticate(server, auth, { tamper, cookie } = {}) {
  const { options, challenge } = await authenticationOptions(server, cookie);
  const response = auth.authenticate(options, tamper);
  const res = await passkeyApi(server).post("/passkey/verify-authentication", { response }, cookies(cookie, challenge));
  return { res, options, challenge, response };
}

/** GET /passkey/list-user-passkeys for the session `cookie`: the rows. */
export async function listPasskeys(server, cookie) {
  const res = await passkeyApi(server).get("/passkey/list-user-passkeys", cookie);
  assert.equal(res.status, 200, `list-user-passkeys: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * Asserts a passkey row as Better Auth returns it (docs/api.md "Passkeys"): credentialID base64url,
 * publicKey standard base64 of the COSE key, transports comma-joined, deviceType, backedUp.
 */
export function assertPasskeyRow(row, { userId, credential, name, deviceType = "singleDevice", backedUp = false, counter, transports = "internal", aaguid }) {
  assert.equal(typeof row.id, "string");
  assert.ok(row.id.length > 0);
  assert.equal(row.userId, userId);
  assert.equal(row.credentialID, credential.idText);
  assert.match(row.publicKey, /^[A-Za-z0-9+/]+=*$/, "publicKey is standard base64");
  if (name === undefined) assert.ok(row.name === undefined || row.name === null, `no name: ${row.name}`);
  else assert.equal(row.name, name);
  assert.equal(row.deviceType, deviceType);
  assert.equal(row.backedUp, backedUp);
  assert.equal(row.transports, transports);
  if (counter !== undefined) assert.equal(row.counter, counter);
  assert.match(String(row.createdAt), ISO_DATE);
  if (aaguid !== undefined) assert.equal(row.aaguid, aaguid);
}
