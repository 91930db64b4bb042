// E-mail verification (docs/api.md, "E-mail verification options"): send-verification-email, the
// mailed HS256 link, verify-email; send on sign-up; require verification.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { assertError, getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const b64url = (s) => Buffer.from(s).toString("base64url");
function hs256(secret, payload, header = { alg: "HS256" }) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${crypto.createHmac("sha256", secret).update(input).digest("base64url")}`;
}

async function verifyLinkFor(server, email, seen) {
  const mail = await waitForMail(server, email, /verify-email\?token=/, 5000, seen);
  return linkIn(mail, `${server.origin}/api/auth/verify-email?token=`);
}

// Runs on the peer too: Better Auth validates the query before anything else.
describe("verify-email query validation", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "verify-query" });
  });
  after(() => server?.cleanup());

  test("no token → 400 VALIDATION_ERROR naming query.token, whatever the callbackURL", async () => {
    for (const query of ["", "?callbackURL=%2Fdone", `?callbackURL=${encodeURIComponent("https://evil.example")}`]) {
      assertError(await apiFor(server).get(`/verify-email${query}`), 400, "VALIDATION_ERROR",
        "[query.token] Invalid input: expected string, received undefined");
    }
    // An empty token is present: it is only invalid.
    assertError(await apiFor(server).get("/verify-email?token="), 401, "INVALID_TOKEN");
    const redirected = await apiFor(server).get("/verify-email?token=&callbackURL=%2Fdone");
    assert.equal(redirected.status, 302);
    assert.equal(redirected.headers.location, "/done?error=INVALID_TOKEN");
  });
});

describe("e-mail verification (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "verify", env: { LATCHKEY_SEND_VERIFICATION_ON_SIGN_UP: "true" } });
  });
  after(() => server?.cleanup());

  test("sign-up mails a link; following it marks the user verified", async () => {
    const account = await signUp(server, { callbackURL: "/welcome" });
    assert.equal(account.user.emailVerified, false);
    const link = await verifyLinkFor(server, account.email);
    assert.equal(new URL(link).searchParams.get("callbackURL"), "/welcome");
    const res = await request(link);
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, "/welcome");
    assert.equal((await getSession(server, account.cookie)).json.user.emailVerified, true);
    const events = await server.db.auditEvents({ event_type: "user.email_verified", user_id: account.user.id });
    assert.equal(events.length, 1);
  });

  test("without callbackURL the answer is JSON; a second use is still fine", async () => {
    const account = await signUp(server);
    const link = new URL(await verifyLinkFor(server, account.email));
    link.searchParams.delete("callbackURL");
    for (let i = 0; i < 2; i++) {
      const res = await request(link.href);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { status: true, user: null });
    }
  });

  test("send-verification-email: same answer for unknown addresses; mismatch and verified are refused", async () => {
    const api = apiFor(server);
    const before = readMails(server).length;
    const unknown = await api.post("/send-verification-email", { json: { email: uniqueEmail("ghost") } });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, { status: true });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readMails(server).length, before, "no mail for an unknown address");

    const account = await signUp(server);
    const seen = new Set(readMails(server).map((m) => m.file));
    const again = await api.post("/send-verification-email", { json: { email: account.email } });
    assert.deepEqual(again.json, { status: true });
    await verifyLinkFor(server, account.email, seen);

    assertError(await api.post("/send-verification-email", {
      json: { email: uniqueEmail("other") }, headers: { cookie: account.cookie },
    }), 400, "EMAIL_MISMATCH");
    const link = await verifyLinkFor(server, account.email);
    await request(link);
    assertError(await api.post("/send-verification-email", {
      json: { email: account.email }, headers: { cookie: account.cookie },
    }), 400, "EMAIL_ALREADY_VERIFIED");
  });

  // RFC 8725 §3.1–3.2: only our HS256 signature is accepted; expiry is enforced.
  test("forged, tampered, alg-none and expired tokens are refused", async () => {
    const account = await signUp(server);
    const now = Math.floor(Date.now() / 1000);
    const claims = { email: account.email, userId: account.user.id, iat: now, exp: now + 3600 };
    const forged = hs256("not-the-server-secret-0123456789abcdef", claims);
    const none = `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(claims))}.`;
    const expired = hs256(server.secret, { ...claims, iat: now - 7200, exp: now - 3600 });
    for (const [token, code] of [[forged, "INVALID_TOKEN"], [none, "INVALID_TOKEN"], ["garbage", "INVALID_TOKEN"], [expired, "TOKEN_EXPIRED"]]) {
      assertError(await apiFor(server).get(`/verify-email?token=${encodeURIComponent(token)}`), 401, code);
      const redirected = await apiFor(server).get(`/verify-email?token=${encodeURIComponent(token)}&callbackURL=%2Fdone`);
      assert.equal(redirected.status, 302);
      assert.equal(redirected.headers.location, `/done?error=${code}`);
    }
    // A token signed with the real secret (what Better Auth itself would mail) works.
    const genuine = hs256(server.secret, claims);
    assert.equal((await apiFor(server).get(`/verify-email?token=${genuine}`)).status, 200);
    // docs/api.md, "Redirects and callback URLs": an untrusted callbackURL is refused.
    assertError(await apiFor(server).get(`/verify-email?token=${genuine}&callbackURL=${encodeURIComponent("https://evil.example")}`),
      403, "INVALID_CALLBACK_URL");
  });
});

describe("require_email_verification (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "verify-required", env: { LATCHKEY_REQUIRE_EMAIL_VERIFICATION: "true" } });
  });
  after(() => server?.cleanup());

  test("sign-up gives no session; sign-in is refused until verified, then works", async () => {
    const email = uniqueEmail("req");
    const res = await apiFor(server).post("/sign-up/email", { json: { email, password: PASSWORD, name: "R" } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.token, null);
    assert.equal(res.cookie("better-auth.session_token"), undefined);
    assertError(await signIn(server, email, PASSWORD), 403, "EMAIL_NOT_VERIFIED");
    // A wrong password still says only "invalid": the unverified account is not revealed.
    assertError(await signIn(server, email, "wrong password!"), 401, "INVALID_EMAIL_OR_PASSWORD");
    await request(await verifyLinkFor(server, email));
    assert.equal((await signIn(server, email, PASSWORD)).status, 200);
  });

  // ASVS 2.2.1: a taken e-mail answers like a new one (Better Auth's synthetic user).
  test("signing up with a taken e-mail answers 200 like a new account", async () => {
    const email = uniqueEmail("dup");
    const first = await apiFor(server).post("/sign-up/email", { json: { email, password: PASSWORD, name: "A" } });
    const second = await apiFor(server).post("/sign-up/email", { json: { email, password: PASSWORD, name: "B" } });
    assert.equal(second.status, 200);
    assert.equal(second.json.token, null);
    assert.equal(second.json.user.email, email);
    assert.notEqual(second.json.user.id, first.json.user.id);
    assert.deepEqual(Object.keys(second.json.user).sort(), Object.keys(first.json.user).sort());
  });
});

describe("send_verification_on_sign_in (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "verify-on-sign-in",
      env: { LATCHKEY_REQUIRE_EMAIL_VERIFICATION: "true", LATCHKEY_SEND_VERIFICATION_ON_SIGN_IN: "true" },
    });
  });
  after(() => server?.cleanup());

  test("a refused unverified sign-in mails a fresh link; a wrong password mails nothing", async () => {
    const email = uniqueEmail("onsignin");
    await apiFor(server).post("/sign-up/email", { json: { email, password: PASSWORD, name: "S" } });
    await verifyLinkFor(server, email); // the sign-up mail
    const seen = new Set(readMails(server).map((m) => m.file));
    assertError(await signIn(server, email, "wrong password!"), 401, "INVALID_EMAIL_OR_PASSWORD");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readMails(server).filter((m) => !seen.has(m.file)).length, 0, "no mail for a wrong password");
    assertError(await signIn(server, email, PASSWORD, { callbackURL: "/after" }), 403, "EMAIL_NOT_VERIFIED");
    const link = await verifyLinkFor(server, email, seen);
    assert.equal(new URL(link).searchParams.get("callbackURL"), "/after");
    await request(link);
    assert.equal((await signIn(server, email, PASSWORD)).status, 200);
  });
});

describe("change-email (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "change-email", env: { LATCHKEY_CHANGE_EMAIL_ENABLED: "true" } });
  });
  after(() => server?.cleanup());

  function changeEmail(cookie, json) {
    return apiFor(server).post("/change-email", { json, headers: { cookie } });
  }

  test("the new address gets a link, the old one a notice; following the link switches the e-mail", async () => {
    const account = await signUp(server);
    const newEmail = uniqueEmail("new");
    const res = await changeEmail(account.cookie, { newEmail });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
    // The old address is told (ASVS 2.5.x: notify on account changes).
    await waitForMail(server, account.email, new RegExp(newEmail.replace(/[.+]/g, "\\$&")));
    const link = await verifyLinkFor(server, newEmail);
    const done = await request(new URL(link).origin + new URL(link).pathname + "?" +
      new URLSearchParams({ token: new URL(link).searchParams.get("token") }));
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.user.email, newEmail);
    // Better Auth's rule: emailVerified stays what it was (this user never verified).
    assert.equal(done.json.user.emailVerified, false);
    assert.equal((await getSession(server, account.cookie)).json.user.email, newEmail);
    assert.equal((await signIn(server, newEmail, PASSWORD)).status, 200);
    assertError(await signIn(server, account.email, PASSWORD), 401, "INVALID_EMAIL_OR_PASSWORD");
    // The link works once: the account no longer has the address it was made for.
    assertError(await request(link.replace(/&callbackURL=[^&]*/, "")), 401, "INVALID_TOKEN");
  });

  test("a taken address answers the same and mails nobody; the same address and bad input are refused", async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    const before = readMails(server).length;
    const taken = await changeEmail(a.cookie, { newEmail: b.email });
    assert.equal(taken.status, 200);
    assert.deepEqual(taken.json, { status: true });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readMails(server).length, before);
    const same = await changeEmail(a.cookie, { newEmail: a.email });
    assert.equal(same.status, 400);
    assert.equal(same.json.message, "Email is the same");
    assertError(await changeEmail(a.cookie, { newEmail: "nope" }), 400, "VALIDATION_ERROR");
    assertError(await apiFor(server).post("/change-email", { json: { newEmail: uniqueEmail() } }), 401, "UNAUTHORIZED");
  });
});

describe("change-email disabled (the default)", { skip: LATCHKEY_ONLY }, () => {
  test("answers 400 CHANGE_EMAIL_DISABLED", async () => {
    const server = await startServer({ name: "change-email-off" });
    try {
      const account = await signUp(server);
      assertError(await apiFor(server).post("/change-email", {
        json: { newEmail: uniqueEmail() }, headers: { cookie: account.cookie },
      }), 400, "CHANGE_EMAIL_DISABLED");
    } finally {
      await server.cleanup();
    }
  });
});
