// Security webhooks (issue 19, docs/webhooks.md): events arrive signed per the
// Standard Webhooks specification, checked by its own npm package
// (`standardwebhooks`); a receiver answering 500 gets the delivery again with
// backoff; an admin replays one; an endpoint on a private address is refused
// (SSRF, CWE-918) unless webhooks_allow_private is on. Latchkey only.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { Webhook } from "standardwebhooks";
import { lit } from "../lib/db.js";
import { PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const WRONG = "not the password at all";

/** A local receiver: records every request; answers the statuses queued in `fail` first. */
async function startReceiver() {
  const got = [];
  const fail = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(fail.length > 0 ? fail.shift() : 200).end();
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { got, fail, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => server.close() };
}

async function waitFor(check, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The verified payloads of type `type` about `userId` (throws on a bad signature). */
function verified(receiver, type, userId) {
  const wh = new Webhook(SECRET);
  return receiver.got
    .map((r) => ({ headers: r.headers, payload: wh.verify(r.body, r.headers) }))
    .filter((r) => r.payload.type === type && r.payload.data.userId === userId);
}

describe("security webhooks (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let receiver;
  before(async () => {
    receiver = await startReceiver();
    server = await startServer({
      name: "webhooks",
      env: {
        LATCHKEY_WEBHOOKS: `url=${receiver.url} secret=${SECRET}`,
        LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
        LATCHKEY_WEBHOOKS_BACKOFF_MS: "200",
        LATCHKEY_WEBHOOKS_POLL_MS: "100",
        LATCHKEY_WEBHOOKS_MAX_ATTEMPTS: "3",
        LATCHKEY_WEBHOOKS_TIMEOUT_MS: "2000",
      },
    });
  });
  after(() => {
    server?.cleanup();
    receiver?.close();
  });

  test("a lockout arrives signed (Standard Webhooks), without secrets", async () => {
    const account = await signUp(server);
    for (let i = 0; i < 5; i++) await signIn(server, account.email, WRONG);
    const [hit] = await waitFor(() => {
      const v = verified(receiver, "user.locked_out", account.user.id);
      return v.length ? v : null;
    }, "the lockout webhook");
    assert.match(hit.headers["webhook-id"], /^msg_/);
    assert.match(hit.headers["webhook-signature"], /^v1,/);
    assert.equal(hit.payload.data.auditType, "abuse.account_locked");
    assert.ok(!JSON.stringify(hit.payload).includes(WRONG), "no password in the payload");
  });

  test("a password change answered 500 then 200 is retried and delivered; an admin replays it", async () => {
    const account = await signUp(server);
    receiver.fail.push(500);
    const api = apiFor(server);
    const changed = await api.post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: "another horse battery" },
      headers: { cookie: account.cookie },
    });
    assert.equal(changed.status, 200, changed.text);
    await waitFor(() => verified(receiver, "user.password_changed", account.user.id).length >= 2, "the retry");
    const attempts = verified(receiver, "user.password_changed", account.user.id);
    assert.equal(attempts[0].headers["webhook-id"], attempts[1].headers["webhook-id"], "one delivery, two attempts");
    const id = attempts[0].headers["webhook-id"];
    const [row] = await server.db.query(`SELECT status, attempts FROM webhook_deliveries WHERE id = ${lit(id)}`);
    assert.equal(row.status, "delivered");
    assert.equal(Number(row.attempts), 2);

    const root = await signUp(server, { name: "Root" });
    await server.db.exec(`INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(root.user.id)}, 'admin', 0)`);
    const list = await api.get("/admin/webhook-deliveries?status=delivered", { headers: { cookie: root.cookie } });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.deliveries.some((d) => d.id === id && d.attempts === 2));
    const replay = await api.post("/admin/replay-webhook-delivery", { json: { id }, headers: { cookie: root.cookie } });
    assert.equal(replay.status, 200, replay.text);
    await waitFor(() => verified(receiver, "user.password_changed", account.user.id).length >= 3, "the replay");
    const audit = await server.db.auditEvents({ event_type: "webhooks.replay", user_id: root.user.id });
    assert.equal(audit.length, 1);
    const missing = await api.post("/admin/replay-webhook-delivery", { json: { id: "msg_nope" }, headers: { cookie: root.cookie } });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, "WEBHOOK_DELIVERY_NOT_FOUND");
    const plain = await api.get("/admin/webhook-deliveries", { headers: { cookie: account.cookie } });
    assert.equal(plain.status, 403);

    // Pages follow the audit log's cursor; bad input is a 400 with its code, nothing listed.
    const first = await api.get("/admin/webhook-deliveries?limit=1", { headers: { cookie: root.cookie } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.deliveries.length, 1);
    assert.equal(typeof first.json.nextCursor, "string");
    const next = await api.get(`/admin/webhook-deliveries?limit=1&cursor=${first.json.nextCursor}`, { headers: { cookie: root.cookie } });
    assert.equal(next.status, 200, next.text);
    assert.notEqual(next.json.deliveries[0].id, first.json.deliveries[0].id);
    for (const [query, code] of [["status=sent", "WEBHOOK_INVALID_QUERY"], ["limit=0", "WEBHOOK_INVALID_QUERY"],
      ["limit=501", "WEBHOOK_INVALID_QUERY"], ["cursor=bm90LWEtY3Vyc29y", "INVALID_CURSOR"]]) {
      const bad = await api.get(`/admin/webhook-deliveries?${query}`, { headers: { cookie: root.cookie } });
      assert.equal(bad.status, 400, `${query}: ${bad.text}`);
      assert.equal(bad.json.code, code, query);
    }
    const noId = await api.post("/admin/replay-webhook-delivery", { json: {}, headers: { cookie: root.cookie } });
    assert.equal(noId.status, 400, noId.text);
  });

  test("a sign-in from a new device, a role change and a ban arrive too", async () => {
    const account = await signUp(server);
    const other = await signIn(server, account.email, PASSWORD, {}, { "user-agent": "webhooks-e2e other device" });
    assert.equal(other.status, 200, other.text);
    await waitFor(() => verified(receiver, "user.new_device_sign_in", account.user.id).length, "the new-device webhook");

    const root = await signUp(server, { name: "Root" });
    await server.db.exec(`INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(root.user.id)}, 'admin', 0)`);
    const api = apiFor(server);
    const role = await api.post("/admin/set-role", { json: { userId: account.user.id, role: "support" }, headers: { cookie: root.cookie } });
    assert.equal(role.status, 200, role.text);
    const ban = await api.post("/admin/ban-user", { json: { userId: account.user.id }, headers: { cookie: root.cookie } });
    assert.equal(ban.status, 200, ban.text);
    const targeted = (type) => {
      const wh = new Webhook(SECRET);
      return receiver.got
        .map((r) => wh.verify(r.body, r.headers))
        .filter((p) => p.type === type && p.data.targetUserId === account.user.id && p.data.userId === root.user.id);
    };
    await waitFor(() => targeted("user.role_changed").length && targeted("user.banned").length, "role and ban webhooks");
  });
});

describe("webhooks metrics (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("deliveries by result and the outbox depth are exported, promtool-clean", async () => {
    const receiver = await startReceiver();
    const server = await startServer({
      name: "webhooks-metrics",
      env: {
        LATCHKEY_WEBHOOKS: `url=${receiver.url} secret=${SECRET}`,
        LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
        LATCHKEY_WEBHOOKS_POLL_MS: "100",
      },
    });
    try {
      const account = await signUp(server);
      for (let i = 0; i < 5; i++) await signIn(server, account.email, WRONG);
      await waitFor(() => receiver.got.length >= 1, "the lockout webhook");
      const text = await waitFor(async () => {
        const res = await request(`${server.origin}/metrics`);
        assert.equal(res.status, 200);
        return /^latchkey_webhook_deliveries_total\{result="delivered"\} [1-9]/m.test(res.text) ? res.text : null;
      }, "the delivered counter");
      assert.match(text, /^latchkey_webhook_outbox\{status="pending"\} 0$/m);
      assert.match(text, /^latchkey_webhook_outbox\{status="dead"\} 0$/m);
      const lint = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    } finally {
      server.cleanup();
      receiver.close();
    }
  });
});

describe("webhooks SSRF guard (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("an endpoint on a loopback address is refused without webhooks_allow_private", async () => {
    const receiver = await startReceiver();
    const server = await startServer({
      name: "webhooks-ssrf",
      env: {
        LATCHKEY_WEBHOOKS: `url=${receiver.url} secret=${SECRET}`,
        LATCHKEY_WEBHOOKS_POLL_MS: "100",
        LATCHKEY_WEBHOOKS_MAX_ATTEMPTS: "1",
      },
    });
    try {
      const account = await signUp(server);
      for (let i = 0; i < 5; i++) await signIn(server, account.email, WRONG);
      const row = await waitFor(async () => {
        const [r] = await server.db.query("SELECT status, last_error FROM webhook_deliveries");
        return r && r.status === "dead" ? r : null;
      }, "the refused delivery");
      assert.equal(row.last_error, "OUTBOUND_ADDRESS_REFUSED");
      assert.equal(receiver.got.length, 0, "nothing reached the receiver");
    } finally {
      server.cleanup();
      receiver.close();
    }
  });
});

describe("webhooks outbox durability (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("a delivery still pending when the server stops is sent after the restart", async () => {
    const receiver = await startReceiver();
    const env = {
      LATCHKEY_WEBHOOKS: `url=${receiver.url} secret=${SECRET}`,
      LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
      LATCHKEY_WEBHOOKS_POLL_MS: "100",
      LATCHKEY_WEBHOOKS_BACKOFF_MS: "1000",
    };
    let server = await startServer({ name: "webhooks-restart", env });
    try {
      receiver.fail.push(503);
      const account = await signUp(server);
      for (let i = 0; i < 5; i++) await signIn(server, account.email, WRONG);
      await waitFor(() => receiver.got.length >= 1, "the first, refused attempt");
      await server.stop();
      const [row] = await server.db.query("SELECT status, attempts FROM webhook_deliveries");
      assert.equal(row.status, "pending");
      server = await startServer({ name: "webhooks-restart", env, reuse: server });
      await waitFor(() => verified(receiver, "user.locked_out", account.user.id).length >= 2, "the retry after restart");
      const [done] = await server.db.query("SELECT status FROM webhook_deliveries");
      assert.equal(done.status, "delivered");
    } finally {
      server.cleanup();
      receiver.close();
    }
  });
});
