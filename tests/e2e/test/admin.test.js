// Better Auth's admin plugin through its own client (`adminClient`), on the
// routes latchkey serves so far (docs/api.md "Administration",
// docs/permissions.md): list/search/sort/page with total, get, set-role,
// ban (the session dies, sign-in refused) and unban, has-permission, and
// the fields users may not set, a ban closing a live WebSocket and expiring
// by itself, API keys refused, malformed queries. The first admin is made in
// the database here; cli-user.test.js makes it with `latchkey user create --admin`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { lit } from "../lib/db.js";
import { assertError, getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { connect, SESSION_ENDED } from "../lib/websocket.js";

describe("admin API (adminClient)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let admin;
  let adminCookie;
  before(async () => {
    // Keys stand for sessions here, so the test below sees the admin routes refuse them.
    server = await startServer({ name: "admin", env: { LATCHKEY_API_KEY_SESSION: "true" } });
    const account = await signUp(server, { name: "Root" });
    await server.db.exec(
      `INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(account.user.id)}, 'admin', 0)`,
    );
    adminCookie = account.cookie;
    admin = makeClient(server, { plugins: [adminClient()] });
    const res = await signIn(server, account.email);
    assert.equal(res.status, 200, res.text);
    const cookie = res.cookie("better-auth.session_token");
    admin.jar.set(cookie.name, cookie.value);
  });
  after(() => server?.cleanup());

  test("the user JSON carries role and ban fields; sign-up cannot set them (FIELD_NOT_ALLOWED)", async () => {
    const account = await signUp(server);
    assert.equal(account.user.role, "user");
    assert.equal(account.user.banned, false);
    assert.equal(account.user.banReason, null);
    assert.equal(account.user.banExpires, null);
    const res = await apiFor(server).post("/sign-up/email", {
      json: { name: "Eve", email: `eve-${Date.now()}@example.com`, password: PASSWORD, role: "admin" },
    });
    assertError(res, 400, "FIELD_NOT_ALLOWED");
  });

  test("listUsers searches, sorts and pages with total", async () => {
    const tag = `pg${Date.now()}`;
    for (const name of ["a", "b", "c"]) await signUp(server, { name: `${tag}-${name}`, email: `${tag}-${name}@example.com` });
    const { data, error } = await admin.client.admin.listUsers({
      query: { searchValue: tag, searchField: "name", sortBy: "email", sortDirection: "desc", limit: 2, offset: 1 },
    });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.total, 3);
    assert.equal(data.limit, 2);
    assert.equal(data.offset, 1);
    assert.deepEqual(data.users.map((u) => u.email), [`${tag}-b@example.com`, `${tag}-a@example.com`]);
  });

  test("setRole, then banUser ends the user's session and refuses sign-in; unbanUser lifts it", async () => {
    const account = await signUp(server);
    const role = await admin.client.admin.setRole({ userId: account.user.id, role: "support" });
    assert.equal(role.error, null, JSON.stringify(role.error));
    assert.equal(role.data.user.role, "support");
    const banned = await admin.client.admin.banUser({ userId: account.user.id, banReason: "spam" });
    assert.equal(banned.error, null, JSON.stringify(banned.error));
    assert.equal(banned.data.user.banned, true);
    assert.equal((await getSession(server, account.cookie)).text, "null", "the session died at once");
    const refused = await signIn(server, account.email);
    assertError(refused, 403, "BANNED_USER");
    const audit = await server.db.query(
      `SELECT event_type FROM audit_events WHERE event_type IN ('admin.set_role','admin.ban') AND details LIKE ${lit(`%${account.user.id}%`)}`,
    );
    assert.equal(audit.length, 2);
    const unbanned = await admin.client.admin.unbanUser({ userId: account.user.id });
    assert.equal(unbanned.data.user.banned, false);
    assert.equal((await signIn(server, account.email)).status, 200);
  });

  test("a plain user gets each route's 403, a signed-out caller 401", async () => {
    const account = await signUp(server);
    const plain = makeClient(server, { plugins: [adminClient()] });
    const cookie = account.cookie.split("=");
    plain.jar.set(cookie[0], cookie.slice(1).join("="));
    const list = await plain.client.admin.listUsers({ query: {} });
    assert.equal(list.error.status, 403);
    assert.equal(list.error.code, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS");
    const ban = await plain.client.admin.banUser({ userId: account.user.id });
    assert.equal(ban.error.code, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS");
    const has = await plain.client.admin.hasPermission({ permissions: { user: ["list"] } });
    assert.deepEqual(has.data, { error: null, success: false });
    const anonymous = await apiFor(server).get("/admin/list-users");
    assert.equal(anonymous.status, 401);
  });

  test("the last admin keeps the admin role", async () => {
    const me = (await getSession(server, adminCookie)).json.user;
    const res = await admin.client.admin.setRole({ userId: me.id, role: "user" });
    assert.equal(res.error.code, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN");
  });

  test("a ban closes the user's live WebSocket within a second (4001)", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    await socket.next("ready");
    const started = Date.now();
    const banned = await admin.client.admin.banUser({ userId: account.user.id });
    assert.equal(banned.error, null, JSON.stringify(banned.error));
    const closed = await socket.closed;
    assert.equal(closed.code, SESSION_ENDED);
    assert.ok(closed.at - started < 1000, `closed after ${closed.at - started} ms`);
  });

  test("a ban with banExpiresIn lifts itself when it expires", async () => {
    const account = await signUp(server);
    const banned = await admin.client.admin.banUser({ userId: account.user.id, banExpiresIn: 1 });
    assert.equal(banned.error, null, JSON.stringify(banned.error));
    assert.ok(Date.parse(banned.data.user.banExpires) > Date.now());
    assertError(await signIn(server, account.email), 403, "BANNED_USER");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await signIn(server, account.email);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.banned, false);
  });

  test("an admin cannot ban themselves (YOU_CANNOT_BAN_YOURSELF)", async () => {
    const me = (await getSession(server, adminCookie)).json.user;
    const res = await admin.client.admin.banUser({ userId: me.id });
    assert.equal(res.error.status, 400);
    assert.equal(res.error.code, "YOU_CANNOT_BAN_YOURSELF");
  });

  // ASVS 4.1.3 (least privilege): an API key never administers, even the admin's own.
  test("the admin's own API key is refused on admin routes (SESSION_NOT_FRESH)", async () => {
    const created = await apiFor(server).post("/api-key/create", { json: { name: "ops" }, headers: { cookie: adminCookie } });
    assert.equal(created.status, 200, created.text);
    const res = await apiFor(server).get("/admin/list-users", { headers: { "x-api-key": created.json.key } });
    assertError(res, 403, "SESSION_NOT_FRESH");
  });

  test("unknown user ids answer USER_NOT_FOUND; malformed list-users queries answer VALIDATION_ERROR", async () => {
    const ban = await admin.client.admin.banUser({ userId: "no-such-user" });
    assert.equal(ban.error.status, 404);
    assert.equal(ban.error.code, "USER_NOT_FOUND");
    for (const query of [
      "limit=abc",
      "offset=-1",
      "sortDirection=up",
      "searchField=phone",
      "searchOperator=like",
      "filterField=password&filterValue=x",
      "filterField=banned&filterValue=maybe",
      "sortBy=password",
    ]) {
      const res = await apiFor(server).get(`/admin/list-users?${query}`, { headers: { cookie: admin.jar.header() } });
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      assert.ok(["VALIDATION_ERROR", "INVALID_SORT"].includes(res.json.code), `${query}: ${res.text}`);
    }
  });
});
