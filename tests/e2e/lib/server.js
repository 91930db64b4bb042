// Starts the server under test. On the latchkey target each call spawns the real binary
// with its own port, temp dir, log file and fresh database; on the peer target it returns
// a handle on the already-running Better Auth peer (nothing is started or stopped).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "./http.js";
import { openDb, createPostgresDatabase, dropPostgresDatabase } from "./db.js";
import { BACKEND, IS_PEER, KEEP, LATCHKEY_BIN, PEER_SECRET, POSTGRES_URL } from "./target.js";

// Cheap Argon2id so sign-ups take milliseconds (production defaults are far higher).
export const TEST_ARGON2 = { memoryKib: 1024, iterations: 1 };
// An extra trusted origin, as an app served from another port would be (docs/api.md, "Everywhere").
export const EXTRA_TRUSTED_ORIGIN = "http://localhost:5173";

const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A free loopback port: listen on 0, read it, close. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function makeSecret() {
  return `e2e-secret-${crypto.randomBytes(24).toString("hex")}`; // 59 chars
}

/** A temp dir for one server; removed by cleanup() unless LK_E2E_KEEP=1. */
export function makeTempDir(label = "server") {
  return fs.mkdtempSync(path.join(os.tmpdir(), `latchkey-e2e-${label}-`));
}

/**
 * A fresh, empty database for the current backend: a file in `dir` for SQLite, a new
 * database on the LK_TEST_POSTGRES_URL server for PostgreSQL (pgDatabase = its name).
 */
export async function newDatabase(name, dir) {
  if (BACKEND !== "postgres") return { databaseUrl: `sqlite:${path.join(dir, "auth.db")}`, pgDatabase: undefined };
  const pgDatabase = await createPostgresDatabase(name);
  const u = new URL(POSTGRES_URL);
  u.pathname = "/" + pgDatabase;
  return { databaseUrl: u.toString(), pgDatabase };
}

/**
 * Starts a server for one test file (or one test).
 * @param {object} [opts]
 * @param {string} [opts.name]    label used in temp dir and postgres database names
 * @param {object} [opts.env]     extra/overriding LATCHKEY_* variables
 * @param {object} [opts.argon2]  {memoryKib, iterations}
 * @param {object} [opts.reuse]   a stopped Server whose database, secret and dir to reuse (restart)
 * @returns {Promise<Server>}
 */
export async function startServer(opts = {}) {
  if (IS_PEER) return peerServer();
  return startLatchkey(opts);
}

function peerServer() {
  const raw = (process.env.LK_E2E_BASE_URL || "http://127.0.0.1:3100").replace(/\/+$/, "");
  const url = new URL(raw);
  const basePath = url.pathname && url.pathname !== "/" ? url.pathname : "/api/auth";
  return {
    kind: "peer",
    origin: url.origin,
    baseURL: url.origin + basePath,
    secret: PEER_SECRET,
    db: null,
    logText: () => "",
    defaultHeaders() {
      return { origin: url.origin, "user-agent": "latchkey-e2e" };
    },
    async stop() {
      return { code: 0, signal: null };
    },
    async cleanup() {},
  };
}

async function startLatchkey(opts) {
  if (!fs.existsSync(LATCHKEY_BIN)) {
    throw new Error(`latchkey binary not found at ${LATCHKEY_BIN}: build it first or set LATCHKEY_BIN`);
  }
  const reuse = opts.reuse;
  const name = opts.name || "server";
  const dir = reuse?.dir ?? makeTempDir(name);
  const secret = opts.env?.LATCHKEY_SECRET ?? reuse?.secret ?? makeSecret();
  const { databaseUrl, pgDatabase } = reuse ?? (await newDatabase(name, dir));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Without SMTP, latchkey writes each mail as an .eml file here (one dir per server).
  const mailDir = path.join(dir, `mail-${port}`);
  const env = latchkeyEnv({
    port, databaseUrl, secret, argon2: opts.argon2, extra: { LATCHKEY_MAIL_DIR: mailDir, ...opts.env },
  });
  const logPath = path.join(dir, `server-${port}.log`);
  const logFd = fs.openSync(logPath, "a");
  const child = spawn(LATCHKEY_BIN, ["serve"], { env, stdio: ["ignore", logFd, logFd] });
  fs.closeSync(logFd);
  running.add(child);
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const server = {
    kind: "latchkey",
    origin,
    baseURL: `${origin}/api/auth`,
    port,
    secret,
    dir,
    logPath,
    mailDir,
    databaseUrl,
    pgDatabase,
    child,
    exited,
    db: openDb(databaseUrl),
    logText: () => fs.readFileSync(logPath, "utf8"),
    defaultHeaders() {
      return { origin, "user-agent": "latchkey-e2e" };
    },
    /** SIGTERM, then waits for exit (SIGKILL after timeoutMs). Resolves {code, signal}. */
    async stop(timeoutMs = 15000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    /** Stops the server if needed and removes its temp dir and postgres database. */
    async cleanup() {
      await server.stop();
      if (KEEP) return;
      fs.rmSync(dir, { recursive: true, force: true });
      if (pgDatabase) await dropPostgresDatabase(pgDatabase);
    },
  };

  try {
    await waitReady(server);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    const tail = fs.readFileSync(logPath, "utf8").split("\n").slice(-30).join("\n");
    throw new Error(`${err.message}\n--- ${logPath} (tail) ---\n${tail}`);
  }
  return server;
}

/**
 * The environment `latchkey serve` gets in tests. `secret: undefined` leaves LATCHKEY_SECRET
 * out; `extra` overrides or adds variables (a value of undefined removes one).
 */
export function latchkeyEnv({ port, databaseUrl, secret, argon2, extra = {} }) {
  const cost = { ...TEST_ARGON2, ...argon2 };
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LATCHKEY_HOST: "127.0.0.1",
    LATCHKEY_PORT: String(port),
    LATCHKEY_DATABASE_URL: databaseUrl,
    LATCHKEY_SECRET: secret,
    LATCHKEY_BASE_URL: `http://127.0.0.1:${port}`,
    LATCHKEY_TRUSTED_ORIGINS: EXTRA_TRUSTED_ORIGIN,
    LATCHKEY_LOG_FORMAT: "json",
    LATCHKEY_ARGON2_MEMORY_KIB: String(cost.memoryKib),
    LATCHKEY_ARGON2_ITERATIONS: String(cost.iterations),
    LATCHKEY_RATE_LIMIT: "off",
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

async function waitReady(server, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (const probe of ["/healthz", "/readyz"]) {
    for (;;) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        throw new Error(`latchkey exited during startup (code ${server.child.exitCode}, signal ${server.child.signalCode})`);
      }
      const res = await request(server.origin + probe, { timeoutMs: 2000 }).catch(() => null);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`latchkey not ready: ${probe} never answered 200`);
      await sleep(50);
    }
  }
}

/**
 * Runs the latchkey binary to completion (CLI commands, failing startups) with exactly `env`.
 * @returns {Promise<{code: number|null, signal: string|null, stdout: string, stderr: string, ms: number}>}
 */
export function runLatchkey(args, env, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(LATCHKEY_BIN, args, { env });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
