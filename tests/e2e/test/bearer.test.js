// The bearer plugin (docs/api.md, "Bearer"): set-auth-token on responses that set a
// live session cookie, and "Authorization: Bearer" accepted wherever the cookie is.
// Runs against latchkey and, unchanged, against the Better Auth peer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createAuthClient } from "better-auth/client";
import { SESSION_COOKIE } from "../lib/client.js";
import { getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

describe("bearer", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "bearer" });
  });
  after(() => server?.cleanup());

  const bearerSession = (value) => apiFor(server).get("/get-session", { headers: { authorization: value } });

  test("sign-up and sign-in answer set-auth-token = the decoded session cookie value", async () => {
    const account = await signUp(server);
    const fromSignUp = account.res.headers["set-auth-token"];
    assert.equal(fromSignUp, decodeURIComponent(account.res.cookie(SESSION_COOKIE).value));
    assert.match(fromSignUp, /^[A-Za-z0-9]{32}\.[A-Za-z0-9+/]{43}=$/);
    const res = await signIn(server, account.email);
    assert.equal(res.headers["set-auth-token"], decodeURIComponent(res.cookie(SESSION_COOKIE).value));
  });

  test("Authorization: Bearer <signed token> (any scheme case, percent-encoded too) resolves the session", async () => {
    const account = await signUp(server);
    const signed = account.res.headers["set-auth-token"];
    for (const value of [`Bearer ${signed}`, `bearer ${signed}`, `BEARER ${encodeURIComponent(signed)}`]) {
      const res = await bearerSession(value);
      assert.equal(res.status, 200);
      assert.equal(res.json?.user?.email, account.email, value);
    }
  });

  test("a raw token (no signature part) is accepted too", async () => {
    const account = await signUp(server);
    const res = await bearerSession(`Bearer ${account.token}`);
    assert.equal(res.json?.user?.email, account.email);
  });

  // The signature is what binds a bearer value to our secret (ASVS 3.5.2).
  test("a forged or tampered signature is ignored: get-session answers null", async () => {
    const account = await signUp(server);
    const [token, signature] = account.res.headers["set-auth-token"].split(".");
    const flipped = signature[0] === "A" ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    for (const value of [`Bearer ${token}.${flipped}`, `Bearer ${token}.`, `Basic ${token}`, "Bearer "]) {
      const res = await bearerSession(value);
      assert.equal(res.status, 200);
      assert.equal(res.json, null, value);
    }
  });

  // docs/api.md, "Everywhere" (Headers): the expose header goes with set-auth-token / set-auth-jwt on
  // every response, not only on CORS answers: server-to-server and bearer clients see it too.
  test("Access-Control-Expose-Headers names set-auth-token / set-auth-jwt with no Origin sent", async () => {
    const account = await signUp(server); // raw HTTP: no Origin header
    assert.ok(account.res.headers["set-auth-token"]);
    assert.equal(account.res.headers["access-control-expose-headers"], "set-auth-token");
    const signedIn = await signIn(server, account.email);
    assert.equal(signedIn.headers["access-control-expose-headers"], "set-auth-token");
    const bySession = await bearerSession(`Bearer ${account.res.headers["set-auth-token"]}`);
    assert.ok(bySession.headers["set-auth-jwt"]);
    assert.equal(bySession.headers["set-auth-token"], undefined);
    assert.equal(bySession.headers["access-control-expose-headers"], "set-auth-jwt");
    // Nothing to expose: no header.
    const anonymous = await apiFor(server).get("/get-session");
    assert.equal(anonymous.headers["access-control-expose-headers"], undefined);
    const refused = await signIn(server, account.email, "not the password at all");
    assert.equal(refused.status, 401);
    assert.equal(refused.headers["access-control-expose-headers"], undefined);
  });

  test("a bearer request needs no Origin: sign-out by bearer from a non-browser client", async () => {
    const account = await signUp(server);
    const signed = account.res.headers["set-auth-token"];
    const out = await apiFor(server).post("/sign-out", { json: {}, headers: { authorization: `Bearer ${signed}`, origin: null } });
    assert.equal(out.status, 200, out.text);
    assert.equal((await getSession(server, account.cookie)).json, null, "the session ended");
  });

  test("Better Auth's client SDK with fetchOptions.auth (no cookie jar) signs in, reads the session, signs out", async () => {
    let stored = "";
    const client = createAuthClient({
      baseURL: server.baseURL,
      fetchOptions: {
        auth: { type: "Bearer", token: () => stored },
        onSuccess: (ctx) => {
          const token = ctx.response.headers.get("set-auth-token");
          if (token) stored = token;
        },
        customFetchImpl: (input, init = {}) => {
          const headers = new Headers(init.headers);
          headers.set("origin", server.origin);
          return fetch(input, { ...init, headers });
        },
      },
    });
    const account = await signUp(server);
    const { data, error } = await client.signIn.email({ email: account.email, password: PASSWORD });
    assert.equal(error, null);
    assert.ok(stored.startsWith(`${data.token}.`), "the SDK captured set-auth-token");
    const session = await client.getSession();
    assert.equal(session.data?.user?.email, account.email);
    const out = await client.signOut();
    assert.equal(out.error, null);
    assert.equal((await client.getSession()).data, null);
  });
});
