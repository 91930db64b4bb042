// Session management and accounts: GET /list-sessions, POST /revoke-session, /revoke-sessions,
// /revoke-other-sessions, GET /list-accounts (docs/api.md, "Sessions" and "Session tokens in
// list-sessions"; the client SDK's calls).
// One user signed in on several "devices" (one cookie jar each); get-session from every jar
// tells which sessions survived.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import {
  assertError, assertIsoDates, getSession, PASSWORD, sessionCookieHeader, signUp, TOKEN_RE, auditEventFor } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { sha256Hex } from "../lib/db.js";
import { IS_PEER, LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";
import { startServer } from "../lib/server.js";

const SESSION_KEYS = ["createdAt", "expiresAt", "id", "ipAddress", "token", "updatedAt", "userAgent", "userId"];

let server;
let api;
before(async () => {
  server = await startServer({ name: "session-management" });
  api = apiFor(server);
});
after(() => server?.cleanup());

/**
 * Signs `email` in on a new device (its own SDK client and cookie jar). Keeps the Cookie
 * header of that moment (replayed later, even after the jar was cleared), the token from
 * the sign-in body and the session as get-session shows it.
 */
async function signInDevice(srv, email, password = PASSWORD) {
  const c = makeClient(srv);
  const { data, error } = await c.client.signIn.email({ email, password });
  assert.equal(error, null, `sign-in: ${JSON.stringify(error)}`);
  assert.match(data.token, TOKEN_RE);
  const cookie = c.jar.header();
  const res = await getSession(srv, cookie);
  assert.equal(res.json?.session?.token, data.token);
  return { ...c, token: data.token, cookie, session: res.json.session };
}

/** A new user signed in on `n` devices; the sign-up session is signed out, so exactly n exist. */
async function userWithDevices(n, srv = server) {
  const account = await signUp(srv);
  const out = await apiFor(srv).post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
  assert.equal(out.status, 200);
  const devices = [];
  for (let i = 0; i < n; i++) devices.push(await signInDevice(srv, account.email));
  return { account, devices };
}

/** True when the device's original cookie still gives its session. */
async function alive(device, srv = server) {
  const res = await getSession(srv, device.cookie);
  assert.equal(res.status, 200);
  return res.json?.session?.id === device.session.id;
}

/** Asserts which devices still have a session: expected[i] for devices[i]. */
async function assertAlive(devices, expected) {
  const actual = [];
  for (const d of devices) actual.push(await alive(d));
  assert.deepEqual(actual, expected, "which devices still have a session");
}

function assertDeleted(cookie, name) {
  assert.ok(cookie, `${name} is expired in the response`);
  assert.equal(cookie.value, "");
  assert.equal(cookie.attrs["max-age"], "0");
  assert.equal(cookie.attrs.path, "/");
}

function listRaw(cookie) {
  return api.get("/list-sessions", { headers: { cookie } });
}

describe("GET /list-sessions", () => {
  test("listSessions() → every session of the user, each shaped like get-session's session", async () => {
    const { account, devices } = await userWithDevices(3);
    const bystander = await signUp(server); // another user's session is never listed
    const [me] = devices;

    const { data, error } = await me.client.listSessions();
    assert.equal(error, null);
    assert.ok(Array.isArray(data));
    assert.equal(data.length, 3);
    assert.deepEqual(new Set(data.map((s) => s.id)), new Set(devices.map((d) => d.session.id)));
    assert.ok(data[0].expiresAt instanceof Date, "the SDK revives ISO dates");
    assert.ok(!data.some((s) => s.token === bystander.token || s.userId !== account.user.id));

    const res = me.last();
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get("content-type")), /^application\/json/);
    for (const entry of JSON.parse(res.text)) {
      for (const k of SESSION_KEYS) assert.ok(k in entry, `list-sessions entry has ${k}`);
      assert.match(entry.id, TOKEN_RE);
      assert.equal(typeof entry.token, "string");
      assertIsoDates(entry, ["expiresAt", "createdAt", "updatedAt"]);
      const device = devices.find((d) => d.session.id === entry.id);
      const { token, ...rest } = entry;
      const { token: realToken, ...expected } = device.session;
      assert.deepEqual(rest, expected, "same fields and values as get-session from that device");
      // Latchkey lists a handle instead of the token for the other devices (see below).
      if (device === me || IS_PEER) assert.equal(token, realToken);
    }
  });

  test("the caller's own entry is exactly its get-session session", async () => {
    const { devices } = await userWithDevices(2);
    for (const d of devices) {
      const res = await listRaw(d.cookie);
      assert.equal(res.status, 200);
      const own = res.json.find((s) => s.id === d.session.id);
      assert.deepEqual(own, d.session);
    }
  });

  test("a signed-out session is no longer listed", async () => {
    const { devices } = await userWithDevices(3);
    await devices[2].client.signOut();
    const res = await listRaw(devices[0].cookie);
    assert.deepEqual(res.json.map((s) => s.id).sort(), [devices[0].session.id, devices[1].session.id].sort());
  });

  test("a user with one session lists exactly that one", async () => {
    const account = await signUp(server);
    const res = await listRaw(account.cookie);
    assert.equal(res.status, 200);
    assert.equal(res.json.length, 1);
    assert.equal(res.json[0].token, account.token);
    assert.equal(res.json[0].userId, account.user.id);
  });
});

describe("POST /revoke-session", () => {
  test("listSessions() then revokeSession({token}) of another device ends that device only", async () => {
    // ASVS 3.3.4: users can see their active sessions and terminate any of them.
    const { devices } = await userWithDevices(3);
    const [me, other] = devices;
    await getSession(server, other.cookie); // warm any server-side session cache
    const { data: listed } = await me.client.listSessions();
    const entry = listed.find((s) => s.id === other.session.id);
    assert.ok(entry, "the other device is listed");

    const { data, error } = await me.client.revokeSession({ token: entry.token });
    assert.equal(error, null);
    assert.deepEqual(data, { status: true });
    assert.deepEqual(JSON.parse(me.last().text), { status: true });
    assert.equal(me.last().cookie(SESSION_COOKIE), undefined, "the caller's cookie is untouched");
    await assertAlive(devices, [true, false, true]);

    // The revoked device finds out on its next request: null, and its cookie is expired.
    const { data: gone } = await other.client.getSession();
    assert.equal(gone, null);
    assertDeleted(other.last().cookie(SESSION_COOKIE), SESSION_COOKIE);
    const { data: after } = await me.client.listSessions();
    assert.deepEqual(after.map((s) => s.id).sort(), [devices[0].session.id, devices[2].session.id].sort());
  });

  test("revoking the current session's token → {status:true} and the session cookie is expired", async () => {
    const { devices } = await userWithDevices(2);
    const [me] = devices;
    const { data, error } = await me.client.revokeSession({ token: me.token });
    assert.equal(error, null);
    assert.deepEqual(data, { status: true });
    assertDeleted(me.last().cookie(SESSION_COOKIE), SESSION_COOKIE);
    assert.equal(me.jar.get(SESSION_COOKIE), undefined);
    await assertAlive(devices, [false, true]);
    assert.equal((await me.client.getSession()).data, null);
  });

  test("another user's session token → 200 {status:true} but nothing is revoked", async () => {
    // ASVS 4.2.1: no cross-user session termination (IDOR).
    const attacker = await userWithDevices(1);
    const victim = await userWithDevices(2);
    const [me] = attacker.devices;
    const victimListed = (await listRaw(victim.devices[0].cookie)).json.map((s) => s.token);
    for (const token of new Set([victim.devices[0].token, victim.devices[1].token, ...victimListed])) {
      const res = await api.post("/revoke-session", { json: { token }, headers: { cookie: me.cookie } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { status: true });
      assert.equal(res.cookie(SESSION_COOKIE), undefined);
    }
    await assertAlive(victim.devices, [true, true]);
    await assertAlive(attacker.devices, [true]);
  });

  test("an unknown token → 200 {status:true}, nothing revoked", async () => {
    const { devices } = await userWithDevices(2);
    for (const token of ["A".repeat(32), "no-such-session"]) {
      const res = await api.post("/revoke-session", { json: { token }, headers: { cookie: devices[0].cookie } });
      assert.equal(res.status, 200, `${token}: ${res.text}`);
      assert.deepEqual(res.json, { status: true });
    }
    await assertAlive(devices, [true, true]);
  });

  test("an empty token string is accepted (200) and revokes nothing", async () => {
    const { devices } = await userWithDevices(2);
    const res = await api.post("/revoke-session", { json: { token: "" }, headers: { cookie: devices[0].cookie } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
    await assertAlive(devices, [true, true]);
  });

  test("missing or non-string token, or a non-object body → 400 VALIDATION_ERROR, nothing revoked", async () => {
    const { devices } = await userWithDevices(2);
    const cookie = devices[0].cookie;
    const bodies = [{}, { token: 5 }, { token: null }, { token: [devices[1].token] }, { token: { t: devices[1].token } }, [devices[1].token], "x"];
    for (const json of bodies) {
      const res = await api.post("/revoke-session", { json, headers: { cookie } });
      assert.equal(res.status, 400, `${JSON.stringify(json)} → ${res.status} ${res.text}`);
      assertError(res, 400, "VALIDATION_ERROR");
    }
    const noBody = await api.post("/revoke-session", { headers: { cookie } });
    assertError(noBody, 400, "VALIDATION_ERROR");
    await assertAlive(devices, [true, true]);
  });
});

describe("POST /revoke-sessions and /revoke-other-sessions", () => {
  test("revokeSessions() ends every session, the current one included, and expires the cookie", async () => {
    // ASVS 3.3.4 / 3.3.3: "log out everywhere".
    const { devices } = await userWithDevices(3);
    const bystander = await signUp(server);
    const [me] = devices;
    const { data, error } = await me.client.revokeSessions();
    assert.equal(error, null);
    assert.deepEqual(data, { status: true });
    assert.equal(me.last().method, "POST");
    assertDeleted(me.last().cookie(SESSION_COOKIE), SESSION_COOKIE);
    assert.equal(me.jar.get(SESSION_COOKIE), undefined);
    await assertAlive(devices, [false, false, false]);
    assert.ok((await getSession(server, bystander.cookie)).json?.user, "another user's session survives");
  });

  test("revokeOtherSessions() ends all but the current session", async () => {
    const { devices } = await userWithDevices(3);
    const bystander = await signUp(server);
    const [me] = devices;
    const { data, error } = await me.client.revokeOtherSessions();
    assert.equal(error, null);
    assert.deepEqual(data, { status: true });
    assert.equal(me.last().method, "POST");
    assert.equal(me.last().cookie(SESSION_COOKIE), undefined, "the current cookie is left alone");
    await assertAlive(devices, [true, false, false]);
    assert.ok((await getSession(server, bystander.cookie)).json?.user, "another user's session survives");
    const { data: listed } = await me.client.listSessions();
    assert.deepEqual(listed.map((s) => s.id), [me.session.id]);
    assert.equal(listed[0].token, me.token);
  });

  test("revokeOtherSessions() with a single session is a no-op → {status:true}", async () => {
    const { devices } = await userWithDevices(1);
    const { data, error } = await devices[0].client.revokeOtherSessions();
    assert.equal(error, null);
    assert.deepEqual(data, { status: true });
    await assertAlive(devices, [true]);
  });

  test("both take no body: sent without one they still work", async () => {
    const a = await userWithDevices(2);
    const other = await api.post("/revoke-other-sessions", { headers: { cookie: a.devices[0].cookie } });
    assert.equal(other.status, 200, other.text);
    assert.deepEqual(other.json, { status: true });
    await assertAlive(a.devices, [true, false]);

    const all = await api.post("/revoke-sessions", { headers: { cookie: a.devices[0].cookie } });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.json, { status: true });
    assertDeleted(all.cookie(SESSION_COOKIE), SESSION_COOKIE);
    await assertAlive(a.devices, [false, false]);
  });
});

describe("GET /list-accounts", () => {
  test("listAccounts() → the credential account: providerId credential, accountId = user id, scopes []", async () => {
    const account = await signUp(server);
    const { client, last } = makeClient(server);
    await client.signIn.email({ email: account.email, password: PASSWORD });
    const { data, error } = await client.listAccounts();
    assert.equal(error, null);
    assert.equal(data.length, 1);
    assert.ok(data[0].createdAt instanceof Date);

    const raw = JSON.parse(last().text);
    assert.equal(raw.length, 1);
    const [acc] = raw;
    assert.deepEqual(Object.keys(acc).sort(), ["accountId", "createdAt", "id", "providerId", "scopes", "updatedAt", "userId"]);
    assert.match(acc.id, TOKEN_RE);
    assert.notEqual(acc.id, account.user.id, "the account row has its own id");
    assert.equal(acc.providerId, "credential");
    assert.equal(acc.accountId, account.user.id);
    assert.equal(acc.userId, account.user.id);
    assert.deepEqual(acc.scopes, []);
    assertIsoDates(acc, ["createdAt", "updatedAt"]);
    // ASVS 8.3.x: no password hash or provider tokens in the output.
    assert.ok(!/password|accessToken|refreshToken|idToken/i.test(last().text), last().text);
  });

  test("only the caller's accounts are listed", async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    for (const who of [a, b]) {
      const res = await api.get("/list-accounts", { headers: { cookie: who.cookie } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.map((x) => x.userId), [who.user.id]);
    }
  });
});

describe("session required", () => {
  const routes = [
    ["GET", "/list-sessions", undefined],
    ["GET", "/list-accounts", undefined],
    ["POST", "/revoke-session", { token: "A".repeat(32) }],
    ["POST", "/revoke-sessions", {}],
    ["POST", "/revoke-other-sessions", {}],
  ];

  test("the SDK calls without a session → 401 UNAUTHORIZED", async () => {
    // ASVS 4.1.1: access control enforced on the server.
    const { client } = makeClient(server);
    const calls = {
      listSessions: () => client.listSessions(),
      listAccounts: () => client.listAccounts(),
      revokeSession: () => client.revokeSession({ token: "A".repeat(32) }),
      revokeSessions: () => client.revokeSessions(),
      revokeOtherSessions: () => client.revokeOtherSessions(),
    };
    for (const [name, call] of Object.entries(calls)) {
      const { data, error } = await call();
      assert.equal(data, null, name);
      assert.equal(error?.status, 401, `${name}: ${JSON.stringify(error)}`);
      assert.equal(error.code, "UNAUTHORIZED", name);
    }
  });

  test("raw, without a cookie → 401 {message:Unauthorized, code:UNAUTHORIZED}", async () => {
    for (const [method, path, json] of routes) {
      const res = await api.request(method, path, json === undefined ? {} : { json });
      assertError(res, 401, "UNAUTHORIZED", "Unauthorized");
    }
  });

  test("with a revoked session's cookie → 401, and that cookie is expired", async () => {
    const { devices } = await userWithDevices(2);
    await devices[1].client.revokeOtherSessions();
    const dead = devices[0].cookie;
    assert.equal(await alive(devices[0]), false);
    for (const [method, path, json] of routes) {
      const res = await api.request(method, path, { ...(json === undefined ? {} : { json }), headers: { cookie: dead } });
      assertError(res, 401, "UNAUTHORIZED");
      assertDeleted(res.cookie(SESSION_COOKIE), `${path}: ${SESSION_COOKIE}`);
    }
    await assertAlive(devices, [false, true]);
  });

  test("a cross-site Origin with the cookie → 403 INVALID_ORIGIN, nothing revoked", async () => {
    // ASVS 3.5.x / 50.x: CSRF on state-changing session routes (docs/api.md, "Everywhere").
    const { devices } = await userWithDevices(2);
    const headers = { cookie: devices[0].cookie, origin: "http://evil.example" };
    for (const [path, json] of [["/revoke-sessions", {}], ["/revoke-other-sessions", {}], ["/revoke-session", { token: devices[1].token }]]) {
      const res = await api.post(path, { json, headers });
      assertError(res, 403, "INVALID_ORIGIN");
    }
    await assertAlive(devices, [true, true]);
  });

  test("wrong method → 404 with an empty body", async () => {
    const { devices } = await userWithDevices(1);
    const cookie = devices[0].cookie;
    const wrong = [["POST", "/list-sessions"], ["POST", "/list-accounts"], ["GET", "/revoke-session"], ["GET", "/revoke-sessions"], ["GET", "/revoke-other-sessions"]];
    for (const [method, path] of wrong) {
      const res = await api.request(method, path, { ...(method === "POST" ? { json: {} } : {}), headers: { cookie } });
      assert.equal(res.status, 404, `${method} ${path}: ${res.status} ${res.text}`);
      assert.equal(res.text, "", `${method} ${path} body`);
    }
    await assertAlive(devices, [true]);
  });
});

// Latchkey stores only SHA-256 hashes of session tokens, so it cannot list the other sessions'
// tokens: their `token` is an opaque handle (the session id) that revoke-session accepts.
describe("list-sessions tokens (latchkey)", () => {
  test(
    "only the current session's entry carries the real token; the others carry a handle revoke-session accepts",
    { skip: latchkeyDiffers("Better Auth lists every session's real token; latchkey only the caller's own") },
    async () => {
      // ASVS 3.2.x (docs/operations.md, "What the database holds"): session tokens are stored
      // hashed and not disclosed again.
      const { account, devices } = await userWithDevices(3);
      const [me, d1, d2] = devices;
      const res = await listRaw(me.cookie);
      assert.equal(res.status, 200);
      const byId = new Map(res.json.map((s) => [s.id, s]));
      assert.equal(byId.get(me.session.id).token, me.token, "current session: the real token");
      for (const d of [d1, d2]) {
        const handle = byId.get(d.session.id).token;
        assert.match(handle, TOKEN_RE);
        assert.notEqual(handle, d.token, "another device's real token is not disclosed");
        assert.ok(!res.text.includes(d.token));
        assert.ok(!res.text.includes(sha256Hex(d.token)), "nor its hash");
        // A handle is no credential: neither as a signed cookie nor as a bearer token.
        const asCookie = await getSession(server, sessionCookieHeader(handle, server.secret));
        assert.equal(asCookie.text, "null", "a handle as session cookie is no session");
        const asBearer = await getSession(server, undefined, { authorization: `Bearer ${handle}` });
        assert.equal(asBearer.json?.session ?? null, null, "a handle as bearer token is no session");
      }
      // Each device sees its own real token and handles for the others.
      const fromD1 = new Map((await listRaw(d1.cookie)).json.map((s) => [s.id, s.token]));
      assert.equal(fromD1.get(d1.session.id), d1.token);
      assert.notEqual(fromD1.get(me.session.id), me.token);

      // The handle revokes exactly that session.
      const revoke = await api.post("/revoke-session", { json: { token: byId.get(d1.session.id).token }, headers: { cookie: me.cookie } });
      assert.equal(revoke.status, 200);
      assert.deepEqual(revoke.json, { status: true });
      await assertAlive(devices, [true, false, true]);

      // The database never holds a session token in clear, only its SHA-256.
      const hashes = await server.db.sessionTokenHashes(account.user.id);
      assert.ok(hashes.includes(sha256Hex(me.token)) && hashes.includes(sha256Hex(d2.token)));
      assert.ok(!hashes.includes(sha256Hex(d1.token)), "the revoked session's row is gone");
      const content = await server.db.contentText();
      for (const d of devices) assert.ok(!content.includes(d.token), "a session token is stored in clear");
    },
  );
});

describe("latchkey extras", { skip: LATCHKEY_ONLY }, () => {
  test("revoke-session, revoke-other-sessions and revoke-sessions each write one session.revoke event", async () => {
    // ASVS 7.1.3 / 7.2.x: session termination is logged with who and from where.
    const { account, devices } = await userWithDevices(4);
    const [me, d1] = devices;
    const calls = [
      ["/revoke-session", { token: d1.token }, me],
      ["/revoke-other-sessions", {}, me],
      ["/revoke-sessions", {}, me],
    ];
    for (const [path, json, dev] of calls) {
      const res = await api.post(path, { json, headers: { cookie: dev.cookie } });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      const row = await auditEventFor(server, res);
      assert.deepEqual([row.event_type, row.outcome, row.user_id], ["session.revoke", "success", account.user.id], path);
      const text = JSON.stringify(row);
      for (const d of devices) assert.ok(!text.includes(d.token), `${path}: a session token in the audit row`);
    }
  });

  test("list-sessions and list-accounts answers are never cached (Cache-Control: no-store)", async () => {
    // ASVS 8.2.1: list-sessions carries a session token.
    const account = await signUp(server);
    for (const path of ["/list-sessions", "/list-accounts"]) {
      const res = await api.get(path, { headers: { cookie: account.cookie } });
      assert.equal(res.status, 200);
      assert.match(String(res.headers["cache-control"]), /no-store/, path);
    }
  });
});

describe("fresh session (latchkey, LATCHKEY_SESSION_FRESH_AGE=1)", { skip: LATCHKEY_ONLY }, () => {
  // list-sessions needs a session younger than freshAge (docs/api.md, "Sessions"); the other
  // routes here need only a (sensitive) session.
  let fresh;
  let freshApi;
  before(async () => {
    fresh = await startServer({ name: "session-fresh", env: { LATCHKEY_SESSION_FRESH_AGE: "1" } });
    freshApi = apiFor(fresh);
  });
  after(() => fresh?.cleanup());

  test("a session older than freshAge → list-sessions 403 SESSION_NOT_FRESH; other routes still work", async () => {
    const { account, devices } = await userWithDevices(2, fresh);
    const [me] = devices;
    const young = await freshApi.get("/list-sessions", { headers: { cookie: me.cookie } });
    assert.equal(young.status, 200, `a brand-new session is fresh: ${young.text}`);

    await sleep(1200);
    const old = await freshApi.get("/list-sessions", { headers: { cookie: me.cookie } });
    assertError(old, 403, "SESSION_NOT_FRESH", "Session is not fresh");
    const { error } = await me.client.listSessions();
    assert.equal(error?.status, 403);
    assert.equal(error.code, "SESSION_NOT_FRESH");

    // Not fresh is still signed in: the session is intact and session/sensitive routes work.
    assert.equal(await alive(me, fresh), true);
    const accounts = await freshApi.get("/list-accounts", { headers: { cookie: me.cookie } });
    assert.equal(accounts.status, 200, accounts.text);
    const others = await freshApi.post("/revoke-other-sessions", { json: {}, headers: { cookie: me.cookie } });
    assert.equal(others.status, 200, others.text);
    assert.equal(await alive(devices[1], fresh), false);

    // Signing in again gives a fresh session.
    const again = await signInDevice(fresh, account.email);
    const res = await freshApi.get("/list-sessions", { headers: { cookie: again.cookie } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.length, 2);
  });
});
