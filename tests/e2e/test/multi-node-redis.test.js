// Two latchkey nodes on one PostgreSQL and one Redis (docs/operations.md, "Several nodes"):
// the abuse counters are shared, so two nodes do not give an attacker twice the guesses;
// with Redis down each node falls back to its own counters (never to none) and /readyz says
// `degraded`; with Redis back the counters are shared again, without a restart.
// Runs in the PostgreSQL run when LK_TEST_REDIS_URL is set (scripts/test.sh starts Redis).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { assertError, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { hasNginx, startNginx } from "../lib/nginx.js";
import { freePort, makeTempDir, startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY } from "../lib/target.js";

const REDIS_URL = process.env.LK_TEST_REDIS_URL || "";
const SKIP =
  LATCHKEY_ONLY ||
  (BACKEND !== "postgres" && "needs the PostgreSQL run") ||
  (!REDIS_URL && "needs LK_TEST_REDIS_URL (scripts/test-redis.sh start)");

const WRONG = "not the password at all";
let prefixes = 0;
/** Environment of both nodes of one pair: one Redis, one key prefix, rate limiting on. */
function sharedEnv(redisUrl, rules) {
  return {
    LATCHKEY_REDIS_URL: redisUrl,
    LATCHKEY_REDIS_KEY_PREFIX: `lk-e2e-${process.pid}-${++prefixes}:`,
    LATCHKEY_RATE_LIMIT: "on",
    LATCHKEY_RATE_LIMIT_RULES: rules,
  };
}

async function startPair(name, env) {
  const a = await startServer({ name: `${name}-a`, env });
  try {
    const b = await startServer({ name: `${name}-b`, env, reuse: a });
    return [a, b];
  } catch (error) {
    await a.cleanup();
    throw error;
  }
}

const ok = (server) => request(`${server.origin}/api/auth/ok`);
const readyz = (server) => request(`${server.origin}/readyz`);

describe("several nodes share their abuse counters in Redis", { skip: SKIP }, () => {
  let a;
  let b;
  before(async () => {
    // /ok: 6 per 5 minutes per address (no refill during the test); sign-in: room for the lockout to act first.
    [a, b] = await startPair("redis-shared", sharedEnv(REDIS_URL, "*=1000/10s;/ok=6/5m;/sign-in*=100/10s"));
  });
  after(async () => {
    await b?.stop();
    await a?.cleanup();
  });

  test("a rate limit holds across nodes: 6 requests split over both, the 7th is refused", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await ok(i % 2 === 0 ? a : b);
      assert.equal(res.status, 200, `request ${i + 1}: ${res.text}`);
    }
    // Each node alone has served 3: only a shared bucket refuses now, on either node.
    assert.equal((await ok(a)).status, 429);
    assert.equal((await ok(b)).status, 429);
    assert.deepEqual(JSON.parse((await readyz(a)).text), { status: "ready" });
  });

  // ASVS 2.2.1 / NIST SP 800-63B §5.2.2 across nodes: a lock taken on A refuses on B.
  test("a lockout reached on node A holds on node B, even for the right password", async () => {
    const account = await signUp(a);
    for (let i = 0; i < 3; i++) assertError(await signIn(a, account.email, WRONG), 401, "INVALID_EMAIL_OR_PASSWORD");
    for (let i = 0; i < 2; i++) assertError(await signIn(b, account.email, WRONG), 401, "INVALID_EMAIL_OR_PASSWORD");
    const locked = await signIn(b, account.email, PASSWORD);
    assertError(locked, 429, "ACCOUNT_TEMPORARILY_LOCKED");
    assert.ok(Number(locked.headers["retry-after"]) >= 1);
    assertError(await signIn(a, account.email, PASSWORD), 429, "ACCOUNT_TEMPORARILY_LOCKED");
  });
});

const REDIS_PASSWORD = "e2e-redis-Pa55word";

/** A private redis-server on `port` (stopped and restarted by the test), no persistence. */
function startRedis(port, dir) {
  const child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "",
    "--appendonly", "no", "--dir", dir, "--requirepass", REDIS_PASSWORD], { stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    async ready() {
      for (let i = 0; i < 100; i++) {
        const pong = await new Promise((resolve) => {
          const cli = spawn("redis-cli", ["-p", String(port), "ping"], {
            env: { ...process.env, REDISCLI_AUTH: REDIS_PASSWORD },
          });
          let out = "";
          cli.stdout.on("data", (d) => (out += d));
          cli.on("exit", () => resolve(out.trim()));
        });
        if (pong === "PONG") return;
        await sleep(50);
      }
      throw new Error("redis-server did not start");
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

describe("Redis down, then back", { skip: SKIP }, () => {
  test("down: still limiting on each node, /readyz degraded, fallbacks counted; back: shared again without a restart", async () => {
    const port = await freePort();
    const dir = makeTempDir("redis-private");
    let redis = startRedis(port, dir);
    await redis.ready();
    const url = `redis://:${REDIS_PASSWORD}@127.0.0.1:${port}/0`;  // AUTH on every connection
    const [a, b] = await startPair("redis-fallback", sharedEnv(url, "*=1000/10s;/ok=4/5m"));
    try {
      assert.equal((await ok(a)).status, 200);  // shared, through Redis
      await redis.stop();

      // Down: node A counts on its own (never no limit): still 4, then 429.
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await ok(a)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
      const degraded = await readyz(a);
      assert.equal(degraded.status, 200);
      const body = JSON.parse(degraded.text);
      assert.equal(body.status, "degraded");
      assert.match(body.reason, /redis/i);
      const metrics = await request(`${a.origin}/metrics`);
      const fallbacks = metrics.text.match(/^latchkey_redis_fallbacks_total (\d+)/m);
      assert.ok(fallbacks && Number(fallbacks[1]) >= 5, "latchkey_redis_fallbacks_total counts fallbacks");

      // Back (empty, as after a failover): both nodes return to the shared counters by themselves.
      redis = startRedis(port, dir);
      await redis.ready();
      let ready;
      for (let i = 0; i < 100 && ready?.status !== "ready"; i++) {
        ready = JSON.parse((await readyz(b)).text);
        if (ready.status !== "ready") await sleep(100);
      }
      assert.equal(ready.status, "ready");
      // The client's backoff ends within 5 s; wait until node A's decisions reach Redis
      // (its own bucket for /ok is spent, so a 200 on A comes from the shared one).
      let status = 429;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = (await ok(a)).status;
        if (status !== 200) await sleep(100);
      }
      assert.equal(status, 200, "node A went back to Redis");
      // Shared again: 1 (A) + 3 (B) fill the bucket of 4; B alone has served 3 of its own 4.
      for (let i = 0; i < 3; i++) assert.equal((await ok(b)).status, 200);
      assert.equal((await ok(b)).status, 429);
      assert.equal((await ok(a)).status, 429);
      // The password is a secret: in no log line, no readiness reason.
      for (const node of [a, b]) assert.ok(!node.logText().includes(REDIS_PASSWORD));
      assert.ok(!degraded.text.includes(REDIS_PASSWORD));
      assert.match(a.logText(), /redis unavailable/);
      assert.doesNotMatch(a.logText(), /limits are per node/);
    } finally {
      await b.stop();
      await a.cleanup();
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("through nginx (deploy/nginx/latchkey.conf)", { skip: SKIP || (!hasNginx() && "needs nginx") }, () => {
  test("requests spread over both nodes hit one limit per client, named by X-Forwarded-For; a lockout holds on both", async () => {
    const env = {
      ...sharedEnv(REDIS_URL, "*=1000/10s;/ok=6/5m;/sign-in*=100/10s;/sign-up*=100/10s"),
      LATCHKEY_TRUSTED_PROXIES: "127.0.0.1/32",
    };
    const [a, b] = await startPair("redis-nginx", env);
    const nginx = await startNginx([a, b]);
    try {
      // nginx appends its peer to the header; the nodes trust nginx and take the client left of it.
      const from = (client) => request(`${nginx.origin}/api/auth/ok`, { headers: { "x-forwarded-for": client } });
      for (let i = 0; i < 6; i++) assert.equal((await from("198.51.100.9")).status, 200, `request ${i + 1}`);
      assert.equal((await from("198.51.100.9")).status, 429);
      assert.equal((await from("198.51.100.10")).status, 200, "another client has its own bucket");
      // Both nodes served some of them (upstream round robin).
      for (const node of [a, b]) {
        const metrics = (await request(`${node.origin}/metrics`)).text;
        assert.match(metrics, /latchkey_http_requests_total\{family="meta",code="2xx"\} [1-9]/);
      }
      // ASVS 2.2.1 through the balancer: failures spread over both nodes lock the account on both.
      const front = nginx;  // shaped like a server: the fixtures go through it
      const account = await signUp(front);
      for (let i = 0; i < 5; i++) assertError(await signIn(front, account.email, WRONG), 401, "INVALID_EMAIL_OR_PASSWORD");
      for (const node of [a, b]) assertError(await signIn(node, account.email, PASSWORD), 429, "ACCOUNT_TEMPORARILY_LOCKED");
    } finally {
      await nginx.stop();
      await b.stop();
      await a.cleanup();
    }
  });
});
