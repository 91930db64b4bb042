// Better Auth's lastLoginMethod plugin (docs/api.md "Last login method"), the
// worked example of docs/design.md: built only on the platform's hooks
// (session created, sign-in response, user fields).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { lit } from "../lib/db.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const COOKIE = "better-auth.last_used_login_method";

describe("last login method off (the default)", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "last-login-off" });
  });
  after(() => server?.cleanup());

  test("sets no cookie and adds no user field", async () => {
    const account = await signUp(server);
    assert.equal(account.res.cookie(COOKIE), undefined);
    const res = await signIn(server, account.email);
    assert.equal(res.status, 200);
    assert.equal(res.cookie(COOKIE), undefined);
    const session = await getSession(server, account.cookie);
    assert.equal("lastLoginMethod" in session.json.user, false);
  });
});

describe("last login method on (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "last-login-on", env: { LATCHKEY_LAST_LOGIN_METHOD: "on" } });
  });
  after(() => server?.cleanup());

  test("sign-up and sign-in set a script-readable 30-day cookie naming the method", async () => {
    const account = await signUp(server);
    for (const res of [account.res, await signIn(server, account.email)]) {
      const cookie = res.cookie(COOKIE);
      assert.ok(cookie, `Set-Cookie ${COOKIE}`);
      assert.equal(cookie.value, "email");
      assert.equal(cookie.attrs["max-age"], "2592000");
      assert.equal(cookie.attrs.path, "/");
      assert.equal(cookie.attrs.httponly, undefined, "the app's pages read it");
    }
  });

  test("get-session's user carries lastLoginMethod from the feature's own table", async () => {
    const account = await signUp(server);
    const session = await getSession(server, account.cookie);
    assert.equal(session.status, 200);
    assert.equal(session.json.user.lastLoginMethod, "email");
    const rows = await server.db.query(
      `SELECT method FROM last_login_methods WHERE user_id = ${lit(account.user.id)}`);
    assert.deepEqual(rows.map((r) => r.method), ["email"]);
  });

  test("a user with no sign-in since it was turned on has lastLoginMethod null", async () => {
    const account = await signUp(server);
    // As for an account that signed in before the setting was turned on.
    await server.db.exec(`DELETE FROM last_login_methods WHERE user_id = ${lit(account.user.id)}`);
    // update-user announces the user's change, so cached sessions reload their user.
    const renamed = await apiFor(server).post("/update-user", {
      json: { name: "Renamed" },
      headers: { cookie: account.cookie },
    });
    assert.equal(renamed.status, 200, renamed.text);
    const before = await getSession(server, account.cookie);
    assert.equal(before.json.user.lastLoginMethod, null);
    // The next sign-in records it again, and the user's cached sessions see it.
    const res = await signIn(server, account.email, PASSWORD);
    assert.equal(res.status, 200);
    const after = await getSession(server, account.cookie);
    assert.equal(after.json.user.lastLoginMethod, "email");
  });

  test("a password change that replaces the session keeps the method and sets no cookie", async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: `${PASSWORD}!2`, revokeOtherSessions: true },
      headers: { cookie: account.cookie },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.cookie(COOKIE), undefined);
  });
});
