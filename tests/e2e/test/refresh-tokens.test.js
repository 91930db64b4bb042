// Access + refresh tokens (issue 4): issue from a session, rotate on every use, reuse of a
// spent token revokes the family (audited), a grace window for a client's own racing
// requests, absolute family lifetime, revocation, and the family ending with its session.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { assertError, PASSWORD, signUp } from "../lib/fixtures.js";
import { apiFor, request } from "../lib/http.js";
import { sha256Hex } from "../lib/db.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every row of the family `token` belongs to. */
async function familyRows(server, token) {
  const [{ family_id: family }] = await server.db.query(
    `SELECT family_id FROM refresh_tokens WHERE token_hash = '${sha256Hex(token)}'`);
  return server.db.query(`SELECT id, parent_id, revoked_at FROM refresh_tokens WHERE family_id = '${family}'`);
}

function helpers(server) {
  const api = apiFor(server);
  return {
    issue: (cookie) => api.post("/refresh-token/issue", { json: {}, headers: { cookie } }),
    refresh: (token) => api.post("/refresh", { json: { refresh_token: token }, headers: { origin: null } }),
    revoke: (token) => api.post("/refresh/revoke", { json: { refresh_token: token }, headers: { origin: null } }),
  };
}

describe("refresh tokens (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let h;
  before(async () => {
    server = await startServer({ name: "refresh", env: { LATCHKEY_REFRESH_REUSE_GRACE: "0" } });
    h = helpers(server);
  });
  after(() => server?.cleanup());

  test("issue: an access JWT (sid = the session) jose verifies, and an opaque refresh token stored hashed", async () => {
    const account = await signUp(server);
    const res = await h.issue(account.cookie);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.token_type, "Bearer");
    assert.equal(res.json.expires_in, 900);
    assert.match(res.json.refresh_token, /^lkr_[A-Za-z0-9]{43}$/);
    assert.match(res.headers["cache-control"], /no-store/);
    const jwks = createLocalJWKSet((await apiFor(server).get("/jwks")).json);
    const { payload } = await jwtVerify(res.json.access_token, jwks, { issuer: server.origin, audience: server.origin });
    assert.equal(payload.sub, account.user.id);
    const session = (await server.db.query(`SELECT id FROM sessions WHERE user_id = '${account.user.id}'`))[0];
    assert.equal(payload.sid, session.id);
    const rows = await server.db.query(`SELECT token_hash FROM refresh_tokens WHERE user_id = '${account.user.id}'`);
    assert.deepEqual(rows.map((r) => r.token_hash), [sha256Hex(res.json.refresh_token)]);
    assert.ok(!(await server.db.contentText()).includes(res.json.refresh_token), "the token itself is nowhere in the database");
  });

  test("issue without a session → 401", async () => {
    assertError(await h.issue(undefined), 401);
  });

  test("refresh rotates: each token works once and yields the next", async () => {
    const account = await signUp(server);
    let token = (await h.issue(account.cookie)).json.refresh_token;
    for (let i = 0; i < 3; i++) {
      const res = await h.refresh(token);
      assert.equal(res.status, 200, res.text);
      assert.notEqual(res.json.refresh_token, token);
      assert.ok(res.json.access_token);
      token = res.json.refresh_token;
    }
    const events = await server.db.auditEvents({ event_type: "refresh_token.rotate", user_id: account.user.id });
    assert.equal(events.length, 3);
  });

  // RFC 9700 §4.14.2 (refresh token rotation and reuse detection).
  test("reuse of a spent token → 401 REFRESH_TOKEN_REUSED, the whole family revoked and audited", async () => {
    const account = await signUp(server);
    const first = (await h.issue(account.cookie)).json.refresh_token;
    const second = (await h.refresh(first)).json.refresh_token;
    assertError(await h.refresh(first), 401, "REFRESH_TOKEN_REUSED");
    // The legitimate latest token dies too.
    assertError(await h.refresh(second), 401, "INVALID_REFRESH_TOKEN");
    const events = await server.db.auditEvents({ event_type: "refresh_token.reuse_detected", user_id: account.user.id });
    assert.equal(events.length, 1);
    assert.equal(events[0].outcome, "failure");
  });

  test("two concurrent refreshes with one token and no grace: one wins, the other is reuse", async () => {
    const account = await signUp(server);
    const token = (await h.issue(account.cookie)).json.refresh_token;
    const results = await Promise.all([h.refresh(token), h.refresh(token)]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 401]);
    assert.equal(results.find((r) => r.status === 401).json.code, "REFRESH_TOKEN_REUSED");
  });

  test("revoke: the family ends; an unknown token answers the same", async () => {
    const account = await signUp(server);
    const token = (await h.issue(account.cookie)).json.refresh_token;
    const res = await h.revoke(token);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: true });
    assert.deepEqual((await h.revoke("lkr_unknown")).json, { status: true });
    assertError(await h.refresh(token), 401, "INVALID_REFRESH_TOKEN");
  });

  // ASVS 3.3.3 / RFC 9700 §4.14: ending sessions ends the refresh tokens issued from them.
  test("change-password with revokeOtherSessions and revoke-sessions end refresh-token families", async () => {
    const account = await signUp(server);
    const token = (await h.issue(account.cookie)).json.refresh_token;
    const changed = await apiFor(server).post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: "another password 42", revokeOtherSessions: true },
      headers: { cookie: account.cookie },
    });
    assert.equal(changed.status, 200, changed.text);
    assertError(await h.refresh(token), 401, "INVALID_REFRESH_TOKEN");
    const other = await signUp(server);
    const second = (await h.issue(other.cookie)).json.refresh_token;
    const revoked = await apiFor(server).post("/revoke-sessions", { json: {}, headers: { cookie: other.cookie } });
    assert.equal(revoked.status, 200, revoked.text);
    assertError(await h.refresh(second), 401, "INVALID_REFRESH_TOKEN");
  });

  test("signing out the session ends its refresh tokens", async () => {
    const account = await signUp(server);
    const token = (await h.issue(account.cookie)).json.refresh_token;
    const out = await apiFor(server).post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(out.status, 200);
    assertError(await h.refresh(token), 401, "INVALID_REFRESH_TOKEN");
  });

  test("a form-encoded body works (OAuth-style clients); garbage is refused", async () => {
    const account = await signUp(server);
    const token = (await h.issue(account.cookie)).json.refresh_token;
    const res = await request(`${server.baseURL}/refresh`, {
      body: `refresh_token=${encodeURIComponent(token)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(res.status, 200, res.text);
    assertError(await h.refresh("x".repeat(200)), 400);
    assertError(await h.refresh("lkr_not-a-real-token"), 401, "INVALID_REFRESH_TOKEN");
  });
});

describe("refresh tokens: grace window and absolute lifetime (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("within the grace window two racing refreshes both succeed, and both results work", async () => {
    const server = await startServer({ name: "refresh-grace" });
    try {
      const h = helpers(server);
      const account = await signUp(server);
      const token = (await h.issue(account.cookie)).json.refresh_token;
      const results = await Promise.all([h.refresh(token), h.refresh(token)]);
      assert.deepEqual(results.map((r) => r.status), [200, 200]);
      const [a, b] = results.map((r) => r.json.refresh_token);
      assert.notEqual(a, b);
      assert.equal((await h.refresh(a)).status, 200);
      assert.equal((await h.refresh(b)).status, 200);
    } finally {
      await server.cleanup();
    }
  });

  // ASVS 5.0 V2.3.4 / RFC 9700 §4.14.2: one spent token buys at most one extra pair, however
  // many replays arrive inside the grace window; the next replay is reuse.
  test("sequential replays inside the grace window: one sibling, then REFRESH_TOKEN_REUSED and the family revoked", async () => {
    const server = await startServer({ name: "refresh-grace-seq" });
    try {
      const h = helpers(server);
      const account = await signUp(server);
      const first = (await h.issue(account.cookie)).json.refresh_token;
      const child = await h.refresh(first);
      assert.equal(child.status, 200, child.text);
      const sibling = await h.refresh(first);
      assert.equal(sibling.status, 200, sibling.text);
      assertError(await h.refresh(first), 401, "REFRESH_TOKEN_REUSED");
      assertError(await h.refresh(child.json.refresh_token), 401, "INVALID_REFRESH_TOKEN");
      assertError(await h.refresh(sibling.json.refresh_token), 401, "INVALID_REFRESH_TOKEN");
      const rows = await familyRows(server, first);
      assert.equal(rows.length, 3, "the first token, its child and one sibling");
      const events = await server.db.auditEvents({ event_type: "refresh_token.reuse_detected", user_id: account.user.id });
      assert.equal(events.length, 1);
      assert.equal(JSON.parse(events[0].details).graceSpent, true, "the audit tells a second retry from a late replay");
    } finally {
      await server.cleanup();
    }
  });

  test("parallel replays of one token inside the grace window mint at most one extra pair in total", async () => {
    const server = await startServer({ name: "refresh-grace-par" });
    try {
      const h = helpers(server);
      const account = await signUp(server);
      // A spent token replayed 8 times at once, and a fresh token spent 8 times at once.
      const spent = (await h.issue(account.cookie)).json.refresh_token;
      assert.equal((await h.refresh(spent)).status, 200);
      const fresh = (await h.issue(account.cookie)).json.refresh_token;
      for (const [token, maxOk] of [[spent, 1], [fresh, 2]]) {
        const results = await Promise.all(Array.from({ length: 8 }, () => h.refresh(token)));
        const ok = results.filter((r) => r.status === 200);
        const summary = results.map((r) => `${r.status} ${r.json?.code ?? ""}`).join(", ");
        assert.ok(ok.length >= 1 && ok.length <= maxOk, summary);
        // Reuse revokes the family; replays that arrive after that find it revoked.
        const refused = results.filter((r) => r.status !== 200);
        for (const r of refused) {
          assert.equal(r.status, 401, summary);
          assert.ok(["REFRESH_TOKEN_REUSED", "INVALID_REFRESH_TOKEN"].includes(r.json.code), summary);
        }
        assert.ok(refused.some((r) => r.json.code === "REFRESH_TOKEN_REUSED"), summary);
        const children = (await familyRows(server, token)).filter((row) => row.parent_id !== null);
        assert.equal(children.length, token === spent ? 2 : ok.length, summary);
      }
    } finally {
      await server.cleanup();
    }
  });

  test("a family past refresh_token_ttl → 401 REFRESH_TOKEN_EXPIRED", async () => {
    const server = await startServer({ name: "refresh-ttl", env: { LATCHKEY_REFRESH_TOKEN_TTL: "1" } });
    try {
      const h = helpers(server);
      const account = await signUp(server);
      const issued = (await h.issue(account.cookie)).json;
      assert.equal(issued.refresh_token_expires_in, 1);
      await sleep(1100);
      assertError(await h.refresh(issued.refresh_token), 401, "REFRESH_TOKEN_EXPIRED");
    } finally {
      await server.cleanup();
    }
  });
});
