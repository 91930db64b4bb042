// Two latchkey nodes on one PostgreSQL database (docs/architecture.md, "Caches and the
// change feed"): each caches
// resolved sessions, so a revocation on one node must reach the other's
// cache (PostgreSQL LISTEN/NOTIFY) before the old cookie works there again.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { getSession, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { linkIn, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY } from "../lib/target.js";

const POSTGRES_ONLY = LATCHKEY_ONLY || (BACKEND !== "postgres" && "needs the PostgreSQL run");

describe("two nodes, one database", { skip: POSTGRES_ONLY }, () => {
  // Sign-out and the other revocations reaching every node within a second, through nginx:
  // multi-node-nginx.test.js.
  test("a profile change on node B shows on node A at once", async () => {
    const a = await startServer({ name: "node-a2" });
    let b;
    try {
      b = await startServer({ name: "node-b2", reuse: a });
      const account = await signUp(a);
      assert.equal((await getSession(a, account.cookie)).json?.user?.name, account.name);
      const updated = await apiFor(b).post("/update-user", {
        json: { name: "Renamed On B" },
        headers: { cookie: account.cookie },
      });
      assert.equal(updated.status, 200, updated.text);
      const started = Date.now();
      let name;
      while (Date.now() - started < 1000) {
        name = (await getSession(a, account.cookie)).json?.user?.name;
        if (name === "Renamed On B") break;
        await sleep(20);
      }
      assert.equal(name, "Renamed On B");
    } finally {
      await b?.stop();
      await a.cleanup();
    }
  });

  // Issue 10: one change feed per node, whatever the number of caches (sessions, API keys).
  test("each node listens for cache changes on one connection", async () => {
    const env = { LATCHKEY_API_KEY_SESSION: "true" };
    const a = await startServer({ name: "node-a4", env });
    let b;
    try {
      b = await startServer({ name: "node-b4", reuse: a, env });
      const listeners = await a.db.query(
        "SELECT query FROM pg_stat_activity WHERE application_name = 'latchkey-listener' AND datname = current_database()",
      );
      assert.deepEqual(listeners.map((row) => row.query), ['LISTEN "latchkey_changes"', 'LISTEN "latchkey_changes"']);
    } finally {
      await b?.stop();
      await a.cleanup();
    }
  });

  // Issue 9 (ASVS 3.3.3 on every node): a reset ends the account's API keys, and a node that
  // cached a key drops it through the change notifications, as it drops sessions.
  test("a password reset on node A ends an API key node B has cached", async () => {
    const env = { LATCHKEY_API_KEY_SESSION: "true" };
    const a = await startServer({ name: "node-a3", env });
    let b;
    try {
      b = await startServer({ name: "node-b3", reuse: a, env });
      const account = await signUp(a);
      const created = await apiFor(a).post("/api-key/create", { json: { name: "k" }, headers: { cookie: account.cookie } });
      assert.equal(created.status, 200, created.text);
      await a.db.setApiKeyColumns(created.json.id, { rate_limit_enabled: 0 }); // served from the cache alone
      const withKey = () => apiFor(b).get("/get-session", { headers: { "x-api-key": created.json.key } });
      for (let i = 0; i < 3; i++) assert.equal((await withKey()).status, 200);
      await apiFor(a).post("/request-password-reset", { json: { email: account.email } });
      const mail = await waitForMail(a, account.email, /reset-password\//);
      const token = new URL(linkIn(mail, `${a.origin}/api/auth/reset-password/`)).pathname.split("/").pop();
      const reset = await apiFor(a).post("/reset-password", { json: { newPassword: "a brand new password 42", token } });
      assert.equal(reset.status, 200, reset.text);
      const started = Date.now();
      let status;
      while (Date.now() - started < 1000) {
        status = (await withKey()).status;
        if (status === 401) break;
        await sleep(20);
      }
      assert.equal(status, 401, "node B still accepted the key revoked by the reset");
    } finally {
      await b?.stop();
      await a.cleanup();
    }
  });
});
