// POST /change-password (docs/api.md, "Sessions": a "sensitive" session; the client SDK's call).
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import {
  assertError, getSession, PASSWORD, signedCookieValue, signIn, signUp, TOKEN_RE, auditEventFor } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { startServer } from "../lib/server.js";

const NEW_PASSWORD = "a brand new passphrase";

let server;
let api;
before(async () => {
  server = await startServer({ name: "change-password" });
  api = apiFor(server);
});
after(() => server?.cleanup());

/** A device: its own SDK client and jar, signed in; keeps the Cookie header of that moment. */
async function signInDevice(email, password = PASSWORD) {
  const c = makeClient(server);
  const { data, error } = await c.client.signIn.email({ email, password });
  assert.equal(error, null, `sign-in: ${JSON.stringify(error)}`);
  const cookie = c.jar.header();
  const session = (await getSession(server, cookie)).json.session;
  return { ...c, token: data.token, cookie, session };
}

/** A new user signed in on `n` devices (the sign-up session signed out). */
async function userWithDevices(n) {
  const account = await signUp(server);
  assert.equal((await api.post("/sign-out", { json: {}, headers: { cookie: account.cookie } })).status, 200);
  const devices = [];
  for (let i = 0; i < n; i++) devices.push(await signInDevice(account.email));
  return { account, devices };
}

async function alive(device) {
  return (await getSession(server, device.cookie)).json?.session?.id === device.session.id;
}

async function assertAlive(devices, expected) {
  const actual = [];
  for (const d of devices) actual.push(await alive(d));
  assert.deepEqual(actual, expected, "which devices still have a session");
}

/** Sign-in succeeds with `good` and fails with 401 INVALID_EMAIL_OR_PASSWORD for `bad`. */
async function assertPassword(email, good, bad) {
  const ok = await signIn(server, email, good);
  assert.equal(ok.status, 200, `sign-in with the expected password: ${ok.text}`);
  const no = await signIn(server, email, bad);
  assertError(no, 401, "INVALID_EMAIL_OR_PASSWORD");
}

function changePassword(cookie, body, headers = {}) {
  return api.post("/change-password", { json: body, headers: { cookie, ...headers } });
}

test("changePassword() → {token:null, user}; the old password stops working, the new one works", async () => {
  // ASVS 2.1.5 / 6.2.x: users can change their password.
  const { account, devices } = await userWithDevices(2);
  const [me] = devices;
  const before = (await getSession(server, me.cookie)).json.user;
  const { data, error } = await me.client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
  assert.equal(error, null);
  assert.equal(data.token, null);

  const raw = JSON.parse(me.last().text);
  assert.deepEqual(Object.keys(raw).sort(), ["token", "user"]);
  assert.equal(raw.token, null);
  assert.deepEqual(raw.user, before, "user as get-session shows it");
  assert.ok(!/password/i.test(JSON.stringify(raw.user)), "no password field in the user");

  // Without revokeOtherSessions every session stays.
  await assertAlive(devices, [true, true]);
  assert.equal((await me.client.getSession()).data?.user.id, account.user.id);
  await assertPassword(account.email, NEW_PASSWORD, PASSWORD);
});

test("revokeOtherSessions:false is the same as leaving it out", async () => {
  const { account, devices } = await userWithDevices(2);
  const res = await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: false });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.token, null);
  await assertAlive(devices, [true, true]);
  await assertPassword(account.email, NEW_PASSWORD, PASSWORD);
});

test("revokeOtherSessions:true → every old session ends (current too) and a new session cookie is set", async () => {
  // ASVS 3.3.3: after a password change the user can end all other sessions.
  const { account, devices } = await userWithDevices(3);
  const [me] = devices;
  const oldCookie = me.cookie;
  const { data, error } = await me.client.changePassword({
    currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true,
  });
  assert.equal(error, null);
  assert.match(data.token, TOKEN_RE);
  assert.equal(data.user.id, account.user.id);
  for (const d of devices) assert.notEqual(data.token, d.token);

  const set = me.last().cookie(SESSION_COOKIE);
  assert.ok(set, "a new session_token cookie is set");
  assert.equal(set.value, signedCookieValue(data.token, server.secret), "the cookie carries the new token, signed");
  assert.equal(set.attrs["max-age"], "604800");
  assert.equal(set.attrs.httponly, true);
  assert.equal(set.attrs.path, "/");

  // Every old session is gone, the caller's old cookie included.
  await assertAlive(devices, [false, false, false]);
  assert.equal((await getSession(server, oldCookie)).text, "null");

  // The jar now holds the new session, which is the user's only one.
  const { data: session } = await me.client.getSession();
  assert.equal(session.session.token, data.token);
  assert.equal(session.user.id, account.user.id);
  const { data: listed } = await me.client.listSessions();
  assert.deepEqual(listed.map((s) => s.token), [data.token]);

  await assertPassword(account.email, NEW_PASSWORD, PASSWORD);
});

test("revokeOtherSessions:true from a don't-remember session: the new cookie is a browser-session cookie too", async () => {
  // (The new row's expiresAt differs: Better Auth 1.7.25 gives it the full 7 days, latchkey
  // keeps the don't-remember lifetime of 1 day; not asserted here.)
  const account = await signUp(server);
  const { client, jar, last } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD, rememberMe: false });
  const { data, error } = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true });
  assert.equal(error, null);
  const set = last().cookie(SESSION_COOKIE);
  assert.equal(set.value, signedCookieValue(data.token, server.secret));
  assert.equal(set.attrs["max-age"], undefined, "no Max-Age: ends with the browser session");
  assert.equal(set.attrs.expires, undefined);
  const dontRemember = last().cookie("better-auth.dont_remember");
  assert.ok(dontRemember, "dont_remember is re-set");
  assert.equal(dontRemember.value, signedCookieValue("true", server.secret));
  assert.equal(dontRemember.attrs["max-age"], undefined);
  assert.ok(jar.get("better-auth.dont_remember"));
  assert.equal((await client.getSession()).data?.session.token, data.token);
});

test("a wrong current password → 400 INVALID_PASSWORD; password and sessions unchanged", async () => {
  // ASVS 2.1.6: changing the password requires the current one.
  const { account, devices } = await userWithDevices(2);
  for (const currentPassword of ["wrong password!", "", PASSWORD.toUpperCase()]) {
    const res = await changePassword(devices[0].cookie, { currentPassword, newPassword: NEW_PASSWORD, revokeOtherSessions: true });
    assertError(res, 400, "INVALID_PASSWORD", "Invalid password");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
  }
  const { error } = await devices[0].client.changePassword({ currentPassword: "nope nope nope", newPassword: NEW_PASSWORD });
  assert.equal(error.status, 400);
  assert.equal(error.code, "INVALID_PASSWORD");
  await assertAlive(devices, [true, true]);
  await assertPassword(account.email, PASSWORD, NEW_PASSWORD);
});

test("new password length: 7 → 400 PASSWORD_TOO_SHORT, 129 → 400 PASSWORD_TOO_LONG; 8 and 128 are accepted", async () => {
  // ASVS 2.1.1 / 2.1.2: length bounds apply to changes too.
  const { account, devices } = await userWithDevices(1);
  const cookie = devices[0].cookie;
  assertError(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: "x".repeat(7) }), 400, "PASSWORD_TOO_SHORT", "Password too short");
  assertError(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: "" }), 400, "PASSWORD_TOO_SHORT");
  assertError(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: "x".repeat(129) }), 400, "PASSWORD_TOO_LONG", "Password too long");
  await assertPassword(account.email, PASSWORD, "x".repeat(7));

  const eight = "8".repeat(8);
  const max = "m".repeat(128);
  assert.equal((await changePassword(cookie, { currentPassword: PASSWORD, newPassword: eight })).status, 200);
  assert.equal((await changePassword(cookie, { currentPassword: eight, newPassword: max })).status, 200);
  await assertPassword(account.email, max, eight);
});

test("length is checked before the current password: wrong current + short new → PASSWORD_TOO_SHORT", async () => {
  const { devices } = await userWithDevices(1);
  const res = await changePassword(devices[0].cookie, { currentPassword: "wrong password!", newPassword: "short" });
  assertError(res, 400, "PASSWORD_TOO_SHORT");
});

test("an over-long currentPassword → 400 PASSWORD_TOO_LONG", async () => {
  const { account, devices } = await userWithDevices(1);
  const res = await changePassword(devices[0].cookie, { currentPassword: "c".repeat(129), newPassword: NEW_PASSWORD });
  assertError(res, 400, "PASSWORD_TOO_LONG");
  await assertPassword(account.email, PASSWORD, NEW_PASSWORD);
});

test("changing to the same password is allowed", async () => {
  const { account, devices } = await userWithDevices(1);
  const res = await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: PASSWORD });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.token, null);
  assert.equal((await signIn(server, account.email)).status, 200);
});

test("the credential account's updatedAt moves forward", async () => {
  const { devices } = await userWithDevices(1);
  const cookie = devices[0].cookie;
  const [before] = (await api.get("/list-accounts", { headers: { cookie } })).json;
  await sleep(20);
  assert.equal((await changePassword(cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status, 200);
  const [afterChange] = (await api.get("/list-accounts", { headers: { cookie } })).json;
  assert.equal(afterChange.id, before.id);
  assert.equal(afterChange.createdAt, before.createdAt);
  assert.ok(Date.parse(afterChange.updatedAt) > Date.parse(before.updatedAt), `${afterChange.updatedAt} > ${before.updatedAt}`);
});

test("bad input → 400 VALIDATION_ERROR, nothing changes", async () => {
  const { account, devices } = await userWithDevices(2);
  const cookie = devices[0].cookie;
  const bodies = [
    {},
    { newPassword: NEW_PASSWORD },
    { currentPassword: PASSWORD },
    { currentPassword: 12345678, newPassword: NEW_PASSWORD },
    { currentPassword: PASSWORD, newPassword: 123456789 },
    { currentPassword: PASSWORD, newPassword: null },
    { currentPassword: PASSWORD, newPassword: [NEW_PASSWORD] },
    { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: "false" },
    { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: "true" },
    { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: 1 },
    [PASSWORD, NEW_PASSWORD],
    "x",
  ];
  for (const body of bodies) {
    const res = await changePassword(cookie, body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status} ${res.text}`);
    assertError(res, 400, "VALIDATION_ERROR");
  }
  assertError(await api.post("/change-password", { headers: { cookie } }), 400, "VALIDATION_ERROR");
  await assertAlive(devices, [true, true]);
  await assertPassword(account.email, PASSWORD, NEW_PASSWORD);
});

test("without a session → 401 UNAUTHORIZED (SDK and raw), also with a revoked session's cookie", async () => {
  // ASVS 4.1.1.
  const { client } = makeClient(server);
  const { error } = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
  assert.equal(error.status, 401);
  assert.equal(error.code, "UNAUTHORIZED");

  const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
  assertError(await api.post("/change-password", { json: body }), 401, "UNAUTHORIZED", "Unauthorized");

  const { account, devices } = await userWithDevices(2);
  await devices[1].client.revokeOtherSessions();
  const res = await changePassword(devices[0].cookie, body);
  assertError(res, 401, "UNAUTHORIZED");
  assert.equal(res.cookie(SESSION_COOKIE)?.attrs["max-age"], "0", "the dead cookie is expired");
  await assertPassword(account.email, PASSWORD, NEW_PASSWORD);
});

test("a cross-site Origin with the cookie → 403 INVALID_ORIGIN, password unchanged", async () => {
  // ASVS 50.x (CSRF): a forged password change is refused (docs/api.md, "Everywhere").
  const { account, devices } = await userWithDevices(1);
  const res = await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { origin: "http://evil.example" });
  assertError(res, 403, "INVALID_ORIGIN");
  await assertPassword(account.email, PASSWORD, NEW_PASSWORD);
});

test("only the caller's password changes", async () => {
  // ASVS 4.2.1.
  const { devices } = await userWithDevices(1);
  const bystander = await signUp(server);
  assert.equal((await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status, 200);
  await assertPassword(bystander.email, PASSWORD, NEW_PASSWORD);
  assert.ok((await getSession(server, bystander.cookie)).json?.user);
});

test("GET /change-password → 404", async () => {
  const { devices } = await userWithDevices(1);
  const res = await api.get("/change-password", { headers: { cookie: devices[0].cookie } });
  assert.equal(res.status, 404);
  assert.equal(res.text, "");
});

describe("latchkey extras", { skip: LATCHKEY_ONLY }, () => {
  // Issue 9 item 10, ASVS 2.2.1: a stolen session must not guess the password without limit.
  test("a wrong currentPassword counts toward the lockout; a locked account's change-password → 429 before any check", async () => {
    const account = await signUp(server);  // raw HTTP: the session cookie only, an unknown device
    for (let i = 0; i < 5; i++) {
      assertError(await changePassword(account.cookie, { currentPassword: `wrong password ${i}`, newPassword: NEW_PASSWORD }),
        400, "INVALID_PASSWORD");
    }
    assertError(await signIn(server, account.email, PASSWORD), 429, "ACCOUNT_TEMPORARILY_LOCKED");
    const locked = await changePassword(account.cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    assertError(locked, 429, "ACCOUNT_TEMPORARILY_LOCKED");
    assert.ok(Number(locked.headers["retry-after"]) >= 1);
    const events = await server.db.auditEvents({ event_type: "user.change_password", user_id: account.user.id });
    assert.equal(events.length, 5, "the refused attempt never reached the password check");
    assert.equal((await server.db.auditEvents({ event_type: "abuse.account_locked", user_id: account.user.id })).length, 1);
  });

  test("audit: one user.change_password success event, and a failure for a wrong current password", async () => {
    // ASVS 7.1.3 / 7.2.x: credential changes and failed attempts are logged, never the passwords.
    const { account, devices } = await userWithDevices(1);
    const wrongPassword = "wrong-password-for-audit";
    const bad = await changePassword(devices[0].cookie, { currentPassword: wrongPassword, newPassword: NEW_PASSWORD });
    assert.equal(bad.status, 400);
    const fail = await auditEventFor(server, bad);
    assert.deepEqual([fail.event_type, fail.outcome, fail.user_id], ["user.change_password", "failure", account.user.id]);

    const ok = await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true });
    assert.equal(ok.status, 200);
    const success = await auditEventFor(server, ok);
    assert.deepEqual([success.event_type, success.outcome, success.user_id], ["user.change_password", "success", account.user.id]);

    for (const row of [fail, success]) {
      const text = JSON.stringify(row);
      for (const secret of [wrongPassword, PASSWORD, NEW_PASSWORD, ok.json.token, devices[0].token]) {
        assert.ok(!text.includes(secret), `a secret in the audit row: ${text}`);
      }
    }
    const all = await server.db.auditEvents({ user_id: account.user.id, event_type: "user.change_password" });
    assert.equal(all.length, 2);
  });

  test("the new password is stored as a fresh Argon2id hash, never in clear", async () => {
    // ASVS 2.4.1.
    const { account, devices } = await userWithDevices(1);
    const [oldHash] = await server.db.passwordHashes(account.user.id);
    const secret = `changed-${Date.now()}-pw`;
    assert.equal((await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: secret })).status, 200);
    const hashes = await server.db.passwordHashes(account.user.id);
    assert.equal(hashes.length, 1);
    assert.notEqual(hashes[0], oldHash);
    assert.ok(hashes[0].startsWith("$argon2id$"), hashes[0].slice(0, 20));
    assert.ok(!(await server.db.contentText()).includes(secret));
  });

  test("the response is never cached (Cache-Control: no-store)", async () => {
    const { devices } = await userWithDevices(1);
    const res = await changePassword(devices[0].cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["cache-control"]), /no-store/);
  });
});
