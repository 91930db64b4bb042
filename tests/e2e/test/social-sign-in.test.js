// Social sign-in with a generic OpenID Connect provider (issue 16, docs/social.md): Better
// Auth's client SDK (signIn.social) against latchkey, with the local provider of
// lib/oidc_provider.js speaking the real protocol. The flow, the user created on the first
// sign-in and reused on the second, the authorize URL (PKCE S256, state, nonce), the state
// cookie, and the flow's failures: state mismatch and replay, PKCE verifier mismatch, provider
// down (nothing half-written), untrusted redirect targets.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { arrive, beginFlow, errorOf, newTab, rowCounts, socialSignIn, startSocial } from "../lib/social.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

let env;
let server;
let provider;
before(async () => {
  env = await startSocial("social-sign-in");
  ({ server, provider } = env);
});
after(() => env?.cleanup());

/** GET /metrics as {"name{labels}": value} (docs/operations.md "Metrics"). */
async function scrape() {
  const res = await request(`${server.origin}/metrics`);
  assert.equal(res.status, 200);
  return Object.fromEntries(res.text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => {
    const cut = l.lastIndexOf(" ");
    return [l.slice(0, cut), Number(l.slice(cut + 1))];
  }));
}

describe("social sign-in with an OpenID provider", { skip: LATCHKEY_ONLY }, () => {
  test("sign-in/social answers {url, redirect:true} with an authorize URL carrying PKCE S256, state and nonce (RFC 7636 §4.3)", async () => {
    const tab = newTab(server);
    const { data, error } = await tab.client.signIn.social({ provider: "idp", callbackURL: "/home" });
    assert.equal(error, null);
    assert.deepEqual(Object.keys(data).sort(), ["redirect", "url"]);
    assert.equal(data.redirect, true);
    const url = new URL(data.url);
    assert.equal(url.origin + url.pathname, `${provider.issuer}/authorize`);
    const q = Object.fromEntries(url.searchParams);
    assert.equal(q.response_type, "code");
    assert.equal(q.client_id, provider.clientId);
    assert.equal(q.redirect_uri, `${server.baseURL}/callback/idp`);
    assert.equal(q.code_challenge_method, "S256");
    assert.match(q.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.state, /^[A-Za-z0-9]{32}$/);
    assert.match(q.nonce, /^[A-Za-z0-9]{32}$/);
    assert.equal(q.scope, "openid email profile");
    const res = tab.last();
    assert.equal(res.headers.get("location"), data.url);
    const cookie = res.cookie("better-auth.state");
    assert.ok(cookie, "state cookie set");
    assert.equal(cookie.attrs["max-age"], "600");
    assert.ok("httponly" in cookie.attrs);
    assert.equal(cookie.attrs.samesite, "Lax");
  });

  test("disableRedirect: {url, redirect:false} without Location", async () => {
    const tab = newTab(server);
    const { data } = await tab.client.signIn.social({ provider: "idp", disableRedirect: true });
    assert.equal(data.redirect, false);
    assert.equal(tab.last().headers.get("location"), null);
  });

  test("first sign-in creates the user, its account and a session; the second reuses them", async () => {
    const email = uniqueEmail("oidc");
    provider.setUser({ sub: `sub-${email}`, email, name: "Grace Hopper" });
    const before = await rowCounts(server.db);
    const metricsBefore = await scrape();
    const tab = newTab(server);
    const first = await socialSignIn(tab, { provider: "idp", callbackURL: "/home", newUserCallbackURL: "/welcome" });
    assert.equal(first.status, 302);
    assert.equal(first.location, "/welcome");
    assert.ok(tab.jar.get(SESSION_COOKIE), "session cookie set");
    assert.equal(tab.jar.get("better-auth.state"), undefined, "state cookie expired");
    const session = await tab.client.getSession();
    assert.equal(session.data.user.email, email);
    assert.equal(session.data.user.name, "Grace Hopper");
    assert.equal(session.data.user.emailVerified, true);
    const [user] = await server.db.query(`SELECT id FROM users WHERE email = '${email}'`);
    const accounts = await server.db.query(`SELECT id, provider_id, account_id, password_hash FROM accounts WHERE user_id = '${user.id}'`);
    assert.deepEqual(accounts.map((a) => [a.provider_id, a.account_id, a.password_hash]), [["idp", `sub-${email}`, null]]);
    // Tokens are stored sealed: the provider's access token is nowhere in the database.
    const [tokens] = await server.db.query(`SELECT * FROM social_tokens WHERE account_row_id = '${accounts[0].id}'`);
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);
    const issued = provider.requestsTo("/token").length;
    assert.ok(issued > 0);
    const dump = await server.db.contentText();
    assert.ok(!dump.includes("Grace Hopper\",\"picture"), "raw profile sealed");
    const after1 = await rowCounts(server.db);
    assert.equal(after1.users, before.users + 1);

    const again = newTab(server);
    const second = await socialSignIn(again, { provider: "idp", callbackURL: "/home", newUserCallbackURL: "/welcome" });
    assert.equal(second.location, "/home");
    const s2 = await again.client.getSession();
    assert.equal(s2.data.user.id, user.id);
    const after2 = await rowCounts(server.db);
    assert.equal(after2.users, after1.users);
    assert.equal(after2.accounts, after1.accounts);
    const events = await server.db.auditEvents({ user_id: user.id });
    assert.deepEqual(events.map((e) => e.event_type), ["user.sign_up", "user.sign_in"]);
    // Issue 19: both sign-ins count under method "social" (whatever the provider), the first
    // as a sign-up too.
    const metricsAfter = await scrape();
    const delta = (k) => metricsAfter[k] - (metricsBefore[k] ?? 0);
    assert.equal(delta('latchkey_sign_in_attempts_total{method="social",outcome="ok"}'), 2);
    assert.equal(delta('latchkey_sign_ups_total{method="social"}'), 1);
  });

  test("the client secret goes by client_secret_basic by default, and client_secret_post when set (RFC 6749 §2.3.1)", async () => {
    provider.setUser({ sub: "basic-1", email: uniqueEmail("basic") });
    const tab = newTab(server);
    const done = await socialSignIn(tab, { provider: "idp", callbackURL: "/home" });
    assert.equal(done.location, "/home");
    const tokenCall = provider.requestsTo("/token").at(-1);
    assert.match(tokenCall.headers.authorization, /^Basic /);
    assert.ok(!tokenCall.body.includes("client_secret"));

    env.postProvider.setUser({ sub: "post-1", email: uniqueEmail("post") });
    const tab2 = newTab(server);
    const viaPost = await socialSignIn(tab2, { provider: "post", callbackURL: "/home" });
    assert.equal(viaPost.location, "/home");
    const postCall = env.postProvider.requestsTo("/token").at(-1);
    assert.equal(postCall.headers.authorization, undefined);
    assert.match(postCall.body, /client_secret=/);
  });

  test("state mismatch: a callback without the browser's state cookie is refused (RFC 6749 §10.12, login CSRF)", async () => {
    provider.setUser({ sub: "csrf-1", email: uniqueEmail("csrf") });
    const before = await rowCounts(server.db);
    const attacker = newTab(server);
    const flow = await beginFlow(attacker, { provider: "idp" });
    const victim = newTab(server);
    const landed = await arrive(victim, flow.callbackUrl);
    assert.equal(landed.status, 302);
    assert.equal(landed.location, `${server.origin}/error?error=state_mismatch`);
    assert.equal(victim.jar.get(SESSION_COOKIE), undefined);
    assert.deepEqual(await rowCounts(server.db), before);
  });

  test("replayed state: the second use of a callback URL is refused (single use)", async () => {
    provider.setUser({ sub: "replay-1", email: uniqueEmail("replay") });
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp", callbackURL: "/home" });
    const first = await arrive(tab, flow.callbackUrl, flow.cookieAtCallback);
    assert.equal(first.location, "/home");
    const replay = await arrive(newTab(server), flow.callbackUrl, flow.cookieAtCallback);
    assert.equal(errorOf(replay.location), "state_not_found");
  });

  test("a forged state cookie counts as none", async () => {
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp" });
    const forged = flow.cookieAtCallback.replace(/better-auth\.state=([^.;]+)\.[^;]+/, "better-auth.state=$1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
    const landed = await arrive(newTab(server), flow.callbackUrl, forged);
    assert.equal(errorOf(landed.location), "state_mismatch");
  });

  test("PKCE verifier mismatch at the token endpoint fails the sign-in with invalid_code (RFC 7636 §4.6)", async () => {
    provider.setUser({ sub: "pkce-1", email: uniqueEmail("pkce") });
    const before = await rowCounts(server.db);
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp", errorCallbackURL: "/oops" }, { beforeCallback: () => provider.corruptChallenges() });
    const landed = await arrive(tab, flow.callbackUrl);
    assert.equal(landed.location, "/oops?error=invalid_code");
    assert.deepEqual(await rowCounts(server.db), before);
  });

  test("the provider's own error is passed on to errorCallbackURL", async () => {
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp", errorCallbackURL: "/oops" });
    const url = new URL(flow.callbackUrl);
    url.searchParams.delete("code");
    url.searchParams.set("error", "access_denied");
    const landed = await arrive(tab, url.toString());
    assert.equal(landed.location, "/oops?error=access_denied");
  });

  test("an iss parameter naming another issuer is refused: issuer_mismatch (RFC 9207 mix-up defence)", async () => {
    provider.setUser({ sub: "mixup-1", email: uniqueEmail("mixup") });
    const before = await rowCounts(server.db);
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp", errorCallbackURL: "/oops" });
    const url = new URL(flow.callbackUrl);
    assert.equal(url.searchParams.get("iss"), provider.issuer);
    url.searchParams.set("iss", "https://other-idp.example");
    const landed = await arrive(tab, url.toString());
    assert.equal(landed.location, "/oops?error=issuer_mismatch");
    assert.deepEqual(await rowCounts(server.db), before);
  });

  test("form_post: a POST to the callback is redirected to the GET callback with its parameters", async () => {
    provider.setUser({ sub: "formpost-1", email: uniqueEmail("formpost") });
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp", callbackURL: "/home" });
    const url = new URL(flow.callbackUrl);
    const form = new URLSearchParams(url.search);
    // The provider's cross-site POST: no cookies travel with it (SameSite=Lax).
    const posted = await fetch(`${server.baseURL}/callback/idp`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    assert.equal(posted.status, 302);
    const next = posted.headers.get("location");
    assert.ok(next.startsWith(`${server.baseURL}/callback/idp?`), next);
    assert.equal(new URL(next).searchParams.get("state"), form.get("state"));
    const landed = await arrive(tab, next);
    assert.equal(landed.location, "/home");
    assert.ok(tab.jar.get(SESSION_COOKIE));
  });

  test("provider down at the callback: a clear error, nothing half-written", async () => {
    provider.setUser({ sub: "down-1", email: uniqueEmail("down") });
    const before = await rowCounts(server.db);
    const auditBefore = (await server.db.auditEvents()).length;
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "idp" }, { beforeCallback: () => provider.setMode("down") });
    try {
      const landed = await arrive(tab, flow.callbackUrl);
      assert.equal(landed.location, `${server.origin}/error?error=provider_unavailable`);
    } finally {
      provider.setMode("normal");
    }
    assert.deepEqual(await rowCounts(server.db), before);
    const events = (await server.db.auditEvents()).slice(auditBefore);
    assert.deepEqual(events.map((e) => [e.event_type, e.outcome]), [["user.sign_in", "failure"]]);
  });

  test("a provider whose discovery fails: 503 PROVIDER_UNAVAILABLE at sign-in/social, no state stored", async () => {
    const tab = newTab(server);
    const { error } = await tab.client.signIn.social({ provider: "down" });
    assert.equal(error.status, 503);
    assert.equal(error.code, "PROVIDER_UNAVAILABLE");
    assert.equal(tab.last().cookie("better-auth.state"), undefined);
  });

  test("unknown provider: 404 PROVIDER_NOT_FOUND", async () => {
    const res = await fetch(`${server.baseURL}/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.origin },
      body: JSON.stringify({ provider: "nope" }),
    });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).code, "PROVIDER_NOT_FOUND");
  });

  test("untrusted callbackURL / errorCallbackURL / newUserCallbackURL are refused (403)", async () => {
    for (const [field, code] of [
      ["callbackURL", "INVALID_CALLBACK_URL"],
      ["errorCallbackURL", "INVALID_ERROR_CALLBACK_URL"],
      ["newUserCallbackURL", "INVALID_NEW_USER_CALLBACK_URL"],
    ]) {
      const res = await fetch(`${server.baseURL}/sign-in/social`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "idp", [field]: "https://evil.example/x" }),
      });
      assert.equal(res.status, 403, field);
      assert.equal((await res.json()).code, code);
    }
  });

  test("disable_sign_up: a new user is refused with signup_disabled, nothing written", async () => {
    provider.setUser({ sub: "strict-new", email: uniqueEmail("strict") });
    const before = await rowCounts(server.db);
    const metricsBefore = await scrape();
    const tab = newTab(server);
    const landed = await socialSignIn(tab, { provider: "strict", errorCallbackURL: "/oops" });
    assert.equal(landed.location, "/oops?error=signup_disabled");
    assert.deepEqual(await rowCounts(server.db), before);
    const refused = 'latchkey_sign_in_attempts_total{method="social",outcome="rejected"}';
    assert.equal((await scrape())[refused] - metricsBefore[refused], 1, "one refused social sign-in");
  });

  test("the github preset: user and e-mail APIs, the primary verified address", async () => {
    const email = uniqueEmail("gh");
    provider.setUser({ sub: "777", email, name: "Octo Cat" });
    const tab = newTab(server);
    const landed = await socialSignIn(tab, { provider: "github", callbackURL: "/home" });
    assert.equal(landed.location, "/home");
    const { data } = await tab.client.getSession();
    assert.equal(data.user.email, email);
    assert.equal(data.user.image, "https://avatars.example/u.png");
    const [row] = await server.db.query(`SELECT account_id FROM accounts WHERE provider_id = 'github' AND user_id = '${data.user.id}'`);
    assert.equal(row.account_id, "777");
  });

  test("the apple preset: an ES256 client-secret JWT, form_post asked for, the profile from the ID token", async () => {
    const email = uniqueEmail("apple");
    env.appleProvider.setUser({ sub: "000123.abc", email, email_verified: "true", name: "Apple User" });
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "apple", callbackURL: "/home" });
    const authorize = new URL(flow.data.url).searchParams;
    assert.equal(authorize.get("response_mode"), "form_post");
    assert.equal(authorize.get("scope"), "name email");
    assert.ok(authorize.get("nonce"));
    const landed = await arrive(tab, flow.callbackUrl);
    assert.equal(landed.location, "/home");
    const { data } = await tab.client.getSession();
    assert.equal(data.user.email, email);
    assert.equal(data.user.emailVerified, true);
    const tokenCall = env.appleProvider.requestsTo("/token").at(-1);
    assert.equal(tokenCall.headers.authorization, undefined);
    assert.match(new URLSearchParams(tokenCall.body).get("client_secret"), /^eyJ[^.]+\.[^.]+\.[^.]+$/);
  });

  test("a plain OAuth 2.0 provider (no issuer, no ID token): the user API's id, login and avatar_url", async () => {
    const email = uniqueEmail("plain");
    provider.setUser({ sub: "ignored", email });
    const tab = newTab(server);
    const flow = await beginFlow(tab, { provider: "plain", callbackURL: "/home" });
    assert.equal(new URL(flow.data.url).searchParams.get("nonce"), null);
    const landed = await arrive(tab, flow.callbackUrl);
    assert.equal(landed.location, "/home");
    const { data } = await tab.client.getSession();
    assert.equal(data.user.email, email);
    assert.equal(data.user.name, "plainuser");
    assert.equal(data.user.emailVerified, false);
    const [row] = await server.db.query(`SELECT account_id FROM accounts WHERE provider_id = 'plain' AND user_id = '${data.user.id}'`);
    assert.equal(row.account_id, "4242");
  });

  test("a plain OAuth 2.0 provider with another JSON shape: signed in through the user-info mapping (dotted paths)", async () => {
    const email = uniqueEmail("Custom");
    provider.setUser({ sub: "m-1", email, email_verified: true, name: "Mapped User" });
    const tab = newTab(server);
    const landed = await socialSignIn(tab, { provider: "custom", callbackURL: "/home" });
    assert.equal(landed.location, "/home");
    const { data } = await tab.client.getSession();
    assert.equal(data.user.email, email.toLowerCase(), "the mapped e-mail, not the answer's top-level decoy");
    assert.equal(data.user.name, "Mapped User");
    assert.equal(data.user.image, "https://img.example/c.png");
    assert.equal(data.user.emailVerified, true, "the mapped flag (\"true\")");
    const [row] = await server.db.query(`SELECT id, account_id FROM accounts WHERE provider_id = 'custom' AND user_id = '${data.user.id}'`);
    assert.equal(row.account_id, "c-m-1");
    const info = await fetch(`${server.baseURL}/account-info?accountId=${row.id}`, { headers: { cookie: tab.jar.header() } });
    const body = await info.json();
    assert.equal(body.data.data.uid, "c-m-1", "account-info's data is the provider's answer as it came");
    assert.equal(body.user.id, "c-m-1");
  });
});
