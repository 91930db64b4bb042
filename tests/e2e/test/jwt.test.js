// The jwt plugin (docs/api.md, "Tokens for other services"): GET /token, GET /jwks, set-auth-jwt, every token
// checked by an independent library (jose, npm) against our JWKS. The first describe runs
// against the Better Auth peer too; the rest (algorithms, rotation, the verify endpoint,
// `latchkey keys`) is latchkey's.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { jwtClient } from "better-auth/client/plugins";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { makeClient } from "../lib/client.js";
import { assertError, getSession, PASSWORD, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { latchkeyEnv, runLatchkey, startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const b64url = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

async function jwksOf(server) {
  const res = await apiFor(server).get("/jwks");
  assert.equal(res.status, 200);
  return res.json;
}

async function tokenFor(server, cookie) {
  const res = await apiFor(server).get("/token", { headers: { cookie } });
  assert.equal(res.status, 200, res.text);
  return res.json.token;
}

/** Verifies `token` with jose against the server's JWKS as an independent service would. */
async function verifyWithJose(server, token, issuer = server.origin) {
  const jwks = createLocalJWKSet(await jwksOf(server));
  return jwtVerify(token, jwks, { issuer, audience: issuer });
}

describe("jwt", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "jwt" });
  });
  after(() => server?.cleanup());

  test("GET /jwks: public Ed25519 keys by default, with kid and no private members", async () => {
    const { keys } = await jwksOf(server);
    assert.ok(keys.length >= 1);
    for (const key of keys) {
      assert.equal(key.kty, "OKP");
      assert.equal(key.crv, "Ed25519");
      assert.equal(key.alg, "EdDSA");
      assert.ok(key.kid);
      assert.equal(key.d, undefined, "no private key material");
    }
  });

  test("GET /token: a JWT that jose verifies; claims = user fields + sub, iat, exp (15 min), iss = aud = origin", async () => {
    const account = await signUp(server);
    const token = await tokenFor(server, account.cookie);
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, "EdDSA");
    assert.ok(header.kid);
    assert.equal(header.typ, undefined, "no typ, as Better Auth");
    const { payload } = await verifyWithJose(server, token);
    assert.equal(payload.sub, account.user.id);
    assert.equal(payload.email, account.email);
    assert.equal(payload.name, account.name);
    assert.equal(payload.emailVerified, false);
    assert.equal(payload.exp - payload.iat, 900);
    assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 30);
  });

  test("get-session answers set-auth-jwt with a verifiable JWT; no session → no header", async () => {
    const account = await signUp(server);
    const res = await getSession(server, account.cookie);
    const token = res.headers["set-auth-jwt"];
    assert.ok(token, "set-auth-jwt present");
    const { payload } = await verifyWithJose(server, token);
    assert.equal(payload.sub, account.user.id);
    const anonymous = await getSession(server, undefined);
    assert.equal(anonymous.json, null);
    assert.equal(anonymous.headers["set-auth-jwt"], undefined);
  });

  test("GET /token without a session → 401", async () => {
    assertError(await apiFor(server).get("/token"), 401);
  });

  test("the SDK's jwtClient reads the JWKS", async () => {
    const { client } = makeClient(server, { plugins: [jwtClient()] });
    const { data, error } = await client.jwks();
    assert.equal(error, null);
    assert.deepEqual(data, await jwksOf(server));
  });
});

describe("jwt algorithms (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  for (const [alg, kty] of [["ES256", "EC"], ["RS256", "RSA"]]) {
    test(`LATCHKEY_JWT_ALG=${alg}: ${kty} keys, tokens jose verifies`, async () => {
      const server = await startServer({ name: `jwt-${alg}`, env: { LATCHKEY_JWT_ALG: alg } });
      try {
        const { keys } = await jwksOf(server);
        assert.equal(keys.length, 1);
        assert.equal(keys[0].kty, kty);
        assert.equal(keys[0].alg, alg);
        const account = await signUp(server);
        const token = await tokenFor(server, account.cookie);
        assert.equal(decodeProtectedHeader(token).alg, alg);
        const { payload } = await verifyWithJose(server, token);
        assert.equal(payload.sub, account.user.id);
      } finally {
        await server.cleanup();
      }
    });
  }

  test("an unknown algorithm is refused at startup", async () => {
    const env = latchkeyEnv({ port: 0, databaseUrl: "sqlite:/tmp/unused.db", secret: crypto.randomBytes(32).toString("hex"), extra: { LATCHKEY_JWT_ALG: "HS256" } });
    const res = await runLatchkey(["config", "check"], env);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /jwt_alg/);
  });

  test("extra claims are added; a reserved claim name is refused", async () => {
    const server = await startServer({ name: "jwt-claims", env: { LATCHKEY_JWT_EXTRA_CLAIMS: '{"tenant":"acme","roles":["a"]}' } });
    try {
      const account = await signUp(server);
      const { payload } = await verifyWithJose(server, await tokenFor(server, account.cookie));
      assert.equal(payload.tenant, "acme");
      assert.deepEqual(payload.roles, ["a"]);
    } finally {
      await server.cleanup();
    }
    const env = latchkeyEnv({ port: 0, databaseUrl: "sqlite:/tmp/unused.db", secret: crypto.randomBytes(32).toString("hex"), extra: { LATCHKEY_JWT_EXTRA_CLAIMS: '{"sub":"admin"}' } });
    const res = await runLatchkey(["config", "check"], env);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /jwt_extra_claims/);
  });
});

describe("key rotation and the verify endpoint (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // A fixed issuer and audience: the restart below changes the port, not the deployment.
  const ISSUER = "https://auth.example.test";
  const env = { LATCHKEY_JWT_ISSUER: ISSUER, LATCHKEY_JWT_AUDIENCE: ISSUER };
  let server;
  before(async () => {
    server = await startServer({ name: "jwt-rotate", env });
  });
  after(() => server?.cleanup());

  const verify = (token) => apiFor(server).post("/jwt/verify", { json: { token } });

  test("`latchkey keys rotate`: new tokens use the new kid; tokens of the old key still verify (jose and /jwt/verify)", async () => {
    const account = await signUp(server);
    const oldToken = await tokenFor(server, account.cookie);
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const cli = latchkeyEnv({ port: 0, databaseUrl: server.databaseUrl, secret: server.secret });
    const rotated = await runLatchkey(["keys", "rotate"], cli);
    assert.equal(rotated.code, 0, rotated.stderr);
    const listed = await runLatchkey(["keys", "list"], cli);
    assert.match(listed.stdout, new RegExp(`${oldKid}.*published`));
    assert.match(listed.stdout, /signing/);
    // A restart picks the new key up at once (a running node within a minute).
    await server.stop();
    server = await startServer({ name: "jwt-rotate", reuse: server, env });
    const { keys } = await jwksOf(server);
    assert.equal(keys.length, 2, "old and new keys published");
    const newToken = await tokenFor(server, account.cookie);
    assert.notEqual(decodeProtectedHeader(newToken).kid, oldKid);
    for (const token of [oldToken, newToken]) {
      const { payload } = await verifyWithJose(server, token, ISSUER);
      assert.equal(payload.sub, account.user.id);
      const res = await verify(token);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.valid, true);
      assert.equal(res.json.payload.sub, account.user.id);
    }
  });

  // RFC 8725 §2.1 / §3.1, RFC 7515 §4.1.2–4.1.5: one request per attack through /jwt/verify
  // (each is also a unit test in src/crypto/jose/jws_attack_test.cc).
  test("attacks are refused with their codes", async () => {
    const account = await signUp(server);
    const good = await tokenFor(server, account.cookie);
    const [h, p, s] = good.split(".");
    const header = JSON.parse(Buffer.from(h, "base64url"));
    const payload = JSON.parse(Buffer.from(p, "base64url"));
    const { keys } = await jwksOf(server);
    const publicJwk = keys.find((k) => k.kid === header.kid);
    const hs256 = (hdr, body, key) => {
      const input = `${b64url(hdr)}.${b64url(body)}`;
      return `${input}.${crypto.createHmac("sha256", key).update(input).digest("base64url")}`;
    };
    const cases = [
      ["alg none", `${b64url({ alg: "none", kid: header.kid })}.${p}.`, "JWT_ALG_NOT_ALLOWED"],
      ["alg NoNe", `${b64url({ alg: "NoNe", kid: header.kid })}.${p}.${s}`, "JWT_ALG_NOT_ALLOWED"],
      ["HS256 keyed with the public JWK (algorithm confusion)", hs256({ alg: "HS256", kid: header.kid }, payload, JSON.stringify(publicJwk)), "JWT_ALG_NOT_ALLOWED"],
      ["ES256 header on our EdDSA key", `${b64url({ alg: "ES256", kid: header.kid })}.${p}.${s}`, "JWT_ALG_NOT_ALLOWED"],
      ["unknown kid", `${b64url({ ...header, kid: "not-our-key" })}.${p}.${s}`, "JWT_UNKNOWN_KID"],
      ["jku header", `${b64url({ ...header, jku: "https://evil.example/jwks" })}.${p}.${s}`, "JWT_FORBIDDEN_HEADER"],
      ["x5u header", `${b64url({ ...header, x5u: "https://evil.example/cert" })}.${p}.${s}`, "JWT_FORBIDDEN_HEADER"],
      ["embedded jwk", `${b64url({ ...header, jwk: publicJwk })}.${p}.${s}`, "JWT_FORBIDDEN_HEADER"],
      ["tampered payload", `${h}.${b64url({ ...payload, sub: "someone-else" })}.${s}`, "JWT_BAD_SIGNATURE"],
      ["garbage", "not.a.jwt", "JWT_MALFORMED"],
    ];
    for (const [what, token, code] of cases) {
      const res = await verify(token);
      assert.equal(res.status, 401, `${what}: ${res.text}`);
      assert.equal(res.json.code, code, what);
    }
  });

  test("a token from another deployment (other keys, other issuer) is refused", async () => {
    const other = await startServer({ name: "jwt-other" });
    try {
      const account = await signUp(other);
      const foreign = await tokenFor(other, account.cookie);
      const res = await verify(foreign);
      assert.equal(res.status, 401);
      assert.equal(res.json.code, "JWT_UNKNOWN_KID");
    } finally {
      await other.cleanup();
    }
  });

  test("private keys are sealed at rest: the database holds no usable key", async () => {
    const rows = await server.db.query("SELECT id, private_key, enc_key_id FROM jwks");
    assert.ok(rows.length >= 1);
    for (const row of rows) {
      const raw = Buffer.from(row.private_key, "base64");
      assert.equal(raw.length, 12 + 32 + 16, "nonce + sealed 32-byte seed + tag");
      assert.match(row.enc_key_id, /^[0-9a-f]{16}$/);
    }
  });
});
