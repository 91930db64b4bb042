// The absolute session lifetime (ASVS 3.3.2, session_absolute_lifetime): however active a
// session is, it ends at createdAt + the limit; the sliding refresh, the refresh-token flow
// and multi-session cookies cannot carry it further. Better Auth has no such limit (its
// sessions slide forever), so the peer skips it; see docs/compatibility.md.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { getSession, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { latchkeyDiffers } from "../lib/target.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LIMIT_S = 3;

const DIFFERS = latchkeyDiffers("Better Auth sessions have no absolute lifetime (they slide forever)");

describe("absolute session lifetime (latchkey, LATCHKEY_SESSION_ABSOLUTE_LIFETIME=3)", { skip: DIFFERS }, () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({
      name: "session-lifetime",
      // update_age 0: every get-session would slide the session, were it not for the limit.
      env: { LATCHKEY_SESSION_ABSOLUTE_LIFETIME: String(LIMIT_S), LATCHKEY_SESSION_UPDATE_AGE: "0" },
    });
    api = apiFor(server);
  });
  after(() => server?.cleanup());

  test("get-session never slides past createdAt + the limit; after it → null and the cookie is cleared", async () => {
    const account = await signUp(server);
    const first = await getSession(server, account.cookie);
    const created = Date.parse(first.json.session.createdAt);
    assert.equal(Date.parse(first.json.session.expiresAt), created + LIMIT_S * 1000);
    await sleep(1000);
    const active = await getSession(server, account.cookie);
    assert.equal(Date.parse(active.json.session.expiresAt), created + LIMIT_S * 1000, "activity does not extend it");
    assert.equal(active.cookie(SESSION_COOKIE), undefined, "nothing to refresh: no new cookie");
    await sleep(created + LIMIT_S * 1000 - Date.now() + 200);
    const ended = await getSession(server, account.cookie);
    assert.equal(ended.status, 200);
    assert.equal(ended.text, "null");
    assert.equal(ended.cookie(SESSION_COOKIE)?.attrs["max-age"], "0", "the dead cookie is expired");
    const rows = await server.db.query(`SELECT id FROM sessions WHERE user_id = '${account.user.id}'`);
    assert.equal(rows.length, 0, "and its row deleted");
    const update = await api.post("/update-user", { json: { name: "Late" }, headers: { cookie: account.cookie } });
    assert.equal(update.status, 401);
  });

  test("the refresh-token flow cannot mint past the session's absolute end", async () => {
    const account = await signUp(server);
    const issued = await api.post("/refresh-token/issue", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(issued.status, 200, issued.text);
    assert.ok(issued.json.refresh_token_expires_in <= LIMIT_S, `family ends with the session: ${issued.text}`);
    assert.ok(issued.json.expires_in <= LIMIT_S, `access token too: ${issued.text}`);
    const rotated = await api.post("/refresh", { json: { refresh_token: issued.json.refresh_token }, headers: { origin: null } });
    assert.equal(rotated.status, 200, rotated.text);
    await sleep(LIMIT_S * 1000 + 200);
    const late = await api.post("/refresh", { json: { refresh_token: rotated.json.refresh_token }, headers: { origin: null } });
    assert.equal(late.status, 401, late.text);
    assert.equal((await getSession(server, account.cookie)).text, "null");
  });

  test("multi-session: a remembered session past its end is neither listed nor switchable", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email);
    assert.equal(res.status, 200, res.text);
    const pairs = res.setCookies.filter((c) => c.attrs["max-age"] !== "0").map((c) => `${c.name}=${c.value}`);
    const cookies = pairs.join("; ");
    const multi = pairs.find((c) => c.startsWith(`${SESSION_COOKIE}_multi-`));
    assert.ok(multi, "sign-in remembered the session for multi-session");
    const list = () => api.get("/multi-session/list-device-sessions", { headers: { cookie: cookies } });
    assert.equal((await list()).json.length, 1);
    await sleep(LIMIT_S * 1000 + 200);
    assert.deepEqual((await list()).json, []);
    const switched = await api.post("/multi-session/set-active", {
      json: { sessionToken: res.json.token }, headers: { cookie: cookies },
    });
    assert.equal(switched.status, 401, switched.text);
    assert.equal(switched.json.code, "INVALID_SESSION_TOKEN");
  });
});
