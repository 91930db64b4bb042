// Impersonation through Better Auth's own client (`adminClient`): the shapes
// and cookies of impersonate-user / stop-impersonating, the limits latchkey
// adds (docs/permissions.md "Impersonation") and the admin routes'
// second-factor rule ("Second factor"). The first admin is made in the
// database, as in admin.test.js, so these run on latchkey only.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminClient } from "better-auth/client/plugins";
import { DONT_REMEMBER_COOKIE, makeClient, SESSION_COOKIE } from "../lib/client.js";
import { lit } from "../lib/db.js";
import { assertError, getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { startChallenge, twoFactorApi, userWithTwoFactor } from "../lib/two_factor.js";

const ADMIN_COOKIE = "better-auth.admin_session";

async function makeAdmin(server, userId) {
  await server.db.exec(
    `INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(userId)}, 'admin', 0)`,
  );
}

/** A signed-in adminClient for a new admin account. */
async function adminBrowser(server) {
  const account = await signUp(server, { name: "Root" });
  await makeAdmin(server, account.user.id);
  const browser = makeClient(server, { plugins: [adminClient()] });
  const res = await signIn(server, account.email);
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie(SESSION_COOKIE);
  browser.jar.set(cookie.name, cookie.value);
  return { account, browser };
}

describe("admin impersonation (adminClient)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "admin-impersonate" });
  });
  after(() => server?.cleanup());

  test("impersonate → act as the user → stop → the admin's session is back", async () => {
    const { account: root, browser } = await adminBrowser(server);
    const adminToken = browser.jar.get(SESSION_COOKIE);
    const ada = await signUp(server, { name: "Ada" });
    const started = await browser.client.admin.impersonateUser({ userId: ada.user.id });
    assert.equal(started.error, null, JSON.stringify(started.error));
    assert.equal(started.data.user.id, ada.user.id);
    assert.equal(started.data.session.userId, ada.user.id);
    assert.equal(started.data.session.impersonatedBy, root.user.id);
    const expires = Date.parse(started.data.session.expiresAt);
    assert.ok(Math.abs(expires - (Date.now() + 3600_000)) < 60_000, "ends in an hour");
    const set = browser.last();
    assert.equal(set.cookie(SESSION_COOKIE).attrs["max-age"], undefined, "a browser-session cookie");
    assert.ok(set.cookie(DONT_REMEMBER_COOKIE)?.value, "dont_remember set");
    assert.ok(set.cookie(ADMIN_COOKIE)?.value, "the admin's session waits in admin_session");

    const asAda = await browser.client.getSession();
    assert.equal(asAda.data.user.id, ada.user.id);
    assert.equal(asAda.data.session.impersonatedBy, root.user.id);
    const listed = await browser.client.listSessions();
    assert.equal(listed.error, null, JSON.stringify(listed.error));
    assert.ok(Array.isArray(listed.data));

    const stopped = await browser.client.admin.stopImpersonating();
    assert.equal(stopped.error, null, JSON.stringify(stopped.error));
    assert.equal(stopped.data.user.id, root.user.id);
    assert.equal(browser.jar.get(SESSION_COOKIE), adminToken, "the admin's cookie is back");
    assert.equal(browser.jar.get(ADMIN_COOKIE), undefined, "admin_session expired");
    const back = await browser.client.getSession();
    assert.equal(back.data.user.id, root.user.id);
    assert.equal(back.data.session.impersonatedBy, undefined);
    const rows = await server.db.query(
      `SELECT event_type FROM audit_events WHERE target_user_id = ${lit(ada.user.id)} ORDER BY event_type`,
    );
    assert.deepEqual(rows.map((r) => r.event_type), ["admin.impersonation_started", "admin.impersonation_stopped"]);
    // The impersonation's row went with its session (ON DELETE CASCADE, SQLite and PostgreSQL).
    const left = await server.db.query(
      `SELECT session_id FROM admin_impersonations WHERE session_id = ${lit(started.data.session.id)}`,
    );
    assert.equal(left.length, 0);
    const again = await apiFor(server).post("/admin/stop-impersonating", {
      json: {},
      headers: { cookie: `${SESSION_COOKIE}=${adminToken}` },
    });
    assertError(again, 400, "NOT_IMPERSONATING", "You are not impersonating anyone");
  });

  test("no administration from an impersonation session (impersonating while impersonating)", async () => {
    const { browser } = await adminBrowser(server);
    const ada = await signUp(server);
    const bob = await signUp(server);
    assert.equal((await browser.client.admin.impersonateUser({ userId: ada.user.id })).error, null);
    const nested = await browser.client.admin.impersonateUser({ userId: bob.user.id });
    assert.equal(nested.error.status, 403);
    assert.equal(nested.error.code, "NOT_ALLOWED_WHILE_IMPERSONATING");
    const listed = await browser.client.admin.listUsers({ query: {} });
    assert.equal(listed.error.code, "NOT_ALLOWED_WHILE_IMPERSONATING");
  });

  test("an admin is not impersonated (YOU_CANNOT_IMPERSONATE_ADMINS); a non-admin gets the exact 403", async () => {
    const { browser } = await adminBrowser(server);
    const other = await adminBrowser(server);
    const refused = await browser.client.admin.impersonateUser({ userId: other.account.user.id });
    assert.equal(refused.error.status, 403);
    assert.equal(refused.error.code, "YOU_CANNOT_IMPERSONATE_ADMINS");
    const ada = await signUp(server);
    const eve = await signUp(server);
    const res = await apiFor(server).post("/admin/impersonate-user", {
      json: { userId: ada.user.id },
      headers: { cookie: eve.cookie },
    });
    assertError(res, 403, "YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS", "You are not allowed to impersonate users");
  });

  test("an admin with two-factor on needs a session that passed it (SECOND_FACTOR_REQUIRED)", async () => {
    const api = twoFactorApi(server);
    const admin = await userWithTwoFactor(server, "root2fa");
    await makeAdmin(server, admin.user.id);
    const ada = await signUp(server);
    // The session that proved the authenticator passed a second factor.
    const ok = await api.post("/admin/impersonate-user", { userId: ada.user.id }, admin.cookie);
    assert.equal(ok.status, 200, ok.text);
    // A password-only session (a trusted device skips the code) does not.
    const { challenge } = await startChallenge(server, admin.email);
    const verified = await api.post("/two-factor/verify-totp", { code: await admin.auth.code(), trustDevice: true }, challenge);
    assert.equal(verified.status, 200, verified.text);
    const trust = verified.cookie("better-auth.trust_device");
    const trusted = await api.post("/sign-in/email", { email: admin.email, password: PASSWORD },
      `${trust.name}=${trust.value}`);
    assert.equal(trusted.status, 200, trusted.text);
    assert.equal(trusted.json.twoFactorRedirect, undefined, "the trusted device skips the code");
    const session = trusted.cookie(SESSION_COOKIE);
    const refused = await api.post("/admin/impersonate-user", { userId: ada.user.id }, `${session.name}=${session.value}`);
    assertError(refused, 403, "SECOND_FACTOR_REQUIRED");
    // The session that passed the challenge is allowed.
    const passed = verified.cookie(SESSION_COOKIE);
    const allowed = await api.get("/admin/list-users", `${passed.name}=${passed.value}`);
    assert.equal(allowed.status, 200, allowed.text);
  });

  test("an expired impersonation is refused: no session, nothing to stop", async () => {
    const { browser } = await adminBrowser(server);
    const ada = await signUp(server);
    const started = await browser.client.admin.impersonateUser({ userId: ada.user.id });
    assert.equal(started.error, null, JSON.stringify(started.error));
    // Its hour has passed (the stored end moved back; nothing has read the
    // session yet, so no node caches it).
    await server.db.exec(
      `UPDATE sessions SET expires_at = ${Date.now() - 1000} WHERE id = ${lit(started.data.session.id)}`,
    );
    const cookie = `${SESSION_COOKIE}=${browser.jar.get(SESSION_COOKIE)}`;
    assert.equal((await getSession(server, cookie)).text, "null");
    const stop = await apiFor(server).post("/admin/stop-impersonating", { json: {}, headers: { cookie } });
    assert.equal(stop.status, 401, stop.text);
  });
});
