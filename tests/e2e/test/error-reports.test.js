// Error reports to a Sentry-compatible DSN (issue 19, docs/operations.md "Error reports"): a
// 5xx and a failed background job (mail) arrive at a local receiver as envelopes (parsed with
// @sentry/core), with the request's method, route template, request id and trace id and the
// X-Sentry-Auth key; a 4xx sends nothing; no cookie, Authorization, body, e-mail address or
// password is in any report (ASVS 7.1.1).
//
// The 5xx is real, not a test-only fault: the test renames the audit_events table under the
// running server, so the next audited action fails in its transaction and the handler returns
// INTERNAL_ERROR (500).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startSentryReceiver } from "../lib/sentry_receiver.js";
import { latchkeyEnv, runLatchkey, startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

describe("error reports", { skip: LATCHKEY_ONLY }, () => {
  let receiver;
  let server;
  before(async () => {
    receiver = await startSentryReceiver();
    server = await startServer({
      name: "error-reports",
      env: {
        LATCHKEY_SENTRY_DSN: receiver.dsn,
        LATCHKEY_SENTRY_ENVIRONMENT: "e2e",
        LATCHKEY_OTLP_ENDPOINT: "http://127.0.0.1:9", // tracing on (nothing listens): reports carry the trace id
        // Mail goes to a port where nothing listens: every send fails.
        LATCHKEY_SMTP_URL: "smtp://127.0.0.1:9",
        LATCHKEY_SMTP_ALLOW_PLAIN: "true",
        // And webhooks to an endpoint where nothing listens: every delivery fails.
        LATCHKEY_WEBHOOKS: "url=http://127.0.0.1:9/hook?token=webhook-url-secret secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
        LATCHKEY_WEBHOOKS_POLL_MS: "100",
        LATCHKEY_WEBHOOKS_MAX_ATTEMPTS: "1",
      },
    });
  });
  after(async () => {
    await server?.cleanup();
    await receiver?.close();
  });

  test("a 4xx is not reported", async () => {
    const res = await signIn(server, uniqueEmail("nobody"), "wrong-password-1");
    assert.equal(res.status, 401);
    const missing = await apiFor(server).get("/no-such-route");
    assert.equal(missing.status, 404);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(receiver.events().filter((e) => e.tags.source === "http").length, 0);
  });

  test("a 5xx arrives as an event with the route template, request id and trace id, and no PII", async () => {
    const account = await signUp(server);
    await server.db.exec("ALTER TABLE audit_events RENAME TO audit_events_gone");
    try {
      const email = uniqueEmail("fault");
      const res = await apiFor(server).post("/sign-up/email", {
        json: { name: "Fault", email, password: PASSWORD },
        headers: { cookie: account.cookie, authorization: "Bearer secret-bearer-value" },
      });
      assert.equal(res.status, 500, res.text);
      const requestId = res.headers["x-request-id"];
      const event = await receiver.waitFor((e) => e.tags.source === "http" && e.tags.request_id === requestId);
      assert.equal(event.level, "error");
      assert.equal(event.environment, "e2e");
      assert.match(event.release, /^latchkey@/);
      assert.equal(event.transaction, "POST /api/auth/sign-up/email");
      assert.equal(event.tags["http.route"], "/api/auth/sign-up/email");
      assert.equal(event.tags["http.status_code"], "500");
      assert.equal(event.request.method, "POST");
      assert.match(event.contexts.trace.trace_id, /^[0-9a-f]{32}$/);
      assert.equal(event.contexts.trace.trace_id, requestId, "the request id is the trace id");
      assert.ok(event.exception.values[0].type);
      const envelope = receiver.envelopes.find((e) => e.events.includes(event));
      assert.equal(envelope.auth.sentry_key, "publickey");
      assert.equal(envelope.auth.sentry_version, "7");
      assert.equal(envelope.header.dsn, receiver.dsn);
      for (const secret of [email, PASSWORD, account.cookie.split("=")[1], "secret-bearer-value", account.email]) {
        assert.ok(!envelope.raw.includes(secret), "no cookie, Authorization, body or e-mail in the report");
      }
    } finally {
      await server.db.exec("ALTER TABLE audit_events_gone RENAME TO audit_events");
    }
  });

  test("a failed background job (mail) arrives as an event with its error code only", async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/request-password-reset", { json: { email: account.email, redirectTo: "/reset" } });
    assert.equal(res.status, 200, res.text);
    const event = await receiver.waitFor((e) => e.tags.source === "mail", 15000);
    assert.ok(event.exception.values[0].type.length > 0);
    const raw = receiver.envelopes.find((e) => e.events.includes(event)).raw;
    assert.ok(!raw.includes(account.email), "no recipient in the report");
  });

  test("a failed background job (webhook delivery) arrives with its error code, never the endpoint's URL", async () => {
    const account = await signUp(server);
    const changed = await apiFor(server).post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: "another horse battery" },
      headers: { cookie: account.cookie },
    });
    assert.equal(changed.status, 200, changed.text);
    const event = await receiver.waitFor((e) => e.tags.source === "webhooks", 15000);
    assert.equal(event.exception.values[0].type, "OUTBOUND_UNREACHABLE");
    const raw = receiver.envelopes.find((e) => e.events.includes(event)).raw;
    assert.ok(!raw.includes("webhook-url-secret") && !raw.includes("127.0.0.1:9/hook"), "no endpoint URL in the report");
  });

  test("config check redacts sentry_dsn and refuses one that does not parse", async () => {
    const probe = { port: 0, databaseUrl: "sqlite:/tmp/unused.db", secret: "s".repeat(40) };
    const ok = await runLatchkey(["config", "check"], latchkeyEnv({ ...probe, extra: { LATCHKEY_SENTRY_DSN: receiver.dsn } }));
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(!ok.stdout.includes("publickey"));
    const bad = await runLatchkey(["config", "check"], latchkeyEnv({ ...probe, extra: { LATCHKEY_SENTRY_DSN: "not-a-dsn" } }));
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /sentry_dsn/);
  });
});
