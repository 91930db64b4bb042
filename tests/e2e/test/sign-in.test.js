// POST /sign-in/email (docs/api.md, "Cookies" for rememberMe, "Requests and answers").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DONT_REMEMBER_COOKIE, makeClient, SESSION_COOKIE } from "../lib/client.js";
import {
  assertError, assertNear, assertUserShape, DAY_MS, PASSWORD, signedCookieValue, signIn, signUp, TOKEN_RE, uniqueEmail,
} from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

let server;
before(async () => {
  server = await startServer({ name: "sign-in" });
});
after(() => server?.cleanup());

test("signIn.email answers {redirect:false, token, user} without url, and sets a new session cookie", async () => {
  const account = await signUp(server, { name: "Grace" });
  const { client, last } = makeClient(server);
  const { data, error } = await client.signIn.email({ email: account.email, password: PASSWORD });
  assert.equal(error, null);
  const raw = JSON.parse(last().text);
  assert.deepEqual(Object.keys(raw).sort(), ["redirect", "token", "user"], "no `url` without callbackURL");
  assert.equal(raw.redirect, false);
  assert.match(raw.token, TOKEN_RE);
  assertUserShape(raw.user, { email: account.email, name: "Grace" });
  assert.equal(raw.user.id, account.user.id);
  assert.equal(last().headers.get("location"), null);
  // ASVS 3.2.1: every authentication issues a new token.
  assert.notEqual(data.token, account.token);
  const cookie = last().cookie(SESSION_COOKIE);
  assert.equal(cookie.value, signedCookieValue(data.token, server.secret));
  assert.equal(cookie.attrs["max-age"], "604800");
  assert.equal(cookie.attrs.httponly, true);
  assert.equal(cookie.attrs.samesite, "Lax");
  assert.equal(cookie.attrs.path, "/");
});

test("a default session lasts 7 days", async () => {
  const account = await signUp(server);
  const { client } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD });
  const { data } = await client.getSession();
  assertNear(data.session.expiresAt.getTime(), Date.now() + 7 * DAY_MS, 120_000, "expiresAt");
});

test("callbackURL → redirect:true, url echoed and a Location header on the 200", async () => {
  const account = await signUp(server);
  const res = await signIn(server, account.email, PASSWORD, { callbackURL: "/dashboard" });
  assert.equal(res.status, 200);
  assert.equal(res.json.redirect, true);
  assert.equal(res.json.url, "/dashboard");
  assert.equal(res.headers.location, "/dashboard");
  assert.match(res.json.token, TOKEN_RE);
  assert.ok(res.cookie(SESSION_COOKIE));
});

test("rememberMe:false → session cookie without Max-Age, dont_remember set, session expires in 1 day", async () => {
  const account = await signUp(server);
  const { client, last } = makeClient(server);
  const { error } = await client.signIn.email({ email: account.email, password: PASSWORD, rememberMe: false });
  assert.equal(error, null);
  const session = last().cookie(SESSION_COOKIE);
  assert.equal(session.attrs["max-age"], undefined, "browser-session cookie");
  assert.equal(session.attrs.expires, undefined);
  assert.equal(session.attrs.httponly, true);
  const dontRemember = last().cookie(DONT_REMEMBER_COOKIE);
  assert.ok(dontRemember, "dont_remember cookie is set");
  assert.equal(dontRemember.value, signedCookieValue("true", server.secret), "signed literal `true`"); // docs/api.md, "Cookies"
  assert.equal(dontRemember.attrs["max-age"], undefined);
  assert.equal(dontRemember.attrs.httponly, true);
  assert.equal(dontRemember.attrs.path, "/");

  const { data } = await client.getSession();
  assertNear(data.session.expiresAt.getTime(), Date.now() + DAY_MS, 120_000, "expiresAt");
});

test("a later remembered sign-in in the same browser expires dont_remember", async () => {
  const account = await signUp(server);
  const { client, jar, last } = makeClient(server);
  await client.signIn.email({ email: account.email, password: PASSWORD, rememberMe: false });
  assert.ok(jar.get(DONT_REMEMBER_COOKIE));
  await client.signIn.email({ email: account.email, password: PASSWORD });
  const expired = last().cookie(DONT_REMEMBER_COOKIE);
  assert.ok(expired, "dont_remember is expired explicitly");
  assert.equal(expired.attrs["max-age"], "0");
  assert.equal(jar.get(DONT_REMEMBER_COOKIE), undefined);
  assert.equal(last().cookie(SESSION_COOKIE).attrs["max-age"], "604800");
});

test("wrong password → 401 INVALID_EMAIL_OR_PASSWORD, no cookie", async () => {
  const account = await signUp(server);
  const { client, last } = makeClient(server);
  const { data, error } = await client.signIn.email({ email: account.email, password: "not the password" });
  assert.equal(data, null);
  assert.equal(error.status, 401);
  assert.equal(error.code, "INVALID_EMAIL_OR_PASSWORD");
  assert.equal(error.message, "Invalid email or password");
  assert.equal(last().cookie(SESSION_COOKIE), undefined);
});

test("unknown email and wrong password give byte-identical answers", async () => {
  // ASVS 2.2.1 (docs/api.md, "Answers that do not reveal accounts"): no account enumeration
  // through sign-in.
  const account = await signUp(server);
  const wrong = await signIn(server, account.email, "not the password");
  const unknown = await signIn(server, uniqueEmail("nobody"), "not the password");
  assertError(wrong, 401, "INVALID_EMAIL_OR_PASSWORD");
  assert.equal(unknown.status, wrong.status);
  assert.equal(unknown.text, wrong.text);
  const stable = (h) =>
    Object.keys(h)
      .filter((k) => !["date", "x-request-id", "content-length", "connection", "keep-alive"].includes(k))
      .sort()
      .map((k) => `${k}: ${k === "set-cookie" ? h[k].length : h[k]}`);
  assert.deepEqual(stable(unknown.headers), stable(wrong.headers));
});

test("email is case-insensitive: sign up A@X.com, sign in a@x.com and A@X.COM", async () => {
  const local = uniqueEmail("CaseUser").split("@")[0];
  const mixed = `${local}@X-Example.COM`;
  const account = await signUp(server, { email: mixed });
  for (const email of [mixed.toLowerCase(), mixed.toUpperCase()]) {
    const res = await signIn(server, email);
    assert.equal(res.status, 200, `${email}: ${res.text}`);
    assert.equal(res.json.user.id, account.user.id);
    assert.equal(res.json.user.email, mixed.toLowerCase());
  }
});

test("passwords are case-sensitive", async () => {
  const account = await signUp(server);
  assertError(await signIn(server, account.email, PASSWORD.toUpperCase()), 401, "INVALID_EMAIL_OR_PASSWORD");
});

test("sign-in accepts application/x-www-form-urlencoded", async () => {
  const account = await signUp(server);
  const body = new URLSearchParams({ email: account.email, password: PASSWORD }).toString();
  const res = await apiFor(server).post("/sign-in/email", {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.user.id, account.user.id);
  assert.ok(res.cookie(SESSION_COOKIE));
});

test("each sign-in makes a distinct 32-character token (ASVS 3.2.2)", async () => {
  const account = await signUp(server);
  const tokens = new Set();
  for (let i = 0; i < 10; i++) {
    const res = await signIn(server, account.email);
    assert.match(res.json.token, TOKEN_RE);
    tokens.add(res.json.token);
  }
  assert.equal(tokens.size, 10);
});
