// Sign-in with an ID token the app got from the provider's own SDK (issue 16, docs/social.md
// "The flow"; Better Auth's signIn.social({provider, idToken})): validated like the callback's
// (OIDC Core §3.1.3.7), the same linking rules, {redirect:false, token, user} and the session
// cookie.
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
