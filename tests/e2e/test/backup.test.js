// `latchkey backup` and `latchkey restore` (docs/operations.md "Backup and restore"), and SQLite
// being single-node: the real binary on the database of a running server. The backup is taken
// while sign-ups go on; a second `serve` on the same file is refused; a restore under a running
// server is refused; stopped, the server's database is restored and what came after the backup is
// gone while what came before signs in. On PostgreSQL both commands point at pg_dump.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { freePort, latchkeyEnv, runLatchkey, startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY } from "../lib/target.js";

const cliEnv = (server, port = 0) => latchkeyEnv({ port, databaseUrl: server.databaseUrl, secret: server.secret });

describe("backup and restore on SQLite", { skip: LATCHKEY_ONLY || (BACKEND === "postgres" && "SQLite only") }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "backup" });
  });
  after(() => server?.cleanup());

  test("a backup while writes go on; one server per file; restore only when stopped", { timeout: 60_000 }, async () => {
    const before = await signUp(server);
    const output = path.join(server.dir, "snapshot.db");
    // Sign-ups keep writing while the backup reads.
    const writing = Promise.all(Array.from({ length: 8 }, () => signUp(server)));
    const backup = await runLatchkey(["backup", "--output", output], cliEnv(server), 30_000);
    await writing;
    assert.equal(backup.code, 0, backup.stderr);
    assert.ok(fs.statSync(output).size > 0);
    assert.ok(!fs.existsSync(`${output}.partial`));
    // Never over an existing file.
    const again = await runLatchkey(["backup", "--output", output], cliEnv(server), 30_000);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists/);

    const after = await signUp(server);
    // SQLite is single-node: a second server on the same file stops with what to do instead.
    const second = await runLatchkey(["serve"], cliEnv(server, await freePort()), 20_000);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /another latchkey is serving .*PostgreSQL/);
    const underServer = await runLatchkey(["restore", "--input", output], cliEnv(server), 30_000);
    assert.equal(underServer.code, 1);
    assert.match(underServer.stderr, /restore refused: another latchkey is serving .*stop it first/);

    assert.equal((await server.stop()).code, 0);
    const restored = await runLatchkey(["restore", "--input", output], cliEnv(server), 30_000);
    assert.equal(restored.code, 0, restored.stderr);
    server = await startServer({ name: "backup", reuse: server });
    assert.equal((await signIn(server, before.email, PASSWORD)).status, 200, "from before the backup");
    assert.equal((await signIn(server, after.email, PASSWORD)).status, 401, "from after it: gone");
  });

  test("restore refuses a file that is not a latchkey backup, leaving the database alone", { timeout: 30_000 }, async () => {
    const junk = path.join(server.dir, "junk.db");
    fs.writeFileSync(junk, "not a database, just some text that is long enough to be read");
    await server.stop();
    const refused = await runLatchkey(["restore", "--input", junk], cliEnv(server), 30_000);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /restore failed: .*not a sound SQLite database|file is not a database/);
    server = await startServer({ name: "backup", reuse: server });
    const account = await signUp(server);
    assert.equal((await signIn(server, account.email, PASSWORD)).status, 200);
  });
});

describe("backup and restore on PostgreSQL", { skip: LATCHKEY_ONLY || (BACKEND !== "postgres" && "PostgreSQL only") }, () => {
  test("both point at pg_dump instead of pretending", async () => {
    const env = latchkeyEnv({ port: 0, databaseUrl: "postgres://nobody@127.0.0.1:1/none", secret: "x".repeat(40) });
    for (const args of [["backup", "--output", "/tmp/never.db"], ["restore", "--input", "/tmp/never.db"]]) {
      const res = await runLatchkey(args, env);
      assert.equal(res.code, 2);
      assert.match(res.stderr, /pg_dump/);
    }
  });
});
