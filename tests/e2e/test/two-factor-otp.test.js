// Two-factor one-time codes by mail and the owner's notices (issue 11, docs/api.md "Two-factor
// authentication"), through the real SMTP server (aiosmtpd on loopback). The peer has no sendOTP
// configured, so these are latchkey-only; what the peer does without it (400 OTP_NOT_CONFIGURED)
// is in two-factor-security.test.js.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { twoFactorClient } from "better-auth/client/plugins";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import { assertError, PASSWORD, TOKEN_RE } from "../lib/fixtures.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { newUser, pair, startChallenge, twoFactorApi, userWithTwoFactor, xff } from "../lib/two_factor.js";

describe("one-time codes by mail (latchkey, LATCHKEY_TWO_FACTOR_OTP=on)", { skip: LATCHKEY_ONLY }, () => {
  let smtp;
  let server;
  let api;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      name: "two-factor-otp",
      env: { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true", LATCHKEY_TWO_FACTOR_OTP: "on" },
    });
    api = twoFactorApi(server);
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  /** Every delivered mail to `email`, decoded (maildir order is not arrival order). */
  const mailsTo = (email) => smtp.messages().filter((m) => m.includes(`To: ${email}`));
  /** The mails to `email` so far, to tell the next one from them. */
  const seenBy = (email) => new Set(mailsTo(email));

  /**
   * Waits for a mail to `email` that is not in `seen` and matches `pattern` (notices of earlier
   * steps may still be on their way through the outbox: they are passed over).
   */
  async function nextMail(email, seen, pattern = /[\s\S]/) {
    const find = () => mailsTo(email).find((m) => !seen.has(m) && pattern.test(m));
    await smtp.waitFor(() => find() !== undefined, 10000);
    return find();
  }

  const SIX_DIGITS = /(?<![0-9])([0-9]{6})(?![0-9])/;
  /** The mail's bodies, without the headers (dates and ids carry digits too). */
  const bodyOf = (mail) => mail.slice(mail.search(/\r?\n\r?\n/));
  const HAS_CODE = { test: (mail) => SIX_DIGITS.test(bodyOf(mail)) };
  /** The 6-digit code in a mail's bodies. */
  function codeIn(mail) {
    const match = bodyOf(mail).match(SIX_DIGITS);
    assert.ok(match, `a 6-digit code in:\n${mail}`);
    return match[1];
  }

  /** send-otp on a challenge; resolves with the code the mail carries. */
  async function sendOtp(email, challenge) {
    const seen = seenBy(email);
    const res = await api.post("/two-factor/send-otp", {}, challenge);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
    return codeIn(await nextMail(email, seen, HAS_CODE));
  }

  test("sign-in offers totp and otp; send-otp mails a 6-digit code; verify-otp completes the sign-in (client SDK)", async () => {
    const account = await userWithTwoFactor(server, "2fa-otp");
    const redirects = [];
    const browser = makeClient(server, {
      plugins: [twoFactorClient({ onTwoFactorRedirect: (ctx) => redirects.push(ctx) })],
      headers: xff,
    });
    const { client } = browser;
    assert.equal((await client.signIn.email({ email: account.email, password: PASSWORD })).error, null);
    assert.deepEqual(JSON.parse(browser.last().text), { twoFactorRedirect: true, twoFactorMethods: ["totp", "otp"] });
    assert.deepEqual(redirects, [{ twoFactorMethods: ["totp", "otp"] }]);

    const seen = seenBy(account.email);
    const sent = await client.twoFactor.sendOtp();
    assert.equal(sent.error, null, JSON.stringify(sent.error));
    assert.deepEqual(sent.data, { status: true });
    const mail = await nextMail(account.email, seen, HAS_CODE);
    const code = codeIn(mail);
    assert.match(code, /^[0-9]{6}$/);

    const done = await client.twoFactor.verifyOtp({ code });
    assert.equal(done.error, null, JSON.stringify(done.error));
    assert.match(done.data.token, TOKEN_RE);
    assert.equal(done.data.user.id, account.user.id);
    const session = await client.getSession();
    assert.equal(session.data.session.token, done.data.token);
  });

  test("5 wrong codes → then even the mailed code → 400 TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", async () => {
    const account = await userWithTwoFactor(server, "2fa-otp-five");
    const { challenge } = await startChallenge(server, account.email);
    const code = await sendOtp(account.email, challenge);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      assertError(await api.post("/two-factor/verify-otp", { code: wrong }, challenge), 401, "INVALID_CODE");
    }
    const refused = await api.post("/two-factor/verify-otp", { code }, challenge);
    assertError(refused, 400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE");
    assert.ok(!refused.cookie(SESSION_COOKIE)?.value, "no session");
  });

  test("a mailed code is single-use: after a sign-in it completed, it → 400 OTP_HAS_EXPIRED or 401", async () => {
    const account = await userWithTwoFactor(server, "2fa-otp-once");
    const first = await startChallenge(server, account.email);
    const code = await sendOtp(account.email, first.challenge);
    assert.equal((await api.post("/two-factor/verify-otp", { code }, first.challenge)).status, 200);
    const second = await startChallenge(server, account.email);
    const replay = await api.post("/two-factor/verify-otp", { code }, second.challenge);
    assert.ok([400, 401].includes(replay.status), replay.text);
    assert.ok(["OTP_HAS_EXPIRED", "INVALID_CODE"].includes(replay.json.code), replay.text);
  });

  test("a code older than 3 minutes → 400 OTP_HAS_EXPIRED", {
    // lib/server.js has no clock to move, and waiting 3 minutes is not a test.
    skip: "needs a server clock the suite can move (none yet)",
  }, async () => {});

  test("enable with method otp: on at once ({method:\"otp\"}, session rotated); sign-in offers only otp", async () => {
    const account = await newUser(server, "2fa-otp-only");
    const res = await api.post("/two-factor/enable", { password: PASSWORD, method: "otp" }, account.cookie);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { method: "otp" });
    const cookie = pair(res.cookie(SESSION_COOKIE));
    assert.ok(cookie && cookie !== account.cookie, "the session is rotated");
    assert.equal((await api.get("/get-session", cookie)).json.user.twoFactorEnabled, true);

    const { res: signIn, challenge } = await startChallenge(server, account.email);
    assert.deepEqual(signIn.json, { twoFactorRedirect: true, twoFactorMethods: ["otp"] });
    const code = await sendOtp(account.email, challenge);
    const done = await api.post("/two-factor/verify-otp", { code }, challenge);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.user.id, account.user.id);
  });

  // Issue 11: every change writes an audit event and mails the owner; a recovery code used says how many are left.
  test("the owner is mailed when 2FA is turned on, a recovery code is used, codes are regenerated, 2FA is turned off", async () => {
    const seen = new Set();
    const account = await userWithTwoFactor(server, "2fa-notices");
    const expectMail = async (pattern, what) => {
      const mail = await nextMail(account.email, seen, pattern).catch((e) => assert.fail(`${what}: ${e.message}`));
      seen.add(mail);
      return mail;
    };
    await expectMail(/two-factor|two-step|2FA/i, "turned on");

    const { challenge } = await startChallenge(server, account.email);
    assert.equal((await api.post("/two-factor/verify-backup-code", { code: account.backupCodes[0] }, challenge)).status, 200);
    const used = await expectMail(/recovery code/i, "recovery code used");
    assert.match(used, /\b9\b/, "says 9 are left");

    assert.equal((await api.post("/two-factor/generate-backup-codes", { password: PASSWORD }, account.cookie)).status, 200);
    await expectMail(/recovery codes/i, "codes regenerated");

    const disabled = await api.post("/two-factor/disable", { password: PASSWORD }, account.cookie);
    assert.equal(disabled.status, 200, disabled.text);
    await expectMail(/two-factor|two-step|2FA/i, "turned off");

    // Audit events are named two_factor.* (one per change above, plus the sign-in's).
    const events = await server.db.auditEvents({ user_id: account.user.id });
    const twoFactor = events.filter((e) => e.event_type.startsWith("two_factor."));
    assert.ok(new Set(twoFactor.map((e) => e.event_type)).size >= 4, JSON.stringify(events.map((e) => e.event_type)));
  });
});
