// Shared test data and assertions: unique users, raw sign-up/sign-in, cookie signing
// (docs/api.md, "Cookies") and the shapes every test checks the same way.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { apiFor } from "./http.js";
import { SESSION_COOKIE } from "./client.js";

export const PASSWORD = "correct horse battery";
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/; // toISOString() form (docs/api.md)
export const TOKEN_RE = /^[A-Za-z0-9]{32}$/; // session token and row ids (docs/api.md, "Requests and answers")
export const DAY_MS = 24 * 60 * 60 * 1000;

let counter = 0;
/** A fresh, lower-case e-mail address: tests never share users, also on a shared peer. */
export function uniqueEmail(tag = "user") {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@e2e.example`;
}

/** base64 HMAC-SHA256(secret, value): the signature part of a signed cookie. */
export function cookieSignature(value, secret) {
  return crypto.createHmac("sha256", secret).update(value).digest("base64");
}

/** The Set-Cookie value Better Auth writes for a signed cookie: encodeURIComponent(value.sig). */
export function signedCookieValue(value, secret) {
  return encodeURIComponent(`${value}.${cookieSignature(value, secret)}`);
}

/** "better-auth.session_token=<signed token>", ready for a Cookie header. */
export function sessionCookieHeader(token, secret) {
  return `${SESSION_COOKIE}=${signedCookieValue(token, secret)}`;
}

/** Signs up a new user over raw HTTP. Returns the user, token and a ready Cookie header. */
export async function signUp(server, overrides = {}) {
  const body = { name: "E2E User", email: uniqueEmail(), password: PASSWORD, ...overrides };
  const res = await apiFor(server).post("/sign-up/email", { json: body });
  assert.equal(res.status, 200, `sign-up failed: ${res.status} ${res.text}`);
  const cookie = res.cookie(SESSION_COOKIE);
  return { ...body, res, user: res.json.user, token: res.json.token, cookie: `${cookie.name}=${cookie.value}` };
}

/** Signs in over raw HTTP; returns the raw response. */
export function signIn(server, email, password = PASSWORD, extra = {}, headers = {}) {
  return apiFor(server).post("/sign-in/email", { json: { email, password, ...extra }, headers });
}

/** GET /get-session with the given Cookie header (or none); returns the raw response. */
export function getSession(server, cookie, headers = {}) {
  return apiFor(server).get("/get-session", { headers: { cookie, ...headers } });
}

/** Asserts a Better Auth error response: status, JSON content type and `code`. */
export function assertError(res, status, code, message) {
  assert.equal(res.status, status, `expected ${status} ${code ?? ""}, got ${res.status} ${res.text}`);
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  assert.ok(res.json && typeof res.json === "object", `error body is JSON: ${res.text}`);
  if (code !== undefined) assert.equal(res.json.code, code, `code in ${res.text}`);
  if (message !== undefined) assert.equal(res.json.message, message);
  assert.equal(typeof res.json.message, "string");
}

/** Asserts a 404 that routing gave: no body at all (docs/api.md, "Requests and answers"). */
export function assertNotFound(res) {
  assert.equal(res.status, 404, `expected 404, got ${res.status} ${res.text}`);
  assert.equal(res.text, "", "404 from routing has an empty body");
}

/** Asserts ISO-8601 `toISOString()` strings for the given keys of a raw JSON object. */
export function assertIsoDates(obj, keys) {
  for (const k of keys) assert.match(String(obj[k]), ISO_DATE, `${k} = ${obj[k]}`);
}

/** Asserts |actual - expected| <= toleranceMs. */
export function assertNear(actualMs, expectedMs, toleranceMs, what) {
  assert.ok(
    Math.abs(actualMs - expectedMs) <= toleranceMs,
    `${what}: ${new Date(actualMs).toISOString()} not within ${toleranceMs} ms of ${new Date(expectedMs).toISOString()}`,
  );
}

/** Asserts the core user shape (docs/api.md, "Requests and answers") as raw JSON. Plugin fields may be present. */
export function assertUserShape(user, { email, name }) {
  assert.match(user.id, TOKEN_RE);
  assert.equal(user.email, email.toLowerCase());
  assert.equal(user.name, name);
  assert.equal(user.emailVerified, false);
  assert.equal(user.image ?? null, null, "image is null (or absent) when not set");
  assertIsoDates(user, ["createdAt", "updatedAt"]);
}

/**
 * The one audit row written for the request that got `res` (matched by its X-Request-Id),
 * with the fields every event carries checked: time in ms, client address, user agent,
 * details as JSON or null.
 */
export async function auditEventFor(server, res) {
  const requestId = res.headers["x-request-id"];
  assert.ok(requestId, "response carries X-Request-Id");
  const rows = await server.db.auditEvents({ request_id: requestId });
  assert.equal(rows.length, 1, `exactly one audit event for request ${requestId}: ${JSON.stringify(rows)}`);
  const row = rows[0];
  assert.ok(Math.abs(Number(row.created_at) - Date.now()) < 60_000, `created_at is ms now: ${row.created_at}`);
  assert.equal(row.client_address, "127.0.0.1");
  assert.equal(row.user_agent, "latchkey-e2e");
  if (row.details !== null) JSON.parse(row.details);
  return row;
}
