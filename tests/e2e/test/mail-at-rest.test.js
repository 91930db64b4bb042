// The mail outbox at rest and mails in the log (latchkey-only: its database and its logs).
// A queued mail carries a live one-time link, so mail_outbox stores bodies only sealed
// (AES-256-GCM), empties them once the mail is sent or given up on, and deletes finished
// rows after mail_retention_days (docs/operations.md "Mail"). Without SMTP the server logs
// where it wrote each .eml, but the link and the recipient only with --dev.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { makeSecret, startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const RESET_PREFIX = (server) => `${server.origin}/api/auth/reset-password/`;
const tokenOf = (link) => new URL(link).pathname.split("/").pop();

describe("mail_outbox holds no live link (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let smtp;
  let server;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      name: "mail-at-rest",
      env: { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true" },
    });
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  // ASVS 2.7.5 (no plaintext OOB tokens at rest), 8.3.7 (AEAD): neither the queued row nor
  // the sent one holds the reset token in any column; the sent one keeps no body at all.
  test("a password reset's token is in no mail_outbox column, queued or sent", async () => {
    const account = await signUp(server);
    await smtp.stop(); // the mail stays queued while we look at it
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.equal(res.status, 200);
    const queuedRows = await server.db.mailOutboxRows();
    const queued = queuedRows.find((r) => r.to_address === account.email);
    assert.ok(queued, "the reset mail is queued");
    assert.equal(queued.status, "queued");
    assert.match(queued.body_key_id, /^[0-9a-f]{16}$/);
    assert.ok(queued.text_body.length > 0 && !queued.text_body.includes("reset-password"), "text body sealed");
    assert.ok(!queued.html_body.includes("reset-password"), "html body sealed");
    const queuedDump = await server.db.contentText();

    await smtp.start();
    const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 15000);
    const token = tokenOf(linkIn(mail, RESET_PREFIX(server)));
    assert.match(token, /^[A-Za-z0-9]{24}$/);
    for (const row of queuedRows) {
      for (const [column, value] of Object.entries(row)) {
        assert.ok(!String(value ?? "").includes(token), `queued mail_outbox.${column} holds the token`);
      }
    }
    assert.ok(!queuedDump.includes(token), "the database held the token while the mail was queued");

    let sent;
    for (let i = 0; i < 100 && sent?.status !== "sent"; i++) {
      sent = (await server.db.mailOutboxRows()).find((r) => r.id === queued.id);
      if (sent?.status !== "sent") await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(sent.status, "sent");
    // Scrubbed: recipient, subject and times stay for operations; the body is gone.
    assert.equal(sent.text_body, "");
    assert.equal(sent.html_body, "");
    assert.equal(sent.body_key_id, null);
    assert.equal(sent.to_address, account.email);
    assert.match(sent.subject, /password/i);
    for (const [column, value] of Object.entries(sent)) {
      assert.ok(!String(value ?? "").includes(token), `sent mail_outbox.${column} holds the token`);
    }
    // The whole database (and on SQLite its raw file and WAL): the token was never written.
    assert.ok(!(await server.db.contentText()).includes(token), "the token is somewhere in the database");
  });
});

describe("mails in the log without SMTP (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  async function resetMail(server) {
    const account = await signUp(server);
    const seen = new Set(readMails(server).map((m) => m.file));
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.equal(res.status, 200);
    const mail = await waitForMail(server, account.email, /reset-password\//, 5000, seen);
    const link = linkIn(mail, RESET_PREFIX(server));
    await new Promise((r) => setTimeout(r, 100)); // the log line follows the file
    return { account, link, token: tokenOf(link) };
  }

  // ASVS 7.1.1 / 7.1.2: outside --dev the log says a mail was written, with no link, token or
  // recipient.
  test("outside --dev: no link and no recipient in the log", async () => {
    const server = await startServer({ name: "mail-log" });
    try {
      const { account, link, token } = await resetMail(server);
      const log = server.logText();
      const written = log.split("\n").filter((l) => l.includes("mail written"));
      assert.ok(written.length >= 1, "the write is logged");
      assert.ok(!log.includes(token), "the reset token is in the log");
      assert.ok(!log.includes(link), "the reset link is in the log");
      for (const line of written) assert.ok(!line.includes(account.email), `recipient logged: ${line}`);
    } finally {
      await server.cleanup();
    }
  });

  // `make run` users find their link in the log: only in --dev.
  test("with --dev the link is logged", async () => {
    const server = await startServer({ name: "mail-log-dev", env: { LATCHKEY_DEV: "true" } });
    try {
      const { link } = await resetMail(server);
      const line = server.logText().split("\n").find((l) => l.includes(link));
      assert.ok(line, "the link is in the log");
      assert.match(line, /mail written/);
    } finally {
      await server.cleanup();
    }
  });
});

describe("queued mail survives a secret rotation (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // A row names the key that sealed it: after a restart with a new secret and the old one in
  // previous_secrets, a mail queued before the rotation still opens and is sent.
  test("a mail queued under the old secret is sent after the restart with the new one", async () => {
    const smtp = await startSmtp();
    await smtp.stop(); // nothing can be delivered before the rotation
    const env = { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true" };
    const first = await startServer({ name: "mail-rotate", env });
    let second;
    try {
      const account = await signUp(first);
      const res = await apiFor(first).post("/request-password-reset", { json: { email: account.email } });
      assert.equal(res.status, 200);
      const queued = (await first.db.mailOutboxRows()).find((r) => r.to_address === account.email);
      assert.equal(queued.status, "queued");
      await first.stop();
      second = await startServer({
        name: "mail-rotate",
        reuse: first,
        env: { ...env, LATCHKEY_SECRET: makeSecret(), LATCHKEY_PREVIOUS_SECRETS: first.secret },
      });
      await smtp.start();
      const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 20000);
      linkIn(mail, RESET_PREFIX(first));
    } finally {
      await second?.cleanup();
      await first.cleanup();
      await smtp.cleanup();
    }
  });
});
