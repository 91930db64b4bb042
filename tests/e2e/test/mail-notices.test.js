// Issue 3, the remaining mail flows: autoSignInAfterVerification, the
// "new sign-in from a new device" notice, the mail layout (product name,
// escaped HTML), and sign-up while the SMTP server is down.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { DEVICE_COOKIE, SESSION_COOKIE } from "../lib/client.js";
import { getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const b64url = (s) => Buffer.from(s).toString("base64url");
function hs256(secret, payload) {
  const input = `${b64url(JSON.stringify({ alg: "HS256" }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${crypto.createHmac("sha256", secret).update(input).digest("base64url")}`;
}
const cookieHeader = (c) => `${c.name}=${c.value}`;
const subjectOf = (mail) => mail.match(/^Subject: (.*)$/m)?.[1];

describe("autoSignInAfterVerification (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "auto-sign-in",
      env: { LATCHKEY_SEND_VERIFICATION_ON_SIGN_UP: "true", LATCHKEY_AUTO_SIGN_IN_AFTER_VERIFICATION: "true" },
    });
  });
  after(() => server?.cleanup());

  /** A new account (signed in by sign-up) and the link its verification mail carries. */
  async function accountWithLink() {
    const account = await signUp(server);
    const mail = await waitForMail(server, account.email, /verify-email\?token=/);
    return { ...account, link: linkIn(mail, `${server.origin}/api/auth/verify-email?token=`) };
  }
  const verified = async (email) =>
    [1, true, "1", "true"].includes((await server.db.query(
      `SELECT email_verified FROM users WHERE email = '${email}'`))[0].email_verified);

  test("the link opened elsewhere (no session) verifies and signs in: new session, audited", async () => {
    const account = await accountWithLink();
    const res = await request(account.link);
    assert.equal(res.status, 302);
    const cookie = res.cookie(SESSION_COOKIE);
    assert.ok(cookie?.value, "session cookie set");
    assert.equal(cookie.attrs["max-age"], "604800");
    const session = await getSession(server, cookieHeader(cookie));
    assert.equal(session.json.user.email, account.email);
    assert.equal(session.json.user.emailVerified, true);
    assert.notEqual(session.json.session.token, account.token, "a new session, not the sign-up one");
    assert.equal((await server.db.sessionTokenHashes(account.user.id)).length, 2);
    const events = await server.db.auditEvents({ event_type: "user.sign_in", user_id: account.user.id });
    assert.equal(events.length, 1);
    assert.match(events[0].details, /email_verification/);
  });

  test("a second use of the link (already verified) starts no new session", async () => {
    const account = await accountWithLink();
    assert.ok((await request(account.link)).cookie(SESSION_COOKIE));
    const again = await request(account.link);
    assert.equal(again.status, 302);
    assert.equal(again.cookie(SESSION_COOKIE), undefined);
    assert.equal((await server.db.sessionTokenHashes(account.user.id)).length, 2);
  });

  test("opened where that user is signed in: the session cookie is re-set, no second session", async () => {
    const account = await accountWithLink();
    const res = await request(account.link.replace(/&callbackURL=[^&]*/, ""), { headers: { cookie: account.cookie } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: true, user: null });
    assert.equal(cookieHeader(res.cookie(SESSION_COOKIE)), account.cookie);
    assert.equal((await server.db.sessionTokenHashes(account.user.id)).length, 1);
    assert.equal(await verified(account.email), true);
  });

  test("opened where another user is signed in: signs in the link's user", async () => {
    const other = await signUp(server);
    const account = await accountWithLink();
    const res = await request(account.link, { headers: { cookie: other.cookie } });
    assert.equal(res.status, 302);
    const session = await getSession(server, cookieHeader(res.cookie(SESSION_COOKIE)));
    assert.equal(session.json.user.email, account.email);
  });

  // A link minted for another account id must not verify whoever now holds
  // the address (ASVS 2.5: a token is bound to the user it was issued for).
  test("a token bound to another user id → 401 INVALID_TOKEN, nothing verified, no session", async () => {
    const account = await signUp(server);
    const now = Math.floor(Date.now() / 1000);
    const token = hs256(server.secret, { email: account.email, userId: "someone-else-entirely-000000000", iat: now, exp: now + 600 });
    const res = await request(`${server.origin}/api/auth/verify-email?token=${token}`);
    assert.equal(res.status, 401);
    assert.equal(res.json.code, "INVALID_TOKEN");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
    assert.equal(await verified(account.email), false);
    assert.equal((await server.db.sessionTokenHashes(account.user.id)).length, 1);
  });
});

describe("new sign-in from a new device (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "new-device", env: { LATCHKEY_PRODUCT_NAME: "Acme <Auth>" } });
  });
  after(() => server?.cleanup());

  const noticesTo = (email) => readMails(server).filter((m) => m.text.includes(`To: ${email}`) && /New sign-in/.test(m.text));

  test("sign-up sets a long-lived device cookie; the same device signing in again gets no notice", async () => {
    const account = await signUp(server);
    const device = account.res.cookie(DEVICE_COOKIE);
    assert.match(device.value, /^[A-Za-z0-9]{32}$/);
    assert.equal(device.attrs["max-age"], String(400 * 86400));
    assert.ok(device.attrs.httponly);
    const res = await signIn(server, account.email);
    assert.equal(res.status, 200);
    await sleep(400);
    assert.equal(noticesTo(account.email).length, 0);
  });

  test("another browser (new user agent, no device cookie) → one notice naming it; again → none", async () => {
    const account = await signUp(server);
    const agent = "Mozilla/5.0 (X11; Linux x86_64) NewDeviceTest/1.0";
    const res = await signIn(server, account.email, PASSWORD, {}, { "user-agent": agent });
    assert.equal(res.status, 200);
    const mail = await waitForMail(server, account.email, /New sign-in/);
    assert.equal(subjectOf(mail), "New sign-in to your account | Acme <Auth>");
    assert.match(mail, /NewDeviceTest\/1\.0/);
    assert.match(mail, /Address: 127\.0\.0\.1/);
    assert.match(mail, /Acme &lt;Auth&gt;/, "product name escaped in the HTML part");
    // The same browser again: its device cookie (or its agent and network) is known now.
    const deviceCookie = cookieHeader(res.cookie(DEVICE_COOKIE));
    await signIn(server, account.email, PASSWORD, {}, { "user-agent": agent, cookie: deviceCookie });
    await signIn(server, account.email, PASSWORD, {}, { "user-agent": agent });
    // A third agent that presents the known device cookie is that device (an updated browser).
    await signIn(server, account.email, PASSWORD, {}, { "user-agent": `${agent} v2`, cookie: deviceCookie });
    await sleep(400);
    assert.equal(noticesTo(account.email).length, 1);
  });

  test("a failed sign-in from a new device sends nothing", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, "wrong password!", {}, { "user-agent": "Attacker/1.0" });
    assert.equal(res.status, 401);
    await sleep(400);
    assert.equal(noticesTo(account.email).length, 0);
  });

  test("device rows are HMACs: neither the cookie nor the agent is stored", async () => {
    const account = await signUp(server);
    const device = account.res.cookie(DEVICE_COOKIE).value;
    const rows = await server.db.query(`SELECT device_hash FROM known_devices WHERE user_id = '${account.user.id}'`);
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.match(r.device_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(r.device_hash, crypto.createHash("sha256").update(device).digest("hex"));
    }
  });
});

describe("new_device_notice=false (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "no-device-notice", env: { LATCHKEY_NEW_DEVICE_NOTICE: "false" } });
  });
  after(() => server?.cleanup());

  test("no device cookie, no rows, no notice", async () => {
    const account = await signUp(server);
    assert.equal(account.res.cookie(DEVICE_COOKIE), undefined);
    const res = await signIn(server, account.email, PASSWORD, {}, { "user-agent": "Other/2.0" });
    assert.equal(res.status, 200);
    assert.equal(res.cookie(DEVICE_COOKIE), undefined);
    await sleep(300);
    assert.equal(readMails(server).filter((m) => m.text.includes(account.email)).length, 0);
    const rows = await server.db.query(`SELECT * FROM known_devices WHERE user_id = '${account.user.id}'`);
    assert.equal(rows.length, 0);
  });
});

describe("sign-up while the SMTP server is down (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let smtp;
  let server;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      name: "signup-smtp-down",
      env: {
        LATCHKEY_SMTP_URL: smtp.url,
        LATCHKEY_SMTP_ALLOW_PLAIN: "true",
        LATCHKEY_SEND_VERIFICATION_ON_SIGN_UP: "true",
      },
    });
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  test("sign-up succeeds; the verification mail arrives once SMTP is back, and its link verifies", async () => {
    await smtp.stop();
    const account = await signUp(server);
    assert.ok(account.token, "signed in despite the mail server being down");
    await sleep(1500); // at least one failed attempt
    const row = (await server.db.query(
      `SELECT status, attempts FROM mail_outbox WHERE to_address = '${account.email}'`))[0];
    assert.equal(row.status, "queued");
    assert.ok(Number(row.attempts) >= 1, "a failed attempt was recorded");
    await smtp.start();
    const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 15000);
    assert.equal(subjectOf(mail), "Verify your e-mail address | Latchkey");
    const res = await request(linkIn(mail, `${server.origin}/api/auth/verify-email?token=`));
    assert.equal(res.status, 302);
    assert.equal((await getSession(server, account.cookie)).json.user.emailVerified, true);
  });
});

describe("GET /metrics (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  const TOKEN = "metrics-token-for-the-e2e-suite";
  let server;
  before(async () => {
    server = await startServer({ name: "metrics", env: { LATCHKEY_METRICS_TOKEN: TOKEN } });
  });
  after(() => server?.cleanup());

  const scrape = (auth) => request(`${server.origin}/metrics`, { headers: auth ? { authorization: auth } : {} });
  const value = (text, series) => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  // The sum of a metric's series whose labels include `label` (every route family).
  const total = (text, name, label) =>
    text
      .split("\n")
      .filter((l) => l.startsWith(`${name}{`) && l.includes(label))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);

  test("needs the bearer token when one is configured", async () => {
    for (const auth of [undefined, "Bearer wrong-token", `Basic ${TOKEN}`, "Bearer "]) {
      const res = await scrape(auth);
      assert.equal(res.status, 401, String(auth));
      assert.equal(res.json.code, "UNAUTHORIZED");
      assert.equal(res.headers["www-authenticate"], "Bearer");
    }
  });

  test("mail counters move as a mail is queued and sent; HTTP counters by status class", async () => {
    const before = (await scrape(`Bearer ${TOKEN}`)).text;
    const account = await signUp(server);
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.equal(res.status, 200);
    await waitForMail(server, account.email, /reset-password\//);
    // The SMTP server holds the mail a moment before the sender records the
    // row as sent (the send precedes its bookkeeping), so scrape until the
    // outbox is drained rather than once.
    let after;
    for (let tries = 0; tries < 50; tries += 1) {
      after = await scrape(`Bearer ${TOKEN}`);
      if (value(after.text, 'latchkey_mail_outbox{status="queued"}') === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(after.status, 200);
    assert.match(after.headers["content-type"], /^text\/plain; version=0\.0\.4/);
    const text = after.text;
    assert.match(text, /^# TYPE latchkey_mail_sent_total counter$/m);
    assert.equal(value(text, "latchkey_mail_queued_total") - (value(before, "latchkey_mail_queued_total") ?? 0), 1);
    assert.equal(value(text, "latchkey_mail_sent_total") - (value(before, "latchkey_mail_sent_total") ?? 0), 1);
    assert.equal(value(text, 'latchkey_mail_outbox{status="queued"}'), 0);
    assert.equal(value(text, 'latchkey_mail_outbox{status="dead"}'), 0);
    assert.ok(total(text, "latchkey_http_requests_total", 'code="2xx"') >= 2);
    assert.ok(total(text, "latchkey_http_requests_total", 'code="4xx"') >= 4, "the refused scrapes");
    assert.ok(value(text, 'latchkey_http_requests_total{family="ops",code="4xx"}') >= 4, "by family");
    assert.ok(total(text, "latchkey_http_request_duration_seconds_count", "family=") >= 6);
    assert.ok(value(text, "latchkey_sessions_active") >= 0);
    assert.equal(value(text, "latchkey_kdf_queued"), 0);
    assert.ok(!text.includes(account.email), "no personal data in metrics");
  });
});
