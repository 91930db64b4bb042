// The ID token of social sign-in (issue 16, docs/social.md "ID tokens"): each way an ID token
// can be forged is refused (OIDC Core §3.1.3.7, RFC 8725), nothing is written, and the
// provider's key rotation is followed (the JWKS fetched again for an unknown kid, at most once
// per interval).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { uniqueEmail } from "../lib/fixtures.js";
import { newTab, rowCounts, socialSignIn, startSocial } from "../lib/social.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

let env;
let server;
let provider;
before(async () => {
  env = await startSocial("social-id-token");
  ({ server, provider } = env);
});
after(() => env?.cleanup());

describe("ID token validation", { skip: LATCHKEY_ONLY }, () => {
  test("an honest RS256 token and an honest ES256 token both sign in", async () => {
    for (const alg of ["RS256", "ES256"]) {
      provider.useAlg(alg);
      provider.setUser({ sub: `honest-${alg}`, email: uniqueEmail(alg.toLowerCase()) });
      const tab = newTab(server);
      const landed = await socialSignIn(tab, { provider: "idp", callbackURL: "/home" });
      assert.equal(landed.location, "/home", alg);
      assert.ok(tab.jar.get(SESSION_COOKIE));
    }
    provider.useAlg("RS256");
  });

  const forgeries = [
    ["wrong-key", "a signature by a key the provider does not publish (same kid)"],
    ["wrong-aud", "aud is another client (OIDC Core §3.1.3.7 step 3)"],
    ["wrong-iss", "iss is not the configured issuer exactly (step 2)"],
    ["expired", "exp in the past (step 9)"],
    ["alg-none", "alg none (RFC 8725 §3.1)"],
    ["hs256", "HS256 keyed with the provider's public key (RFC 8725 §3.1, algorithm confusion)"],
    ["no-nonce", "no nonce although one was sent (step 11, replay)"],
    ["wrong-azp", "several audiences and azp another client (steps 4-5)"],
    ["no-kid-wrong-key", "no kid and a signature by no published key (RFC 8725 §3.10)"],
  ];
  for (const [kind, what] of forgeries) {
    test(`forged ID token refused: ${what}`, async () => {
      provider.setUser({ sub: `forged-${kind}`, email: uniqueEmail(kind) });
      provider.forge(kind);
      const before = await rowCounts(server.db);
      const tab = newTab(server);
      try {
        const landed = await socialSignIn(tab, { provider: "idp", errorCallbackURL: "/oops" });
        assert.equal(landed.location, "/oops?error=invalid_id_token");
      } finally {
        provider.forge(null);
      }
      assert.equal(tab.jar.get(SESSION_COOKIE), undefined);
      assert.deepEqual(await rowCounts(server.db), before);
    });
  }

  // RFC 7519 §4.1.4 / §4.1.5 / §4.1.6 with jwt_clock_skew's default 120 s: a time claim a little
  // inside the leeway signs in, a little outside it is refused (2 s margins: the provider's
  // clock and latchkey's tick apart; the exact edges are unit-tested in crypto/jose).
  const skews = [
    ["at:exp:-118", true, "exp 118 s ago"],
    ["at:exp:-122", false, "exp 122 s ago"],
    ["at:nbf:118", true, "nbf 118 s ahead"],
    ["at:nbf:122", false, "nbf 122 s ahead"],
    ["at:iat:118", true, "iat 118 s ahead"],
    ["at:iat:122", false, "iat 122 s ahead"],
  ];
  for (const [kind, accepted, what] of skews) {
    test(`RFC 7519 4.1.4 clock skew: ${what} is ${accepted ? "accepted" : "refused"}`, async () => {
      provider.setUser({ sub: `skew-${kind}`, email: uniqueEmail("skew") });
      provider.forge(kind);
      try {
        const landed = await socialSignIn(newTab(server), { provider: "idp", callbackURL: "/home", errorCallbackURL: "/oops" });
        assert.equal(landed.location, accepted ? "/home" : "/oops?error=invalid_id_token");
      } finally {
        provider.forge(null);
      }
    });
  }

  test("a token without kid, signed by a published key of its alg, is accepted (the keys of that alg are tried)", async () => {
    provider.setUser({ sub: "no-kid-1", email: uniqueEmail("nokid") });
    provider.forge("no-kid");
    try {
      for (const alg of ["RS256", "ES256"]) {
        provider.useAlg(alg);
        const landed = await socialSignIn(newTab(server), { provider: "idp", callbackURL: "/home" });
        assert.equal(landed.location, "/home", alg);
      }
    } finally {
      provider.forge(null);
      provider.useAlg("RS256");
    }
  });

  test("key rotation: a token signed by a new key is accepted after one JWKS refetch", async () => {
    provider.setUser({ sub: "rotate-1", email: uniqueEmail("rotate") });
    const tab = newTab(server);
    assert.equal((await socialSignIn(tab, { provider: "idp", callbackURL: "/home" })).location, "/home");
    const fetchesBefore = provider.requestsTo("/jwks").length;
    provider.rotate();
    const tab2 = newTab(server);
    assert.equal((await socialSignIn(tab2, { provider: "idp", callbackURL: "/home" })).location, "/home");
    assert.equal(provider.requestsTo("/jwks").length, fetchesBefore + 1);
    // A third sign-in with the same key needs no fetch.
    const tab3 = newTab(server);
    assert.equal((await socialSignIn(tab3, { provider: "idp", callbackURL: "/home" })).location, "/home");
    assert.equal(provider.requestsTo("/jwks").length, fetchesBefore + 1);
  });

  test("unknown kids refetch the JWKS at most once per interval (no amplification)", async () => {
    provider.setUser({ sub: "kid-flood", email: uniqueEmail("kid") });
    const fetchesBefore = provider.requestsTo("/jwks").length;
    provider.forge("wrong-key");
    provider.rotate(); // the forged key's kid is new: unknown to latchkey
    try {
      for (let i = 0; i < 3; i++) {
        const landed = await socialSignIn(newTab(server), { provider: "idp", errorCallbackURL: "/oops" });
        assert.equal(landed.location, "/oops?error=invalid_id_token");
      }
    } finally {
      provider.forge(null);
    }
    assert.ok(provider.requestsTo("/jwks").length <= fetchesBefore + 1);
  });
});
