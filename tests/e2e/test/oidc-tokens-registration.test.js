// The OpenID provider's access tokens (docs/oidc.md "Tokens", "Access tokens on latchkey's routes"):
// JWT access tokens (RFC 9068) for a client that asks for them, verified by oauth4webapi as a resource
// server would (against the JWKS), and access tokens as bearer credentials on latchkey's own routes,
// limited to what their scopes reach. And dynamic client registration (RFC 7591), on in this server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeProtectedHeader } from "jose";
import { assertError } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { INSECURE, codeFlow, createClient, discover, oauth, signedInUser, startOidcServer } from "../lib/oidc.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const REGISTRATION_TOKEN = "initial-access-token-0123456789abcdef";

describe("OpenID provider: access tokens, dynamic registration", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let as;
  let jwtClient;
  let opaqueClient;
  let user;
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  before(async () => {
    server = await startOidcServer("oidc-tokens-registration", {
      LATCHKEY_OIDC_DYNAMIC_REGISTRATION: "true", LATCHKEY_OIDC_REGISTRATION_TOKEN: REGISTRATION_TOKEN,
    });
    jwtClient = await createClient(server, ["--skip-consent", "--access-token-format", "jwt",
      "--grant", "authorization_code,refresh_token,client_credentials"]);
    opaqueClient = await createClient(server, ["--skip-consent"]);
    as = await discover(server);
    user = await signedInUser(server);
  });
  after(() => server?.cleanup());

  // RFC 9068 §2, §4: typ at+jwt, iss, exp, aud, sub, client_id, iat, jti, verified against the JWKS.
  test("access_token_format jwt: an RFC 9068 JWT that oauth4webapi validates against the JWKS; still revocable", async () => {
    assert.equal(jwtClient.access_token_format, "jwt");
    const auth = oauth.ClientSecretBasic(jwtClient.client_secret);
    const { result } = await codeFlow(server, as, jwtClient, auth, user.cookie);
    assert.equal(decodeProtectedHeader(result.access_token).typ, "at+jwt");
    assert.equal(decodeProtectedHeader(result.access_token).alg, "RS256");
    const resourceRequest = new Request("https://api.example.com/", { headers: bearer(result.access_token) });
    const claims = await oauth.validateJwtAccessToken(as, resourceRequest, server.baseURL, INSECURE);
    assert.equal(claims.sub, user.user.id);
    assert.equal(claims.client_id, jwtClient.client_id);
    assert.equal(claims.scope, "openid profile email offline_access");
    assert.ok(claims.sid);
    // The ID token's at_hash covers the JWT; userinfo takes it; revocation ends it.
    const info = await oauth.processUserInfoResponse(as, jwtClient, user.user.id,
      await oauth.userInfoRequest(as, jwtClient, result.access_token, INSECURE));
    assert.equal(info.email, user.email);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, jwtClient, auth, result.access_token, INSECURE));
    assert.equal((await oauth.userInfoRequest(as, jwtClient, result.access_token, INSECURE)).status, 401);
    // client_credentials: sub is the client.
    const cc = await oauth.processClientCredentialsResponse(as, jwtClient,
      await oauth.clientCredentialsGrantRequest(as, jwtClient, auth, new URLSearchParams(), INSECURE));
    const ccClaims = await oauth.validateJwtAccessToken(as,
      new Request("https://api.example.com/", { headers: bearer(cc.access_token) }), server.baseURL, INSECURE);
    assert.equal(ccClaims.sub, jwtClient.client_id);
  });

  test("bearer on latchkey's routes: get-session with openid profile email (JWT and opaque); nothing beyond the scopes", async () => {
    const someone = await signedInUser(server);
    const api = apiFor(server);
    for (const client of [jwtClient, opaqueClient]) {
      const { result } = await codeFlow(server, as, client, oauth.ClientSecretBasic(client.client_secret), someone.cookie);
      const session = await api.get("/get-session", { headers: bearer(result.access_token) });
      assert.equal(session.status, 200, session.text);
      assert.equal(session.json.user.id, someone.user.id);
      assert.equal(session.json.session.token, "", "the session's own token is never shown");
      assert.equal(session.setCookies.length, 0, "no cookie for a bearer access token");
      // Account management and everything not listed: INSUFFICIENT_SCOPE.
      assertError(await api.get("/list-sessions", { headers: bearer(result.access_token) }), 403, "INSUFFICIENT_SCOPE");
      assertError(await api.post("/update-user", { json: { name: "x" }, headers: bearer(result.access_token) }), 403, "INSUFFICIENT_SCOPE");
    }
    // Without profile and email, get-session is out of reach.
    const { result: narrow } = await codeFlow(server, as, opaqueClient, oauth.ClientSecretBasic(opaqueClient.client_secret),
      someone.cookie, { scope: "openid" });
    assertError(await api.get("/get-session", { headers: bearer(narrow.access_token) }), 403, "INSUFFICIENT_SCOPE");
    // An unknown or revoked access token: 401.
    assertError(await api.get("/list-sessions", { headers: bearer("lkat_unknown") }), 401, "UNAUTHORIZED");
    // A client's own token (client_credentials) stands for no user.
    const cc = await oauth.processClientCredentialsResponse(as, jwtClient,
      await oauth.clientCredentialsGrantRequest(as, jwtClient, oauth.ClientSecretBasic(jwtClient.client_secret), new URLSearchParams(), INSECURE));
    assertError(await api.get("/get-session", { headers: bearer(cc.access_token) }), 401, "UNAUTHORIZED");
  });

  // RFC 7591 §3: registration with the initial access token; refused without it (RFC 6750 §3).
  test("dynamic registration (RFC 7591): 201 with a secret shown once; refused without the initial access token; the client works", async () => {
    assert.equal(as.registration_endpoint, `${server.baseURL}/oauth2/register`);
    const metadata = { client_name: "Registered", redirect_uris: ["https://app.example.com/callback"], skip_consent: true };
    const register = (headers, body = metadata) => fetch(as.registration_endpoint, {
      method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body),
    });
    const missing = await register({});
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get("www-authenticate"), /^Bearer /);
    const wrong = await register(bearer("wrong-token-0123456789abcdef0123456789"));
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get("www-authenticate"), /error="invalid_token"/);
    const badUri = await register(bearer(REGISTRATION_TOKEN), { redirect_uris: ["https://app.example.com/cb#frag"] });
    assert.equal(badUri.status, 400);
    assert.equal((await badUri.json()).error, "invalid_redirect_uri");
    const res = await register(bearer(REGISTRATION_TOKEN));
    assert.equal(res.status, 201);
    assert.match(res.headers.get("cache-control"), /no-store/);
    const client = await res.json();
    assert.ok(client.client_id && client.client_secret);
    assert.equal(client.client_secret_expires_at, 0);
    assert.equal(client.skip_consent, false, "only an operator makes a client first-party");
    const refusals = await server.db.auditEvents({ event_type: "oauth.client_register" });
    assert.deepEqual(refusals.map((e) => e.outcome).sort(), ["failure", "failure", "success"]);
    // The registered client authenticates at the token endpoint.
    const cc = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(client.client_secret), new URLSearchParams(), INSECURE);
    assert.equal((await cc.json()).error, "unauthorized_client", "authenticated; the default grants exclude client_credentials");
  });

  // Fetch Standard CORS: a browser relying party (a public client) calls discovery, token and userinfo
  // from the origin of its registered redirect URI; no other origin is allowed, and never with credentials.
  test("CORS: a public client's registered origin may call discovery, token and userinfo (preflight too); others may not", async () => {
    const spa = "https://spa.example.com";
    await createClient(server, ["--public", "--redirect-uri", `${spa}/callback`]);
    const call = (path, origin, opts = {}) => request(`${server.origin}/api/auth${path}`, { ...opts, headers: { origin, ...opts.headers } });
    const preflight = await call("/oauth2/userinfo", spa, {
      method: "OPTIONS", headers: { "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], spa);
    assert.match(preflight.headers["access-control-allow-headers"], /Authorization/);
    const form = { body: "grant_type=authorization_code&code=x&client_id=none", headers: { "content-type": "application/x-www-form-urlencoded" } };
    for (const [path, opts] of [["/.well-known/openid-configuration", {}], ["/oauth2/token", { ...form, method: "POST" }], ["/oauth2/userinfo", { headers: bearer("lkat_unknown") }]]) {
      const allowed = await call(path, spa, opts);
      assert.equal(allowed.headers["access-control-allow-origin"], spa, path);
      assert.equal(allowed.headers["access-control-allow-credentials"], undefined, `${path}: no credentials`);
      const other = await call(path, "https://evil.example.com", opts);
      assert.equal(other.headers["access-control-allow-origin"], undefined, `${path}: another origin`);
      assert.match(String(other.headers.vary), /Origin/, `${path}: Vary`);
    }
  });

  // The organization scope: the user's organizations with their role, in the ID token and userinfo; the
  // bearer access token reaches the organization list (docs/oidc.md "Access tokens on latchkey's routes").
  test("organization scope: organizations claim (id, name, slug, role) in the ID token and userinfo; /organization/list by bearer", async () => {
    const client = await createClient(server, ["--skip-consent", "--scope", "openid profile email organization"]);
    const member = await signedInUser(server);
    const slug = `acme-${Date.now()}`;
    const made = await apiFor(server).post("/organization/create", { json: { name: "Acme", slug }, headers: { cookie: member.cookie } });
    assert.equal(made.status, 200, made.text);
    const { result } = await codeFlow(server, as, client, oauth.ClientSecretBasic(client.client_secret), member.cookie, { scope: "openid organization" });
    const claims = oauth.getValidatedIdTokenClaims(result);
    assert.deepEqual(claims.organizations, [{ id: made.json.id, name: "Acme", slug, role: "owner" }]);
    const info = await oauth.processUserInfoResponse(as, client, member.user.id,
      await oauth.userInfoRequest(as, client, result.access_token, INSECURE));
    assert.deepEqual(info.organizations, claims.organizations);
    const listed = await apiFor(server).get("/organization/list", { headers: bearer(result.access_token) });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.map((o) => o.slug), [slug]);
    // Without the scope, no claim.
    const { result: plain } = await codeFlow(server, as, client, oauth.ClientSecretBasic(client.client_secret), member.cookie, { scope: "openid" });
    assert.equal(oauth.getValidatedIdTokenClaims(plain).organizations, undefined);
  });
});
