// POST /change-email and the links it mails (docs/compatibility.md, "E-mail"; Better Auth 1.7's flow):
// a verified user's old address approves first ("change-email-confirmation"), which mails
// the new address its "change-email-verification" link; following that switches the e-mail.
// latchkey also asks for proof (a fresh session or the password) and binds every link to the
// asking session and the password of the moment. The peer has no mail configured, so these
// run on latchkey only; the observed peer behaviour they follow is noted beside each.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { assertError, getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { linkIn, readMails } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The verify-email link of the next mail addressed to `to` (To: header) whose text matches. */
async function linkTo(server, to, pattern, seen = new Set()) {
  const addressed = new RegExp(`^To: <?${escape(to)}>?\\r?$`, "mi");
  for (let waited = 0; waited < 5000; waited += 50) {
    const hit = readMails(server).find((m) => !seen.has(m.file) && addressed.test(m.raw) && pattern.test(m.text));
    if (hit) {
      seen.add(hit.file);
      return linkIn(hit.text, `${server.origin}/api/auth/verify-email?token=`);
    }
    await sleep(50);
  }
  throw new Error(`no mail to ${to} matching ${pattern}`);
}

function mailsTo(server, to) {
  const addressed = new RegExp(`^To: <?${escape(to)}>?\\r?$`, "mi");
  return readMails(server).filter((m) => addressed.test(m.raw));
}

const claimsOf = (link) =>
  JSON.parse(Buffer.from(new URL(link).searchParams.get("token").split(".")[1], "base64url"));
const withoutCallback = (link) => link.replace(/&callbackURL=[^&]*/, "");

describe("change-email (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ name: "change-email-flow", env: { LATCHKEY_CHANGE_EMAIL_ENABLED: "true" } });
    api = apiFor(server);
  });
  after(() => server?.cleanup());

  const changeEmail = (cookie, json) => api.post("/change-email", { json, headers: { cookie } });

  async function verifiedUser() {
    const account = await signUp(server);
    const seen = new Set();
    await api.post("/send-verification-email", { json: { email: account.email }, headers: { cookie: account.cookie } });
    await request(withoutCallback(await linkTo(server, account.email, /Verify your e-mail/, seen)));
    assert.equal((await getSession(server, account.cookie)).json.user.emailVerified, true);
    return account;
  }

  // ASVS 2.2.3 / CVE-2022-46145: a hijacked session cannot move a verified account's e-mail
  // without the old address approving. Better Auth (observed on 1.7.25): confirm → 200
  // {status:true}, no cookie; verify while signed in → session_token re-set, emailVerified true.
  test("verified user: the old address approves first, then the new address confirms", async () => {
    const account = await verifiedUser();
    const newEmail = uniqueEmail("new");
    const res = await changeEmail(account.cookie, { newEmail, callbackURL: "/settings" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
    const approval = await linkTo(server, account.email, /Approve/);
    assert.equal(new URL(approval).searchParams.get("callbackURL"), "/settings");
    const claims = claimsOf(approval);
    assert.equal(claims.requestType, "change-email-confirmation");
    assert.equal(claims.email, account.email);
    assert.equal(claims.updateTo, newEmail);
    assert.equal(claims.userId, account.user.id);
    await sleep(200);
    assert.equal(mailsTo(server, newEmail).length, 0, "nothing reaches the new address before the approval");

    const approved = await request(approval);
    assert.equal(approved.status, 302, approved.text);
    assert.equal(approved.headers.location, "/settings");
    assert.equal(approved.cookie(SESSION_COOKIE), undefined);
    assert.equal((await getSession(server, account.cookie)).json.user.email, account.email, "not switched yet");

    const confirm = await linkTo(server, newEmail, /Confirm your new e-mail/);
    assert.equal(new URL(confirm).searchParams.get("callbackURL"), "/settings", "the approval's callbackURL carries over");
    assert.equal(claimsOf(confirm).requestType, "change-email-verification");
    const done = await request(withoutCallback(confirm), { headers: { cookie: account.cookie } });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.status, true);
    assert.equal(done.json.user.email, newEmail);
    assert.equal(done.json.user.emailVerified, true);
    const reissued = done.cookie(SESSION_COOKIE);
    assert.ok(reissued, "the signed-in reader's session cookie is re-set");
    assert.equal(reissued.attrs["max-age"], "604800");
    assert.equal((await getSession(server, `${SESSION_COOKIE}=${reissued.value}`)).json.user.email, newEmail);
    assert.equal((await signIn(server, newEmail, PASSWORD)).status, 200);
    assertError(await request(withoutCallback(confirm)), 401, "INVALID_TOKEN");
    const events = await server.db.auditEvents({ event_type: "user.change_email", user_id: account.user.id });
    assert.equal(events.length, 1);
  });

  // Better Auth (observed): without updateEmailWithoutVerification the link goes to the new
  // address, and following it switches the e-mail with emailVerified unchanged (false).
  test("unverified user: the link goes to the new address; emailVerified stays false, as in Better Auth", async () => {
    const account = await signUp(server);
    const newEmail = uniqueEmail("new");
    assert.equal((await changeEmail(account.cookie, { newEmail })).status, 200);
    const confirm = await linkTo(server, newEmail, /Confirm your new e-mail/);
    assert.equal(claimsOf(confirm).requestType, "change-email-verification");
    const done = await request(withoutCallback(confirm));
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.user.email, newEmail);
    assert.equal(done.json.user.emailVerified, false);
    assert.equal(done.cookie(SESSION_COOKIE), undefined, "no session: no cookie");
  });

  // The link dies when the password changes (ASVS 3.3.x: credential change ends what the old
  // credential started), even though change-password kept the session.
  test("a password change kills outstanding change-email links", async () => {
    const account = await verifiedUser();
    const newEmail = uniqueEmail("new");
    await changeEmail(account.cookie, { newEmail });
    const approval = await linkTo(server, account.email, /Approve/);
    const changed = await api.post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: "another long password" }, headers: { cookie: account.cookie },
    });
    assert.equal(changed.status, 200, changed.text);
    assertError(await request(withoutCallback(approval)), 401, "INVALID_TOKEN");
    const redirected = await request(approval);
    assert.equal(redirected.status, 302);
    assert.equal(redirected.headers.location, "/?error=INVALID_TOKEN");
    await sleep(200);
    assert.equal(mailsTo(server, newEmail).length, 0);
  });

  test("signing out the asking session kills its links, the second step's too", async () => {
    const account = await verifiedUser();
    const newEmail = uniqueEmail("new");
    await changeEmail(account.cookie, { newEmail });
    const approved = await request(withoutCallback(await linkTo(server, account.email, /Approve/)));
    assert.equal(approved.status, 200, approved.text);
    assert.deepEqual(approved.json, { status: true });
    const confirm = await linkTo(server, newEmail, /Confirm your new e-mail/);
    await api.post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
    assertError(await request(withoutCallback(confirm)), 401, "INVALID_TOKEN");
    const again = await signIn(server, account.email, PASSWORD);
    assert.equal(again.status, 200, "the e-mail did not change");
  });

  test("a link followed while signed in as someone else → 401 INVALID_USER", async () => {
    const account = await signUp(server);
    const other = await signUp(server);
    const newEmail = uniqueEmail("new");
    await changeEmail(account.cookie, { newEmail });
    const confirm = await linkTo(server, newEmail, /Confirm your new e-mail/);
    assertError(await request(withoutCallback(confirm), { headers: { cookie: other.cookie } }), 401, "INVALID_USER");
    assert.equal((await request(withoutCallback(confirm))).status, 200, "still valid for anyone else");
  });

  test("a change-email token without latchkey's binding (as Better Auth mints) is refused", async () => {
    const account = await signUp(server);
    const newEmail = uniqueEmail("new");
    await changeEmail(account.cookie, { newEmail });
    const confirm = await linkTo(server, newEmail, /Confirm your new e-mail/);
    const { sid, cred, ...rest } = claimsOf(confirm);
    assert.ok(sid && cred);
    const crypto = await import("node:crypto");
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const input = `${b64({ alg: "HS256" })}.${b64(rest)}`;
    const forged = `${input}.${crypto.createHmac("sha256", server.secret).update(input).digest("base64url")}`;
    assertError(await api.get(`/verify-email?token=${forged}`), 401, "INVALID_TOKEN");
  });
});

// ASVS 3.7.1: changing the sign-in address needs a full, recent login or the password.
describe("change-email proof (latchkey, LATCHKEY_SESSION_FRESH_AGE=1)", {
  skip: latchkeyDiffers("Better Auth's change-email takes any session, fresh or not, and no password"),
}, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "change-email-proof",
      env: { LATCHKEY_CHANGE_EMAIL_ENABLED: "true", LATCHKEY_SESSION_FRESH_AGE: "1" },
    });
  });
  after(() => server?.cleanup());

  test("a stale session needs the current password; a wrong one is refused and audited", async () => {
    const account = await signUp(server);
    await sleep(1100);
    const post = (json) => apiFor(server).post("/change-email", { json, headers: { cookie: account.cookie } });
    assertError(await post({ newEmail: uniqueEmail("new") }), 403, "SESSION_NOT_FRESH");
    assertError(await post({ newEmail: uniqueEmail("new"), password: "wrong password!" }), 400, "INVALID_PASSWORD");
    const failures = await server.db.auditEvents({ event_type: "user.change_email_request", user_id: account.user.id });
    assert.equal(failures.length, 1);
    const newEmail = uniqueEmail("new");
    const ok = await post({ newEmail, password: PASSWORD });
    assert.equal(ok.status, 200, ok.text);
    await linkTo(server, newEmail, /Confirm your new e-mail/);
  });
});
