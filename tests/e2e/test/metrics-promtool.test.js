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
import { PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

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

  // deploy/grafana/latchkey-dashboard.json (issue 19): every metric a panel queries is one the
  // server exports, and every route family a panel names is one the server labels, so a renamed
  // metric or family fails here rather than leaving an empty panel.
  test("each panel's metrics and route families exist", (t) => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8"));
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((target) => ({ panel: p.title, expr: target.expr })));
    assert.ok(dashboard.panels.length >= 10 && exprs.length >= 12, "the admin console's panels and more");
    if (NEEDS_REDIS.length) t.diagnostic(`not checked without Redis: ${NEEDS_REDIS}`);
    for (const { panel, expr } of exprs) {
      const names = [...expr.matchAll(/\b(latchkey_[a-z_]+)/g)].map((m) => m[1]);
      assert.ok(names.length > 0, `${panel}: queries a latchkey metric`);
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
