// Sign-in with an ID token the app got from the provider's own SDK (issue 16, docs/social.md
// "The flow"; Better Auth's signIn.social({provider, idToken})): validated like the callback's
// (OIDC Core §3.1.3.7), the same linking rules, {redirect:false, token, user} and the session
// cookie. And link-social with an ID token: the same validation, then Better Auth's rules for
// it (trusted provider or e-mail verified there, the user's own e-mail).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { uniqueEmail } from "../lib/fixtures.js";
import { newTab, rowCounts, startSocial } from "../lib/social.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

let env;
let server;
let provider;
before(async () => {
  env = await startSocial("social-id-token-sign-in");
  ({ server, provider } = env);
});
after(() => env?.cleanup());

describe("sign-in with an ID token", { skip: LATCHKEY_ONLY }, () => {
  test("a valid ID token signs in (first time: the user is created)", async () => {
    const email = uniqueEmail("idt");
    provider.setUser({ sub: "idt-1", email, name: "Id Token" });
    const tab = newTab(server);
    const { data, error } = await tab.client.signIn.social({ provider: "idp", idToken: { token: provider.mintIdToken({ nonce: "n-1" }), nonce: "n-1" } });
    assert.equal(error, null);
    assert.equal(data.redirect, false);
    assert.match(data.token, /^[A-Za-z0-9]{32}$/);
    assert.equal(data.user.email, email);
    assert.ok(tab.jar.get(SESSION_COOKIE));
    assert.equal((await tab.client.getSession()).data.user.email, email);
  });

  for (const [what, overrides, nonce] of [
    ["wrong aud", { aud: "another-client" }, undefined],
    ["wrong iss", { iss: "https://evil.example" }, undefined],
    ["expired", { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }, undefined],
    ["nonce other than the app's (replay, OIDC Core §3.1.3.7 step 11)", { nonce: "other" }, "mine"],
  ]) {
    test(`refused: ${what} → 401 INVALID_ID_TOKEN, nothing written`, async () => {
      provider.setUser({ sub: `idt-bad-${what}`, email: uniqueEmail("idtbad") });
      const before = await rowCounts(server.db);
      const tab = newTab(server);
      const { error } = await tab.client.signIn.social({ provider: "idp", idToken: { token: provider.mintIdToken(overrides), ...(nonce ? { nonce } : {}) } });
      assert.equal(error.status, 401);
      assert.equal(error.code, "INVALID_ID_TOKEN");
      assert.deepEqual(await rowCounts(server.db), before);
    });
  }

  test("the linking rules hold: an unverified e-mail does not take over an account (401 OAUTH_LINK_ERROR)", async () => {
    const first = newTab(server);
    const email = uniqueEmail("idt-owner");
    await first.client.signUp.email({ email, password: "correct horse battery", name: "Owner" });
    provider.setUser({ sub: "idt-attacker", email, email_verified: false });
    const { error } = await newTab(server).client.signIn.social({ provider: "trusted", idToken: { token: provider.mintIdToken() } });
    assert.equal(error.status, 401);
    assert.equal(error.code, "OAUTH_LINK_ERROR");
  });

  test("a provider without ID tokens (GitHub) → 404 ID_TOKEN_NOT_SUPPORTED", async () => {
    const { error } = await newTab(server).client.signIn.social({ provider: "github", idToken: { token: "x.y.z" } });
    assert.equal(error.status, 404);
    assert.equal(error.code, "ID_TOKEN_NOT_SUPPORTED");
  });
});

describe("link-social with an ID token", { skip: LATCHKEY_ONLY }, () => {
  /** A verified e-mail/password user signed in in its own tab. */
  async function localUser(tag) {
    const tab = newTab(server);
    const email = uniqueEmail(tag);
    const { data, error } = await tab.client.signUp.email({ email, password: "correct horse battery", name: "Local" });
    assert.equal(error, null);
    return { tab, email, userId: data.user.id };
  }
  const socialRows = (userId) =>
    server.db.query(`SELECT provider_id, account_id FROM accounts WHERE user_id = '${userId}' AND provider_id <> 'credential'`);

  test("a valid ID token for the user's own e-mail links the account: {url:'', status:true, redirect:false}", async () => {
    const local = await localUser("idtlink");
    provider.setUser({ sub: "idt-link-1", email: local.email, email_verified: true });
    const { data, error } = await local.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken({ nonce: "ln" }), nonce: "ln", accessToken: "at-from-app" } });
    assert.equal(error, null);
    assert.deepEqual(data, { url: "", status: true, redirect: false });
    assert.deepEqual(await socialRows(local.userId), [{ provider_id: "idp", account_id: "idt-link-1" }]);
    const { data: token } = await local.tab.client.getAccessToken({ providerId: "idp" });
    assert.equal(token.accessToken, "at-from-app", "the app's tokens are stored (sealed) with the link");
    const events = await server.db.auditEvents({ user_id: local.userId, event_type: "account.linked" });
    assert.deepEqual(events.map((e) => e.outcome), ["success"]);
    // The linked provider account now signs this user in.
    const other = newTab(server);
    const signedIn = await other.client.signIn.social({ provider: "idp", idToken: { token: provider.mintIdToken() } });
    assert.equal(signedIn.data.user.id, local.userId);
  });

  // OIDC Core §3.1.3.7: the same checks as sign-in with an ID token.
  test("a forged ID token (another audience) → 401 INVALID_ID_TOKEN, nothing linked, audited", async () => {
    const local = await localUser("idtlinkbad");
    provider.setUser({ sub: "idt-link-bad", email: local.email });
    const { error } = await local.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken({ aud: "another-client" }) } });
    assert.equal(error.status, 401);
    assert.equal(error.code, "INVALID_ID_TOKEN");
    assert.deepEqual(await socialRows(local.userId), []);
    const events = await server.db.auditEvents({ user_id: local.userId, event_type: "account.linked" });
    assert.deepEqual(events.map((e) => e.outcome), ["failure"]);
  });

  // Pre-account takeover / account confusion: a token not bound to this browser must vouch for the
  // user's own, verified e-mail (or come from a trusted provider).
  test("an unverified e-mail at an untrusted provider → 401 LINKING_NOT_ALLOWED; another e-mail → 401 LINKING_DIFFERENT_EMAILS_NOT_ALLOWED", async () => {
    const local = await localUser("idtlinkrules");
    provider.setUser({ sub: "idt-link-unverified", email: local.email, email_verified: false });
    const unverified = await local.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken() } });
    assert.equal(unverified.error.status, 401);
    assert.equal(unverified.error.code, "LINKING_NOT_ALLOWED");
    provider.setUser({ sub: "idt-link-elsewhere", email: uniqueEmail("elsewhere"), email_verified: true });
    const elsewhere = await local.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken() } });
    assert.equal(elsewhere.error.status, 401);
    assert.equal(elsewhere.error.code, "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED");
    assert.deepEqual(await socialRows(local.userId), []);
  });

  test("a provider account linked to another user → 409 SOCIAL_ACCOUNT_ALREADY_LINKED", async () => {
    const owner = await localUser("idtlinkowner");
    provider.setUser({ sub: "idt-link-owned", email: owner.email, email_verified: true });
    assert.equal((await owner.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken() } })).error, null);
    const other = await localUser("idtlinkother");
    provider.setUser({ sub: "idt-link-owned", email: other.email, email_verified: true });
    const { error } = await other.tab.client.linkSocial({ provider: "idp", idToken: { token: provider.mintIdToken() } });
    assert.equal(error.status, 409);
    assert.equal(error.code, "SOCIAL_ACCOUNT_ALREADY_LINKED");
    assert.deepEqual(await socialRows(other.userId), []);
  });

  test("GitHub (no ID tokens) → 404 ID_TOKEN_NOT_SUPPORTED", async () => {
    const local = await localUser("idtlinkgh");
    const { error } = await local.tab.client.linkSocial({ provider: "github", idToken: { token: "x.y.z" } });
    assert.equal(error.status, 404);
    assert.equal(error.code, "ID_TOKEN_NOT_SUPPORTED");
  });
});
