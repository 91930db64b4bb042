// latchkey as a process: configuration errors, config check, health, restart, graceful stop.
// All latchkey-only: the peer is not started by the suite.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { LATCHKEY_ONLY, KEEP } from "../lib/target.js";
import { dropPostgresDatabase } from "../lib/db.js";
import {
  freePort, latchkeyEnv, makeSecret, makeTempDir, newDatabase, runLatchkey, startServer,
} from "../lib/server.js";

describe("configuration", { skip: LATCHKEY_ONLY }, () => {
  let dir;
  let db;
  let port;
  before(async () => {
    dir = makeTempDir("config");
    db = await newDatabase("config", dir);
    port = await freePort();
  });
  after(async () => {
    if (KEEP) return;
    fs.rmSync(dir, { recursive: true, force: true });
    if (db.pgDatabase) await dropPostgresDatabase(db.pgDatabase);
  });
  const env = (secret, extra) => latchkeyEnv({ port, databaseUrl: db.databaseUrl, secret, extra });

  // No built-in default secret: Better Auth refuses its own default in production; we refuse to
  // start (docs/operations.md, "Secrets").
  test("serve without LATCHKEY_SECRET exits non-zero at once and says how to make one", async () => {
    const r = await runLatchkey(["serve"], env(undefined));
    assert.notEqual(r.code, 0, `exit code ${r.code}, signal ${r.signal}`);
    assert.notEqual(r.code, null, "exited by itself (not killed after the timeout)");
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    assert.match(r.stderr, /LATCHKEY_SECRET/);
    assert.match(r.stderr, /openssl rand/);
  });

  test("serve with a 31-byte secret exits non-zero, naming the variable and the minimum", async () => {
    const short = "s".repeat(31);
    const r = await runLatchkey(["serve"], env(short));
    assert.notEqual(r.code, 0);
    assert.notEqual(r.code, null);
    assert.match(r.stderr, /LATCHKEY_SECRET/);
    assert.match(r.stderr, /32/);
    assert.ok(!r.stdout.includes(short) && !r.stderr.includes(short), "the secret is not echoed");
  });

  // ASVS 7.1.1 (docs/operations.md, "Logs"): secrets are never printed.
  test("config check prints the configuration with the secret redacted", async () => {
    const secret = makeSecret();
    const r = await runLatchkey(["config", "check"], env(secret));
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.ok(out.includes(String(port)), "the port is in the printed configuration");
    assert.ok(!out.includes(secret), "the secret never appears");
    assert.ok(!out.includes(secret.slice(0, 16)), "not even a prefix of it");
  });

  test("config check accepts a secret of exactly 32 bytes", async () => {
    const r = await runLatchkey(["config", "check"], env("k".repeat(32)));
    assert.equal(r.code, 0, r.stderr);
  });

  test("config check exits non-zero on an invalid port, naming it", async () => {
    for (const bad of ["70000", "http", "-1"]) {
      const r = await runLatchkey(["config", "check"], env(makeSecret(), { LATCHKEY_PORT: bad }));
      assert.notEqual(r.code, 0, `LATCHKEY_PORT=${bad}`);
      assert.notEqual(r.code, null);
      assert.match(r.stdout + r.stderr, /port/i);
    }
  });
});

describe("health", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "health" });
  });
  after(() => server?.cleanup());

  // ASVS 8.1.x / docs/operations.md, "What the database holds": the SQLite files hold password
  // and token hashes: owner-only.
  test("the SQLite database files are readable by their owner only", async () => {
    if (!server.databaseUrl.startsWith("sqlite:")) return; // PostgreSQL: the server owns its files
    const file = server.databaseUrl.slice("sqlite:".length);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      if (!fs.existsSync(f)) continue;
      assert.equal(fs.statSync(f).mode & 0o777, 0o600, `${f} mode`);
    }
    assert.ok(fs.existsSync(file));
  });

  test("/healthz and /readyz answer 200", async () => {
    assert.equal((await request(`${server.origin}/healthz`)).status, 200);
    assert.equal((await request(`${server.origin}/readyz`)).status, 200);
  });

  test("every log line is one JSON object (LATCHKEY_LOG_FORMAT=json)", async () => {
    await request(`${server.baseURL}/ok`);
    const lines = server.logText().split("\n").filter((l) => l.trim());
    assert.ok(lines.length > 0, "the server logs something");
    for (const line of lines) {
      const parsed = JSON.parse(line);
      assert.equal(typeof parsed, "object");
    }
  });

  test("SIGTERM on an idle server → exit code 0, port closed", async () => {
    const result = await server.stop();
    assert.deepEqual(result, { code: 0, signal: null });
    await assert.rejects(request(`${server.origin}/healthz`, { timeoutMs: 2000 }));
  });
});

describe("restart", { skip: LATCHKEY_ONLY }, () => {
  test("a session survives a restart on the same database and secret", async () => {
    const first = await startServer({ name: "restart" });
    let second;
    try {
      const account = await signUp(first);
      assert.equal((await first.stop()).code, 0);
      second = await startServer({ name: "restart", reuse: first });
      const res = await getSession(second, account.cookie);
      assert.equal(res.json?.user?.id, account.user.id, res.text);
      assert.equal((await signIn(second, account.email, PASSWORD)).status, 200, "the credential persisted");
    } finally {
      await first.stop();
      await (second ?? first).cleanup();
    }
  });

  // ASVS 3.5.3: cookies are bound to the secret; rotating it (without a keyring) logs everyone out.
  test("after a restart with another secret, old cookies are no longer sessions", async () => {
    const first = await startServer({ name: "rekey" });
    let second;
    try {
      const account = await signUp(first);
      await first.stop();
      second = await startServer({ name: "rekey", reuse: first, env: { LATCHKEY_SECRET: makeSecret() } });
      assert.equal((await getSession(second, account.cookie)).text, "null");
    } finally {
      await first.stop();
      await (second ?? first).cleanup();
    }
  });
});

describe("password-hash upgrade", { skip: LATCHKEY_ONLY }, () => {
  // ASVS 2.4.1 / docs/operations.md, "Sizing": a hash made with older parameters is
  // re-made with the current ones on the next successful sign-in.
  test("raising the Argon2 cost upgrades the stored hash at the next sign-in, not before", async () => {
    const first = await startServer({ name: "rehash", argon2: { memoryKib: 1024, iterations: 1 } });
    let second;
    try {
      const account = await signUp(first);
      const [before] = await first.db.passwordHashes(account.user.id);
      assert.ok(before.startsWith("$argon2id$v=19$m=1024,t=1,"), before.slice(0, 32));
      await first.stop();
      second = await startServer({ name: "rehash", reuse: first, argon2: { memoryKib: 2048, iterations: 2 } });
      assert.equal((await signIn(second, account.email, "wrong password!")).status, 401);
      const [afterFailure] = await second.db.passwordHashes(account.user.id);
      assert.equal(afterFailure, before, "a failed sign-in must not touch the hash");
      assert.equal((await signIn(second, account.email, PASSWORD)).status, 200);
      const [after] = await second.db.passwordHashes(account.user.id);
      assert.ok(after.startsWith("$argon2id$v=19$m=2048,t=2,"), after.slice(0, 32));
      assert.equal((await signIn(second, account.email, PASSWORD)).status, 200, "the new hash verifies");
    } finally {
      await first.stop();
      await (second ?? first).cleanup();
    }
  });
});

describe("graceful shutdown", { skip: LATCHKEY_ONLY }, () => {
  test("a second SIGTERM while shutting down does not kill the process", async () => {
    const server = await startServer({ name: "sigterm-twice" });
    try {
      server.child.kill("SIGTERM");
      server.child.kill("SIGTERM");
      await sleep(5);
      server.child.kill("SIGTERM");
      const exit = await Promise.race([server.exited, sleep(30_000).then(() => "still running")]);
      assert.deepEqual(exit, { code: 0, signal: null });
    } finally {
      await server.cleanup();
    }
  });

  test("SIGTERM during a sign-in lets it finish with 200, then exits 0", async () => {
    // Expensive Argon2id so the sign-in is still hashing when the signal arrives.
    const server = await startServer({ name: "sigterm", argon2: { memoryKib: 262144, iterations: 4 } });
    try {
      const account = await signUp(server);
      const started = Date.now();
      const inFlight = signIn(server, account.email).then((res) => ({ res, at: Date.now() }));
      await sleep(100);
      const signalledAt = Date.now();
      server.child.kill("SIGTERM");
      const { res, at } = await inFlight;
      assert.ok(at > signalledAt, `the sign-in was still in flight at SIGTERM (${at - started} ms)`);
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json?.token, "a session was issued");
      // One signal is enough: wait for the exit it started (a supervisor sends
      // SIGTERM once; a second one is tested separately below).
      const exit = await Promise.race([server.exited, sleep(30_000).then(() => "still running")]);
      assert.deepEqual(exit, { code: 0, signal: null });
    } finally {
      await server.cleanup();
    }
  });
});
