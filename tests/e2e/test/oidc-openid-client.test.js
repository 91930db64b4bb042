// latchkey as an OpenID provider through openid-client (npm; OpenID Certified), the way
// docs/oidc.md's Node example uses it: discovery, authorization code + PKCE through a
// headless front channel, the ID token's claims, userinfo, refresh.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as client from "openid-client";
import { REDIRECT, createClient, frontChannel, signedInUser, startOidcServer } from "../lib/oidc.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

describe("OpenID provider: openid-client", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startOidcServer("oidc-openid-client");
  });
  after(() => server?.cleanup());

  test("discovery, code + PKCE, claims, userinfo, refresh (as docs/oidc.md's Node app)", async () => {
    const registered = await createClient(server, ["--skip-consent"]);
    const user = await signedInUser(server);
    const config = await client.discovery(new URL(server.baseURL), registered.client_id, registered.client_secret,
      undefined, { execute: [client.allowInsecureRequests] });
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: "openid profile email offline_access",
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256", state, nonce,
    });
    const res = await frontChannel(url, user.cookie);
    assert.equal(res.status, 302, res.text);
    const tokens = await client.authorizationCodeGrant(config, new URL(res.headers.location),
      { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims();
    assert.equal(claims.sub, user.user.id);
    assert.equal(claims.iss, server.baseURL);
    assert.equal(claims.email, user.email);
    const profile = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(profile.name, user.name);
    const renewed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(renewed.access_token && renewed.refresh_token !== tokens.refresh_token);
  });
});
