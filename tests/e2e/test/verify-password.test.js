// POST /verify-password (docs/api.md, "Routes"): the signed-in user re-proves their password.
// The shapes run against the Better Auth peer too; lockout and audit are latchkey's own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, auditEventFor, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { startServer } from "../lib/server.js";

const WRONG = "not the password at all";

describe("POST /verify-password", () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ name: "verify-password" });
    api = apiFor(server);
  });
  after(() => server?.cleanup());

  const verify = (cookie, body, headers = {}) => api.post("/verify-password", { json: body, headers: { cookie, ...headers } });

  test("the right password → 200 {status:true}; a wrong one → 400 INVALID_PASSWORD", async () => {
    const account = await signUp(server);
    const ok = await verify(account.cookie, { password: PASSWORD });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { status: true });
    assertError(await verify(account.cookie, { password: WRONG }), 400, "INVALID_PASSWORD", "Invalid password");
    assertError(await verify(account.cookie, { password: "" }), 400, "INVALID_PASSWORD");
  });

  test("works with a bearer token instead of the cookie", async () => {
    const account = await signUp(server);
    const res = await api.post("/verify-password", {
      json: { password: PASSWORD },
      headers: { authorization: `Bearer ${account.res.headers["set-auth-token"]}` },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
  });

  test("no session → 401 UNAUTHORIZED", async () => {
    assertError(await verify(undefined, { password: PASSWORD }), 401, "UNAUTHORIZED");
  });

  // Better Auth validates the body before it looks at the session.
  test("body errors: absent → [body], missing or mistyped password → [body.password], too long → PASSWORD_TOO_LONG", async () => {
    const account = await signUp(server);
    const absent = await api.post("/verify-password", { body: "", headers: { "content-type": "application/json", cookie: account.cookie } });
    assertError(absent, 400, "VALIDATION_ERROR", "[body] Invalid input: expected object, received undefined");
    assertError(await verify(account.cookie, {}), 400, "VALIDATION_ERROR",
      "[body.password] Invalid input: expected string, received undefined");
    assertError(await verify(undefined, {}), 400, "VALIDATION_ERROR");
    assertError(await verify(account.cookie, { password: 12345678 }), 400, "VALIDATION_ERROR");
    assertError(await verify(account.cookie, { password: "p".repeat(129) }), 400, "PASSWORD_TOO_LONG", "Password too long");
  });
});

describe("verify-password and the lockout (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "verify-password-lockout", env: { LATCHKEY_LOCKOUT_THRESHOLD: "3" } });
  });
  after(() => server?.cleanup());

  // ASVS 2.2.1: a stolen session cannot guess the password through verify-password without
  // limit; its failures lock the account like failed sign-ins.
  test("wrong passwords count toward the account lockout: then 429, and sign-in is locked too", async () => {
    const account = await signUp(server);
    const api = apiFor(server);
    const verify = (password) => api.post("/verify-password", { json: { password }, headers: { cookie: account.cookie } });
    for (let i = 0; i < 3; i++) assertError(await verify(WRONG), 400, "INVALID_PASSWORD");
    const locked = await verify(PASSWORD);
    assertError(locked, 429, "ACCOUNT_TEMPORARILY_LOCKED");
    assert.ok(Number(locked.headers["retry-after"]) >= 1);
    assertError(await signIn(server, account.email, PASSWORD), 429, "ACCOUNT_TEMPORARILY_LOCKED");
  });

  test("each check writes one audit event: user.verify_password, success or failure", async () => {
    const account = await signUp(server);
    const api = apiFor(server);
    const ok = await api.post("/verify-password", { json: { password: PASSWORD }, headers: { cookie: account.cookie } });
    assert.equal(ok.status, 200);
    const okEvent = await auditEventFor(server, ok);
    assert.equal(okEvent.event_type, "user.verify_password");
    assert.equal(okEvent.outcome, "success");
    assert.equal(okEvent.user_id, account.user.id);
    const bad = await api.post("/verify-password", { json: { password: WRONG }, headers: { cookie: account.cookie } });
    const badEvent = await auditEventFor(server, bad);
    assert.equal(badEvent.event_type, "user.verify_password");
    assert.equal(badEvent.outcome, "failure");
    assert.ok(!JSON.stringify(badEvent).includes(WRONG), "the password is never recorded");
  });
});
