// latchkey as an OpenID provider (issue 17, docs/oidc.md) driven by an independent relying
// party, oauth4webapi: discovery, authorization code + PKCE through a headless front channel
// (the cookie of a user signed in through the API), the ID token verified against /jwks
// (RS256), userinfo, refresh rotation, client_credentials, the consent page's contract and
// `latchkey clients`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { sha256Hex } from "../lib/db.js";
import { SESSION_COOKIE } from "../lib/client.js";
import { PASSWORD, assertError, signIn, signUp } from "../lib/fixtures.js";
import { TWO_FACTOR_COOKIE, pair, userWithTwoFactor } from "../lib/two_factor.js";
import { apiFor } from "../lib/http.js";
import {
  INSECURE, REDIRECT, authorizationUrl, clientsCli, codeFlow, consent, createClient, discover, frontChannel, oauth,
  signedInUser, startOidcServer,
} from "../lib/oidc.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

describe("OpenID provider: flows (oauth4webapi)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let as;
  let confidential; // skip-consent, client_secret_basic
  let user;
  before(async () => {
    server = await startOidcServer("oidc-flow");
    confidential = await createClient(server, ["--skip-consent", "--grant", "authorization_code,refresh_token,client_credentials"]);
    as = await discover(server);
    user = await signedInUser(server);
  });
  after(() => server?.cleanup());

  // OpenID Connect Discovery 1.0 §4.3: issuer exactly the URL it was fetched under; RFC 8414 §3.
  test("discovery: issuer <base URL>/api/auth, S256 only, RS256, the JWKS; RFC 8414 metadata at both paths", async () => {
    assert.equal(as.issuer, server.baseURL);
    assert.equal(as.jwks_uri, `${server.baseURL}/jwks`);
    assert.deepEqual(as.code_challenge_methods_supported, ["S256"]);
    assert.deepEqual(as.response_types_supported, ["code"]);
    assert.deepEqual(as.id_token_signing_alg_values_supported, ["RS256"]);
    assert.equal(as.authorization_response_iss_parameter_supported, true);
    for (const path of ["/.well-known/oauth-authorization-server/api/auth", "/api/auth/.well-known/oauth-authorization-server"]) {
      const issuer = new URL(server.baseURL);
      const res = await fetch(server.origin + path);
      assert.equal(res.status, 200, path);
      const meta = await oauth.processDiscoveryResponse(issuer, res);
      assert.equal(meta.token_endpoint, `${server.baseURL}/oauth2/token`);
    }
    const jwks = (await apiFor(server).get("/jwks")).json;
    assert.ok(jwks.keys.some((k) => k.alg === "RS256" && k.kty === "RSA"), "an RS256 key is published");
  });

  test("clients create: one JSON object, the secret shown once and stored hashed", async () => {
    assert.match(confidential.client_id, /^[A-Za-z0-9]{32}$/);
    assert.match(confidential.client_secret, /^[A-Za-z0-9]{43}$/);
    const [row] = await server.db.query(`SELECT secret_hash FROM oauth_clients WHERE client_id = '${confidential.client_id}'`);
    assert.equal(row.secret_hash, sha256Hex(confidential.client_secret));
    const listed = await clientsCli(server, ["list"]);
    assert.equal(listed.code, 0, listed.stderr);
    const mine = listed.objects.find((c) => c.client_id === confidential.client_id);
    assert.equal(mine.client_secret, undefined, "list never shows a secret");
    assert.deepEqual(mine.redirect_uris, [REDIRECT]);
  });

  test("authorization code + PKCE: tokens, an RS256 ID token (iss, aud, nonce, at_hash, sid, auth_time), userinfo", async () => {
    const auth = oauth.ClientSecretBasic(confidential.client_secret);
    const { result, callback, nonce } = await codeFlow(server, as, confidential, auth, user.cookie);
    assert.equal(callback.searchParams.get("iss"), server.baseURL, "RFC 9207");
    assert.equal(result.token_type.toLowerCase(), "bearer");
    assert.match(result.access_token, /^lkat_/);
    assert.match(result.refresh_token, /^lkrt_/);
    assert.equal(decodeProtectedHeader(result.id_token).alg, "RS256");
    const jwks = createLocalJWKSet((await apiFor(server).get("/jwks")).json);
    const { payload } = await jwtVerify(result.id_token, jwks, { issuer: server.baseURL, audience: confidential.client_id });
    assert.equal(payload.sub, user.user.id);
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.email, user.email);
    assert.ok(payload.auth_time <= payload.iat && payload.sid && payload.at_hash);
    assert.equal(payload.acr, "1fa", "a password alone (docs/oidc.md acr values)");
    assert.equal(payload.azp, confidential.client_id, "OpenID Connect Core §2");
    assert.deepEqual(payload.amr, ["pwd"]);
    // userinfo (OpenID Connect Core §5.3)
    const info = await oauth.processUserInfoResponse(as, confidential, user.user.id,
      await oauth.userInfoRequest(as, confidential, result.access_token, INSECURE));
    assert.equal(info.email, user.email);
    assert.equal(info.name, user.name);
    assert.equal(info.email_verified, false);
    // Only hashes in the database.
    const text = await server.db.contentText();
    for (const secret of [result.access_token, result.refresh_token, callback.searchParams.get("code")]) {
      assert.ok(!text.includes(secret), "no token or code in clear in the database");
    }
    const events = await server.db.auditEvents({ event_type: "oauth.token", user_id: user.user.id });
    assert.ok(events.length >= 1);
  });

  test("refresh: rotation, each refresh token once; a replay revokes the family (RFC 9700 §4.14.2)", async () => {
    const auth = oauth.ClientSecretBasic(confidential.client_secret);
    const { result } = await codeFlow(server, as, confidential, auth, user.cookie);
    const refreshed = await oauth.processRefreshTokenResponse(as, confidential,
      await oauth.refreshTokenGrantRequest(as, confidential, auth, result.refresh_token, INSECURE));
    assert.notEqual(refreshed.refresh_token, result.refresh_token);
    assert.ok(refreshed.id_token);
    // Replay of the spent one: invalid_grant, and the new pair dies with the family.
    const replay = await oauth.refreshTokenGrantRequest(as, confidential, auth, result.refresh_token, INSECURE);
    assert.equal(replay.status, 400);
    assert.equal((await replay.json()).error, "invalid_grant");
    const after = await oauth.refreshTokenGrantRequest(as, confidential, auth, refreshed.refresh_token, INSECURE);
    assert.equal((await after.json()).error, "invalid_grant");
    const info = await oauth.userInfoRequest(as, confidential, refreshed.access_token, INSECURE);
    assert.equal(info.status, 401, "live access tokens of the family are revoked too");
    assert.equal((await server.db.auditEvents({ event_type: "oauth.refresh_reuse_detected" })).length, 1);
  });

  // ASVS 3.3.3 / RFC 9700 §4.14: a user's tokens outlive none of their sessions. Ending every
  // session (here revoke-sessions; a ban and a password reset run the same hook) ends them.
  test("every session of the user ended: its refresh and access tokens end too", async () => {
    const auth = oauth.ClientSecretBasic(confidential.client_secret);
    const someone = await signedInUser(server);
    const { result } = await codeFlow(server, as, confidential, auth, someone.cookie);
    assert.equal((await oauth.userInfoRequest(as, confidential, result.access_token, INSECURE)).status, 200);
    const ended = await apiFor(server).post("/revoke-sessions", { json: {}, headers: { cookie: someone.cookie } });
    assert.equal(ended.status, 200, ended.text);
    const refresh = await oauth.refreshTokenGrantRequest(as, confidential, auth, result.refresh_token, INSECURE);
    assert.equal((await refresh.json()).error, "invalid_grant");
    assert.equal((await oauth.userInfoRequest(as, confidential, result.access_token, INSECURE)).status, 401);
  });

  test("refresh: no up-scoping (RFC 6749 §6)", async () => {
    const auth = oauth.ClientSecretBasic(confidential.client_secret);
    const { result } = await codeFlow(server, as, confidential, auth, user.cookie, { scope: "openid offline_access" });
    const res = await oauth.refreshTokenGrantRequest(as, confidential, auth, result.refresh_token,
      { ...INSECURE, additionalParameters: { scope: "openid email" } });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, "invalid_scope");
  });

  test("client_credentials: an access token, no ID token, no refresh token (OAuth 2.1 §4.2)", async () => {
    const auth = oauth.ClientSecretPost(confidential.client_secret);
    const result = await oauth.processClientCredentialsResponse(as, confidential,
      await oauth.clientCredentialsGrantRequest(as, confidential, auth, new URLSearchParams(), INSECURE));
    assert.ok(result.access_token);
    assert.equal(result.refresh_token, undefined);
    assert.equal(result.id_token, undefined);
    assert.equal(result.scope, "profile email");
  });

  test("public client (none): PKCE alone; consent page contract: redirect, POST /oauth2/consent, remembered grant", async () => {
    const pub = await createClient(server, ["--public"]);
    assert.equal(pub.client_secret, undefined);
    assert.equal(pub.token_endpoint_auth_method, "none");
    const fresh = await signedInUser(server);
    const { url, verifier, state, nonce } = await authorizationUrl(as, pub.client_id);
    const first = await frontChannel(url, fresh.cookie);
    assert.equal(first.status, 302);
    const consentPage = new URL(first.headers.location, server.origin);
    assert.equal(consentPage.pathname, "/oauth2-consent");
    assert.equal(consentPage.searchParams.get("client_id"), pub.client_id);
    assert.ok(consentPage.searchParams.get("sig"));
    // A tampered query is refused.
    const tampered = consentPage.href.replace("scope=openid", "scope=openid%20x");
    assert.equal((await consent(server, fresh.cookie, tampered)).status, 400);
    const accepted = await consent(server, fresh.cookie, consentPage.href, true, "openid email");
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.redirect, true);
    const callback = new URL(accepted.json.url);
    const params = oauth.validateAuthResponse(as, pub, callback, state);
    const result = await oauth.processAuthorizationCodeResponse(as, pub,
      await oauth.authorizationCodeGrantRequest(as, pub, oauth.None(), params, REDIRECT, verifier, INSECURE),
      { expectedNonce: nonce, requireIdToken: true });
    assert.equal(result.scope, "openid email");
    // The grant is remembered: the next request for those scopes skips the page...
    const again = await authorizationUrl(as, pub.client_id, { scope: "openid email" });
    assert.match((await frontChannel(again.url, fresh.cookie)).headers.location, /^https:\/\/app\.example\.com\/callback\?code=/);
    // ...unless prompt=consent, or a scope not granted yet.
    const forced = await authorizationUrl(as, pub.client_id, { scope: "openid email", prompt: "consent" });
    assert.match((await frontChannel(forced.url, fresh.cookie)).headers.location, /^\/oauth2-consent\?/);
    // prompt=none where consent is needed: consent_required to the client.
    const none = await authorizationUrl(as, pub.client_id, { scope: "openid profile", prompt: "none" });
    const refused = new URL((await frontChannel(none.url, fresh.cookie)).headers.location);
    assert.equal(refused.searchParams.get("error"), "consent_required");
    // Deny: access_denied with state and iss.
    const denied = await consent(server, fresh.cookie, consentPage.href, false);
    const deniedUrl = new URL(denied.json.url);
    assert.equal(deniedUrl.searchParams.get("error"), "access_denied");
    assert.equal(deniedUrl.searchParams.get("state"), state);
    assert.equal(deniedUrl.searchParams.get("iss"), server.baseURL);
  });

  test("not signed in: the hosted sign-in page with ?redirect= the authorization request; prompt=none → login_required", async () => {
    const { url } = await authorizationUrl(as, confidential.client_id);
    const res = await frontChannel(url, undefined);
    assert.equal(res.status, 302);
    const signIn = new URL(res.headers.location, server.origin);
    assert.equal(signIn.pathname, "/sign-in");
    assert.equal(signIn.searchParams.get("redirect"), url.pathname + url.search);
    // prompt=select_account: the sign-in page even with a session (OpenID Connect Core §3.1.2.1).
    const select = await authorizationUrl(as, confidential.client_id, { prompt: "select_account", login_hint: "who@example.com" });
    const choose = new URL((await frontChannel(select.url, user.cookie)).headers.location, server.origin);
    assert.equal(choose.pathname, "/sign-in");
    assert.equal(choose.searchParams.get("login_hint"), "who@example.com", "the page can prefill the address");
    const none = await authorizationUrl(as, confidential.client_id, { prompt: "none" });
    const refused = new URL((await frontChannel(none.url, undefined)).headers.location);
    assert.equal(refused.origin + refused.pathname, REDIRECT);
    assert.equal(refused.searchParams.get("error"), "login_required");
    assert.equal(refused.searchParams.get("state"), none.state);
  });

  // Better Auth's oauth-provider contract: the sign-in page gets the authorization request, signed, and a
  // sign-in that sends it back as oauth_query continues the authorization ({redirect: true, url}).
  test("POST /sign-in/email {oauth_query}: continues the authorization (code, or the consent page); a changed query is refused before any session", async () => {
    const someone = await signUp(server);
    const { url, verifier, state, nonce } = await authorizationUrl(as, confidential.client_id);
    const page = new URL((await frontChannel(url, undefined)).headers.location, server.origin);
    assert.equal(page.pathname, "/sign-in");
    assert.ok(page.searchParams.get("sig") && page.searchParams.get("client_id") === confidential.client_id);
    const oauthQuery = page.search.slice(1);
    const tampered = await signIn(server, someone.email, someone.password, { oauth_query: oauthQuery.replace("scope=openid", "scope=openid%20x") });
    assertError(tampered, 400, "INVALID_OAUTH_QUERY");
    assert.equal(tampered.cookie(SESSION_COOKIE), undefined, "no session for a refused query");
    const res = await signIn(server, someone.email, someone.password, { oauth_query: oauthQuery });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.redirect, true);
    assert.ok(res.cookie(SESSION_COOKIE)?.value, "signed in as well");
    const params = oauth.validateAuthResponse(as, confidential, new URL(res.json.url), state);
    const result = await oauth.processAuthorizationCodeResponse(as, confidential,
      await oauth.authorizationCodeGrantRequest(as, confidential, oauth.ClientSecretBasic(confidential.client_secret), params, REDIRECT, verifier, INSECURE),
      { expectedNonce: nonce, requireIdToken: true });
    assert.equal(oauth.getValidatedIdTokenClaims(result).sub, someone.user.id);
    // A client that asks for consent: the answer is the consent page.
    const pub = await createClient(server, ["--public"]);
    const request = await authorizationUrl(as, pub.client_id);
    const signInPage = new URL((await frontChannel(request.url, undefined)).headers.location, server.origin);
    const toConsent = await signIn(server, someone.email, someone.password, { oauth_query: signInPage.search.slice(1) });
    assert.equal(toConsent.status, 200, toConsent.text);
    assert.match(toConsent.json.url, /^\/oauth2-consent\?.*&sig=/);
  });

  // The same contract through a two-factor interruption: the second factor's verify takes the oauth_query;
  // the ID token's acr says a second factor was used (docs/oidc.md acr values; OpenID Connect Core §2).
  test("two-factor interrupts the sign-in: verify-backup-code {oauth_query} continues; acr mfa", async () => {
    const someone = await userWithTwoFactor(server, "oidc");
    const { url, verifier, state, nonce } = await authorizationUrl(as, confidential.client_id);
    const oauthQuery = new URL((await frontChannel(url, undefined)).headers.location, server.origin).search.slice(1);
    const first = await signIn(server, someone.email, PASSWORD, { oauth_query: oauthQuery });
    assert.equal(first.json.twoFactorRedirect, true, first.text);
    const verified = await apiFor(server).post("/two-factor/verify-backup-code", {
      json: { code: someone.backupCodes[0], oauth_query: oauthQuery },
      headers: { cookie: pair(first.cookie(TWO_FACTOR_COOKIE)) },
    });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.json.redirect, true);
    const params = oauth.validateAuthResponse(as, confidential, new URL(verified.json.url), state);
    const result = await oauth.processAuthorizationCodeResponse(as, confidential,
      await oauth.authorizationCodeGrantRequest(as, confidential, oauth.ClientSecretBasic(confidential.client_secret), params, REDIRECT, verifier, INSECURE),
      { expectedNonce: nonce, requireIdToken: true });
    const claims = oauth.getValidatedIdTokenClaims(result);
    assert.equal(claims.sub, someone.user.id);
    assert.equal(claims.acr, "mfa");
  });

  test("clients rotate-secret and delete", async () => {
    const client = await createClient(server, ["--skip-consent"]);
    const rotated = await clientsCli(server, ["rotate-secret", "--client-id", client.client_id]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const newSecret = rotated.objects[0].client_secret;
    assert.notEqual(newSecret, client.client_secret);
    const old = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(client.client_secret), new URLSearchParams(), INSECURE);
    assert.equal(old.status, 401);
    const removed = await clientsCli(server, ["delete", "--client-id", client.client_id]);
    assert.equal(removed.code, 0, removed.stderr);
    const unknown = await clientsCli(server, ["delete", "--client-id", client.client_id]);
    assert.equal(unknown.code, 2);
  });

  test("introspection (RFC 7662) and revocation (RFC 7009): refresh revocation ends the family", async () => {
    const auth = oauth.ClientSecretBasic(confidential.client_secret);
    const { result } = await codeFlow(server, as, confidential, auth, user.cookie);
    const introspect = async (token) => oauth.processIntrospectionResponse(as, confidential,
      await oauth.introspectionRequest(as, confidential, auth, token, INSECURE));
    const live = await introspect(result.access_token);
    assert.equal(live.active, true);
    assert.equal(live.sub, user.user.id);
    assert.equal(live.client_id, confidential.client_id);
    assert.equal((await introspect("lkat_unknown")).active, false);
    // Unknown tokens: 200 (RFC 7009 §2.2).
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, confidential, auth, "lkrt_unknown", INSECURE));
    // Another client may not revoke this client's token.
    const pub = await createClient(server, ["--public", "--skip-consent"]);
    const foreign = await oauth.revocationRequest(as, pub, oauth.None(), result.refresh_token, INSECURE);
    assert.equal(foreign.status, 400);
    assert.equal((await introspect(result.refresh_token)).active, true);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, confidential, auth, result.refresh_token, INSECURE));
    assert.equal((await introspect(result.refresh_token)).active, false);
    assert.equal((await introspect(result.access_token)).active, false, "its access tokens die with it");
    // A public client cannot introspect (RFC 7662 §2.1).
    const denied = await oauth.introspectionRequest(as, pub, oauth.None(), result.access_token, INSECURE);
    assert.equal(denied.status, 401);
  });

  test("end-session (RP-initiated logout): exact post_logout_redirect_uri, state; the session and its tokens end", async () => {
    const logout = "https://app.example.com/logged-out";
    const client = await createClient(server, ["--skip-consent", "--post-logout-redirect-uri", logout]);
    const auth = oauth.ClientSecretBasic(client.client_secret);
    const someone = await signedInUser(server);
    const { result } = await codeFlow(server, as, client, auth, someone.cookie);
    assert.equal(as.end_session_endpoint, `${server.baseURL}/oauth2/end-session`);
    const url = (params) => `${as.end_session_endpoint}?${new URLSearchParams(params)}`;
    const bad = await frontChannel(url({ id_token_hint: result.id_token, post_logout_redirect_uri: `${logout}/x` }));
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.location, undefined);
    const forged = result.id_token.slice(0, -4) + "AAAA";
    assert.equal((await frontChannel(url({ id_token_hint: forged, post_logout_redirect_uri: logout }))).status, 400);
    const res = await frontChannel(url({ id_token_hint: result.id_token, post_logout_redirect_uri: logout, state: "s1" }), someone.cookie);
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, `${logout}?state=s1`);
    // The browser's cookie for that session is expired, as sign-out does.
    assert.equal(res.cookie(SESSION_COOKIE)?.attrs["max-age"], "0", "session cookie expired");
    const session = await apiFor(server).get("/get-session", { headers: { cookie: someone.cookie } });
    assert.equal(session.json, null, "the session ended");
    const refresh = await oauth.refreshTokenGrantRequest(as, client, auth, result.refresh_token, INSECURE);
    assert.equal((await refresh.json()).error, "invalid_grant", "its refresh token ended too");
  });
});
