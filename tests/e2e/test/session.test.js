// GET /get-session (docs/api.md, "Sessions", "Cookies", "Requests and answers").
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import {
  assertError, assertIsoDates, assertNear, DAY_MS, getSession, PASSWORD, sessionCookieHeader, signUp, TOKEN_RE,
} from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

let server;
before(async () => {
  server = await startServer({ name: "session" });
});
after(() => server?.cleanup());

test("getSession returns {session, user} with the session's core fields", async () => {
  const account = await signUp(server, { name: "Session Shape" });
  const res = await getSession(server, account.cookie);
  assert.equal(res.status, 200);
  const { session, user } = res.json;
  assert.deepEqual(Object.keys(res.json).sort(), ["session", "user"]);
  assert.match(session.id, TOKEN_RE);
  assert.equal(session.token, account.token);
  assert.equal(session.userId, account.user.id);
  assertIsoDates(session, ["expiresAt", "createdAt", "updatedAt"]);
  assertNear(Date.parse(session.expiresAt), Date.parse(session.createdAt) + 7 * DAY_MS, 5_000, "expiresAt");
  assert.equal(typeof session.ipAddress, "string");
  assert.equal(session.userAgent, "latchkey-e2e", "User-Agent of the sign-up request");
  assert.deepEqual(user, account.user);
});

test("the SDK's getSession works with the cookie the server set", async () => {
  const account = await signUp(server);
  const { client } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD });
  const { data, error } = await client.getSession();
  assert.equal(error, null);
  assert.equal(data.user.email, account.email);
  assert.ok(data.session.expiresAt instanceof Date);
});

test("get-session is never cached: Cache-Control no-store, Pragma no-cache", async () => {
  // ASVS 8.2.1: anti-caching headers on responses with personal data.
  const account = await signUp(server);
  for (const cookie of [account.cookie, undefined]) {
    const res = await getSession(server, cookie);
    assert.match(String(res.headers["cache-control"]), /no-store/);
    assert.equal(res.headers.pragma, "no-cache");
  }
});

test("without a cookie → 200 null", async () => {
  const res = await getSession(server, undefined);
  assert.equal(res.status, 200);
  assert.equal(res.text, "null");
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  const { client } = makeClient(server);
  const { data, error } = await client.getSession();
  assert.equal(data, null);
  assert.equal(error, null);
});

test("a cookie with a bad signature is no session (→ null, never an error)", async () => {
  // ASVS 3.5.3-style tamper checks on the signed cookie (docs/api.md, "Cookies").
  const { token } = await signUp(server);
  const otherSecret = crypto.randomBytes(32).toString("hex");
  const badValues = {
    "forged signature": `${token}.${encodeURIComponent("A".repeat(43) + "=")}`,
    "signed with another secret": sessionCookieHeader(token, otherSecret).split("=").slice(1).join("="),
    "unsigned raw token": token,
    "short signature": `${token}.abc%3D`,
    "empty": "",
    "signature only": encodeURIComponent(`.${"A".repeat(43)}=`),
  };
  for (const [what, value] of Object.entries(badValues)) {
    const res = await getSession(server, `${SESSION_COOKIE}=${value}`);
    assert.equal(res.status, 200, what);
    assert.equal(res.text, "null", what);
  }
});

test("a correctly signed cookie for a token that does not exist → null", async () => {
  // ASVS 3.2.1: only tokens the server issued are sessions (no fixation by a chosen token).
  const res = await getSession(server, sessionCookieHeader(crypto.randomBytes(16).toString("hex"), server.secret));
  assert.equal(res.status, 200);
  assert.equal(res.text, "null");
});

test("a signature made by the server's secret over our own token is what a session cookie is", async () => {
  // Proves cookie signing matches Better Auth's (docs/api.md, "Cookies"): we sign the token ourselves.
  const account = await signUp(server);
  const res = await getSession(server, sessionCookieHeader(account.token, server.secret));
  assert.equal(res.json?.user?.id, account.user.id);
});

test("a signed cookie is accepted un-encoded too (percent-decoding is optional)", async () => {
  const account = await signUp(server);
  const value = decodeURIComponent(account.cookie.slice(SESSION_COOKIE.length + 1));
  const res = await getSession(server, `theme=dark; ${SESSION_COOKIE}=${value}; other=1`);
  assert.equal(res.json?.user?.id, account.user.id);
});

test("reading a fresh session does not re-send the cookie (no refresh within updateAge)", async () => {
  const account = await signUp(server);
  const res = await getSession(server, account.cookie);
  assert.equal(res.json.user.id, account.user.id);
  assert.equal(res.cookie(SESSION_COOKIE), undefined);
});

test("query flags are accepted: ?disableCookieCache=true&disableRefresh=true", async () => {
  const account = await signUp(server);
  const res = await apiFor(server).get("/get-session?disableCookieCache=true&disableRefresh=true", {
    headers: { cookie: account.cookie },
  });
  assert.equal(res.json?.user?.id, account.user.id);
});

test("no bearer, no cookie: protected routes answer 401 UNAUTHORIZED", async () => {
  // ASVS 3.5.3 / 4.1.1: an unsigned token in the cookie is not accepted.
  // The session travels only in the signed cookie here; the token from a JSON body is not
  // a credential by itself without the bearer plugin's Authorization header.
  const { token } = await signUp(server);
  const res = await apiFor(server).post("/update-user", { json: { name: "Nobody" } });
  assertError(res, 401, "UNAUTHORIZED", "Unauthorized");
  const raw = await apiFor(server).post("/update-user", { json: { name: "Raw" }, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  assertError(raw, 401, "UNAUTHORIZED");
});

test("two sessions of one user are independent", async () => {
  const account = await signUp(server);
  const a = makeClient(server);
  const b = makeClient(server);
  await a.client.signIn.email({ email: account.email, password: PASSWORD });
  await b.client.signIn.email({ email: account.email, password: PASSWORD });
  const sa = (await a.client.getSession()).data.session;
  const sb = (await b.client.getSession()).data.session;
  assert.notEqual(sa.token, sb.token);
  assert.notEqual(sa.id, sb.id);
  assert.equal(sa.userId, sb.userId);
});
