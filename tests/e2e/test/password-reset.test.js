// Forgotten password (docs/api.md, "Routes"): request-password-reset → mail → the
// link (GET /reset-password/:token) → POST /reset-password. latchkey without
// SMTP writes each mail as an .eml file; the test reads the link from it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { sha256Hex } from "../lib/db.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const ANSWER = {
  status: true,
  message: "If this email exists in our system, check your email for the reset link",
};
const NEW_PASSWORD = "a brand new password 42";

describe("password reset (latchkey: mail as .eml files)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "reset" });
  });
  after(() => server?.cleanup());

  async function requestLink(email, redirectTo = "/reset") {
    const seen = new Set(readMails(server).map((m) => m.file));
    const res = await apiFor(server).post("/request-password-reset", { json: { email, redirectTo } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, ANSWER);
    const mail = await waitForMail(server, email, /reset-password\//, 5000, seen);
    return linkIn(mail, `${server.origin}/api/auth/reset-password/`);
  }

  test("the whole flow: mail → link → new password; old sessions end; the token works once", async () => {
    const account = await signUp(server);
    const link = await requestLink(account.email);
    const token = new URL(link).pathname.split("/").pop();
    assert.match(token, /^[A-Za-z0-9]{24}$/);

    const check = await request(link);
    assert.equal(check.status, 302);
    assert.equal(check.headers.location, `${server.origin}/reset?token=${token}`);

    const reset = await apiFor(server).post("/reset-password", { json: { newPassword: NEW_PASSWORD, token } });
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(reset.json, { status: true });
    // ASVS 3.3.3: every session of the user ends with the reset.
    assert.equal((await getSession(server, account.cookie)).text, "null");
    assertError(await signIn(server, account.email, PASSWORD), 401, "INVALID_EMAIL_OR_PASSWORD");
    assert.equal((await signIn(server, account.email, NEW_PASSWORD)).status, 200);
    // ASVS 2.5.x: single use.
    assertError(await apiFor(server).post("/reset-password", { json: { newPassword: "another one 123", token } }),
      400, "INVALID_TOKEN");
    const used = await request(link);
    assert.equal(new URL(used.headers.location).searchParams.get("error"), "INVALID_TOKEN");
    const events = await server.db.auditEvents({ event_type: "user.password_reset", user_id: account.user.id });
    assert.equal(events.length, 1);
  });

  // ASVS 2.2.1 (docs/api.md, "Answers that do not reveal accounts"): the answer never tells
  // whether the e-mail is registered.
  test("an unknown e-mail gets the same answer and no mail", async () => {
    const before = readMails(server).length;
    const res = await apiFor(server).post("/request-password-reset", { json: { email: uniqueEmail("ghost") } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, ANSWER);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readMails(server).length, before);
  });

  // CVE-2023-49097 class (docs/operations.md, "Mail"): links come from the configured base URL only.
  test("a forged Host or X-Forwarded-Host does not change the link", async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/request-password-reset", {
      json: { email: account.email },
      headers: { host: "evil.example", "x-forwarded-host": "evil.example", forwarded: "host=evil.example" },
    });
    assert.equal(res.status, 200);
    const mail = await waitForMail(server, account.email, /reset-password\//);
    assert.ok(!mail.includes("evil.example"), "the mail mentions the forged host");
    linkIn(mail, `${server.origin}/api/auth/reset-password/`);
  });

  test("a new request voids the previous link", async () => {
    const account = await signUp(server);
    const first = await requestLink(account.email);
    const second = await requestLink(account.email);
    assert.notEqual(first, second);
    const firstToken = new URL(first).pathname.split("/").pop();
    assertError(await apiFor(server).post("/reset-password", { json: { newPassword: NEW_PASSWORD, token: firstToken } }),
      400, "INVALID_TOKEN");
  });

  test("bad input and bad tokens", async () => {
    const api = apiFor(server);
    assertError(await api.post("/request-password-reset", { json: { email: "not-an-email" } }), 400, "VALIDATION_ERROR");
    assertError(await api.post("/request-password-reset", { json: {} }), 400, "VALIDATION_ERROR");
    assertError(await api.post("/reset-password", { json: { newPassword: NEW_PASSWORD, token: "x".repeat(24) } }),
      400, "INVALID_TOKEN");
    assertError(await api.post("/reset-password", { json: { newPassword: NEW_PASSWORD } }), 400, "INVALID_TOKEN");
    assertError(await api.post("/reset-password", { json: { newPassword: "short", token: "x" } }), 400, "PASSWORD_TOO_SHORT");
    assertError(await api.post("/reset-password", { json: { token: "x" } }), 400, "VALIDATION_ERROR");
    // docs/api.md, "Redirects and callback URLs": an untrusted callbackURL on the link is refused, not followed.
    assertError(await api.get(`/reset-password/${"x".repeat(24)}?callbackURL=${encodeURIComponent("https://evil.example/")}`),
      403, "INVALID_CALLBACK_URL");
    assertError(await api.get(`/reset-password/${"x".repeat(24)}`), 400, "VALIDATION_ERROR");
    const bad = await api.get(`/reset-password/${"x".repeat(24)}?callbackURL=%2Freset`);
    assert.equal(bad.status, 302);
    assert.equal(new URL(bad.headers.location).searchParams.get("error"), "INVALID_TOKEN");
  });
});

describe("password reset through a real SMTP server (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let smtp;
  let server;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      name: "reset-smtp",
      // aiosmtpd on loopback speaks no TLS: a local relay is the one case for plain SMTP.
      env: { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true" },
    });
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  test("the reset mail arrives over SMTP with its idempotency headers, and the link works", async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.deepEqual(res.json, ANSWER);
    const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`));
    assert.match(mail, /^Message-ID: <[A-Za-z0-9]{32}@latchkey>$/m);
    assert.match(mail, /^X-Latchkey-Idempotency-Key: [A-Za-z0-9]{32}$/m);
    const link = linkIn(mail, `${server.origin}/api/auth/reset-password/`);
    const token = new URL(link).pathname.split("/").pop();
    assert.equal((await apiFor(server).post("/reset-password", { json: { newPassword: NEW_PASSWORD, token } })).status, 200);
    assert.equal((await signIn(server, account.email, NEW_PASSWORD)).status, 200);
  });

  // Issue 3: the mail is never lost when the SMTP server is down; it is retried and arrives.
  test("SMTP down during the request: the request still succeeds and the mail arrives later", async () => {
    const account = await signUp(server);
    await smtp.stop();
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 1500));  // at least one failed attempt
    assert.equal(smtp.messages().filter((m) => m.includes(`To: ${account.email}`)).length, 0);
    await smtp.start();
    const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 15000);
    linkIn(mail, `${server.origin}/api/auth/reset-password/`);
  });
});

describe("mail survives a crash (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // Issue 3: killed with SIGKILL after commit and before send, the mail is sent after restart.
  test("a queued mail whose server was SIGKILLed is delivered by the restarted server", async () => {
    const smtp = await startSmtp();
    await smtp.stop();  // nothing can be delivered before the crash
    const env = { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true" };
    const first = await startServer({ name: "crash", env });
    let second;
    try {
      const account = await signUp(first);
      const res = await apiFor(first).post("/request-password-reset", { json: { email: account.email } });
      assert.equal(res.status, 200);
      first.child.kill("SIGKILL");
      assert.equal((await first.exited).signal, "SIGKILL");
      await smtp.start();
      second = await startServer({ name: "crash", reuse: first, env });
      // The kill may land mid-attempt, while the row is leased to the dead process (SMTP
      // timeout 10 s + 5 s, docs/operations.md "Mail"): the restarted server sends it once
      // the lease runs out, so allow lease + backoff.
      const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 30000);
      const token = new URL(linkIn(mail, `${first.origin}/api/auth/reset-password/`)).pathname.split("/").pop();
      // The link names the first server's base URL (its configuration); the token works on the second.
      const reset = await apiFor(second).post("/reset-password", { json: { newPassword: NEW_PASSWORD, token } });
      assert.equal(reset.status, 200, reset.text);
      await new Promise((r) => setTimeout(r, 1500));
      const copies = smtp.messages().filter((m) => m.includes(`To: ${account.email}`));
      assert.equal(copies.length, 1, "delivered exactly once");
    } finally {
      await (second ?? first).cleanup();
      await smtp.cleanup();
    }
  });
});

// Issue 9: a reset is how an owner takes the account back, so it ends every credential that
// would outlive a session: API keys (revoke_api_keys_on_password_reset, on by default) and
// refresh-token families. Pins ASVS 3.3.3 / 5.0 V7.4.3 (credentials end on reset).
describe("password reset ends API keys and refresh tokens (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  async function resetWith(server, email) {
    const seen = new Set(readMails(server).map((m) => m.file));
    await apiFor(server).post("/request-password-reset", { json: { email } });
    const mail = await waitForMail(server, email, /reset-password\//, 5000, seen);
    const token = new URL(linkIn(mail, `${server.origin}/api/auth/reset-password/`)).pathname.split("/").pop();
    const res = await apiFor(server).post("/reset-password", { json: { newPassword: NEW_PASSWORD, token } });
    assert.equal(res.status, 200, res.text);
    return res;
  }
  async function keyAndRefresh(server, account) {
    const api = apiFor(server);
    const key = (await api.post("/api-key/create", { json: { name: "k" }, headers: { cookie: account.cookie } })).json.key;
    // Used once, so the key sits in the server's key cache when the reset comes.
    assert.equal((await api.get("/get-session", { headers: { "x-api-key": key } })).status, 200);
    const refresh = (await api.post("/refresh-token/issue", { json: {}, headers: { cookie: account.cookie } })).json.refresh_token;
    assert.ok(refresh);
    return { key, refresh };
  }
  const refreshWith = (server, token) =>
    apiFor(server).post("/refresh", { json: { refresh_token: token }, headers: { origin: null } });

  test("an attacker's key (minted before the owner reset) dies with the reset, cache and all; so do refresh tokens", async () => {
    const server = await startServer({ name: "reset-keys", env: { LATCHKEY_API_KEY_SESSION: "true" } });
    try {
      // Whoever signed up with the owner's address first (or held a session briefly) mints a key.
      const account = await signUp(server);
      const { key, refresh } = await keyAndRefresh(server, account);
      const reset = await resetWith(server, account.email);
      assertError(await apiFor(server).get("/get-session", { headers: { "x-api-key": key } }), 401, "INVALID_API_KEY");
      assertError(await refreshWith(server, refresh), 401, "INVALID_REFRESH_TOKEN");
      const rows = await server.db.query(`SELECT id FROM api_keys WHERE key_hash = '${sha256Hex(key)}'`);
      assert.equal(rows.length, 0);
      const [event] = await server.db.auditEvents({ event_type: "user.password_reset", user_id: account.user.id });
      assert.equal(event.request_id, reset.headers["x-request-id"]);
      assert.deepEqual(JSON.parse(event.details), { sessionsEnded: 1, apiKeysRevoked: 1 });
    } finally {
      await server.cleanup();
    }
  });

  test("revoke_api_keys_on_password_reset=false keeps the keys; refresh tokens still end", async () => {
    const server = await startServer({
      name: "reset-keep-keys",
      env: { LATCHKEY_API_KEY_SESSION: "true", LATCHKEY_REVOKE_API_KEYS_ON_PASSWORD_RESET: "false" },
    });
    try {
      const account = await signUp(server);
      const { key, refresh } = await keyAndRefresh(server, account);
      await resetWith(server, account.email);
      assert.equal((await apiFor(server).get("/get-session", { headers: { "x-api-key": key } })).status, 200);
      assertError(await refreshWith(server, refresh), 401, "INVALID_REFRESH_TOKEN");
    } finally {
      await server.cleanup();
    }
  });
});
