// What latchkey adds to Better Auth's wire behaviour: audit trail, secrets at rest,
// secret-free logs and hardening headers (docs/operations.md, "What the database holds",
// "Logs", "Audit trail"; docs/api.md, "Everywhere"). Latchkey-only.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import { getSession, PASSWORD, signedCookieValue, signIn, signUp, uniqueEmail, auditEventFor } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { sha256Hex } from "../lib/db.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { startServer, TEST_ARGON2 } from "../lib/server.js";

describe("latchkey security", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ name: "security" });
    api = apiFor(server);
  });
  after(() => server?.cleanup());

  // ASVS 7.1.3 (successful and failed authentication logged), 7.1.4 (who, when, from where, request id).
  describe("audit_events (ASVS 7.1.3, 7.1.4)", () => {
    test("sign-up → user.sign_up success for the new user", async () => {
      const account = await signUp(server);
      const row = await auditEventFor(server, account.res);
      assert.equal(row.event_type, "user.sign_up");
      assert.equal(row.outcome, "success");
      assert.equal(row.user_id, account.user.id);
    });

    test("sign-in → user.sign_in success, and failure for a wrong password or unknown email", async () => {
      const account = await signUp(server);
      const ok = await auditEventFor(server, await signIn(server, account.email));
      assert.deepEqual([ok.event_type, ok.outcome, ok.user_id], ["user.sign_in", "success", account.user.id]);

      const wrongPassword = "wrong-password-for-audit";
      const wrong = await auditEventFor(server, await signIn(server, account.email, wrongPassword));
      assert.deepEqual([wrong.event_type, wrong.outcome], ["user.sign_in", "failure"]);
      assert.ok(wrong.user_id === null || wrong.user_id === account.user.id, `user_id ${wrong.user_id}`);
      assert.ok(!JSON.stringify(wrong).includes(wrongPassword), "the attempted password is not audited");

      const unknown = await auditEventFor(server, await signIn(server, uniqueEmail("ghost"), wrongPassword));
      assert.deepEqual([unknown.event_type, unknown.outcome, unknown.user_id], ["user.sign_in", "failure", null]);
    });

    test("update-user → user.update success", async () => {
      const account = await signUp(server);
      const res = await api.post("/update-user", { json: { name: "Audited" }, headers: { cookie: account.cookie } });
      assert.equal(res.status, 200);
      const row = await auditEventFor(server, res);
      assert.deepEqual([row.event_type, row.outcome, row.user_id], ["user.update", "success", account.user.id]);
    });

    test("sign-out → user.sign_out success", async () => {
      const account = await signUp(server);
      const res = await api.post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
      assert.equal(res.status, 200);
      const row = await auditEventFor(server, res);
      assert.deepEqual([row.event_type, row.outcome, row.user_id], ["user.sign_out", "success", account.user.id]);
    });

    test("every response carries a distinct X-Request-Id", async () => {
      const ids = new Set();
      for (let i = 0; i < 5; i++) ids.add((await api.get("/ok")).headers["x-request-id"]);
      ids.delete(undefined);
      assert.equal(ids.size, 5);
    });
  });

  // ASVS 2.4.1 (Argon2id), 2.4.2 (unique salt), 3.2.x (session tokens stored hashed:
  // docs/operations.md, "What the database holds").
  describe("secrets at rest (ASVS 2.4.1, 2.4.2, 3.2.x)", () => {
    test("sessions.token_hash is the SHA-256 hex of the token; no token is stored anywhere", async () => {
      const account = await signUp(server);
      const login = await signIn(server, account.email);
      const tokens = [account.token, login.json.token];
      const hashes = await server.db.sessionTokenHashes(account.user.id);
      for (const token of tokens) assert.ok(hashes.includes(sha256Hex(token)), `token_hash for ${token.slice(0, 4)}…`);
      for (const h of hashes) assert.match(h, /^[0-9a-f]{64}$/);
      const content = await server.db.contentText();
      for (const token of tokens) assert.ok(!content.includes(token), "session token found in the database");
    });

    test("accounts.password_hash is Argon2id with the configured cost; the password is stored nowhere", async () => {
      const password = `at-rest-${uniqueEmail("pw")}`;
      const account = await signUp(server, { password });
      const hashes = await server.db.passwordHashes(account.user.id);
      assert.equal(hashes.length, 1);
      const prefix = `$argon2id$v=19$m=${TEST_ARGON2.memoryKib},t=${TEST_ARGON2.iterations},p=`;
      assert.ok(hashes[0].startsWith(prefix), `${hashes[0].slice(0, 40)} starts with ${prefix}`);
      assert.ok(!(await server.db.contentText()).includes(password));
    });

    test("the same password gives two different hashes (unique salt)", async () => {
      const a = await signUp(server);
      const b = await signUp(server);
      const [ha] = await server.db.passwordHashes(a.user.id);
      const [hb] = await server.db.passwordHashes(b.user.id);
      assert.notEqual(ha, hb);
    });
  });

  describe("logs (ASVS 7.1.1)", () => {
    test("no password, session token, cookie or secret is ever logged", async () => {
      const password = `log-canary-${Date.now()}-pw`;
      const wrongPassword = `log-canary-${Date.now()}-wrong`;
      const account = await signUp(server, { password });
      const { client, jar } = makeClient(server);
      await client.signIn.email({ email: account.email, password });
      await client.signIn.email({ email: account.email, password: wrongPassword });
      await client.getSession();
      await client.updateUser({ name: "Logged" });
      const cookieValue = jar.get(SESSION_COOKIE);
      const token = decodeURIComponent(cookieValue).split(".")[0];
      await client.signOut();
      // A malformed body that still contains the password.
      await api.post("/sign-in/email", { body: `{"email":"${account.email}","password":"${password}"`, headers: { "content-type": "application/json" } });
      await getSession(server, `${SESSION_COOKIE}=${cookieValue}`, { authorization: `Bearer ${token}` });

      const log = server.logText();
      assert.ok(log.trim().length > 0, "the server logged something");
      const forbidden = {
        password,
        wrongPassword,
        "sign-up token": account.token,
        "sign-in token": token,
        "cookie value": cookieValue,
        "decoded cookie": decodeURIComponent(cookieValue),
        secret: server.secret,
        "signed dont_remember": signedCookieValue("true", server.secret),
      };
      for (const [what, value] of Object.entries(forbidden)) assert.ok(!log.includes(value), `${what} found in the log`);
    });
  });

  // ASVS 14.4.4 nosniff, 14.4.6 Referrer-Policy, 14.4.7 framing, 14.3.3 no version banner, 8.2.1 no-store.
  describe("HTTP hardening (ASVS 14.4.x, 8.2.1)", () => {
    async function sample() {
      const account = await signUp(server);
      return {
        "GET /ok": await api.get("/ok"),
        "GET /get-session": await getSession(server, account.cookie),
        "POST /sign-up/email": account.res,
        "POST /sign-in/email 200": await signIn(server, account.email),
        "POST /sign-in/email 401": await signIn(server, account.email, "wrong password"),
        "POST /sign-up/email 400": await api.post("/sign-up/email", { json: {} }),
        "POST /update-user": await api.post("/update-user", { json: { name: "H" }, headers: { cookie: account.cookie } }),
        "GET unknown 404": await api.get("/no-such-route"),
      };
    }

    test("every response: nosniff, a Referrer-Policy, X-Frame-Options DENY, no version banner", async () => {
      for (const [what, res] of Object.entries(await sample())) {
        assert.equal(res.headers["x-content-type-options"], "nosniff", what);
        assert.ok(res.headers["referrer-policy"], `${what}: Referrer-Policy`);
        assert.equal(res.headers["x-frame-options"], "DENY", what);
        assert.ok(!/\d+\.\d+/.test(res.headers.server ?? ""), `${what}: Server header ${res.headers.server}`);
      }
    });

    test("responses that set cookies, and get-session, are Cache-Control: no-store", async () => {
      const responses = Object.entries(await sample()).filter(
        ([what, res]) => res.setCookies.length > 0 || what.includes("get-session"),
      );
      assert.ok(responses.length >= 4);
      for (const [what, res] of responses) assert.match(String(res.headers["cache-control"]), /no-store/, what);
    });
  });
});
