// PostgreSQL restarted under running nodes (docs/deploy.md, "What each part's loss means";
// docs/runbooks/database.md): requests in flight and during the gap get 503 + Retry-After
// with a JSON error, never a 500 or a half-written row; the pool and the change feed's
// listener reconnect by themselves (no node restart); and a revocation announced while a
// node's listener was down is not missed: every cache fed by the change feed is dropped on
// resubscribe and the node's WebSockets are re-checked.
// Runs in the PostgreSQL run on a PRIVATE server (scripts/test-postgres.sh with its own port
// and directory), so stopping it never disturbs the shared test server.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { lit, openDb } from "../lib/db.js";
import { apiFor, request } from "../lib/http.js";
import { connect, SESSION_ENDED } from "../lib/websocket.js";
import { freePort, makeSecret, makeTempDir, startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY, REPO_DIR } from "../lib/target.js";

const run = promisify(execFile);
const SKIP = LATCHKEY_ONLY || (BACKEND !== "postgres" && "needs the PostgreSQL run");

/** A private PostgreSQL in its own directory on its own port. */
async function privatePostgres() {
  const dir = makeTempDir("pg-private");
  const env = { ...process.env, LK_PG_PORT: String(await freePort()), LK_PG_DIR: dir };
  const script = path.join(REPO_DIR, "scripts/test-postgres.sh");
  const pg = {
    url: "",
    async start() {
      const { stdout } = await run(script, ["start"], { env });
      pg.url = stdout.trim().split("\n").pop();
    },
    stop: () => run(script, ["stop"], { env }),  // pg_ctl stop -m fast
    async destroy() {
      await run(script, ["destroy"], { env }).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

/** A node on `databaseUrl` with its own temp dir; `secret` shared by the nodes of a pair. */
function startNode(name, databaseUrl, secret) {
  return startServer({ name, reuse: { dir: makeTempDir(name), secret, databaseUrl } });
}

/** The clean failure of a request the database could not serve. */
function assertUnavailable(res, what) {
  assert.equal(res.status, 503, `${what}: ${res.status} ${res.text}`);
  assert.ok(Number(res.headers["retry-after"]) >= 1, `${what}: Retry-After`);
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  assert.equal(res.json?.code, "SERVICE_UNAVAILABLE", `${what}: ${res.text}`);
}

async function waitFor(what, probe, ms) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe()) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`${what} not within ${ms} ms`);
}

describe("PostgreSQL restarted under running nodes", { skip: SKIP }, () => {
  let pg;
  before(async () => {
    pg = await privatePostgres();
  });
  after(async () => pg?.destroy());

  test("in flight and during the gap: 503 + Retry-After, nothing half-written; then normal service without a node restart", async (t) => {
    const node = await startNode("pg-restart", pg.url, makeSecret());
    const db = openDb(pg.url);
    try {
      const account = await signUp(node);
      assert.equal((await getSession(node, account.cookie)).json?.user?.id, account.user.id);

      // Sign-ups (a user, its credential and a session in one transaction) sent every 25 ms
      // from just before the server shuts down until a little after: each one either committed
      // (200) or failed cleanly (503).
      const emails = [];
      const inflight = [];
      let stopped = false;
      const sender = (async () => {
        for (let after = 0; after < 10; after += stopped ? 1 : 0) {
          const email = uniqueEmail("inflight");
          emails.push(email);
          inflight.push(apiFor(node).post("/sign-up/email", { json: { name: "In Flight", email, password: PASSWORD } }));
          await sleep(25);
        }
      })();
      await sleep(100);
      await pg.stop();
      stopped = true;
      await sender;
      const answers = await Promise.all(inflight);
      for (const [i, res] of answers.entries()) {
        if (res.status !== 200) assertUnavailable(res, `sign-up ${i} in flight`);
      }
      assert.ok(answers.some((res) => res.status === 503), "some sign-ups met the stopped server");

      // The gap: reads, writes and sign-in all refuse cleanly; the node says it is not ready.
      assertUnavailable(await getSession(node, account.cookie), "get-session");
      assertUnavailable(
        await apiFor(node).post("/update-user", { json: { name: "During The Gap" }, headers: { cookie: account.cookie } }),
        "update-user");
      assertUnavailable(await signIn(node, account.email), "sign-in");
      const notReady = await request(`${node.origin}/readyz`);
      assert.equal(notReady.status, 503);
      assert.ok(Number(notReady.headers["retry-after"]) >= 1);

      const restarted = Date.now();
      await pg.start();
      const back = await waitFor("get-session after the restart",
        async () => (await getSession(node, account.cookie)).json?.user?.id === account.user.id, 15000);
      t.diagnostic(`service back ${back} ms after PostgreSQL answered (${Date.now() - restarted} ms since start)`);
      assert.equal(JSON.parse((await request(`${node.origin}/readyz`)).text).status, "ready");
      const renamed = await apiFor(node).post("/update-user", { json: { name: "After" }, headers: { cookie: account.cookie } });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal((await signIn(node, account.email)).status, 200);
      assert.equal(node.child.exitCode, null, "the node kept running");

      // Nothing half-written: every acknowledged sign-up is whole, and no user lacks its credential.
      const whole = new Set((await db.query(`SELECT u.email FROM users u JOIN accounts a ON a.user_id = u.id
        JOIN sessions s ON s.user_id = u.id WHERE u.email IN (${emails.map(lit).join(", ")})`)).map((r) => r.email));
      for (const [i, res] of answers.entries()) {
        if (res.status === 200) assert.ok(whole.has(emails[i]), `acknowledged sign-up ${i} is whole in the database`);
      }
      const orphans = await db.query(
        "SELECT id FROM users u WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id)");
      assert.deepEqual(orphans, []);
      const committed = answers.filter((r) => r.status === 200).length;
      t.diagnostic(`sign-ups around the stop: ${committed} committed, ${answers.length - committed} refused with 503`);
      assert.doesNotMatch(node.logText(), /"status":500/);
    } finally {
      await node.cleanup();
    }
  });

  // ASVS 3.3.1 across nodes: a revocation node B did not hear (its listener was down) is
  // still honoured once B listens again, by its session cache and by its open WebSockets.
  test("a session revoked on node A while node B's listener is down is refused by B after it reconnects", async (t) => {
    await openDb(pg.url).exec("CREATE DATABASE listener_test");
    const url = new URL(pg.url);
    url.pathname = "/listener_test";
    const db = openDb(url.toString());
    // Node B logs in as its own role, so the test can cut B's listener alone: NOLOGIN keeps
    // it from reconnecting while B's pooled connections keep working.
    await db.exec("DROP ROLE IF EXISTS latchkey_node_b; CREATE ROLE latchkey_node_b LOGIN SUPERUSER");
    const urlB = new URL(url);
    urlB.username = "latchkey_node_b";
    const secret = makeSecret();
    const a = await startNode("pg-listen-a", url.toString(), secret);
    let b;
    try {
      b = await startNode("pg-listen-b", urlB.toString(), secret);
      const account = await signUp(a);
      const second = await signIn(a, account.email);
      assert.equal(second.status, 200);
      const cookie2 = `${second.cookie("better-auth.session_token").name}=${second.cookie("better-auth.session_token").value}`;
      const socket = await connect(b, { cookie: cookie2 });
      await socket.next("ready");
      for (let i = 0; i < 3; i++) assert.equal((await getSession(b, account.cookie)).json?.user?.id, account.user.id);

      const listenerB = "SELECT pid FROM pg_stat_activity WHERE usename = 'latchkey_node_b' AND application_name = 'latchkey-listener'";
      await db.exec("ALTER ROLE latchkey_node_b NOLOGIN");
      await db.query(`SELECT pg_terminate_backend(pid) FROM (${listenerB}) l`);
      await sleep(300);
      assert.deepEqual(await db.query(listenerB), [], "node B's listener is down");

      // Both sessions end on node A; node B hears nothing of it.
      for (const cookie of [account.cookie, cookie2]) {
        assert.equal((await apiFor(a).post("/sign-out", { json: {}, headers: { cookie } })).status, 200);
      }
      // Meanwhile B's cache serves nothing (it cannot know what it missed): never the session.
      const during = await getSession(b, account.cookie);
      assert.ok(during.text === "null" || during.status === 503, `B served a revoked session: ${during.text}`);

      await db.exec("ALTER ROLE latchkey_node_b LOGIN");
      const allowed = Date.now();
      const relisten = await waitFor("node B's listener back", async () => (await db.query(listenerB)).length === 1, 10000);
      const closed = await Promise.race([socket.closed, sleep(5000).then(() => null)]);
      assert.ok(closed, "B's socket of the revoked session stayed open after B listened again");
      assert.equal(closed.code, SESSION_ENDED);
      t.diagnostic(`listener back ${relisten} ms after login was allowed; socket closed ${closed.at - allowed} ms after`);
      assert.equal((await getSession(b, account.cookie)).text, "null");
      // And B's cache works again for sessions that are alive.
      const fresh = await signIn(a, account.email);
      const freshCookie = `better-auth.session_token=${fresh.cookie("better-auth.session_token").value}`;
      assert.equal((await getSession(b, freshCookie)).json?.user?.id, account.user.id);
    } finally {
      await b?.cleanup();
      await a.cleanup();
    }
  });
});
