// Social sign-in helpers (docs/social.md): a latchkey server configured with providers on the
// local test provider (lib/oidc_provider.js), and the browser's walk through a flow: the SDK's
// signIn.social / linkSocial, the provider's authorize redirect, latchkey's callback.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { makeClient } from "./client.js";
import { startOidcProvider } from "./oidc_provider.js";
import { startServer } from "./server.js";

/**
 * A provider and a latchkey server with providers on it:
 *   idp (generic OIDC), strict (disable_sign_up), trusted (in trusted_providers),
 *   plain (OAuth 2.0 without OpenID: explicit endpoints, no issuer), custom (plain OAuth 2.0 whose
 *   user API has another shape, read through the user-info mapping), post (client_secret_post), down (an issuer nobody answers for), github and apple (the
 *   presets, their endpoints pointed at local providers).
 */
export async function startSocial(name, extraEnv = {}) {
  const provider = await startOidcProvider({ path: "/realms/test" });
  const postProvider = await startOidcProvider({ tokenAuth: "client_secret_post" });
  // Sign in with Apple: the client secret is an ES256 JWT by the team's key.
  const appleKey = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const apple = { teamId: "TEAM123456", keyId: "KEY1234567", publicKey: appleKey.publicKey };
  const appleProvider = await startOidcProvider({ tokenAuth: "client_secret_post", apple, alwaysIdToken: true, clientId: "com.example.web" });
  const env = {
    LATCHKEY_OIDC_PROVIDERS: "idp,strict,trusted,post,down,github,apple,plain,custom",
    LATCHKEY_OIDC_PLAIN_CLIENT_ID: provider.clientId,
    LATCHKEY_OIDC_PLAIN_CLIENT_SECRET: provider.clientSecret,
    LATCHKEY_OIDC_PLAIN_SCOPES: "read_user",
    LATCHKEY_OIDC_PLAIN_AUTHORIZATION_ENDPOINT: `${provider.issuer}/authorize`,
    LATCHKEY_OIDC_PLAIN_TOKEN_ENDPOINT: `${provider.issuer}/token`,
    LATCHKEY_OIDC_PLAIN_USERINFO_ENDPOINT: `${provider.issuer}/plain-user`,
    LATCHKEY_OIDC_CUSTOM_CLIENT_ID: provider.clientId,
    LATCHKEY_OIDC_CUSTOM_CLIENT_SECRET: provider.clientSecret,
    LATCHKEY_OIDC_CUSTOM_SCOPES: "profile:read",
    LATCHKEY_OIDC_CUSTOM_AUTHORIZATION_ENDPOINT: `${provider.issuer}/authorize`,
    LATCHKEY_OIDC_CUSTOM_TOKEN_ENDPOINT: `${provider.issuer}/token`,
    LATCHKEY_OIDC_CUSTOM_USERINFO_ENDPOINT: `${provider.issuer}/custom-user`,
    LATCHKEY_OIDC_CUSTOM_USER_ID_FIELD: "data.uid",
    LATCHKEY_OIDC_CUSTOM_EMAIL_FIELD: "data.attributes.contact.mail",
    LATCHKEY_OIDC_CUSTOM_EMAIL_VERIFIED_FIELD: "data.attributes.contact.confirmed",
    LATCHKEY_OIDC_CUSTOM_NAME_FIELD: "data.attributes.displayName",
    LATCHKEY_OIDC_CUSTOM_IMAGE_FIELD: "data.attributes.photos.0.url",
    LATCHKEY_OIDC_APPLE_CLIENT_ID: "com.example.web",
    LATCHKEY_OIDC_APPLE_TEAM_ID: apple.teamId,
    LATCHKEY_OIDC_APPLE_KEY_ID: apple.keyId,
    LATCHKEY_OIDC_APPLE_PRIVATE_KEY: appleKey.privateKey.export({ format: "pem", type: "pkcs8" }),
    LATCHKEY_OIDC_APPLE_ISSUER: appleProvider.issuer,
    LATCHKEY_OIDC_APPLE_AUTHORIZATION_ENDPOINT: `${appleProvider.issuer}/authorize`,
    LATCHKEY_OIDC_APPLE_TOKEN_ENDPOINT: `${appleProvider.issuer}/token`,
    LATCHKEY_OIDC_APPLE_JWKS_URI: `${appleProvider.issuer}/jwks`,
    LATCHKEY_TRUSTED_PROVIDERS: "trusted",
    LATCHKEY_OIDC_DOWN_ISSUER: "http://127.0.0.1:9/none",
    LATCHKEY_OIDC_DOWN_CLIENT_ID: "x",
    LATCHKEY_OIDC_STRICT_DISABLE_SIGN_UP: "true",
    LATCHKEY_OIDC_STRICT_DISPLAY_NAME: "Strict IdP",
    LATCHKEY_OIDC_POST_ISSUER: postProvider.issuer,
    LATCHKEY_OIDC_POST_CLIENT_ID: postProvider.clientId,
    LATCHKEY_OIDC_POST_CLIENT_SECRET: postProvider.clientSecret,
    LATCHKEY_OIDC_POST_TOKEN_AUTH: "client_secret_post",
    LATCHKEY_OIDC_GITHUB_CLIENT_ID: provider.clientId,
    LATCHKEY_OIDC_GITHUB_CLIENT_SECRET: provider.clientSecret,
    LATCHKEY_OIDC_GITHUB_AUTHORIZATION_ENDPOINT: `${provider.issuer}/authorize`,
    LATCHKEY_OIDC_GITHUB_TOKEN_ENDPOINT: `${provider.issuer}/token`,
    LATCHKEY_OIDC_GITHUB_USERINFO_ENDPOINT: `${provider.issuer}/user`,
    LATCHKEY_OIDC_GITHUB_EMAILS_ENDPOINT: `${provider.issuer}/user/emails`,
    ...extraEnv,
  };
  for (const id of ["IDP", "STRICT", "TRUSTED"]) {
    env[`LATCHKEY_OIDC_${id}_ISSUER`] = provider.issuer;
    env[`LATCHKEY_OIDC_${id}_CLIENT_ID`] = provider.clientId;
    env[`LATCHKEY_OIDC_${id}_CLIENT_SECRET`] = provider.clientSecret;
  }
  const server = await startServer({ name, env });
  return {
    server,
    /** The providers' settings the server runs with (to restart it with other secrets). */
    env,
    provider,
    postProvider,
    appleProvider,
    async cleanup() {
      await appleProvider.close();
      await server.cleanup();
      await provider.close();
      await postProvider.close();
    },
  };
}

/**
 * Starts a flow with the SDK (signIn.social, or linkSocial with `link`), follows the provider's
 * authorize redirect, and stops before the callback.
 * @returns {{start, data, callbackUrl: string, cookieAtCallback: string|undefined}}
 */
export async function beginFlow(tab, body, { link = false, beforeCallback } = {}) {
  const start = link ? await tab.client.linkSocial(body) : await tab.client.signIn.social(body);
  assert.equal(start.error, null, `start failed: ${JSON.stringify(start.error)}`);
  const authorize = await fetch(start.data.url, { redirect: "manual" });
  assert.equal(authorize.status, 302, `authorize: ${authorize.status} ${await authorize.text()}`);
  if (beforeCallback) await beforeCallback();
  return { start, data: start.data, callbackUrl: authorize.headers.get("location"), cookieAtCallback: tab.jar.header() };
}

/** The browser arriving at latchkey's callback: returns {status, location, res}. */
export async function arrive(tab, callbackUrl, cookieHeader = tab.jar.header()) {
  const res = await fetch(callbackUrl, {
    redirect: "manual",
    headers: { ...(cookieHeader ? { cookie: cookieHeader } : {}), "user-agent": "latchkey-e2e-browser" },
  });
  tab.jar.absorb(res.headers.getSetCookie());
  return { status: res.status, location: res.headers.get("location"), res };
}

/** A whole sign-in: returns the callback's answer plus the flow. */
export async function socialSignIn(tab, body, options = {}) {
  const flow = await beginFlow(tab, body, options);
  const landed = await arrive(tab, flow.callbackUrl);
  return { ...flow, ...landed };
}

export function newTab(server) {
  return makeClient(server);
}

/** The error code a redirect to an error page carries. */
export function errorOf(location) {
  return new URL(location, "http://x").searchParams.get("error");
}

export async function rowCounts(db) {
  const one = async (sql) => Number((await db.query(sql))[0].n);
  return {
    users: await one("SELECT COUNT(*) AS n FROM users"),
    accounts: await one("SELECT COUNT(*) AS n FROM accounts"),
    sessions: await one("SELECT COUNT(*) AS n FROM sessions"),
    tokens: await one("SELECT COUNT(*) AS n FROM social_tokens"),
  };
}
