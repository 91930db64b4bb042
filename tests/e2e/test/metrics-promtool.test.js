// GET /metrics checked by an independent tool, and the alert rules with it (issue 19;
// docs/operations.md "Metrics", deploy/prometheus/): after real traffic (sign-ups, sign-ins right
// and wrong, a 404) Debian's promtool lints the exposition; the rules pass `promtool check rules`
// and their unit tests (`promtool test rules`); every metric a rule queries is one the server
// exports, so a renamed metric fails here rather than silently never alerting; no label carries a
// user id, e-mail or raw path (bounded cardinality).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { PASSWORD, getSession, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY } from "../lib/target.js";

const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../deploy/prometheus");
const DASHBOARD = path.join(DEPLOY, "../grafana/latchkey-dashboard.json");

// The optional parts on (webhooks; Redis when the test scripts started one), so the series only
// they export exist too: the alert rules and the dashboard query them.
function optionalPartsEnv(label) {
  const env = {
    LATCHKEY_WEBHOOKS: "url=http://127.0.0.1:9/hook secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
  };
  if (process.env.LK_TEST_REDIS_URL) {
    env.LATCHKEY_REDIS_URL = process.env.LK_TEST_REDIS_URL;
    env.LATCHKEY_REDIS_KEY_PREFIX = `${label}-${process.pid}:`;
  }
  return env;
}
// What only exists with Redis, when the scripts started none.
const NEEDS_REDIS = process.env.LK_TEST_REDIS_URL ? [] : ["latchkey_redis_fallbacks_total"];

/** The exposition's samples: "name{labels}" (labels as the server writes them) → value. */
function samples(text) {
  const out = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return out;
}

function promtool(args, input) {
  const res = spawnSync("promtool", args, { input, cwd: DEPLOY, encoding: "utf8" });
  assert.ok(!res.error, `promtool runs (scripts/install-deps.sh test installs Debian's prometheus): ${res.error}`);
  return res;
}

describe("metrics, alert rules and the Grafana dashboard, checked against the server", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let exposition;
  let exported;  // the series names GET /metrics answers with
  before(async () => {
    server = await startServer({ name: "promtool", env: optionalPartsEnv("promtool") });
    const account = await signUp(server);
    assert.equal((await signIn(server, account.email, PASSWORD)).status, 200);
    assert.equal((await signIn(server, account.email, "wrong password 1")).status, 401);
    await request(`${server.origin}/no/such/path/${account.user.id}`);
    const res = await request(`${server.origin}/metrics`);
    assert.equal(res.status, 200);
    exposition = res.text;
    exported = new Set(exposition.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]));
    assert.ok(!exposition.includes(account.email) && !exposition.includes(account.user.id), "no user in any label");
    assert.ok(!exposition.includes("/no/such/path"), "no raw path in any label");
  });
  after(() => server?.cleanup());

  test("promtool check metrics: the exposition is valid and lint-clean", () => {
    const res = promtool(["check", "metrics"], exposition);
    assert.equal(res.status, 0, res.stdout + res.stderr);
    assert.equal((res.stdout + res.stderr).trim(), "", "no lint finding");
  });

  test("the alert rules pass promtool check rules and their unit tests", () => {
    const checked = promtool(["check", "rules", "latchkey-alerts.yml"]);
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    const tested = promtool(["test", "rules", "latchkey-alerts.test.yml"]);
    assert.equal(tested.status, 0, tested.stdout + tested.stderr);
  });

  test("every metric an alert queries is one the server exports, and every runbook exists", () => {
    const rules = fs.readFileSync(path.join(DEPLOY, "latchkey-alerts.yml"), "utf8");
    const queried = new Set([...rules.matchAll(/\b(latchkey_[a-z_]+)/g)].map((m) => m[1]));
    assert.ok(queried.size >= 8, `the rules query latchkey's metrics: ${[...queried]}`);
    for (const name of queried) {
      if (!NEEDS_REDIS.includes(name)) assert.ok(exported.has(name), `${name} is exported by GET /metrics`);
    }
    for (const m of rules.matchAll(/runbook_url: (\S+)/g)) {
      assert.ok(fs.existsSync(path.join(DEPLOY, "../..", m[1])), `${m[1]} exists`);
    }
  });

  // Issue 19, "Metrics": the sign-in, sign-up, reset, cache, pool and process series move with
  // real traffic. One scrape before and one after; each figure compared as a delta.
  test("sign-in outcomes, sign-ups, resets, the session cache and the database pool move", async () => {
    const scrape = async () => samples((await request(`${server.origin}/metrics`)).text);
    const before = await scrape();
    const account = await signUp(server);
    assert.equal((await signIn(server, account.email, "wrong password 2")).status, 401);
    assert.equal((await signIn(server, uniqueEmail("nobody"), PASSWORD)).status, 401);
    assert.equal((await signIn(server, account.email, PASSWORD)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await getSession(server, account.cookie)).status, 200);
    const reset = await apiFor(server).post("/request-password-reset", { json: { email: account.email } });
    assert.equal(reset.status, 200);
    let after = await scrape();
    // On PostgreSQL the sign-in's own change notification arrives asynchronously and may empty
    // the cache between the two get-sessions; a few more reads once it has landed must hit.
    const hits = () => (after.get('latchkey_cache_hits_total{cache="session"}') ?? 0) -
      (before.get('latchkey_cache_hits_total{cache="session"}') ?? 0);
    for (let i = 0; i < 10 && hits() < 1; i++) {
      await sleep(100);
      for (let j = 0; j < 2; j++) assert.equal((await getSession(server, account.cookie)).status, 200);
      after = await scrape();
    }
    const delta = (series) => {
      assert.ok(after.has(series), `${series} is exported`);
      return after.get(series) - (before.get(series) ?? 0);
    };
    assert.equal(delta('latchkey_sign_ups_total{method="email"}'), 1);
    // The unknown e-mail counts as a wrong password, as its answer does: no enumeration by metric.
    assert.equal(delta('latchkey_sign_in_attempts_total{method="email",outcome="wrong_password"}'), 2);
    assert.equal(delta('latchkey_sign_in_attempts_total{method="email",outcome="ok"}'), 1);
    // Request counts by error code (issue 19): both refusals carry the same wire code.
    assert.equal(delta('latchkey_http_errors_total{family="sign-in",error="INVALID_EMAIL_OR_PASSWORD"}'), 2);
    assert.equal(delta('latchkey_sign_in_attempts_total{method="passkey",outcome="ok"}'), 0);
    assert.equal(delta('latchkey_password_resets_total{stage="requested"}'), 1);
    // The second get-session of one token is answered from memory.
    assert.ok(delta('latchkey_cache_hits_total{cache="session"}') >= 1, "a cache hit");
    assert.ok(delta('latchkey_cache_misses_total{cache="session"}') >= 1, "the first lookup missed");
    const pool = BACKEND === "postgres" ? "postgres" : "sqlite_readers";
    assert.ok(delta(`latchkey_db_pool_wait_seconds_count{pool="${pool}"}`) > 0, "pool acquisitions observed");
    assert.ok(after.get(`latchkey_db_pool_size{pool="${pool}"}`) >= 1);
    assert.ok(after.get(`latchkey_db_pool_in_use{pool="${pool}"}`) >= 0);
    assert.equal(after.get(`latchkey_db_pool_waiting{pool="${pool}"}`), 0);
    assert.ok(after.get("process_resident_memory_bytes") > 1e6, "resident memory in bytes");
    assert.ok(after.get("latchkey_http_connections_open") >= 1, "the scrape's own connection");
    assert.ok([...after.keys()].some((k) => /^latchkey_build_info\{version="[^"]+"\}$/.test(k) && after.get(k) === 1));
    assert.equal(delta('latchkey_shed_total{reason="worker_queue"}'), 0);
    assert.equal(delta('latchkey_shed_total{reason="kdf_pool"}'), 0);
    assert.ok(after.get("latchkey_mail_outbox_oldest_age_seconds") >= 0);
  });

  // deploy/grafana/latchkey-dashboard.json (issue 19): every metric a panel queries is one the
  // server exports, and every route family a panel names is one the server labels, so a renamed
  // metric or family fails here rather than leaving an empty panel.
  test("each panel's metrics and route families exist", (t) => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8"));
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((target) => ({ panel: p.title, expr: target.expr })));
    assert.ok(dashboard.panels.length >= 20 && exprs.length >= 25, "the admin console's panels and more");
    if (NEEDS_REDIS.length) t.diagnostic(`not checked without Redis: ${NEEDS_REDIS}`);
    for (const { panel, expr } of exprs) {
      const names = [...expr.matchAll(/\b((?:latchkey|process)_[a-z_]+)/g)].map((m) => m[1]);
      assert.ok(names.length > 0, `${panel}: queries a metric of latchkey's`);
      for (const name of names) {
        if (NEEDS_REDIS.includes(name)) continue;
        assert.ok(exported.has(name), `${panel}: ${name} is exported by GET /metrics`);
      }
      for (const [, family] of expr.matchAll(/family="([^"]+)"/g)) {
        assert.ok(exposition.includes(`family="${family}"`), `${panel}: route family ${family} exists`);
      }
    }
  });
});
