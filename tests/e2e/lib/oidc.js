// The OpenID provider from a relying party's side (docs/oidc.md): latchkey started with
// oidc_provider on, clients registered by `latchkey clients create`, and a headless front
// channel that follows the authorization redirects with the cookie of a user signed in
// through the API. The relying party is oauth4webapi (npm), independent of latchkey.
import assert from "node:assert/strict";
import * as oauth from "oauth4webapi";
import { signUp } from "./fixtures.js";
import { apiFor, request } from "./http.js";
import { latchkeyEnv, runLatchkey, startServer } from "./server.js";

export const INSECURE = { [oauth.allowInsecureRequests]: true }; // the test server is plain http
export const REDIRECT = "https://app.example.com/callback";
const OIDC_ENV = { LATCHKEY_OIDC_PROVIDER: "true" };

export async function startOidcServer(name, env = {}) {
  return startServer({ name, env: { ...OIDC_ENV, ...env } });
}

/** `latchkey clients …` on the server's database; the parsed JSON lines of stdout. */
export async function clientsCli(server, args) {
  const env = latchkeyEnv({ port: 0, databaseUrl: server.databaseUrl, secret: server.secret, extra: OIDC_ENV });
  const res = await runLatchkey(["clients", ...args], env, 30000);
  return { ...res, objects: res.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

export async function createClient(server, args = []) {
  const res = await clientsCli(server, ["create", "--name", "Test app", "--redirect-uri", REDIRECT, ...args]);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.objects.length, 1);
  return res.objects[0];
}

export async function discover(server) {
  const issuer = new URL(server.baseURL);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, INSECURE));
}

/** The authorization request's URL (PKCE S256, state, nonce) and what the callback needs. */
export async function authorizationUrl(as, clientId, params = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  const all = {
    response_type: "code", client_id: clientId, redirect_uri: REDIRECT, scope: "openid profile email offline_access",
    state, nonce, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return { url, verifier, state, nonce };
}

/** GET with the cookie, no redirect followed. */
export function frontChannel(url, cookie) {
  return request(String(url), { headers: cookie ? { cookie } : {} });
}

/** Signs a user up and returns it with its cookie. */
export async function signedInUser(server) {
  return signUp(server);
}

/** Accepts (or denies) on the consent page's behalf: POST /oauth2/consent. */
export function consent(server, cookie, consentLocation, accept = true, scope = undefined) {
  const query = new URL(consentLocation, server.origin).search.slice(1);
  return apiFor(server).post("/oauth2/consent", { json: { accept, oauth_query: query, scope }, headers: { cookie } });
}

/** The whole authorization code flow for a skip-consent client: the token endpoint's result. */
export async function codeFlow(server, as, client, clientAuth, cookie, params = {}) {
  const { url, verifier, state, nonce } = await authorizationUrl(as, client.client_id, params);
  const res = await frontChannel(url, cookie);
  assert.equal(res.status, 302, res.text);
  const callback = new URL(res.headers.location);
  const validated = oauth.validateAuthResponse(as, client, callback, state);
  const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, validated, REDIRECT, verifier, INSECURE);
  const result = await oauth.processAuthorizationCodeResponse(as, client, tokenRes, { expectedNonce: nonce, requireIdToken: true });
  return { result, callback, verifier, nonce };
}

export { oauth };
