// POST /sign-out (docs/api.md, "Sessions" and "Cookies").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEVICE_COOKIE, DONT_REMEMBER_COOKIE, makeClient, SESSION_COOKIE } from "../lib/client.js";
import { assertError, getSession, PASSWORD, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

let server;
before(async () => {
  server = await startServer({ name: "sign-out" });
});
after(() => server?.cleanup());

function assertDeleted(cookie, name) {
  assert.ok(cookie, `${name} is expired in the response`);
  assert.equal(cookie.value, "");
  assert.equal(cookie.attrs["max-age"], "0");
  assert.equal(cookie.attrs.path, "/");
  assert.equal(cookie.attrs.httponly, true);
  assert.equal(cookie.attrs.samesite, "Lax");
}

test("signOut → {success:true} and the session cookie is deleted with Max-Age=0", async () => {
  const account = await signUp(server);
  const { client, jar, last } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD });
  const { data, error } = await client.signOut();
  assert.equal(error, null);
  assert.deepEqual(data, { success: true });
  assert.equal(last().method, "POST");
  assertDeleted(last().cookie(SESSION_COOKIE), SESSION_COOKIE);
  assert.equal(jar.get(SESSION_COOKIE), undefined);
  assert.equal((await client.getSession()).data, null);
});

test("the session is ended server-side: replaying the old cookie → get-session null", async () => {
  // ASVS 3.3.1: logout invalidates the session on the server, not just in the browser.
  const account = await signUp(server);
  const { client, jar } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD });
  const stolen = jar.header();
  assert.ok((await getSession(server, stolen)).json?.user);
  await client.signOut();
  const replay = await getSession(server, stolen);
  assert.equal(replay.status, 200);
  assert.equal(replay.text, "null");
  const update = await apiFor(server).post("/update-user", { json: { name: "Ghost" }, headers: { cookie: stolen } });
  assertError(update, 401, "UNAUTHORIZED");
});

test("signing out ends only that session", async () => {
  // ASVS 3.3.1: logout ends exactly the session it was called with.
  const account = await signUp(server);
  const a = makeClient(server);
  const b = makeClient(server);
  await a.client.signIn.email({ email: account.email, password: PASSWORD });
  await b.client.signIn.email({ email: account.email, password: PASSWORD });
  await a.client.signOut();
  assert.equal((await a.client.getSession()).data, null);
  assert.equal((await b.client.getSession()).data?.user.id, account.user.id);
});

test("a don't-remember session's cookies are both deleted", async () => {
  const account = await signUp(server);
  const { client, jar, last } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD, rememberMe: false });
  assert.ok(jar.get(DONT_REMEMBER_COOKIE));
  await client.signOut();
  assertDeleted(last().cookie(SESSION_COOKIE), SESSION_COOKIE);
  assertDeleted(last().cookie(DONT_REMEMBER_COOKIE), DONT_REMEMBER_COOKIE);
  assert.equal(jar.headerWithout(DEVICE_COOKIE), undefined, "nothing left in the jar but the device cookie");
});

test("sign-out without a session still answers 200 {success:true}", async () => {
  const res = await apiFor(server).post("/sign-out", { json: {} });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { success: true });
  assert.equal(res.cookie(SESSION_COOKIE)?.attrs["max-age"], "0");
});

// Better Auth 1.7.25 (observed on the peer): deleteSessionCookie expires session_token,
// session_data and dont_remember whether or not the request carried them, and nothing else.
test("sign-out without a session expires exactly Better Auth's three session cookies", async () => {
  for (const cookie of [undefined, "unrelated=1", `${SESSION_COOKIE}=not-signed`]) {
    const res = await apiFor(server).post("/sign-out", { json: {}, headers: { cookie } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { success: true });
    const names = res.setCookies.map((c) => c.name).sort();
    assert.deepEqual(names, [SESSION_COOKIE, "better-auth.dont_remember", "better-auth.session_data"].sort());
    for (const name of names) assertDeleted(res.cookie(name), name);
  }
});

test("sign-out with no body at all is accepted", async () => {
  const account = await signUp(server);
  const res = await apiFor(server).post("/sign-out", { headers: { cookie: account.cookie } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { success: true });
  assert.equal((await getSession(server, account.cookie)).text, "null");
});
