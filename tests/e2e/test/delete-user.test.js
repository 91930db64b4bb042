// POST /delete-user (docs/api.md, "Routes"), without the e-mail confirmation flow.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { assertError, getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { linkIn, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

function deleteUser(server, cookie, json = {}) {
  return apiFor(server).post("/delete-user", { json, headers: { cookie } });
}

describe("delete-user disabled (the default)", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "delete-off" });
  });
  after(() => server?.cleanup());

  test("answers 404 with an empty body and deletes nothing", async () => {
    const account = await signUp(server);
    const res = await deleteUser(server, account.cookie, { password: PASSWORD });
    assert.equal(res.status, 404);
    assert.equal(res.text, "");
    assert.equal((await getSession(server, account.cookie)).json?.user?.id, account.user.id);
  });
});

describe("delete-user enabled (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "delete-on", env: { LATCHKEY_DELETE_USER_ENABLED: "true" } });
  });
  after(() => server?.cleanup());

  test("without a session → 401 UNAUTHORIZED", async () => {
    assertError(await apiFor(server).post("/delete-user", { json: { password: PASSWORD } }), 401,
      "UNAUTHORIZED");
  });

  test("a wrong password → 400 INVALID_PASSWORD, the account stays, one failure audited", async () => {
    const account = await signUp(server);
    assertError(await deleteUser(server, account.cookie, { password: "not the password" }), 400,
      "INVALID_PASSWORD");
    assert.equal((await getSession(server, account.cookie)).json?.user?.id, account.user.id);
    const events = await server.db.auditEvents({ event_type: "user.delete", user_id: account.user.id });
    assert.deepEqual(events.map((e) => e.outcome), ["failure"]);
  });

  // ASVS 8.3.2: deletion removes the user, its credential and every session at once.
  // Issue 9 item 10, ASVS 2.2.1: password guesses on delete-user count toward the lockout.
  test("wrong passwords count toward the lockout; once locked, even the right one → 429 and the account stays", async () => {
    const account = await signUp(server);
    for (let i = 0; i < 5; i++) {
      assertError(await deleteUser(server, account.cookie, { password: `not the password ${i}` }), 400, "INVALID_PASSWORD");
    }
    assertError(await signIn(server, account.email, PASSWORD), 429, "ACCOUNT_TEMPORARILY_LOCKED");
    const locked = await deleteUser(server, account.cookie, { password: PASSWORD });
    assertError(locked, 429, "ACCOUNT_TEMPORARILY_LOCKED");
    assert.ok(locked.headers["retry-after"]);
    assert.equal((await getSession(server, account.cookie)).json?.user?.id, account.user.id);
  });

  test("the right password deletes the user, its accounts and every session", async () => {
    const account = await signUp(server);
    const other = await signIn(server, account.email, PASSWORD);  // a second device
    const otherCookie = `better-auth.session_token=${other.cookie("better-auth.session_token").value}`;
    const before = await server.db.countUsers();
    const res = await deleteUser(server, account.cookie, { password: PASSWORD });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { success: true, message: "User deleted" });
    assert.equal(res.cookie("better-auth.session_token")?.attrs?.["max-age"], "0", "session cookie expired");
    assert.equal(await server.db.countUsers(), before - 1);
    assert.deepEqual(await server.db.sessionTokenHashes(account.user.id), []);
    assert.deepEqual(await server.db.passwordHashes(account.user.id), []);
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assert.equal((await getSession(server, otherCookie)).text, "null");
    assertError(await signIn(server, account.email, PASSWORD), 401, "INVALID_EMAIL_OR_PASSWORD");
    const events = await server.db.auditEvents({ event_type: "user.delete", user_id: account.user.id });
    assert.deepEqual(events.map((e) => e.outcome), ["success"]);
  });

  test("without a password a fresh session is enough; the e-mail can sign up again", async () => {
    const account = await signUp(server);
    assert.equal((await deleteUser(server, account.cookie)).status, 200);
    assert.equal((await signUp(server, { email: account.email })).res.status, 200);
  });

  test("a confirmation token that was never mailed → 404 INVALID_TOKEN", async () => {
    const account = await signUp(server);
    assertError(await deleteUser(server, account.cookie, { token: "a".repeat(32) }), 404, "INVALID_TOKEN");
    assert.equal((await getSession(server, account.cookie)).json?.user?.id, account.user.id);
  });

  test("bad input → 400 VALIDATION_ERROR", async () => {
    const account = await signUp(server);
    assertError(await deleteUser(server, account.cookie, { password: 5 }), 400, "VALIDATION_ERROR");
  });
});

describe("delete-user with a stale session (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("no password and a session older than session_fresh_age → 400 SESSION_EXPIRED", async () => {
    const server = await startServer({
      name: "delete-stale",
      env: { LATCHKEY_DELETE_USER_ENABLED: "true", LATCHKEY_SESSION_FRESH_AGE: "1" },
    });
    try {
      const account = await signUp(server);
      await sleep(1200);
      assertError(await deleteUser(server, account.cookie), 400, "SESSION_EXPIRED");
      assert.equal((await deleteUser(server, account.cookie, { password: PASSWORD })).status, 200,
        "the password still works as proof");
    } finally {
      await server.cleanup();
    }
  });
});

describe("delete-user confirmed by mail (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "delete-mail",
      env: { LATCHKEY_DELETE_USER_ENABLED: "true", LATCHKEY_DELETE_USER_CONFIRM_BY_MAIL: "true" },
    });
  });
  after(() => server?.cleanup());

  test("the proof earns a mailed link; following it while signed in deletes the account", async () => {
    const account = await signUp(server);
    const res = await deleteUser(server, account.cookie, { password: PASSWORD, callbackURL: "/bye" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { success: true, message: "Verification email sent" });
    assert.equal((await getSession(server, account.cookie)).json?.user?.id, account.user.id, "not deleted yet");
    const mail = await waitForMail(server, account.email, /delete-user\/callback/);
    const link = linkIn(mail, `${server.origin}/api/auth/delete-user/callback?token=`);
    const token = new URL(link).searchParams.get("token");
    // Another signed-in user cannot use it (the token is bound to its owner).
    const other = await signUp(server);
    assertError(await apiFor(server).get(`/delete-user/callback?token=${token}`, { headers: { cookie: other.cookie } }),
      404, "INVALID_TOKEN");
    // Without a session the link does nothing.
    assertError(await apiFor(server).get(`/delete-user/callback?token=${token}`), 404, "FAILED_TO_GET_USER_INFO");
  });

  test("the link deletes, once, and redirects to callbackURL", async () => {
    const account = await signUp(server);
    await deleteUser(server, account.cookie, { password: PASSWORD, callbackURL: "/bye" });
    const mail = await waitForMail(server, account.email, /delete-user\/callback/);
    const link = new URL(linkIn(mail, `${server.origin}/api/auth/delete-user/callback?token=`));
    const res = await apiFor(server).get(`/delete-user/callback${link.search}`, { headers: { cookie: account.cookie } });
    assert.equal(res.status, 302, res.text);
    assert.equal(res.headers.location, "/bye");
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assertError(await signIn(server, account.email, PASSWORD), 401, "INVALID_EMAIL_OR_PASSWORD");
  });

  test("the token can also be posted to delete-user", async () => {
    const account = await signUp(server);
    await deleteUser(server, account.cookie, { password: PASSWORD });
    const mail = await waitForMail(server, account.email, /delete-user\/callback/);
    const token = new URL(linkIn(mail, `${server.origin}/api/auth/delete-user/callback?token=`)).searchParams.get("token");
    const res = await deleteUser(server, account.cookie, { token });
    assert.deepEqual(res.json, { success: true, message: "User deleted" });
  });
});
