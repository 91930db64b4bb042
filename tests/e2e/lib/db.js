// Read-only look into latchkey's own database (its schema, not Better Auth's), through the
// sqlite3 and psql command-line clients. Every table and column name the suite relies on
// lives in this file.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import { POSTGRES_URL } from "./target.js";

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

/** SQL string literal. Values come from the tests themselves, never from a server. */
export function lit(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Lower-case hex SHA-256, as sessions.token_hash stores a session token. */
export function sha256Hex(text) {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * @param {string} databaseUrl  "sqlite:<file>" or "postgres://…"
 */
export function openDb(databaseUrl) {
  const engine = databaseUrl.startsWith("sqlite:") ? sqliteEngine(databaseUrl.slice("sqlite:".length)) : postgresEngine(databaseUrl);
  const one = async (sql) => (await engine.query(sql))[0];
  return {
    kind: engine.kind,
    /** Rows as plain objects. */
    query: engine.query,
    /** Runs a statement (test setup that no API can make, e.g. rows in an older format). */
    exec: engine.exec,
    /** Everything the database stores, as text (for "this secret is nowhere in the DB" checks). */
    contentText: engine.contentText,

    async countUsers() {
      return Number((await one(`SELECT COUNT(*) AS n FROM users`)).n);
    },
    async userByEmail(email) {
      return one(`SELECT id, email FROM users WHERE email = ${lit(email)}`);
    },
    /** The credential rows' password_hash values of one user. */
    async passwordHashes(userId) {
      const rows = await engine.query(
        `SELECT password_hash FROM accounts WHERE user_id = ${lit(userId)} AND password_hash IS NOT NULL`,
      );
      return rows.map((r) => r.password_hash);
    },
    /** token_hash of every session row of one user. */
    async sessionTokenHashes(userId) {
      const rows = await engine.query(`SELECT token_hash FROM sessions WHERE user_id = ${lit(userId)}`);
      return rows.map((r) => r.token_hash);
    },
    /** {id, name} of every API key a user owns. */
    async apiKeysOf(userId) {
      return engine.query(`SELECT id, name FROM api_keys WHERE reference_id = ${lit(userId)}`);
    },
    /** Makes a user an admin (the first admin of a deployment is made outside the API). */
    async makeAdmin(userId) {
      await engine.exec(`INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(userId)}, 'admin', 0)`);
    },
    /** The api_keys row of one key id (undefined once deleted). */
    async apiKeyRow(id) {
      return one(`SELECT * FROM api_keys WHERE id = ${lit(id)}`);
    },
    /**
     * Sets server-only columns of an api_keys row (remaining, refill_*, rate_limit_*,
     * expires_at, …): what Better Auth's server API would set. Only before the key's
     * first use: a used key may sit in latchkey's verified-key cache.
     */
    async setApiKeyColumns(id, columns) {
      const sets = Object.entries(columns).map(([k, v]) => `${k} = ${lit(v)}`);
      await engine.exec(`UPDATE api_keys SET ${sets.join(", ")} WHERE id = ${lit(id)}`);
    },
    /**
     * Every mail_outbox row with all its columns, oldest first. Bodies are text_body and
     * html_body (sealed while queued, '' once sent or dead), body_key_id names the sealing key.
     */
    async mailOutboxRows() {
      return engine.query(`SELECT * FROM mail_outbox ORDER BY created_at, id`);
    },
    /** audit_events rows, oldest first, optionally filtered by exact column values. */
    async auditEvents(where = {}) {
      const cond = Object.entries(where).map(([k, v]) => `${k} = ${lit(v)}`);
      return engine.query(
        `SELECT id, created_at, event_type, outcome, user_id, session_id, client_address, user_agent, request_id, details
           FROM audit_events ${cond.length ? "WHERE " + cond.join(" AND ") : ""} ORDER BY created_at, id`,
      );
    },
  };
}

function sqliteEngine(file) {
  return {
    kind: "sqlite",
    async query(sql) {
      const { stdout } = await run("sqlite3", ["-json", "-cmd", ".timeout 5000", file, sql], { maxBuffer: MAX_BUFFER });
      return stdout.trim() ? JSON.parse(stdout) : [];
    },
    async exec(sql) {
      await run("sqlite3", ["-cmd", ".timeout 5000", file, sql], { maxBuffer: MAX_BUFFER });
    },
    // The dump plus the raw bytes of the database and its WAL: a value that was ever
    // written may survive in a page or WAL frame after an UPDATE or DELETE.
    async contentText() {
      const { stdout } = await run("sqlite3", ["-cmd", ".timeout 5000", file, ".dump"], { maxBuffer: MAX_BUFFER });
      const raw = [file, `${file}-wal`, `${file}-journal`]
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f).toString("latin1"));
      return [stdout, ...raw].join("\n");
    },
  };
}

function postgresEngine(url) {
  return {
    kind: "postgres",
    async query(sql) {
      const wrapped = `SELECT COALESCE(json_agg(t), '[]'::json) FROM (${sql}) t`;
      const { stdout } = await run("psql", [url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", wrapped], { maxBuffer: MAX_BUFFER });
      return JSON.parse(stdout);
    },
    async exec(sql) {
      await run("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], { maxBuffer: MAX_BUFFER });
    },
    async contentText() {
      const { stdout } = await run("pg_dump", ["--data-only", url], { maxBuffer: MAX_BUFFER });
      return stdout;
    },
  };
}

function adminUrl() {
  if (!POSTGRES_URL) throw new Error("LK_TEST_POSTGRES_URL is not set");
  const u = new URL(POSTGRES_URL);
  u.pathname = "/postgres";
  return u.toString();
}

/** Creates an empty database on the LK_TEST_POSTGRES_URL server; returns its name. */
export async function createPostgresDatabase(label) {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 30);
  const name = `lke2e_${slug}_${crypto.randomBytes(4).toString("hex")}`;
  await run("psql", [adminUrl(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `CREATE DATABASE "${name}"`]);
  return name;
}

export async function dropPostgresDatabase(name) {
  await run("psql", [adminUrl(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
}
