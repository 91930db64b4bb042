// `latchkey user …` and the first admin (docs/operations.md "Users from the
// command line", "The first admin"): the real binary on the database of a
// running server (SQLite file or PostgreSQL database), then that server's
// HTTP API with what the command made. Bad input: one line on stderr and a
// non-zero exit. Every change is one audit event with the CLI as actor.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { lit } from "../lib/db.js";
import { PASSWORD, getSession, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { freePort, latchkeyEnv, runLatchkey, startServer } from "../lib/server.js";
import { LATCHKEY_BIN, LATCHKEY_ONLY } from "../lib/target.js";

const NEW_PASSWORD = "a different passphrase 42";

function cliEnv(server, extra = {}) {
  return latchkeyEnv({ port: 0, databaseUrl: server.databaseUrl, secret: server.secret, extra });
}

async function cli(server, args, extra) {
  return runLatchkey(["user", ...args], cliEnv(server, extra), 30000);
}

function assertOk(res) {
  assert.equal(res.code, 0, `exit ${res.code}: ${res.stderr}`);
}

function assertRefused(res, pattern) {
  assert.notEqual(res.code, 0, `expected a refusal, got exit 0: ${res.stderr}`);
  const lines = res.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${res.stderr}`);
  assert.match(lines[0], pattern);
  assert.equal(res.stdout, "");
}

async function sessionCookie(server, email, password) {
  const res = await signIn(server, email, password);
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie("better-auth.session_token");
  return `${cookie.name}=${cookie.value}`;
}

async function listed(server, email) {
  const res = await cli(server, ["list", "--json", "--search", email]);
  assertOk(res);
  return res.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

describe("latchkey user, beside a running server", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "cli-user" });
  });
  after(() => server?.cleanup());

  test("create signs in through the server; --admin promotes (password set) and the admin routes answer", async () => {
    const email = uniqueEmail("cli");
    assertOk(await cli(server, ["create", "--email", email, "--password", PASSWORD, "--name", "Cli User"]));
    const plain = await sessionCookie(server, email, PASSWORD);
    assert.equal((await apiFor(server).get("/admin/list-users", { headers: { cookie: plain } })).status, 403);

    assertOk(await cli(server, ["create", "--email", email, "--password", NEW_PASSWORD, "--admin"]));
    assert.equal((await signIn(server, email, PASSWORD)).status, 401, "the old password is gone");
    const cookie = await sessionCookie(server, email, NEW_PASSWORD);
    const users = await apiFor(server).get(`/admin/list-users?searchValue=${encodeURIComponent(email)}`, {
      headers: { cookie },
    });
    assert.equal(users.status, 200, users.text);
    assert.equal(users.json.users[0].role, "admin");
    assert.equal(users.json.users[0].name, "Cli User");

    // One event per change; the actor is the CLI (user_id NULL, via "cli").
    const id = (await server.db.userByEmail(email)).id;
    const events = await server.db.query(
      `SELECT event_type, user_id, client_address, details FROM audit_events WHERE target_user_id = ${lit(id)} ORDER BY created_at`,
    );
    assert.deepEqual(events.map((e) => e.event_type), ["admin.create_user", "admin.set_role"]);
    for (const e of events) {
      assert.equal(e.user_id, null);
      assert.equal(e.client_address, "cli");
      assert.equal(JSON.parse(e.details).via, "cli");
    }
  });

  test("--password - reads the password from stdin (kept out of the process list)", async () => {
    const email = uniqueEmail("cli-stdin");
    const res = spawnSync(LATCHKEY_BIN, ["user", "create", "--email", email, "--password", "-", "--name", "S"], {
      env: cliEnv(server),
      input: `${PASSWORD}\n`,
      encoding: "utf8",
      timeout: 30000,
    });
    assert.equal(res.status, 0, res.stderr);
    assert.equal((await signIn(server, email, PASSWORD)).status, 200);
  });

  test("the hash uses the configured parameters (the server's hasher)", async () => {
    const email = uniqueEmail("cli-hash");
    assertOk(await cli(server, ["create", "--email", email, "--password", PASSWORD, "--name", "H"]));
    const [hash] = await server.db.passwordHashes((await server.db.userByEmail(email)).id);
    assert.match(hash, /^\$argon2id\$v=19\$m=1024,t=1,p=\d+\$/);
  });

  test("bad input: one line on stderr, non-zero exit, nothing written", async () => {
    const taken = uniqueEmail("cli-taken");
    assertOk(await cli(server, ["create", "--email", taken, "--password", PASSWORD, "--name", "T"]));
    const before = await server.db.countUsers();
    const cases = [
      [["create", "--email", uniqueEmail(), "--name", "X"], /--password is required/],
      [["create", "--password", PASSWORD, "--name", "X"], /--email is required/],
      [["create", "--email", "not-an-email", "--password", PASSWORD, "--name", "X"], /not a valid e-mail/],
      [["create", "--email", uniqueEmail(), "--password", "short", "--name", "X"], /PASSWORD_TOO_SHORT/],
      [["create", "--email", uniqueEmail(), "--password", "password123", "--name", "X"], /PASSWORD_TOO_COMMON/],
      [["create", "--email", uniqueEmail(), "--password", PASSWORD], /--name is required/],
      [["create", "--email", taken, "--password", PASSWORD, "--name", "X"], /exists \(--admin promotes it\)/],
      [["set-role", "--email", taken, "--role", "emperor"], /unknown role: emperor/],
      [["ban", "--email", uniqueEmail(), "--reason", "x"], /no user with this e-mail/],
      [["ban", "--email", taken, "--expires-in", "-5"], /expires-in/],
      [["unban"], /--email is required/],
      [["frobnicate"], /subcommand is required/],
    ];
    for (const [args, pattern] of cases) assertRefused(await cli(server, args), pattern);
    assert.equal(await server.db.countUsers(), before);
  });

  test("list: a table, or JSON lines with id, email, name, role, banned, verified, created", async () => {
    const email = uniqueEmail("cli-list");
    assertOk(await cli(server, ["create", "--email", email, "--password", PASSWORD, "--name", "Lister", "--verified"]));
    const [row] = await listed(server, email);
    assert.equal(row.email, email);
    assert.equal(row.name, "Lister");
    assert.equal(row.role, "user");
    assert.equal(row.banned, false);
    assert.equal(row.verified, true);
    assert.match(row.created, /^\d{4}-\d{2}-\d{2}T/);
    assert.match(row.id, /^[A-Za-z0-9]{32}$/);
    const table = await cli(server, ["list", "--search", email]);
    assertOk(table);
    const lines = table.stdout.trim().split("\n");
    assert.match(lines[0], /^id\s+email\s+name\s+role\s+banned\s+verified\s+created$/);
    assert.equal(lines.length, 2);
    const limited = await cli(server, ["list", "--json", "--limit", "1"]);
    assert.equal(limited.stdout.trim().split("\n").length, 1);
  });

  test("set-role, ban (every session dies, sign-in refused), unban, delete (hooks, cascade)", async () => {
    const account = await signUp(server);
    assertOk(await cli(server, ["set-role", "--email", account.email, "--role", "support,billing_admin"]));
    assert.equal((await listed(server, account.email))[0].role, "support,billing_admin");

    assertOk(await cli(server, ["ban", "--email", account.email, "--reason", "spam", "--expires-in", "3600"]));
    assert.deepEqual(await server.db.sessionTokenHashes(account.user.id), [], "every session row is gone");
    // The change feed reaches the running server's session cache within a
    // second: PostgreSQL by NOTIFY, SQLite by the recorded announcements it polls.
    const deadline = Date.now() + 1000;
    let session = await getSession(server, account.cookie);
    while (session.text !== "null" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      session = await getSession(server, account.cookie);
    }
    assert.equal(session.text, "null", "the cached session died within a second");
    const refused = await signIn(server, account.email);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "BANNED_USER");
    assert.equal((await listed(server, account.email))[0].banned, true);

    assertOk(await cli(server, ["unban", "--email", account.email]));
    assert.equal((await signIn(server, account.email)).status, 200);

    assertOk(await cli(server, ["delete", "--email", account.email]));
    assert.equal(await server.db.userByEmail(account.email), undefined);
    assert.equal((await signIn(server, account.email)).status, 401);
    const events = await server.db.query(
      `SELECT event_type FROM audit_events WHERE target_user_id = ${lit(account.user.id)} AND user_id IS NULL ORDER BY created_at`,
    );
    assert.deepEqual(
      events.map((e) => e.event_type),
      ["admin.set_role", "admin.ban", "admin.unban", "admin.remove_user"],
    );
  });
});

describe("the first admin (admin_email, admin_password)", { skip: LATCHKEY_ONLY }, () => {
  const email = uniqueEmail("root");
  const password = "first admin passphrase 9";
  const env = { LATCHKEY_ADMIN_EMAIL: email, LATCHKEY_ADMIN_PASSWORD: password };
  let server;
  after(() => server?.cleanup());

  test("created once at start (verified, admin), warned about until its password changes", async () => {
    server = await startServer({ name: "first-admin", env });
    assert.match(server.logText(), /first admin created/);
    assert.match(server.logText(), /still admin_password/);
    const cookie = await sessionCookie(server, email, password);
    const users = await apiFor(server).get(`/admin/list-users?searchValue=${encodeURIComponent(email)}`, {
      headers: { cookie },
    });
    assert.equal(users.status, 200, users.text);
    assert.equal(users.json.users[0].role, "admin");
    assert.equal(users.json.users[0].emailVerified, true);
    assert.ok(!server.logText().includes(password), "the password is never logged");

    // The last admin keeps the role and the account, from the CLI too.
    assertRefused(await cli(server, ["set-role", "--email", email, "--role", "user"]), /last admin/);
    assertRefused(await cli(server, ["delete", "--email", email]), /last admin/);

    // Restart: not created twice, still warned about.
    await server.stop();
    server = await startServer({ name: "first-admin", env, reuse: server });
    assert.doesNotMatch(server.logText(), /first admin created/);
    assert.match(server.logText(), /still admin_password/);
    const rows = await server.db.query(`SELECT id FROM users WHERE email = ${lit(email)}`);
    assert.equal(rows.length, 1);

    // Once changed, the warning stops.
    const changed = await apiFor(server).post("/change-password", {
      json: { currentPassword: password, newPassword: NEW_PASSWORD },
      headers: { cookie: await sessionCookie(server, email, password) },
    });
    assert.equal(changed.status, 200, changed.text);
    await server.stop();
    server = await startServer({ name: "first-admin", env, reuse: server });
    assert.doesNotMatch(server.logText(), /still admin_password/);
  });

  test("an existing non-admin user with that e-mail is not promoted; a weak password refuses to start", async () => {
    const other = await startServer({ name: "first-admin-taken" });
    try {
      const account = await signUp(other);
      await other.stop();
      const taken = { LATCHKEY_ADMIN_EMAIL: account.email, LATCHKEY_ADMIN_PASSWORD: password };
      const restarted = await startServer({ name: "first-admin-taken", env: taken, reuse: other });
      assert.match(restarted.logText(), /first admin not created/);
      assert.equal((await listed(restarted, account.email))[0].role, "user");
      assert.equal((await signIn(restarted, account.email, password)).status, 401);
      await restarted.stop();

      const weak = latchkeyEnv({
        port: await freePort(),
        databaseUrl: other.databaseUrl,
        secret: other.secret,
        extra: { LATCHKEY_ADMIN_EMAIL: uniqueEmail("weak"), LATCHKEY_ADMIN_PASSWORD: "short" },
      });
      const res = await runLatchkey(["serve"], weak, 20000);
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /cannot create the first admin/);
    } finally {
      await other.cleanup();
    }
  });

  test("config check redacts admin_password; one without the other is invalid", async () => {
    const probe = { port: 0, databaseUrl: "sqlite:/tmp/unused.db", secret: "s".repeat(40) };
    const res = await runLatchkey(["config", "check"], latchkeyEnv({ ...probe, extra: env }));
    assert.equal(res.code, 0, res.stderr);
    assert.ok(!res.stdout.includes(password));
    assert.match(res.stdout, /admin_password.*<redacted>/);
    const half = await runLatchkey(
      ["config", "check"],
      latchkeyEnv({ ...probe, extra: { LATCHKEY_ADMIN_EMAIL: email } }),
    );
    assert.notEqual(half.code, 0);
    assert.match(half.stderr, /admin_email and admin_password/);
  });
});
