// The api-key plugin (docs/api.md, "API keys as credentials"): create/get/list/update/delete through Better
// Auth's client SDK, server-only fields refused, and (latchkey only: the peer runs the
// plugin without enableSessionForAPIKeys) keys used as credentials on get-session with
// remaining, refill, rate limit, expiry, disable and delete, each asserting status and code.
// Keys as credentials need api_key_session, off by default as in Better Auth; with it on,
// a key is refused on account-management routes and where a route asks a permission of it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiKeyClient } from "@better-auth/api-key/client";
import { makeClient } from "../lib/client.js";
import { auditEventFor, assertError, getSession, ISO_DATE, PASSWORD, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { sha256Hex } from "../lib/db.js";
import { readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";

const KEY_RE = /^[A-Za-z]{64}$/;

describe("api keys", () => {
  let server;
  before(async () => {
    // Keys as sessions are opt-in (Better Auth's enableSessionForAPIKeys, default off).
    server = await startServer({ name: "api-keys", env: { LATCHKEY_API_KEY_SESSION: "true" } });
  });
  after(() => server?.cleanup());

  async function signedInClient() {
    const account = await signUp(server);
    const { client } = makeClient(server, { plugins: [apiKeyClient()] });
    const res = await client.signIn.email({ email: account.email, password: PASSWORD });
    assert.equal(res.error, null);
    return { account, client };
  }
  const api = () => apiFor(server);
  const withKey = (key, extra = {}) => api().get("/get-session", { headers: { "x-api-key": key, ...extra } });
  async function createRaw(cookie, json = {}) {
    const res = await api().post("/api-key/create", { json, headers: { cookie } });
    assert.equal(res.status, 200, res.text);
    return res;
  }

  test("create shows the key once; get/list never; update and delete through the SDK", async () => {
    const { account, client } = await signedInClient();
    const created = await client.apiKey.create({ name: "ci" });
    assert.equal(created.error, null, JSON.stringify(created.error));
    const k = created.data;
    assert.match(k.key, KEY_RE);
    assert.equal(k.start, k.key.slice(0, 6));
    assert.equal(k.name, "ci");
    assert.equal(k.referenceId, account.res.json.user.id);
    assert.equal(k.enabled, true);
    assert.equal(k.remaining, null);
    assert.equal(k.permissions, null);
    assert.equal(k.metadata, null);
    assert.equal(k.rateLimitEnabled, true);
    assert.equal(k.rateLimitMax, 10);
    assert.equal(k.rateLimitTimeWindow, 86400000);
    assert.equal(k.requestCount, 0);
    assert.ok(k.createdAt instanceof Date);

    const got = await client.apiKey.get({ query: { id: k.id } });
    assert.equal(got.data.id, k.id);
    assert.equal(got.data.key, undefined, "get never returns the key");
    const listed = await client.apiKey.list();
    assert.equal(listed.data.total, 1);
    assert.equal(listed.data.apiKeys[0].id, k.id);
    assert.equal(listed.data.apiKeys[0].key, undefined);

    const updated = await client.apiKey.update({ keyId: k.id, name: "renamed", enabled: false });
    assert.equal(updated.error, null, JSON.stringify(updated.error));
    assert.equal(updated.data.name, "renamed");
    assert.equal(updated.data.enabled, false);

    const deleted = await client.apiKey.delete({ keyId: k.id });
    assert.deepEqual(deleted.data, { success: true });
    const gone = await client.apiKey.get({ query: { id: k.id } });
    assert.equal(gone.error.status, 404);
    assert.equal(gone.error.code, "KEY_NOT_FOUND");
  });

  test("server-only fields from a client are refused with 400 SERVER_ONLY_PROPERTY", async () => {
    const { account } = await signedInClient();
    for (const body of [
      { remaining: 5 },
      { permissions: { files: ["read"] } },
      { rateLimitMax: 1000 },
      { rateLimitEnabled: false },
      { refillAmount: 1, refillInterval: 1000 },
    ]) {
      const res = await api().post("/api-key/create", { json: body, headers: { cookie: account.cookie } });
      assertError(res, 400, "SERVER_ONLY_PROPERTY");
    }
    const ok = await createRaw(account.cookie, { remaining: null });
    for (const body of [{ remaining: 5 }, { permissions: { a: ["b"] } }, { rateLimitTimeWindow: 1 }]) {
      const res = await api().post("/api-key/update", {
        json: { keyId: ok.json.id, ...body },
        headers: { cookie: account.cookie },
      });
      assertError(res, 400, "SERVER_ONLY_PROPERTY");
    }
    const other = await api().post("/api-key/create", { json: { userId: "someone" }, headers: { cookie: account.cookie } });
    assertError(other, 401, "UNAUTHORIZED_SESSION");
  });

  test("sessions and field rules: codes as Better Auth sends them", async () => {
    assertError(await api().post("/api-key/create", { json: {} }), 401, "UNAUTHORIZED_SESSION");
    assertError(await api().post("/api-key/update", { json: { keyId: "x", name: "n" } }), 401, "UNAUTHORIZED_SESSION");
    assertError(await api().get("/api-key/list"), 401, "UNAUTHORIZED");
    assertError(await api().post("/api-key/delete", { json: { keyId: "x" } }), 401, "UNAUTHORIZED");
    const { account } = await signedInClient();
    const cookie = account.cookie;
    const post = (path, json) => api().post(path, { json, headers: { cookie } });
    assertError(await post("/api-key/create", { name: "x".repeat(33) }), 400, "INVALID_NAME_LENGTH");
    assertError(await post("/api-key/create", { expiresIn: 3600 }), 400, "EXPIRES_IN_IS_TOO_SMALL");
    assertError(await post("/api-key/create", { expiresIn: 400 * 86400 }), 400, "EXPIRES_IN_IS_TOO_LARGE");
    assertError(await post("/api-key/create", { metadata: { a: 1 } }), 400, "METADATA_DISABLED");
    assertError(await post("/api-key/create", { prefix: "a b" }), 400, "VALIDATION_ERROR");
    assertError(await post("/api-key/create", { prefix: "p".repeat(33) }), 400, "INVALID_PREFIX_LENGTH");
    const withPrefix = await createRaw(cookie, { prefix: "lk_", expiresIn: 2 * 86400 });
    assert.match(withPrefix.json.key, /^lk_[A-Za-z]{64}$/);
    assert.equal(withPrefix.json.prefix, "lk_");
    assert.equal(withPrefix.json.start, withPrefix.json.key.slice(0, 6));
    assert.match(withPrefix.json.expiresAt, ISO_DATE);
    assertError(await post("/api-key/update", { keyId: withPrefix.json.id }), 400, "NO_VALUES_TO_UPDATE");
    // Someone else's key is "not found", never "forbidden".
    const stranger = await signUp(server);
    for (const [path, json] of [["/api-key/update", { keyId: withPrefix.json.id, name: "mine" }], ["/api-key/delete", { keyId: withPrefix.json.id }]]) {
      const res = await api().post(path, { json, headers: { cookie: stranger.cookie } });
      assertError(res, 404, "KEY_NOT_FOUND");
    }
    const res = await api().get(`/api-key/get?id=${withPrefix.json.id}`, { headers: { cookie: stranger.cookie } });
    assertError(res, 404, "KEY_NOT_FOUND");
  });

  test("x-api-key authenticates as the owner; the key is stored only as its SHA-256", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const created = await createRaw(account.cookie, { name: "use" });
    const key = created.json.key;
    const res = await withKey(key);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.email, account.email);
    assert.equal(res.json.session.id, created.json.id);
    assert.equal(res.json.session.userId, account.res.json.user.id);
    const row = await server.db.apiKeyRow(created.json.id);
    assert.equal(row.key_hash, sha256Hex(key));
    assert.equal(Number(row.request_count), 1);
    assert.ok(Number(row.last_request) > 0);
    assert.ok(!(await server.db.contentText()).includes(key), "the plain key is nowhere in the database");
    // Works where a session is required, too.
    const accounts = await api().get("/list-accounts", { headers: { "x-api-key": key } });
    assert.equal(accounts.status, 200, accounts.text);
    assertError(await withKey("short"), 403, "INVALID_API_KEY");
    assertError(await withKey("A".repeat(64)), 401, "INVALID_API_KEY");
    const audit = await auditEventFor(server, created);
    assert.equal(audit.event_type, "api_key.create");
    assert.equal(JSON.parse(audit.details).keyId, created.json.id);
  });

  test("remaining runs out (429 USAGE_EXCEEDED), then the spent key is gone", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    await server.db.setApiKeyColumns(json.id, { remaining: 2, rate_limit_enabled: 0 });
    assert.equal((await withKey(json.key)).status, 200);
    assert.equal((await withKey(json.key)).status, 200);
    assertError(await withKey(json.key), 429, "USAGE_EXCEEDED");
    assertError(await withKey(json.key), 401, "INVALID_API_KEY");
    const events = await server.db.auditEvents({ event_type: "api_key.use" });
    assert.ok(events.some((e) => JSON.parse(e.details).keyId === json.id && e.outcome === "failure"));
  });

  test("remaining refills after refillInterval", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    await server.db.setApiKeyColumns(json.id, {
      remaining: 1, refill_amount: 2, refill_interval: 1000, last_refill_at: Date.now(), rate_limit_enabled: 0,
    });
    assert.equal((await withKey(json.key)).status, 200);
    assertError(await withKey(json.key), 429, "USAGE_EXCEEDED");
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await withKey(json.key)).status, 200);
    assert.equal((await withKey(json.key)).status, 200);
    assertError(await withKey(json.key), 429, "USAGE_EXCEEDED");
    assert.ok(await server.db.apiKeyRow(json.id), "a refilling key is kept");
  });

  test("the per-key window: 10 uses a day by default, then 429 RATE_LIMITED", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    for (let i = 0; i < 10; i++) assert.equal((await withKey(json.key)).status, 200, `use ${i + 1}`);
    const res = await withKey(json.key);
    assertError(res, 429, "RATE_LIMITED");
    assert.ok(Number(res.headers["retry-after"]) > 0);
  });

  test("an expired key answers 401 KEY_EXPIRED and is deleted", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie, { expiresIn: 86400 });
    await server.db.setApiKeyColumns(json.id, { expires_at: Date.now() - 1000 });
    assertError(await withKey(json.key), 401, "KEY_EXPIRED");
    assert.equal(await server.db.apiKeyRow(json.id), undefined);
  });

  test("disable and delete take effect at once, even for a cached key", { skip: LATCHKEY_ONLY }, async () => {
    const { account, client } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    await server.db.setApiKeyColumns(json.id, { rate_limit_enabled: 0 }); // the all-cache path
    for (let i = 0; i < 3; i++) assert.equal((await withKey(json.key)).status, 200);
    await client.apiKey.update({ keyId: json.id, enabled: false });
    assertError(await withKey(json.key), 401, "KEY_DISABLED");
    await client.apiKey.update({ keyId: json.id, enabled: true });
    assert.equal((await withKey(json.key)).status, 200);
    const del = await api().post("/api-key/delete", { json: { keyId: json.id }, headers: { cookie: account.cookie } });
    assert.equal(del.status, 200);
    assert.equal((await auditEventFor(server, del)).event_type, "api_key.delete");
    assertError(await withKey(json.key), 401, "INVALID_API_KEY");
  });

  test("parallel uses never overspend remaining", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    await server.db.setApiKeyColumns(json.id, { remaining: 5, refill_amount: 5, refill_interval: 3_600_000, last_refill_at: Date.now(), rate_limit_enabled: 0 });
    const results = await Promise.all(Array.from({ length: 20 }, () => withKey(json.key)));
    const ok = results.filter((r) => r.status === 200).length;
    assert.equal(ok, 5, results.map((r) => `${r.status} ${r.json?.code ?? ""}`).join(", "));
    for (const r of results.filter((x) => x.status !== 200)) assertError(r, 429, "USAGE_EXCEEDED");
    assert.equal(Number((await server.db.apiKeyRow(json.id)).remaining), 0);
  });

  test("parallel uses never pass the per-key window", { skip: LATCHKEY_ONLY }, async () => {
    const { account } = await signedInClient();
    const { json } = await createRaw(account.cookie);
    const results = await Promise.all(Array.from({ length: 25 }, () => withKey(json.key)));
    assert.equal(results.filter((r) => r.status === 200).length, 10);
    assert.equal(Number((await server.db.apiKeyRow(json.id)).request_count), 10);
  });
});

// Better Auth's enableSessionForAPIKeys defaults to false; so does api_key_session.
describe("api keys: no session by default", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "api-keys-default" });
  });
  after(() => server?.cleanup());

  test("by default an x-api-key header authenticates nothing: get-session null, 401 elsewhere", async () => {
    const account = await signUp(server);
    const created = await apiFor(server).post("/api-key/create", { json: { name: "k" }, headers: { cookie: account.cookie } });
    assert.equal(created.status, 200, created.text);
    const res = await apiFor(server).get("/get-session", { headers: { "x-api-key": created.json.key } });
    assert.equal(res.status, 200);
    assert.equal(res.text, "null");
    assertError(await apiFor(server).get("/list-accounts", { headers: { "x-api-key": created.json.key } }), 401, "UNAUTHORIZED");
  });
});

// Issue 9: a key stands for its owner only where a session is enough. A key proves no recent
// sign-in (ASVS 3.7.1: account management needs one), so whoever held a session for a moment,
// or signed up with the owner's address first, cannot keep the account through a key.
describe("api keys vs account management (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "api-keys-guard", env: { LATCHKEY_API_KEY_SESSION: "true" } });
  });
  after(() => server?.cleanup());
  const api = () => apiFor(server);

  async function ownerWithKey(json = { name: "k" }) {
    const account = await signUp(server);
    const res = await api().post("/api-key/create", { json, headers: { cookie: account.cookie } });
    assert.equal(res.status, 200, res.text);
    return { account, key: res.json.key, id: res.json.id };
  }

  // ASVS 3.7.1: sensitive operations need a (fresh) sign-in, never a standing credential.
  test("a key is refused on every account-management route: 403 SESSION_NOT_FRESH, audited", async () => {
    const { account, key, id } = await ownerWithKey();
    const withKey = { "x-api-key": key };
    const routes = [
      ["POST", "/change-password", { currentPassword: PASSWORD, newPassword: "another password 42", revokeOtherSessions: true }],
      ["POST", "/change-email", { newEmail: "taken-over@example.com" }],
      ["POST", "/delete-user", { password: PASSWORD }],
      ["GET", "/list-sessions"],
      ["POST", "/revoke-session", { token: "x" }],
      ["POST", "/revoke-sessions", {}],
      ["POST", "/revoke-other-sessions", {}],
      ["POST", "/api-key/create", { name: "second" }],
      ["POST", "/api-key/update", { keyId: id, expiresIn: 365 * 86400 }],
      ["POST", "/api-key/delete", { keyId: id }],
      ["POST", "/refresh-token/issue", {}],
      ["POST", "/multi-session/revoke", { sessionToken: "x" }],
    ];
    for (const [method, path, json] of routes) {
      const res = await api().request(method, path, { json, headers: withKey });
      assertError(res, 403, "SESSION_NOT_FRESH");
      // The owner's own cookie does not make a key acceptable there: the key is what is judged.
      const both = await api().request(method, path, { json, headers: { ...withKey, cookie: account.cookie } });
      assertError(both, 403, "SESSION_NOT_FRESH");
    }
    // Nothing happened: one key, the password unchanged, the session alive.
    const listed = await api().get("/api-key/list", { headers: { cookie: account.cookie } });
    assert.equal(listed.json.total, 1);
    assert.equal((await getSession(server, account.cookie)).json.user.email, account.email);
    const refusals = (await server.db.auditEvents({ event_type: "api_key.use", user_id: account.user.id }))
      .filter((e) => JSON.parse(e.details).reason === "account_route");
    assert.equal(refusals.length, routes.length * 2);
    // An unknown key there gets the key's own error, as anywhere else.
    assertError(await api().post("/api-key/create", { json: {}, headers: { "x-api-key": "A".repeat(64) } }), 401, "INVALID_API_KEY");
    // The key still works where a session is enough.
    assert.equal((await api().get("/get-session", { headers: withKey })).status, 200);
  });

  test("route permissions: api-key/list and get need {\"apiKey\":[\"read\"]}, else 403 INSUFFICIENT_API_KEY_PERMISSIONS", async () => {
    const { account, key, id } = await ownerWithKey();
    assertError(await api().get("/api-key/list", { headers: { "x-api-key": key } }), 403, "INSUFFICIENT_API_KEY_PERMISSIONS");
    assertError(await api().get(`/api-key/get?id=${id}`, { headers: { "x-api-key": key } }), 403, "INSUFFICIENT_API_KEY_PERMISSIONS");
    const refused = await server.db.auditEvents({ event_type: "api_key.use", user_id: account.user.id });
    assert.ok(refused.some((e) => JSON.parse(e.details).reason === "insufficient_permissions"));
    // Permissions are server-only (SERVER_ONLY_PROPERTY over HTTP): the operator grants them.
    const reader = await api().post("/api-key/create", { json: { name: "reader" }, headers: { cookie: account.cookie } });
    await server.db.setApiKeyColumns(reader.json.id, { permissions: JSON.stringify({ apiKey: ["read"] }) });
    const listed = await api().get("/api-key/list", { headers: { "x-api-key": reader.json.key } });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.total, 2);
    assert.equal((await api().get(`/api-key/get?id=${id}`, { headers: { "x-api-key": reader.json.key } })).status, 200);
    // A cookie session needs no permission.
    assert.equal((await api().get("/api-key/list", { headers: { cookie: account.cookie } })).status, 200);
  });

  test("creating a key writes one audit event and mails the owner a notice without the key", async () => {
    const account = await signUp(server);
    const seen = new Set(readMails(server).map((m) => m.file));
    const res = await api().post("/api-key/create", { json: { name: "deploy-bot" }, headers: { cookie: account.cookie } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await auditEventFor(server, res)).event_type, "api_key.create");
    const mail = await waitForMail(server, account.email, /new API key/, 5000, seen);
    assert.ok(mail.includes("deploy-bot"), "the notice names the key");
    assert.ok(mail.includes("127.0.0.1"), "the notice names the address");
    assert.ok(!mail.includes(res.json.key), "the notice never carries the key");
    assert.ok(!mail.includes(res.json.key.slice(0, 12)), "nor a part of it");
  });

  test("get-session by key reports the request's client address, as a cookie session does", { skip: latchkeyDiffers("Better Auth reports ipAddress null without a forwarding header") }, async () => {
    const { account, key } = await ownerWithKey();
    const byCookie = await getSession(server, account.cookie);
    const byKey = await api().get("/get-session", { headers: { "x-api-key": key } });
    assert.equal(byKey.status, 200, byKey.text);
    assert.equal(byKey.json.session.ipAddress, "127.0.0.1");
    assert.equal(byKey.json.session.ipAddress, byCookie.json.session.ipAddress);
    assert.equal(byKey.json.session.userAgent, "latchkey-e2e");
  });

  test("update-user with a key works and never puts the key in a cookie", async () => {
    const { key } = await ownerWithKey();
    const res = await api().post("/update-user", { json: { name: "Renamed" }, headers: { "x-api-key": key } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers["set-cookie"], undefined);
    assert.equal((await api().get("/get-session", { headers: { "x-api-key": key } })).json.user.name, "Renamed");
  });
});
