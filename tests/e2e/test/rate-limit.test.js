// Rate limiting (issue 5, docs/operations.md, "Abuse protection"): per-address and per-route buckets, the 429
// shape, the client address (socket unless a trusted proxy forwards it), IPv6 /64 keys,
// parallel requests racing the counter, reset after the window, audit and metrics.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wrongSignIn = (server, headers = {}, email = uniqueEmail("rl")) =>
  signIn(server, email, "wrong password!", {}, headers);

/**
 * Sends `send()` one at a time until the first 429 (at most `max` requests) and returns how
 * many were allowed, the time it took and the refusal. The limiter is GCRA: besides its burst
 * it frees one request per `interval` ms, so on a slow, loaded machine a sequential burst may
 * legitimately get a few more through; callers bound `allowed` by burst + elapsed / interval.
 */
async function sendUntilLimited(send, max) {
  const started = Date.now();
  let allowed = 0;
  for (let i = 0; i < max; i++) {
    const res = await send();
    if (res.status === 429) return { allowed, elapsed: Date.now() - started, refused: res };
    allowed++;
  }
  return { allowed, elapsed: Date.now() - started, refused: null };
}

/** The GCRA bound: a burst of `burst`, one more per `interval` ms that passed. */
function assertWithinBurst({ allowed, elapsed, refused }, burst, interval) {
  assert.ok(refused, `never refused after ${allowed} requests`);
  assertLimited(refused);
  assert.ok(allowed >= burst, `only ${allowed} of the burst of ${burst} allowed`);
  const most = burst + Math.floor(elapsed / interval);
  assert.ok(allowed <= most, `${allowed} allowed in ${elapsed} ms (at most ${most})`);
}

function assertLimited(res) {
  assert.equal(res.status, 429, res.text);
  assert.deepEqual(res.json, { message: "Too many requests. Please try again later." });
  const retry = Number(res.headers["x-retry-after"]);
  assert.ok(retry >= 1 && retry <= 10, `X-Retry-After ${res.headers["x-retry-after"]}`);
  assert.equal(res.headers["retry-after"], res.headers["x-retry-after"]);
}

describe("rate limiting, no trusted proxy (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "rate-limit", env: { LATCHKEY_RATE_LIMIT: "on" } });
  });
  after(() => server?.cleanup());

  test("sign-in: 3 per 10 s per address, then 429 with X-Retry-After and the contract's body", async () => {
    for (let i = 0; i < 3; i++) assert.equal((await wrongSignIn(server)).status, 401);
    const limited = await wrongSignIn(server);
    assertLimited(limited);
    // Audited (once per key per minute) and counted.
    const events = await server.db.auditEvents({ event_type: "abuse.rate_limited" });
    assert.ok(events.length >= 1);
    assert.match(events[0].details, /sign-in/);
    const metrics = await request(`${server.origin}/metrics`);
    assert.match(metrics.text, /latchkey_abuse_decisions_total\{decision="rate_limited"\} [1-9]/);
  });

  // CVE-2023-36456 (docs/operations.md, "Abuse protection"): a client that is not a trusted proxy cannot pick its
  // own bucket with X-Forwarded-For or Forwarded.
  test("spoofed X-Forwarded-For / Forwarded from an untrusted peer change nothing", async () => {
    const other = await startServer({ name: "rate-limit-spoof", env: { LATCHKEY_RATE_LIMIT: "on" } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await wrongSignIn(other, {
          "x-forwarded-for": `203.0.113.${i + 1}`,
          forwarded: `for=198.51.100.${i + 1}`,
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      const events = await other.db.auditEvents({ event_type: "user.sign_in" });
      assert.ok(events.every((e) => e.client_address === "127.0.0.1"), "the socket address is what counts");
    } finally {
      await other.cleanup();
    }
  });

  // ASVS 2.2.1 (docs/operations.md, "Abuse protection"): parallel requests must not overrun the counter.
  test("twelve parallel sign-ins: exactly three get through", async () => {
    const other = await startServer({ name: "rate-limit-race", env: { LATCHKEY_RATE_LIMIT: "on" } });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => wrongSignIn(other)));
      const passed = results.filter((r) => r.status !== 429).length;
      assert.equal(passed, 3);
    } finally {
      await other.cleanup();
    }
  });

  test("the global budget (100 per 10 s per address) covers every route; get-session too", async () => {
    const other = await startServer({ name: "rate-limit-global", env: { LATCHKEY_RATE_LIMIT: "on", LATCHKEY_RATE_LIMIT_RULES: "*=5/10s" } });
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(`${other.baseURL}/get-session`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      // The global rule covers /api/auth only: /healthz never counts (see the ops test below).
      assert.equal((await request(`${other.origin}/healthz`)).status, 200);
    } finally {
      await other.cleanup();
    }
  });
});

// ASVS 5.0 V2.4.1 (issue 9): /readyz asks the database and /metrics renders every series, so a
// flood from one address must not run them freely. Each has its own bucket per address, 30 per
// 10 s: a scraper or probe polling every second fits with room to spare. /healthz is a constant
// answer and stays unlimited, so a liveness probe is never refused.
describe("operations endpoints under the rate limiter (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    // Clients named through the trusted proxy get fresh buckets, untouched by startup's probes.
    server = await startServer({ name: "rate-limit-ops", env: { LATCHKEY_RATE_LIMIT: "on", LATCHKEY_TRUSTED_PROXIES: "127.0.0.1" } });
  });
  after(() => server?.cleanup());

  for (const path of ["/metrics", "/readyz"]) {
    test(`${path}: 30 per 10 s per address, then 429 with Retry-After; other addresses unaffected`, async () => {
      const scraper = { "x-forwarded-for": `203.0.113.${path === "/metrics" ? 61 : 62}` };
      // 30 per 10 s: one more every 333 ms (GCRA).
      const burst = await sendUntilLimited(() => request(server.origin + path, { headers: scraper }), 60);
      assertWithinBurst(burst, 30, 10000 / 30);
      // Spelling variants share the bucket: no fresh burst of 30 for them.
      const variant = await sendUntilLimited(
        () => request(`${server.origin}${path.toUpperCase()}/`, { headers: scraper }), 30);
      assertWithinBurst(variant, 0, 10000 / 30);
      const neighbour = await request(server.origin + path, { headers: { "x-forwarded-for": "198.51.100.62" } });
      assert.equal(neighbour.status, 200);
      // Its own bucket: the flood did not spend the address's /api/auth budget.
      assert.equal((await request(`${server.baseURL}/get-session`, { headers: scraper })).status, 200);
    });
  }

  test("/healthz is never limited", async () => {
    const probe = { "x-forwarded-for": "203.0.113.63" };
    for (let i = 0; i < 120; i++) {
      assert.equal((await request(`${server.origin}/healthz`, { headers: probe })).status, 200, `request ${i + 1}`);
    }
  });
});

describe("rate limiting behind a trusted proxy (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "rate-limit-proxy",
      env: { LATCHKEY_RATE_LIMIT: "on", LATCHKEY_TRUSTED_PROXIES: "127.0.0.1", LATCHKEY_RATE_LIMIT_RULES: "/sign-in*=3/1s" },
    });
  });
  after(() => server?.cleanup());

  test("X-Forwarded-For from the trusted proxy names the client: separate buckets, audited address", async () => {
    for (let i = 0; i < 3; i++) await wrongSignIn(server, { "x-forwarded-for": "203.0.113.7" });
    assertLimited(await wrongSignIn(server, { "x-forwarded-for": "203.0.113.7" }));
    assert.equal((await wrongSignIn(server, { "x-forwarded-for": "203.0.113.8" })).status, 401);
    // Right to left: the client appended by our proxy is the rightmost untrusted hop.
    assertLimited(await wrongSignIn(server, { "x-forwarded-for": "10.9.9.9, 203.0.113.7" }));
    const events = await server.db.auditEvents({ event_type: "user.sign_in" });
    assert.ok(events.some((e) => e.client_address === "203.0.113.8"));
  });

  // IPv6 rotation (docs/operations.md, "Abuse protection"): one /64 is one client.
  test("IPv6 addresses rotating inside one /64 share a bucket; another /64 does not", async () => {
    await sleep(1100);
    const statuses = [];
    for (let i = 1; i <= 4; i++) {
      statuses.push((await wrongSignIn(server, { "x-forwarded-for": `2001:db8:1:2::${i.toString(16)}` })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    assert.equal((await wrongSignIn(server, { "x-forwarded-for": "2001:db8:1:3::1" })).status, 401);
  });

  test("the bucket resets after its window", async () => {
    await sleep(1100);
    // /sign-in*=3/1s: a burst of 3, one more every 333 ms.
    assertWithinBurst(await sendUntilLimited(() => wrongSignIn(server, { "x-forwarded-for": "198.51.100.77" }), 20), 3, 1000 / 3);
    await sleep(1100);
    const account = await signUp(server);
    assert.equal((await signIn(server, account.email, PASSWORD, {}, { "x-forwarded-for": "198.51.100.77" })).status, 200);
  });

  // Mail bombing one inbox from many addresses: a per-account budget (5 per hour) on top of
  // the per-address one; unknown e-mails count the same (no enumeration).
  test("request-password-reset: at most 5 per e-mail per hour, whatever the address", async () => {
    const email = uniqueEmail("bomb");
    const statuses = [];
    for (let i = 1; i <= 6; i++) {
      const res = await apiFor(server).post("/request-password-reset", {
        json: { email }, headers: { "x-forwarded-for": `192.0.2.${i}` },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const other = await apiFor(server).post("/request-password-reset", {
      json: { email: uniqueEmail("other") }, headers: { "x-forwarded-for": "192.0.2.99" },
    });
    assert.equal(other.status, 200);
  });

  test("garbage in X-Forwarded-For falls back to the proxy's own bucket, not a fresh one", async () => {
    await sleep(1100);
    let i = 0;
    const garbage = await sendUntilLimited(async () => {
      const res = await wrongSignIn(server, { "x-forwarded-for": `garbage-${i++}` });
      if (res.status !== 429) assert.equal(res.status, 401);
      return res;
    }, 20);
    // One shared bucket (the proxy's): a fresh bucket per garbage value would never refuse.
    assertWithinBurst(garbage, 3, 1000 / 3);
  });
});
