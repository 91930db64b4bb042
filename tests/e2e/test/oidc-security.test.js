// The OpenID provider's refusals (issue 17, docs/oidc.md), as a hostile client or attacker
// would probe them: PKCE (RFC 7636; OAuth 2.1 §4.1.1: required, S256 only), code reuse
// (RFC 6749 §4.1.2: revokes what it issued), codes bound to client and redirect URI, the
// redirect-URI bypass corpus (RFC 9700 §4.1.3: no code issued, never redirected there),
// RFC 6749 §5.2 errors (401 only with invalid_client + WWW-Authenticate), RFC 6750 §3 on
// userinfo, and the admin client routes' permission.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiFor, request } from "../lib/http.js";
import { signIn } from "../lib/fixtures.js";
import { latchkeyEnv, runLatchkey } from "../lib/server.js";
import {
  REDIRECT, authorizationUrl, createClient, discover, frontChannel, oauth, signedInUser, startOidcServer,
} from "../lib/oidc.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

function tokenRequest(server, form, headers = {}) {
  return request(`${server.baseURL}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams(form).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

describe("OpenID provider: refusals", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let as;
  let client;
  let other;
  let user;
  before(async () => {
    server = await startOidcServer("oidc-security");
    client = await createClient(server, ["--skip-consent", "--redirect-uri", "http://127.0.0.1/native"]);
    other = await createClient(server, ["--skip-consent"]);
    as = await discover(server);
    user = await signedInUser(server);
  });
  after(() => server?.cleanup());

  /** A code for `client` (PKCE S256), with its verifier. */
  async function code(params = {}, who = client) {
    const { url, verifier } = await authorizationUrl(as, who.client_id, params);
    const res = await frontChannel(url, user.cookie);
    const location = new URL(res.headers.location);
    assert.ok(location.searchParams.get("code"), res.headers.location);
    return { code: location.searchParams.get("code"), verifier };
  }

  function redeem(c, verifier, extra = {}, who = client) {
    return tokenRequest(server, { grant_type: "authorization_code", code: c, redirect_uri: REDIRECT, code_verifier: verifier, ...extra },
      { authorization: basic(who.client_id, who.client_secret) });
  }

  test("PKCE is required and S256 only: missing and plain challenges never yield a code (RFC 7636, OAuth 2.1 §4.1.1)", async () => {
    for (const params of [{ code_challenge: undefined, code_challenge_method: undefined },
      { code_challenge_method: "plain" }, { code_challenge_method: undefined }]) {
      const { url, state } = await authorizationUrl(as, client.client_id, params);
      if (params.code_challenge === undefined && "code_challenge" in params) url.searchParams.delete("code_challenge");
      if (params.code_challenge_method === undefined) url.searchParams.delete("code_challenge_method");
      else url.searchParams.set("code_challenge_method", params.code_challenge_method);
      const location = new URL((await frontChannel(url, user.cookie)).headers.location);
      assert.equal(location.searchParams.get("error"), "invalid_request", url.search);
      assert.equal(location.searchParams.get("code"), null);
      assert.equal(location.searchParams.get("state"), state);
      assert.equal(location.searchParams.get("iss"), server.baseURL, "RFC 9207");
    }
  });

  test("wrong, missing or plain (challenge as verifier) code_verifier → invalid_grant (RFC 7636 §4.6)", async () => {
    for (const bad of [oauth.generateRandomCodeVerifier(), "", undefined]) {
      const c = await code();
      const form = bad === undefined ? {} : { code_verifier: bad };
      const res = await tokenRequest(server, { grant_type: "authorization_code", code: c.code, redirect_uri: REDIRECT, ...form },
        { authorization: basic(client.client_id, client.client_secret) });
      assert.equal(res.status, 400);
      assert.equal(res.json.error, "invalid_grant");
      // The attempt spent the code: the right verifier no longer helps.
      assert.equal((await redeem(c.code, c.verifier)).json.error, "invalid_grant");
    }
  });

  test("code reuse → invalid_grant and the tokens it issued are revoked (RFC 6749 §4.1.2)", async () => {
    const reuses = async () => (await server.db.auditEvents({ event_type: "oauth.code_reuse_detected" })).length;
    const before = await reuses();
    const c = await code();
    const first = await redeem(c.code, c.verifier);
    assert.equal(first.status, 200, first.text);
    assert.match(first.headers["cache-control"], /no-store/);
    const second = await redeem(c.code, c.verifier);
    assert.equal(second.status, 400);
    assert.equal(second.json.error, "invalid_grant");
    const info = await request(`${server.baseURL}/oauth2/userinfo`, { headers: { authorization: `Bearer ${first.json.access_token}` } });
    assert.equal(info.status, 401);
    const refresh = await tokenRequest(server, { grant_type: "refresh_token", refresh_token: first.json.refresh_token },
      { authorization: basic(client.client_id, client.client_secret) });
    assert.equal(refresh.json.error, "invalid_grant");
    assert.equal(await reuses(), before + 1, "one audit event");
  });

  test("a code redeemed by another client, at another redirect URI, or forged → invalid_grant", async () => {
    let c = await code();
    assert.equal((await redeem(c.code, c.verifier, {}, other)).json.error, "invalid_grant");
    c = await code();
    assert.equal((await redeem(c.code, c.verifier, { redirect_uri: "http://127.0.0.1/native" })).json.error, "invalid_grant");
    assert.equal((await redeem("forged".repeat(8), oauth.generateRandomCodeVerifier())).json.error, "invalid_grant");
  });

  test("client authentication: 401 invalid_client with WWW-Authenticate only; both methods at once → 400", async () => {
    const c = await code();
    for (const headers of [{ authorization: basic(client.client_id, "wrong".repeat(9)) }, {}]) {
      const res = await tokenRequest(server, { grant_type: "authorization_code", code: c.code, redirect_uri: REDIRECT, code_verifier: c.verifier }, headers);
      assert.equal(res.status, 401);
      assert.equal(res.json.error, "invalid_client");
      assert.match(res.headers["www-authenticate"], /^Basic/);
    }
    // A confidential client without its secret (as if public).
    const noSecret = await tokenRequest(server, { grant_type: "client_credentials", client_id: client.client_id });
    assert.equal(noSecret.status, 401);
    const both = await tokenRequest(server, { grant_type: "client_credentials", client_secret: client.client_secret },
      { authorization: basic(client.client_id, client.client_secret) });
    assert.equal(both.status, 400);
    assert.equal(both.json.error, "invalid_request");
    const unknownGrant = await tokenRequest(server, { grant_type: "password", username: "x", password: "y" },
      { authorization: basic(client.client_id, client.client_secret) });
    assert.equal(unknownGrant.status, 400);
    assert.equal(unknownGrant.json.error, "unsupported_grant_type");
  });

  test("response_type=token (implicit) is refused at the client's redirect URI", async () => {
    const { url } = await authorizationUrl(as, client.client_id, { response_type: "token" });
    const location = new URL((await frontChannel(url, user.cookie)).headers.location);
    assert.equal(location.searchParams.get("error"), "unsupported_response_type");
    assert.equal(location.hash, "");
  });

  // Issue 17's corpus (the full list is pinned in the unit test): a 400 page, no Location.
  test("redirect-URI bypasses: no code issued and never redirected there (RFC 9700 §4.1.3)", async () => {
    for (const uri of [
      `${REDIRECT}/extra`, `${REDIRECT}x`, `${REDIRECT}?x=1`, `${REDIRECT}#f`, "https://app.example.com:8443/callback",
      "https://APP.example.com/callback", "https://app.example.com/Callback", "https://app.example.com@attacker.com/callback",
      "https://attacker.com@app.example.com/callback", `${REDIRECT}/`, "http://app.example.com/callback",
      "https://app.example.com.attacker.com/callback", "https://evil.app.example.com/callback",
      "https://app.example.com/x/../callback", "https://app.example.com/%63allback", undefined,
    ]) {
      const { url } = await authorizationUrl(as, client.client_id, { redirect_uri: uri });
      if (uri === undefined) url.searchParams.delete("redirect_uri");
      const res = await frontChannel(url, user.cookie);
      assert.equal(res.status, 400, String(uri));
      assert.equal(res.headers.location, undefined, String(uri));
      assert.equal(res.json.error, "invalid_request");
    }
    const { url } = await authorizationUrl(as, "no-such-client");
    const res = await frontChannel(url, user.cookie);
    assert.equal(res.status, 400);
    assert.equal(res.headers.location, undefined);
  });

  test("a loopback IP redirect URI matches on any port (RFC 8252 §7.3)", async () => {
    const { url } = await authorizationUrl(as, client.client_id, { redirect_uri: "http://127.0.0.1:49152/native" });
    const res = await frontChannel(url, user.cookie);
    assert.equal(res.status, 302);
    assert.match(res.headers.location, /^http:\/\/127\.0\.0\.1:49152\/native\?code=/);
    assert.match(res.headers["cache-control"], /no-store/, "a Location with a code is never cached");
  });

  test("userinfo: 401 + WWW-Authenticate: Bearer without a token, invalid_token with a bad one (RFC 6750 §3)", async () => {
    const none = await request(`${server.baseURL}/oauth2/userinfo`);
    assert.equal(none.status, 401);
    assert.match(none.headers["www-authenticate"], /^Bearer realm="latchkey"$/);
    const bad = await request(`${server.baseURL}/oauth2/userinfo`, { headers: { authorization: "Bearer lkat_nope" } });
    assert.equal(bad.status, 401);
    assert.match(bad.headers["www-authenticate"], /error="invalid_token"/);
    // A session token is no access token.
    const session = await request(`${server.baseURL}/oauth2/userinfo`, { headers: { authorization: `Bearer ${user.token}` } });
    assert.equal(session.status, 401);
  });

  test("admin client routes: oauth_clients permission; create shows the secret once; list never", async () => {
    const api = apiFor(server);
    const denied = await api.post("/oauth2/create-client", { json: { client_name: "x", redirect_uris: [REDIRECT] }, headers: { cookie: user.cookie } });
    assert.equal(denied.status, 403);
    const email = `admin-${Date.now()}@example.com`;
    const env = latchkeyEnv({ port: 0, databaseUrl: server.databaseUrl, secret: server.secret });
    const made = await runLatchkey(["user", "create", "--email", email, "--password", "correct horse battery", "--name", "A", "--admin"], env, 30000);
    assert.equal(made.code, 0, made.stderr);
    const signedIn = await signIn(server, email);
    const cookie = `${signedIn.cookie("better-auth.session_token").name}=${signedIn.cookie("better-auth.session_token").value}`;
    const created = await api.post("/oauth2/create-client", {
      json: { client_name: "Admin app", redirect_uris: [REDIRECT], token_endpoint_auth_method: "client_secret_post" }, headers: { cookie },
    });
    assert.equal(created.status, 200, created.text);
    assert.ok(created.json.client_secret);
    const bad = await api.post("/oauth2/create-client", { json: { client_name: "x", redirect_uris: ["https://*.example.com/cb"] }, headers: { cookie } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, "INVALID_REDIRECT_URI");
    const listed = await api.get("/oauth2/list-clients", { headers: { cookie } });
    assert.ok(listed.json.every((c) => c.client_secret === undefined));
    const updated = await api.post("/oauth2/update-client", { json: { client_id: created.json.client_id, update: { skip_consent: true } }, headers: { cookie } });
    assert.equal(updated.json.skip_consent, true);
    const rotated = await api.post("/oauth2/rotate-client-secret", { json: { client_id: created.json.client_id }, headers: { cookie } });
    assert.notEqual(rotated.json.client_secret, created.json.client_secret);
    const removed = await api.post("/oauth2/delete-client", { json: { client_id: created.json.client_id }, headers: { cookie } });
    assert.equal(removed.status, 200);
    assert.equal((await server.db.auditEvents({ event_type: "oauth.client_create" })).length >= 3, true);
  });
});
