// OpenTelemetry tracing (issue 19, docs/operations.md "Tracing"): spans exported over OTLP/HTTP
// (JSON) to a local receiver that decodes them with the official OpenTelemetry protobuf
// definitions (lib/otlp_receiver.js). Pins: a server span per request named by the route
// template, child spans for the database and the KDF, the W3C Trace Context (traceparent,
// tracestate) accepted and propagated to an outbound call (the HIBP range API), parent-based
// sampling (ratio 0 sends nothing of its own), the trace id in the log lines and X-Request-Id,
// and no secret or personal data in what is exported (ASVS 7.1.1).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startFakeProviders } from "../lib/fake_providers.js";
import { startOtlpReceiver } from "../lib/otlp_receiver.js";
import { latchkeyEnv, runLatchkey, startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const HEADER_SECRET = "otlp-key-" + crypto.randomBytes(8).toString("hex");
const hex = (bytes) => crypto.randomBytes(bytes).toString("hex");
const traceparent = (traceId, parentId, sampled = true) => `00-${traceId}-${parentId}-${sampled ? "01" : "00"}`;
const SERVER = 2;
const CLIENT = 3;

describe("tracing over OTLP/HTTP", { skip: LATCHKEY_ONLY }, () => {
  let receiver;
  let providers;
  let server;
  before(async () => {
    receiver = await startOtlpReceiver();
    providers = await startFakeProviders({ passwords: ["monkey-banana-1987"] });
    server = await startServer({
      name: "tracing",
      env: {
        LATCHKEY_OTLP_ENDPOINT: receiver.url,
        LATCHKEY_OTLP_HEADERS: `x-otlp-key=${HEADER_SECRET}`,
        LATCHKEY_PWNED_CHECK: "online",
        LATCHKEY_HIBP_URL: providers.url,
      },
    });
  });
  after(async () => {
    await server?.cleanup();
    await providers?.close();
    await receiver?.close();
  });

  // W3C Trace Context, section 3.2 (traceparent), OpenTelemetry HTTP semantic conventions (server span).
  test("sign-in: a server span named by the route template, child of the incoming traceparent, with db and KDF children", async () => {
    const account = await signUp(server);
    const traceId = hex(16);
    const parentId = hex(8);
    const res = await signIn(server, account.email, PASSWORD, {}, { traceparent: traceparent(traceId, parentId) });
    assert.equal(res.status, 200, res.text);
    // No X-Request-Id came in: the request id is the trace id (docs/operations.md, "Tracing").
    assert.equal(res.headers["x-request-id"], traceId);

    const spans = (await receiver.waitFor((all) => all.some((s) => s.traceId === traceId && s.kind === SERVER)))
      .filter((s) => s.traceId === traceId);
    const root = spans.find((s) => s.kind === SERVER);
    assert.equal(root.name, "POST /api/auth/sign-in/email");
    assert.equal(root.parentSpanId, parentId, "the caller's span is the parent");
    assert.equal(root.attributes["http.route"], "/api/auth/sign-in/email");
    assert.equal(root.attributes["http.request.method"], "POST");
    assert.equal(root.attributes["http.response.status_code"], 200);
    assert.equal(root.attributes["latchkey.request_id"], undefined, "the request id is the trace id: not repeated");
    assert.equal(root.resource["service.name"], "latchkey");
    assert.ok(root.end >= root.start);

    // Children arrive with the root (they end first); every span hangs off one in this trace.
    const ids = new Set(spans.map((s) => s.spanId));
    for (const s of spans) if (s !== root) assert.ok(ids.has(s.parentSpanId), `${s.name} has a parent in the trace`);
    const system = server.db.kind === "sqlite" ? "sqlite" : "postgresql";
    const db = spans.filter((s) => s.attributes["db.system.name"] === system);
    assert.ok(db.some((s) => s.name === "SELECT"), `a SELECT span: ${spans.map((s) => s.name)}`);
    assert.ok(db.some((s) => s.name === "db.transaction"), "a transaction span");
    for (const s of db) {
      assert.match(s.name, /^(db\.transaction|[A-Z]+)$/, "a statement kind, never its text");
      assert.equal(s.kind, CLIENT);
    }
    assert.ok(spans.some((s) => s.name === "password.verify"), "the KDF span");

    // The trace id is in the request's log lines (the access line at least).
    const lines = server.logText().split("\n").filter((l) => l.includes(`"trace_id":"${traceId}"`));
    assert.ok(lines.some((l) => l.includes('"msg":"request"') && l.includes("/api/auth/sign-in/email")), "access line");
  });

  // W3C Trace Context, sections 3.2 and 3.3: the context reaches the callee, with tracestate unchanged.
  test("sign-up: traceparent and tracestate are propagated to the HIBP call, under a client span", async () => {
    const traceId = hex(16);
    providers.clearRequests();
    const res = await apiFor(server).post("/sign-up/email", {
      json: { name: "T", email: uniqueEmail("trace"), password: "violet-Tandem-92-orbit" },
      headers: { traceparent: traceparent(traceId, hex(8)), tracestate: "vendor=abc", "x-request-id": "client-id-1" },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers["x-request-id"], "client-id-1", "a caller's request id is kept");
    const hibp = providers.requests.filter((r) => r.service === "hibp");
    assert.equal(hibp.length, 1);
    const sent = hibp[0].headers.traceparent;
    assert.match(sent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(sent.split("-")[1], traceId);
    assert.equal(hibp[0].headers.tracestate, "vendor=abc");

    const spans = (await receiver.waitFor((all) => all.some((s) => s.traceId === traceId && s.kind === SERVER)))
      .filter((s) => s.traceId === traceId);
    const client = spans.find((s) => s.kind === CLIENT && s.attributes["server.address"] === "127.0.0.1");
    assert.ok(client, `an outbound client span: ${spans.map((s) => s.name)}`);
    assert.equal(client.spanId, sent.split("-")[2], "the callee's parent is the client span");
    assert.equal(client.attributes["http.response.status_code"], 200);
    const root = spans.find((s) => s.kind === SERVER);
    assert.equal(root.attributes["latchkey.request_id"], "client-id-1");
    assert.equal(root.traceState, "vendor=abc");
    assert.ok(spans.some((s) => s.name === "password.hash"), "the KDF span");
  });

  test("an unsampled traceparent is kept unsampled: nothing exported, the flag propagated", async () => {
    const traceId = hex(16);
    providers.clearRequests();
    const res = await apiFor(server).post("/sign-up/email", {
      json: { name: "T", email: uniqueEmail("trace"), password: "violet-Tandem-93-orbit" },
      headers: { traceparent: traceparent(traceId, hex(8), false) },
    });
    assert.equal(res.status, 200, res.text);
    const sent = providers.requests.find((r) => r.service === "hibp").headers.traceparent;
    assert.match(sent, new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    await signIn(server, uniqueEmail("x"), "wrong-password-1"); // a sampled request to flush behind it
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!receiver.spans.some((s) => s.traceId === traceId));
  });

  test("a route with a parameter is named by its template, never the raw path", async () => {
    const res = await apiFor(server).get("/no-such-route/12345");
    assert.equal(res.status, 404);
    const traceId = res.headers["x-request-id"];
    const spans = await receiver.waitFor((all) => all.some((s) => s.traceId === traceId && s.kind === SERVER));
    const root = spans.find((s) => s.traceId === traceId && s.kind === SERVER);
    assert.equal(root.name, "GET", "no route matched: the method alone");
    assert.equal(root.attributes["http.route"], undefined);
    assert.ok(!JSON.stringify(receiver.requests.map((r) => r.body)).includes("12345"));
  });

  // ASVS 7.1.1: no credentials or session tokens in telemetry; no e-mail address (personal data).
  test("exported spans hold no e-mail, password, token or cookie; the exporter sends its headers", async () => {
    const account = await signUp(server);
    const signedIn = await signIn(server, account.email, PASSWORD);
    const token = signedIn.json.token;
    await apiFor(server).get("/get-session", { headers: { cookie: account.cookie } });
    await receiver.waitFor((all) => all.some((s) => s.kind === SERVER && s.name === "GET /api/auth/get-session"));
    const everything = receiver.requests.map((r) => r.body).join("\n");
    for (const secret of [account.email, PASSWORD, token, account.cookie.split("=")[1], HEADER_SECRET]) {
      assert.ok(!everything.includes(secret), "no secret or personal data exported");
    }
    assert.ok(receiver.requests.every((r) => r.headers["x-otlp-key"] === HEADER_SECRET));
    assert.ok(!server.logText().includes(HEADER_SECRET), "otlp_headers never logged");
  });

  test("config check redacts otlp_headers and refuses a bad sample ratio", async () => {
    const probe = { port: 0, databaseUrl: "sqlite:/tmp/unused.db", secret: "s".repeat(40) };
    const ok = await runLatchkey(["config", "check"], latchkeyEnv({
      ...probe, extra: { LATCHKEY_OTLP_ENDPOINT: receiver.url, LATCHKEY_OTLP_HEADERS: `k=${HEADER_SECRET}` },
    }));
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(!ok.stdout.includes(HEADER_SECRET));
    assert.match(ok.stdout, /otlp_headers.*<redacted>/);
    const bad = await runLatchkey(["config", "check"], latchkeyEnv({ ...probe, extra: { LATCHKEY_OTLP_SAMPLE_RATIO: "1.5" } }));
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /otlp_sample_ratio/);
  });
});

describe("tracing with otlp_sample_ratio 0", { skip: LATCHKEY_ONLY }, () => {
  let receiver;
  let server;
  before(async () => {
    receiver = await startOtlpReceiver();
    server = await startServer({
      name: "tracing-ratio0",
      env: { LATCHKEY_OTLP_ENDPOINT: receiver.url, LATCHKEY_OTLP_SAMPLE_RATIO: "0" },
    });
  });
  after(async () => {
    await server?.cleanup();
    await receiver?.close();
  });

  test("requests without a sampled parent send nothing; a sampled parent is still honoured (parent-based)", async () => {
    const account = await signUp(server);
    for (let i = 0; i < 5; i += 1) await apiFor(server).get("/get-session", { headers: { cookie: account.cookie } });
    await new Promise((r) => setTimeout(r, 1500)); // more than one flush interval
    assert.equal(receiver.requests.length, 0, "nothing sampled, nothing sent");
    const traceId = hex(16);
    await apiFor(server).get("/get-session", { headers: { cookie: account.cookie, traceparent: traceparent(traceId, hex(8)) } });
    const spans = await receiver.waitFor((all) => all.some((s) => s.traceId === traceId && s.kind === SERVER));
    assert.ok(spans.every((s) => s.traceId === traceId), "only the sampled trace");
  });
});
