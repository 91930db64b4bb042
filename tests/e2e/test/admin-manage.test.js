// Better Auth's admin plugin, the routes that manage accounts and sessions, through its own
// client (`adminClient`), and latchkey's operator extras (docs/api.md "Administration",
// docs/permissions.md): create-user, update-user, set-user-password, remove-user,
// list-user-sessions, revoke-user-session(s); reset-two-factor, resend-verification, unlock-user.
// A plain user's refusals run on both targets; the peer has no way to make an admin over HTTP,
// so the admin's side is latchkey's (its database makes the first admin).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { lit } from "../lib/db.js";
import { assertError, getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const NEW_PASSWORD = "a brand new passphrase";

function clientWithCookie(server, cookie) {
  const client = makeClient(server, { plugins: [adminClient()] });
  const [name, ...value] = cookie.split("=");
  client.jar.set(name, value.join("="));
  return client;
}

describe("admin management (adminClient)", () => {
  let server;
  let admin; // a latchkey admin's client (unset on the peer)
  let adminId;
  before(async () => {
    server = await startServer({ name: "admin-manage" });
    if (LATCHKEY_ONLY) return;
    const account = await signUp(server, { name: "Root" });
    adminId = account.user.id;
    await server.db.exec(
      `INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(adminId)}, 'admin', 0)`,
    );
    const res = await signIn(server, account.email); // a fresh session
    assert.equal(res.status, 200, res.text);
    const cookie = res.cookie("better-auth.session_token");
    admin = clientWithCookie(server, `${cookie.name}=${cookie.value}`);
  });
  after(() => server?.cleanup());

  const audits = (type, target) =>
    server.db.query(
      `SELECT event_type FROM audit_events WHERE event_type = ${lit(type)} AND target_user_id = ${lit(target)}`,
    );

  test("a plain user gets each route's exact 403", async () => {
    const account = await signUp(server);
    const plain = clientWithCookie(server, account.cookie);
    const id = account.user.id;
    const cases = [
      [plain.client.admin.createUser({ email: uniqueEmail(), password: PASSWORD, name: "X" }), "YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS"],
      [plain.client.admin.updateUser({ userId: id, data: { name: "X" } }), "YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS"],
      [plain.client.admin.setUserPassword({ userId: id, newPassword: NEW_PASSWORD }), "YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD"],
      [plain.client.admin.removeUser({ userId: id }), "YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS"],
      [plain.client.admin.listUserSessions({ userId: id }), "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS"],
      [plain.client.admin.revokeUserSession({ sessionToken: "whatever" }), "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS"],
      [plain.client.admin.revokeUserSessions({ userId: id }), "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS"],
    ];
    for (const [call, code] of cases) {
      const { error } = await call;
      assert.equal(error?.status, 403, `${code}: ${JSON.stringify(error)}`);
      assert.equal(error.code, code);
    }
    assert.equal((await getSession(server, account.cookie)).json.user.id, id, "nothing happened to the caller");
  });

  test("a plain user's own update-user cannot set role or ban fields (FIELD_NOT_ALLOWED)", async () => {
    const account = await signUp(server);
    for (const body of [{ role: "admin" }, { name: "Eve", banned: true }]) {
      const res = await apiFor(server).post("/update-user", { json: body, headers: { cookie: account.cookie } });
      assertError(res, 400, "FIELD_NOT_ALLOWED");
    }
    assert.equal((await getSession(server, account.cookie)).json.user.role, "user");
  });

  test("the operator extras refuse a plain user", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const refusals = {
      "/admin/reset-two-factor": "YOU_ARE_NOT_ALLOWED_TO_RESET_TWO_FACTOR",
      "/admin/resend-verification": "YOU_ARE_NOT_ALLOWED_TO_RESEND_VERIFICATION",
      "/admin/unlock-user": "YOU_ARE_NOT_ALLOWED_TO_UNLOCK_USERS",
    };
    for (const [path, code] of Object.entries(refusals)) {
      const res = await apiFor(server).post(path, { json: { userId: account.user.id }, headers: { cookie: account.cookie } });
      assertError(res, 403, code);
    }
  });

  test("createUser makes a user who signs in; a taken e-mail is refused", { skip: LATCHKEY_ONLY }, async () => {
    const email = uniqueEmail("made");
    const { data, error } = await admin.client.admin.createUser({ email, password: PASSWORD, name: "Made", role: "support" });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.user.email, email);
    assert.equal(data.user.role, "support");
    assert.equal((await signIn(server, email)).status, 200);
    assert.equal((await audits("admin.create_user", data.user.id)).length, 1);
    const again = await admin.client.admin.createUser({ email, password: PASSWORD, name: "Again" });
    assert.equal(again.error.status, 400);
    assert.equal(again.error.code, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");
  });

  test("updateUser changes fields and answers the bare user", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const { data, error } = await admin.client.admin.updateUser({ userId: account.user.id, data: { name: "Renamed", role: "support" } });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.name, "Renamed");
    assert.equal(data.role, "support");
    assert.equal((await getSession(server, account.cookie)).json.user.name, "Renamed");
    const empty = await admin.client.admin.updateUser({ userId: account.user.id, data: {} });
    assert.equal(empty.error.code, "NO_DATA_TO_UPDATE");
    assert.equal((await audits("admin.update_user", account.user.id)).length, 1);
  });

  test("setUserPassword replaces the password; the user's old session is refused", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const { data, error } = await admin.client.admin.setUserPassword({ userId: account.user.id, newPassword: NEW_PASSWORD });
    assert.equal(error, null, JSON.stringify(error));
    assert.deepEqual(data, { status: true });
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assertError(await signIn(server, account.email), 401, "INVALID_EMAIL_OR_PASSWORD");
    assert.equal((await signIn(server, account.email, NEW_PASSWORD)).status, 200);
    assert.equal((await audits("admin.set_password", account.user.id)).length, 1);
  });

  test("listUserSessions → revokeUserSession ends that session; revokeUserSessions the rest", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const second = await signIn(server, account.email);
    const secondCookie = `${second.cookie("better-auth.session_token").name}=${second.cookie("better-auth.session_token").value}`;
    const listed = await admin.client.admin.listUserSessions({ userId: account.user.id });
    assert.equal(listed.error, null, JSON.stringify(listed.error));
    assert.equal(listed.data.sessions.length, 2);
    const secondId = (await getSession(server, secondCookie)).json.session.id;
    const entry = listed.data.sessions.find((s) => s.id === secondId);
    const revoked = await admin.client.admin.revokeUserSession({ sessionToken: entry.token });
    assert.deepEqual(revoked.data, { success: true });
    assert.equal((await getSession(server, secondCookie)).text, "null", "the revoked session's cookie is refused");
    assert.notEqual((await getSession(server, account.cookie)).text, "null", "the other session lives");
    const all = await admin.client.admin.revokeUserSessions({ userId: account.user.id });
    assert.deepEqual(all.data, { success: true });
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assert.equal((await audits("admin.revoke_sessions", account.user.id)).length, 2);
  });

  test("removeUser deletes the user and their sessions, never the caller", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const self = await admin.client.admin.removeUser({ userId: adminId });
    assert.equal(self.error.status, 400);
    assert.equal(self.error.code, "YOU_CANNOT_REMOVE_YOURSELF");
    const { data, error } = await admin.client.admin.removeUser({ userId: account.user.id });
    assert.equal(error, null, JSON.stringify(error));
    assert.deepEqual(data, { success: true });
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assertError(await signIn(server, account.email), 401, "INVALID_EMAIL_OR_PASSWORD");
    assert.equal((await audits("admin.remove_user", account.user.id)).length, 1);
  });

  test("an unknown user id is USER_NOT_FOUND", { skip: LATCHKEY_ONLY }, async () => {
    const userId = "no-such-user";
    for (const call of [
      admin.client.admin.updateUser({ userId, data: { name: "X" } }),
      admin.client.admin.setUserPassword({ userId, newPassword: NEW_PASSWORD }),
      admin.client.admin.removeUser({ userId }),
      admin.client.admin.listUserSessions({ userId }),
      admin.client.admin.revokeUserSessions({ userId }),
    ]) {
      const { error } = await call;
      assert.equal(error?.status, 404, JSON.stringify(error));
      assert.equal(error.code, "USER_NOT_FOUND");
    }
    const res = await admin.client.$fetch("/admin/unlock-user", { method: "POST", body: { userId } });
    assert.equal(res.error.code, "USER_NOT_FOUND");
  });

  test("unlock-user lifts a lockout; resend-verification mails; reset-two-factor answers", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    for (let i = 0; i < 5; i++) await signIn(server, account.email, "wrong password entirely");
    assertError(await signIn(server, account.email), 429, "ACCOUNT_TEMPORARILY_LOCKED");
    const unlocked = await admin.client.$fetch("/admin/unlock-user", { method: "POST", body: { userId: account.user.id } });
    assert.deepEqual(unlocked.data, { success: true }, JSON.stringify(unlocked.error));
    assert.equal((await signIn(server, account.email)).status, 200);
    assert.equal((await audits("admin.unlock", account.user.id)).length, 1);

    const seen = new Set(readMails(server).map((m) => m.file));
    const resent = await admin.client.$fetch("/admin/resend-verification", { method: "POST", body: { userId: account.user.id } });
    assert.deepEqual(resent.data, { success: true }, JSON.stringify(resent.error));
    await waitForMail(server, account.email, /verify-email/, 5000, seen);

    const reset = await admin.client.$fetch("/admin/reset-two-factor", { method: "POST", body: { userId: account.user.id } });
    assert.deepEqual(reset.data, { success: true }, JSON.stringify(reset.error));
    assert.equal((await audits("admin.reset_two_factor", account.user.id)).length, 1);
  });
});
