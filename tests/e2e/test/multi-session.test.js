// Multi-session plugin: several users signed in in one browser (docs/api.md, "Several users in
// one browser", "Cookies", "Sessions" for sign-out). Each "browser" is Better Auth's client SDK with the
// multiSessionClient plugin and one cookie jar that keeps every cookie it is given, as a
// browser does. A session's own Cookie header, captured at sign-in, is replayed from outside
// the browser (raw HTTP) to tell whether that session still exists on the server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { multiSessionClient } from "better-auth/client/plugins";
import { DEVICE_COOKIE, DONT_REMEMBER_COOKIE, makeClient, SESSION_COOKIE } from "../lib/client.js";
import {
  assertError, cookieSignature, getSession, PASSWORD, signedCookieValue, signUp, TOKEN_RE,
} from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

const MULTI_PREFIX = `${SESSION_COOKIE}_multi-`;
const SESSION_MAX_AGE = "604800"; // expiresIn, 7 days (docs/api.md, "Cookies")

let server;
let api;
before(async () => {
  server = await startServer({ name: "multi-session" });
  api = apiFor(server);
});
after(() => server?.cleanup());

/** The multi-session cookie name for a session token (docs/api.md, "Cookies"): the token lower-cased. */
const multiName = (token) => `${MULTI_PREFIX}${token.toLowerCase()}`;
const isMulti = (name) => name.startsWith(MULTI_PREFIX);

/**
 * A browser: lib/client.js's makeClient with multiSessionClient, plus helpers for the
 * multi-session cookies. Every raw response is kept.
 */
function makeBrowser(srv = server, opts = {}) {
  const { client, jar, responses } = makeClient(srv, {
    jar: opts.jar,
    origin: opts.origin,
    plugins: [multiSessionClient()],
  });
  const last = () => responses.at(-1);
  return {
    client,
    jar,
    responses,
    last,
    /** Names of the multi-session cookies the browser holds. */
    multiNames: () => [...jar.cookies.keys()].filter(isMulti).sort(),
    /** Signs `account` in in this browser; returns the token and that session's own Cookie header. */
    async signIn(account, extra = {}) {
      const { data, error } = await client.signIn.email({ email: account.email, password: PASSWORD, ...extra });
      assert.equal(error, null, `sign-in ${account.email}: ${JSON.stringify(error)}`);
      assert.match(data.token, TOKEN_RE);
      const res = last();
      return { token: data.token, res, cookie: `${SESSION_COOKIE}=${res.cookie(SESSION_COOKIE).value}`, user: account.user };
    },
    /** The raw JSON the last SDK call got. */
    lastJson: () => JSON.parse(last().text),
  };
}

/** Fresh users (signed up over raw HTTP, outside every browser). */
async function users(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await signUp(server, { name: `Multi ${i}` }));
  return out;
}

/** The user id a session Cookie header gets from get-session, or null when it is no session. */
async function whoIs(cookie) {
  const res = await getSession(server, cookie);
  assert.equal(res.status, 200, res.text);
  return res.json?.user?.id ?? null;
}

/** Asserts which captured sessions still exist: expected[i] for signIns[i]. */
async function assertAlive(signIns, expected) {
  const actual = [];
  for (const s of signIns) actual.push((await whoIs(s.cookie)) === s.user.id);
  assert.deepEqual(actual, expected, "which sessions still exist on the server");
}

/** The browser's current user according to the SDK's getSession, or null. */
async function activeUser(browser) {
  const { data, error } = await browser.client.getSession();
  assert.equal(error, null);
  return data?.user?.id ?? null;
}

/** Raw list-device-sessions answer for a Cookie header. */
async function listRaw(cookie) {
  const res = await api.get("/multi-session/list-device-sessions", { headers: { cookie } });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** SDK listDeviceSessions(): asserts success and returns the raw JSON entries. */
async function listDevice(browser) {
  const { data, error } = await browser.client.multiSession.listDeviceSessions();
  assert.equal(error, null, JSON.stringify(error));
  assert.ok(Array.isArray(data));
  const res = browser.last();
  assert.equal(res.method, "GET");
  assert.ok(res.url.endsWith("/multi-session/list-device-sessions"), res.url);
  assert.equal(res.status, 200);
  assert.match(String(res.headers.get("content-type")), /^application\/json/);
  return JSON.parse(res.text);
}

/** Asserts a Set-Cookie that sets `token` as a signed session-token-like cookie (docs/api.md, "Cookies"). */
function assertSetsToken(cookie, token, what) {
  assert.ok(cookie, `${what} is set`);
  assert.equal(cookie.value, signedCookieValue(token, server.secret), `${what}: the signed token`);
  assert.equal(cookie.attrs["max-age"], SESSION_MAX_AGE, `${what}: Max-Age`);
  assert.equal(cookie.attrs.path, "/");
  assert.equal(cookie.attrs.httponly, true);
  assert.equal(cookie.attrs.samesite, "Lax");
  assert.equal(cookie.attrs.secure, undefined, `${what}: no Secure on an http base URL`);
  assert.equal(cookie.attrs.domain, undefined);
}

/** Asserts a deletion Set-Cookie: same attributes, empty value, Max-Age=0 (docs/api.md, "Cookies"). */
function assertExpired(cookie, what) {
  assert.ok(cookie, `${what} is expired in the response`);
  assert.equal(cookie.value, "", what);
  assert.equal(cookie.attrs["max-age"], "0", what);
  assert.equal(cookie.attrs.path, "/", what);
  assert.equal(cookie.attrs.httponly, true, what);
  assert.equal(cookie.attrs.samesite, "Lax", what);
}

/** The multi-session Set-Cookies of a response, as [name, "set"|"expired"], sorted. */
function multiChanges(res) {
  return res.setCookies
    .filter((c) => isMulti(c.name))
    .map((c) => [c.name, c.value === "" && c.attrs["max-age"] === "0" ? "expired" : "set"])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One browser with `accounts` signed in in order (the last one active). */
async function browserWith(accounts) {
  const browser = makeBrowser();
  const signIns = [];
  for (const a of accounts) signIns.push(await browser.signIn(a));
  return { browser, signIns };
}

describe("sign-in sets a multi-session cookie", () => {
  test("A, then B, then C in one browser: each sign-in sets session_token_multi-<token lowercased> = the signed token, same attributes as session_token", async () => {
    const accounts = await users(3);
    const browser = makeBrowser();
    const signIns = [];
    for (const [i, account] of accounts.entries()) {
      const s = await browser.signIn(account);
      signIns.push(s);
      const st = s.res.cookie(SESSION_COOKIE);
      const mc = s.res.cookie(multiName(s.token));
      assertSetsToken(st, s.token, SESSION_COOKIE);
      assertSetsToken(mc, s.token, "the multi-session cookie");
      assert.equal(mc.value, st.value, "the multi cookie carries the same signed value as session_token");
      // Same attributes in the same order (docs/api.md, "Cookies"): only the name differs.
      assert.equal(mc.raw.slice(mc.name.length), st.raw.slice(st.name.length));
      assert.deepEqual(multiChanges(s.res), [[multiName(s.token), "set"]], "another user's multi cookie is left alone");
      assert.equal(browser.multiNames().length, i + 1);
    }
    assert.deepEqual(browser.multiNames(), signIns.map((s) => multiName(s.token)).sort());
    assert.equal(browser.jar.get(SESSION_COOKIE), signedCookieValue(signIns[2].token, server.secret));
    assert.equal(await activeUser(browser), accounts[2].user.id, "the last sign-in is the active session");
    await assertAlive(signIns, [true, true, true]);
  });

  test("the cookie name is the token lower-cased", async () => {
    // Tokens are mixed-case base62 (docs/api.md, "Requests and answers"); sign in until one has an upper-case letter.
    const [account] = await users(1);
    const browser = makeBrowser();
    let s;
    for (let i = 0; i < 5 && !/[A-Z]/.test(s?.token ?? ""); i++) s = await browser.signIn(account);
    assert.match(s.token, /[A-Z]/);
    const names = s.res.setCookies.map((c) => c.name);
    assert.ok(names.includes(`${MULTI_PREFIX}${s.token.toLowerCase()}`), names.join(", "));
    assert.ok(!names.includes(`${MULTI_PREFIX}${s.token}`));
  });

  test("rememberMe:false → session_token has no Max-Age, the multi cookie still has Max-Age=604800", async () => {
    const [account] = await users(1);
    const browser = makeBrowser();
    const s = await browser.signIn(account, { rememberMe: false });
    assert.equal(s.res.cookie(SESSION_COOKIE).attrs["max-age"], undefined);
    assert.ok(s.res.cookie(DONT_REMEMBER_COOKIE), "dont_remember is set");
    assertSetsToken(s.res.cookie(multiName(s.token)), s.token, "the multi cookie of a don't-remember session");
  });

  test("sign-up through the SDK sets the multi cookie too", async () => {
    const browser = makeBrowser();
    const email = `multi-signup-${process.pid}-${Date.now().toString(36)}@e2e.example`;
    const { data, error } = await browser.client.signUp.email({ email, password: PASSWORD, name: "Multi Signup" });
    assert.equal(error, null);
    assertSetsToken(browser.last().cookie(multiName(data.token)), data.token, "the multi cookie after sign-up");
    assert.deepEqual(browser.multiNames(), [multiName(data.token)]);
  });
});

describe("GET /multi-session/list-device-sessions", () => {
  test("one {session, user} per signed-in user, each exactly as get-session shows that session", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    const entries = await listDevice(browser);
    assert.equal(entries.length, 3);
    assert.deepEqual(new Set(entries.map((e) => e.user.id)), new Set(accounts.map((a) => a.user.id)));
    for (const entry of entries) {
      assert.deepEqual(Object.keys(entry).sort(), ["session", "user"]);
      const s = signIns.find((x) => x.user.id === entry.user.id);
      const account = accounts.find((a) => a.user.id === entry.user.id);
      assert.equal(entry.user.email, account.email);
      // The real token: the app passes it back to setActive/revoke.
      assert.equal(entry.session.token, s.token);
      assert.equal(entry.session.userId, entry.user.id);
      const own = (await getSession(server, s.cookie)).json;
      assert.deepEqual(entry.session, own.session, "session as get-session returns it");
      assert.deepEqual(entry.user, own.user, "user as get-session returns it");
    }
    // The SDK revives dates.
    const { data } = await browser.client.multiSession.listDeviceSessions();
    assert.ok(data[0].session.expiresAt instanceof Date);
    assert.ok(data[0].user.createdAt instanceof Date);
    // Listing changes nothing.
    assert.deepEqual(multiChanges(browser.last()), []);
    assert.equal(browser.last().cookie(SESSION_COOKIE), undefined);
  });

  test("needs no session: it reads the multi cookies; no multi cookie → []", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const onlyMulti = browser.jar.clone();
    onlyMulti.cookies.delete(SESSION_COOKIE);
    assert.equal(await whoIs(onlyMulti.header()), null, "no session_token, so no session");
    const listed = await listRaw(onlyMulti.header());
    assert.deepEqual(listed.map((e) => e.user.id).sort(), accounts.map((a) => a.user.id).sort());

    assert.deepEqual(await listRaw(undefined), [], "no Cookie header");
    assert.deepEqual(await listRaw(signIns[1].cookie), [], "session_token alone lists nothing");
    const fresh = makeBrowser();
    assert.deepEqual(await listDevice(fresh), []);
  });

  test("two multi cookies of the same user → that user is listed once", async () => {
    // Only possible by copying a cookie between browsers; pins "one per distinct user".
    const [a, b] = await users(2);
    const { browser, signIns } = await browserWith([a, b]);
    const elsewhere = makeBrowser();
    const a2 = await elsewhere.signIn(a);
    browser.jar.set(multiName(a2.token), elsewhere.jar.get(multiName(a2.token)));
    assert.equal(browser.multiNames().length, 3);
    const entries = await listDevice(browser);
    assert.deepEqual(entries.map((e) => e.user.id).sort(), [a.user.id, b.user.id].sort());
    const aEntry = entries.find((e) => e.user.id === a.user.id);
    assert.ok([signIns[0].token, a2.token].includes(aEntry.session.token));
  });

  test("a multi cookie whose session ended elsewhere is left out", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    // Sign B's session out with only its own session cookie (no multi cookies sent).
    const out = await api.post("/sign-out", { json: {}, headers: { cookie: signIns[1].cookie } });
    assert.equal(out.status, 200);
    await assertAlive(signIns, [true, false, true]);
    assert.equal(browser.multiNames().length, 3, "the browser still holds B's multi cookie");
    const entries = await listDevice(browser);
    assert.deepEqual(entries.map((e) => e.user.id).sort(), [accounts[0].user.id, accounts[2].user.id].sort());
  });
});

describe("POST /multi-session/set-active", () => {
  test("switches session_token to that session and returns {session, user}; nothing else changes", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    for (const i of [0, 1, 2, 0]) {
      const { data, error } = await browser.client.multiSession.setActive({ sessionToken: signIns[i].token });
      assert.equal(error, null, JSON.stringify(error));
      const res = browser.last();
      assert.equal(res.method, "POST");
      assert.equal(res.status, 200);
      const raw = JSON.parse(res.text);
      assert.deepEqual(Object.keys(raw).sort(), ["session", "user"]);
      assert.equal(raw.session.token, signIns[i].token);
      assert.equal(raw.user.id, accounts[i].user.id);
      assert.equal(raw.user.email, accounts[i].email);
      assert.ok(data.session.expiresAt instanceof Date);
      const own = (await getSession(server, signIns[i].cookie)).json;
      assert.deepEqual(raw, { session: own.session, user: own.user }, "same as get-session of that session");
      assertSetsToken(res.cookie(SESSION_COOKIE), signIns[i].token, SESSION_COOKIE);
      assert.deepEqual(multiChanges(res), [], "set-active sets or expires no multi cookie");
      assert.equal(await activeUser(browser), accounts[i].user.id, "get-session now returns that user");
    }
    assert.equal(browser.multiNames().length, 3);
    assert.equal((await listDevice(browser)).length, 3);
    await assertAlive(signIns, [true, true, true]);
  });

  test("a token this browser holds no multi cookie for → 401 INVALID_SESSION_TOKEN, session_token unchanged", async () => {
    const accounts = await users(2);
    const { browser } = await browserWith(accounts);
    for (const sessionToken of ["A".repeat(32), "", "x"]) {
      const { data, error } = await browser.client.multiSession.setActive({ sessionToken });
      assert.equal(data, null);
      assert.equal(error?.status, 401, JSON.stringify(error));
      assert.equal(error.code, "INVALID_SESSION_TOKEN");
      const res = browser.last();
      assert.deepEqual(JSON.parse(res.text), { message: "Invalid session token", code: "INVALID_SESSION_TOKEN" });
      assert.equal(res.cookie(SESSION_COOKIE), undefined);
      assert.deepEqual(multiChanges(res), []);
    }
    assert.equal(await activeUser(browser), accounts[1].user.id);
    // No cookies at all.
    const res = await api.post("/multi-session/set-active", { json: { sessionToken: "A".repeat(32) } });
    assertError(res, 401, "INVALID_SESSION_TOKEN", "Invalid session token");
  });

  test("the multi cookie is looked up by the lower-cased token: any letter case selects it", async () => {
    // Follows from the cookie name (docs/api.md, "Cookies"): set-active lower-cases sessionToken to find the
    // cookie; the session used is the signed value inside it.
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const { data, error } = await browser.client.multiSession.setActive({ sessionToken: signIns[0].token.toUpperCase() });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.session.token, signIns[0].token);
    assert.equal(await activeUser(browser), accounts[0].user.id);
  });

  test("a multi cookie whose session was revoked elsewhere → 401 INVALID_SESSION_TOKEN and that multi cookie is expired", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const out = await api.post("/sign-out", { json: {}, headers: { cookie: signIns[0].cookie } });
    assert.equal(out.status, 200);
    const { error } = await browser.client.multiSession.setActive({ sessionToken: signIns[0].token });
    assert.equal(error?.status, 401);
    assert.equal(error.code, "INVALID_SESSION_TOKEN");
    const res = browser.last();
    assert.equal(res.cookie(SESSION_COOKIE), undefined, "session_token is not touched");
    assertExpired(res.cookie(multiName(signIns[0].token)), "the dead session's multi cookie");
    assert.deepEqual(multiChanges(res), [[multiName(signIns[0].token), "expired"]]);
    assert.deepEqual(browser.multiNames(), [multiName(signIns[1].token)]);
    assert.equal(await activeUser(browser), accounts[1].user.id);
  });

  test("a cross-site Origin with the browser's cookies → 403 INVALID_ORIGIN, nothing switches", async () => {
    // ASVS 3.5.x: set-active changes which account the browser acts as (login CSRF; docs/api.md, "Everywhere").
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const res = await api.post("/multi-session/set-active", {
      json: { sessionToken: signIns[0].token },
      headers: { cookie: browser.jar.header(), origin: "http://evil.example" },
    });
    assertError(res, 403, "INVALID_ORIGIN");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
    assert.equal(await activeUser(browser), accounts[1].user.id);
  });
});

describe("POST /multi-session/revoke", () => {
  test("a session that is not the active one: {status:true}, its multi cookie expired, list shrinks, the session is gone everywhere", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    const { data, error } = await browser.client.multiSession.revoke({ sessionToken: signIns[0].token });
    assert.equal(error, null, JSON.stringify(error));
    assert.deepEqual(data, { status: true });
    const res = browser.last();
    assert.equal(res.method, "POST");
    assert.deepEqual(JSON.parse(res.text), { status: true });
    assertExpired(res.cookie(multiName(signIns[0].token)), "the revoked session's multi cookie");
    assert.deepEqual(multiChanges(res), [[multiName(signIns[0].token), "expired"]]);
    assert.equal(res.cookie(SESSION_COOKIE), undefined, "the active session's cookie is untouched");

    assert.deepEqual(browser.multiNames(), [multiName(signIns[1].token), multiName(signIns[2].token)].sort());
    const listed = await listDevice(browser);
    assert.deepEqual(listed.map((e) => e.user.id).sort(), [accounts[1].user.id, accounts[2].user.id].sort());
    assert.equal(await activeUser(browser), accounts[2].user.id);
    await assertAlive(signIns, [false, true, true]);
    // Not even a browser that still has the old multi cookie can get it back.
    const { error: again } = await browser.client.multiSession.setActive({ sessionToken: signIns[0].token });
    assert.equal(again?.code, "INVALID_SESSION_TOKEN");
  });

  test("the active session: switches session_token to a remaining session; the last one clears the session cookie", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    const remaining = new Set([0, 1, 2]);
    let active = 2;
    const switchedTo = [];
    while (remaining.size > 0) {
      const { data, error } = await browser.client.multiSession.revoke({ sessionToken: signIns[active].token });
      assert.equal(error, null, JSON.stringify(error));
      assert.deepEqual(data, { status: true });
      const res = browser.last();
      remaining.delete(active);
      assertExpired(res.cookie(multiName(signIns[active].token)), "the revoked active session's multi cookie");
      assert.equal((await whoIs(signIns[active].cookie)), null, "the revoked session is gone");
      if (remaining.size === 0) {
        assertExpired(res.cookie(SESSION_COOKIE), SESSION_COOKIE);
        assert.equal(await activeUser(browser), null);
        break;
      }
      const st = res.cookie(SESSION_COOKIE);
      const next = signIns.findIndex((s) => st && st.value === signedCookieValue(s.token, server.secret));
      assert.ok(remaining.has(next), `session_token is set to one of the remaining sessions: ${st?.raw}`);
      assertSetsToken(st, signIns[next].token, SESSION_COOKIE);
      assert.equal(await activeUser(browser), accounts[next].user.id, "get-session returns the user switched to");
      assert.equal((await listDevice(browser)).length, remaining.size);
      switchedTo.push(next);
      active = next;
    }
    assert.equal(switchedTo.length, 2);
    assert.deepEqual(browser.multiNames(), []);
    assert.equal(browser.jar.get(SESSION_COOKIE), undefined);
    await assertAlive(signIns, [false, false, false]);
  });

  test("the active session when the other multi cookies' sessions are dead → session cookie cleared", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    await api.post("/sign-out", { json: {}, headers: { cookie: signIns[0].cookie } });
    const { data, error } = await browser.client.multiSession.revoke({ sessionToken: signIns[1].token });
    assert.equal(error, null, JSON.stringify(error));
    assert.deepEqual(data, { status: true });
    assertExpired(browser.last().cookie(SESSION_COOKIE), SESSION_COOKIE);
    assert.equal(await activeUser(browser), null);
    await assertAlive(signIns, [false, false]);
  });

  test("a token this browser holds no multi cookie for → 401 INVALID_SESSION_TOKEN, nothing deleted", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const other = makeBrowser();
    const [stranger] = await users(1);
    const theirs = await other.signIn(stranger);
    for (const sessionToken of ["A".repeat(32), theirs.token]) {
      const { data, error } = await browser.client.multiSession.revoke({ sessionToken });
      assert.equal(data, null);
      assert.equal(error?.status, 401, JSON.stringify(error));
      assert.equal(error.code, "INVALID_SESSION_TOKEN");
      assert.deepEqual(JSON.parse(browser.last().text), { message: "Invalid session token", code: "INVALID_SESSION_TOKEN" });
      assert.deepEqual(multiChanges(browser.last()), []);
      assert.equal(browser.last().cookie(SESSION_COOKIE), undefined);
    }
    await assertAlive([...signIns, theirs], [true, true, true]);
  });

  test("without any session → 401 UNAUTHORIZED, nothing deleted (even with the multi cookies)", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    const onlyMulti = browser.jar.clone();
    onlyMulti.cookies.delete(SESSION_COOKIE);
    const res = await api.post("/multi-session/revoke", { json: { sessionToken: signIns[0].token }, headers: { cookie: onlyMulti.header() } });
    assertError(res, 401, "UNAUTHORIZED", "Unauthorized");
    assert.deepEqual(multiChanges(res), []);
    const bare = await api.post("/multi-session/revoke", { json: { sessionToken: signIns[0].token } });
    assertError(bare, 401, "UNAUTHORIZED", "Unauthorized");
    const sdk = makeBrowser();
    const { error } = await sdk.client.multiSession.revoke({ sessionToken: signIns[0].token });
    assert.equal(error?.status, 401);
    assert.equal(error.code, "UNAUTHORIZED");
    await assertAlive(signIns, [true, true]);
  });
});

describe("the same user signing in again in the same browser", () => {
  test("replaces that user's older multi cookie and deletes its older session; other users untouched", async () => {
    const [a, b] = await users(2);
    const { browser, signIns } = await browserWith([a, b]);
    const again = await browser.signIn(a);
    const res = again.res;
    assertExpired(res.cookie(multiName(signIns[0].token)), "A's older multi cookie");
    assertSetsToken(res.cookie(multiName(again.token)), again.token, "A's new multi cookie");
    assert.deepEqual(multiChanges(res), [[multiName(signIns[0].token), "expired"], [multiName(again.token), "set"]].sort(([x], [y]) => (x < y ? -1 : 1)));
    assert.deepEqual(browser.multiNames(), [multiName(again.token), multiName(signIns[1].token)].sort());
    await assertAlive([signIns[0], signIns[1], again], [false, true, true]);
    const listed = await listDevice(browser);
    assert.deepEqual(listed.map((e) => e.session.token).sort(), [again.token, signIns[1].token].sort());
    assert.equal(await activeUser(browser), a.user.id);
  });

  test("also when that user is the active one", async () => {
    const [a, b] = await users(2);
    const { browser, signIns } = await browserWith([a, b]);
    const again = await browser.signIn(b);
    assertExpired(again.res.cookie(multiName(signIns[1].token)), "B's older multi cookie");
    await assertAlive([signIns[0], signIns[1], again], [true, false, true]);
    assert.equal((await listDevice(browser)).length, 2);
  });
});

describe("at most five sessions per browser (maximumSessions, default 5)", () => {
  test("the 6th user: signed in (session_token) but gets no multi cookie, is not listed and cannot be set active", async () => {
    const accounts = await users(6);
    const { browser, signIns } = await browserWith(accounts.slice(0, 5));
    assert.equal(browser.multiNames().length, 5, "five users, five multi cookies");

    const sixth = await browser.signIn(accounts[5]);
    assert.equal(sixth.res.status, 200);
    assertSetsToken(sixth.res.cookie(SESSION_COOKIE), sixth.token, SESSION_COOKIE);
    assert.deepEqual(multiChanges(sixth.res), [], "no multi cookie is set for the 6th, none is expired");
    assert.deepEqual(browser.multiNames(), signIns.map((s) => multiName(s.token)).sort());
    assert.equal(await activeUser(browser), accounts[5].user.id, "the 6th is the active session");

    const listed = await listDevice(browser);
    assert.deepEqual(listed.map((e) => e.user.id).sort(), accounts.slice(0, 5).map((a) => a.user.id).sort());
    const { error } = await browser.client.multiSession.setActive({ sessionToken: sixth.token });
    assert.equal(error?.status, 401);
    assert.equal(error.code, "INVALID_SESSION_TOKEN");
    // The first five can still be switched to.
    const { data } = await browser.client.multiSession.setActive({ sessionToken: signIns[4].token });
    assert.equal(data?.user.id, accounts[4].user.id);
    await assertAlive([...signIns, sixth], [true, true, true, true, true, true]);

    // Switched away from, the 6th session is held by no cookie of this browser any more, so
    // sign-out cannot end it: it outlives the sign-out (until it expires or is revoked through
    // /revoke-session). The first five end.
    const { error: outErr } = await browser.client.signOut();
    assert.equal(outErr, null);
    assert.equal(browser.jar.headerWithout(DEVICE_COOKIE), undefined, "nothing left in the jar but the device cookie");
    await assertAlive([...signIns, sixth], [false, false, false, false, false, true]);
  });

  test("with five, one of them signing in again still replaces its multi cookie", async () => {
    const accounts = await users(5);
    const { browser, signIns } = await browserWith(accounts);
    const again = await browser.signIn(accounts[0]);
    assertExpired(again.res.cookie(multiName(signIns[0].token)), "the older multi cookie");
    assertSetsToken(again.res.cookie(multiName(again.token)), again.token, "the new multi cookie");
    assert.equal(browser.multiNames().length, 5);
    await assertAlive([...signIns, again], [false, true, true, true, true, true]);
  });

  test("sign-out with the 6th active ends all six sessions", async () => {
    const accounts = await users(6);
    const { browser, signIns } = await browserWith(accounts);
    const { data, error } = await browser.client.signOut();
    assert.equal(error, null);
    assert.deepEqual(data, { success: true });
    assert.equal(multiChanges(browser.last()).length, 5);
    assert.equal(browser.jar.headerWithout(DEVICE_COOKIE), undefined, "nothing left in the jar but the device cookie");
    await assertAlive(signIns, [false, false, false, false, false, false]);
  });
});

describe("sign-out", () => {
  test("expires session_token and every multi cookie, and deletes every one of those sessions", async () => {
    const accounts = await users(3);
    const { browser, signIns } = await browserWith(accounts);
    await browser.client.multiSession.setActive({ sessionToken: signIns[1].token });
    const before = browser.jar.header();
    const { data, error } = await browser.client.signOut();
    assert.equal(error, null);
    assert.deepEqual(data, { success: true });
    const res = browser.last();
    assertExpired(res.cookie(SESSION_COOKIE), SESSION_COOKIE);
    for (const s of signIns) assertExpired(res.cookie(multiName(s.token)), `multi cookie of ${s.user.email}`);
    assert.deepEqual(multiChanges(res), signIns.map((s) => [multiName(s.token), "expired"]).sort(([x], [y]) => (x < y ? -1 : 1)));
    assert.equal(browser.jar.headerWithout(DEVICE_COOKIE), undefined, "nothing left in the jar but the device cookie");
    assert.equal(await activeUser(browser), null);

    // ASVS 3.3.1: the sessions end on the server, not just in this browser. Replayed from
    // another jar with the old cookies, none of them works.
    await assertAlive(signIns, [false, false, false]);
    assert.deepEqual(await listRaw(before), [], "the old multi cookies list nothing");
    const replay = await api.post("/multi-session/set-active", { json: { sessionToken: signIns[0].token }, headers: { cookie: before } });
    assertError(replay, 401, "INVALID_SESSION_TOKEN");
  });

  test("a browser's sign-out leaves the same users' sessions in other browsers alone", async () => {
    const accounts = await users(2);
    const first = await browserWith(accounts);
    const second = await browserWith(accounts);
    await first.browser.client.signOut();
    await assertAlive([...first.signIns, ...second.signIns], [false, false, true, true]);
    assert.equal((await listDevice(second.browser)).length, 2);
  });
});

describe("bad input", () => {
  const bodies = [{}, { sessionToken: 123 }, { sessionToken: null }, { sessionToken: ["x"] }, { sessionToken: { a: 1 } }, { token: "A".repeat(32) }];

  test("set-active: missing or non-string sessionToken → 400 VALIDATION_ERROR", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    for (const json of bodies) {
      const res = await api.post("/multi-session/set-active", { json, headers: { cookie: browser.jar.header() } });
      assertError(res, 400, "VALIDATION_ERROR");
      assert.match(res.json.message, /sessionToken/, JSON.stringify(json));
      assert.equal(res.cookie(SESSION_COOKIE), undefined);
    }
    const none = await api.post("/multi-session/set-active", { headers: { cookie: browser.jar.header() } });
    assertError(none, 400, "VALIDATION_ERROR");
    assert.equal(await activeUser(browser), accounts[1].user.id);
    await assertAlive(signIns, [true, true]);
  });

  test("revoke (with a session): missing or non-string sessionToken → 400 VALIDATION_ERROR, nothing deleted", async () => {
    const accounts = await users(2);
    const { browser, signIns } = await browserWith(accounts);
    for (const json of bodies) {
      const res = await api.post("/multi-session/revoke", { json, headers: { cookie: browser.jar.header() } });
      assertError(res, 400, "VALIDATION_ERROR");
      assert.match(res.json.message, /sessionToken/, JSON.stringify(json));
      assert.deepEqual(multiChanges(res), []);
    }
    const none = await api.post("/multi-session/revoke", { headers: { cookie: browser.jar.header() } });
    assertError(none, 400, "VALIDATION_ERROR");
    await assertAlive(signIns, [true, true]);
  });

  test("revoke validates the body before it checks for a session (no session, bad body → 400)", async () => {
    const res = await api.post("/multi-session/revoke", { json: {} });
    assertError(res, 400, "VALIDATION_ERROR");
  });

  test("wrong method → 404 with an empty body", async () => {
    const [account] = await users(1);
    const { browser } = await browserWith([account]);
    const cookie = browser.jar.header();
    for (const [method, path] of [["POST", "/multi-session/list-device-sessions"], ["GET", "/multi-session/set-active"], ["GET", "/multi-session/revoke"]]) {
      const res = await api.request(method, path, { ...(method === "POST" ? { json: {} } : {}), headers: { cookie } });
      assert.equal(res.status, 404, `${method} ${path}: ${res.status} ${res.text}`);
      assert.equal(res.text, "", `${method} ${path} body`);
    }
  });
});

describe("security", () => {
  /** A victim signed in in their own browser, and an attacker's browser with its own user. */
  async function victimAndAttacker() {
    const [victim, attacker] = await users(2);
    const victimBrowser = makeBrowser();
    const v = await victimBrowser.signIn(victim);
    const { browser, signIns } = await browserWith([attacker]);
    return { victim, attacker, v, browser, own: signIns[0] };
  }

  test("a multi cookie with a forged signature is ignored by list, set-active, revoke and sign-out", async () => {
    // Pins that the multi cookie's HMAC (docs/api.md, "Cookies") is checked on every read: knowing another
    // browser's session token (e.g. leaked from a log) without the server secret does not let
    // a browser list it, switch to it, revoke it, or delete it through sign-out.
    const { victim, attacker, v, browser, own } = await victimAndAttacker();
    const forgeries = [
      encodeURIComponent(`${v.token}.${cookieSignature(v.token, "not-the-server-secret")}`), // well-formed, wrong key
      v.token, // unsigned
      encodeURIComponent(`${v.token}.${"A".repeat(43)}=`),
    ];
    for (const value of forgeries) {
      browser.jar.set(multiName(v.token), value);
      const listed = await listDevice(browser);
      assert.deepEqual(listed.map((e) => e.user.id), [attacker.user.id], `list ignores ${value}`);

      const { error: setErr } = await browser.client.multiSession.setActive({ sessionToken: v.token });
      assert.equal(setErr?.status, 401, JSON.stringify(setErr));
      assert.equal(setErr.code, "INVALID_SESSION_TOKEN");
      assert.equal(browser.last().cookie(SESSION_COOKIE), undefined, "no session_token for the victim's session");

      const { error: revErr } = await browser.client.multiSession.revoke({ sessionToken: v.token });
      assert.equal(revErr?.status, 401, JSON.stringify(revErr));
      assert.equal(revErr.code, "INVALID_SESSION_TOKEN");
      assert.equal(await activeUser(browser), attacker.user.id);
      assert.equal(await whoIs(v.cookie), victim.user.id, "the victim's session survives");
    }

    const { error } = await browser.client.signOut();
    assert.equal(error, null);
    assert.equal(await whoIs(own.cookie), null, "the attacker's own session ended");
    assert.equal(await whoIs(v.cookie), victim.user.id, "sign-out with a forged multi cookie does not end the victim's session");
  });

  test("control: the same cookie correctly signed with the server's secret is honoured", async () => {
    // Shows the forgery test fails for the signature alone (the test knows the secret).
    const { victim, v, browser } = await victimAndAttacker();
    browser.jar.set(multiName(v.token), signedCookieValue(v.token, server.secret));
    const listed = await listDevice(browser);
    assert.ok(listed.some((e) => e.user.id === victim.user.id));
    const { data, error } = await browser.client.multiSession.setActive({ sessionToken: v.token });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.user.id, victim.user.id);
  });

  test("another browser's session token cannot be set active or revoked: 401 INVALID_SESSION_TOKEN", async () => {
    // Pins that set-active/revoke act only on sessions this browser holds a signed multi
    // cookie for: a token alone (another browser's) neither switches to nor deletes its session.
    const { victim, attacker, v, browser } = await victimAndAttacker();
    const { data, error } = await browser.client.multiSession.setActive({ sessionToken: v.token });
    assert.equal(data, null);
    assert.equal(error?.status, 401);
    assert.equal(error.code, "INVALID_SESSION_TOKEN");
    assert.equal(browser.last().cookie(SESSION_COOKIE), undefined);
    assert.equal(await activeUser(browser), attacker.user.id);

    const { error: revErr } = await browser.client.multiSession.revoke({ sessionToken: v.token });
    assert.equal(revErr?.status, 401);
    assert.equal(revErr.code, "INVALID_SESSION_TOKEN");
    assert.deepEqual(multiChanges(browser.last()), []);

    // Nor from a request that carries no cookie at all.
    const res = await api.post("/multi-session/set-active", { json: { sessionToken: v.token } });
    assertError(res, 401, "INVALID_SESSION_TOKEN");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
    assert.equal(await whoIs(v.cookie), victim.user.id);
    assert.deepEqual((await listDevice(browser)).map((e) => e.user.id), [attacker.user.id]);
  });
});
