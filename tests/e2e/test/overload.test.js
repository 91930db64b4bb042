// Overload: password hashing runs on a bounded KDF pool (docs/design.md, "Threading"). When
// its queue is full, sign-ins are refused at once with 503 + Retry-After, and
// session checks keep being served while hashing is saturated.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertError, getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { startServer } from "../lib/server.js";

describe("KDF pool overload (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // docs/api.md, "Everywhere" (Overload): 429/503 with Retry-After instead of collapse.
  test("a sign-in flood beyond the KDF queue gets 503 + Retry-After; get-session stays fast", async () => {
    const server = await startServer({
      name: "kdf-overload",
      argon2: { memoryKib: 65536, iterations: 2 },
      env: { LATCHKEY_KDF_THREADS: "1", LATCHKEY_KDF_QUEUE: "1" },
    });
    try {
      // Eight accounts: one account's own attempts are capped at two in flight
      // (lockout-captcha.test.js); this is about the KDF pool.
      const accounts = [];
      for (let i = 0; i < 8; i++) accounts.push(await signUp(server));
      const account = accounts[0];
      const flood = accounts.map((a) => signIn(server, a.email, PASSWORD));
      // While the pool is busy, a session check must not wait behind the hashes.
      const started = Date.now();
      const session = await getSession(server, account.cookie);
      const sessionMs = Date.now() - started;
      assert.equal(session.status, 200);
      assert.equal(session.json?.user?.id, account.user.id);
      const results = await Promise.all(flood);
      const ok = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status === 503);
      assert.equal(ok.length + refused.length, results.length, results.map((r) => r.status).join(","));
      // 1 running + 1 queued; a hash that finishes while the flood is still
      // arriving frees a slot, so allow a little slack, but most must be refused.
      assert.ok(ok.length >= 1 && ok.length <= 4, `succeeded: ${ok.length}`);
      assert.ok(refused.length >= 4, `refused: ${refused.length}`);
      for (const r of refused) {
        assertError(r, 503, "SERVICE_UNAVAILABLE");
        assert.equal(r.headers["retry-after"], "1");
      }
      assert.ok(sessionMs < 250, `get-session took ${sessionMs} ms during the flood`);
      // Once the flood drains, sign-in works again, and no refused account is locked.
      for (const a of accounts) assert.equal((await signIn(server, a.email, PASSWORD)).status, 200);
    } finally {
      await server.stop();
      await server.cleanup();
    }
  });
});
