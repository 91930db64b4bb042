// Session binding (issue 20, docs/session-binding.md): with session_binding on, a session
// used from another user-agent family or outside its client network is refused
// (401 SESSION_BINDING_MISMATCH), revoked, audited once and its owner mailed once; the
// mobile grace and the refresh flow's re-binding; off mode unaffected. The client
// network comes from the trusted proxy's X-Forwarded-For (the loopback peer is trusted).
// ASVS 3.5.x / 3.3.x: a stolen session token (cookie or bearer) replayed from another
// device or network stops working, and the session it names ends.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { SESSION_COOKIE } from "../lib/client.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { connect, SESSION_ENDED } from "../lib/websocket.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
const FIREFOX_NEWER = "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
const HOME = "203.0.113.10";
const HOME_NEIGHBOUR = "203.0.113.200"; // same /24
const AWAY = "198.51.100.10";
const AWAY_2 = "192.0.2.10";

const from = (ua, ip) => ({ "user-agent": ua, "x-forwarded-for": ip });

function serverEnv(mode, extra = {}) {
  return { LATCHKEY_TRUSTED_PROXIES: "127.0.0.1", LATCHKEY_SESSION_BINDING: mode, ...extra };
}

/** Signs up from `headers`; returns the user, token and Cookie header. */
async function signUpFrom(server, headers) {
  const email = uniqueEmail("bind");
  const res = await apiFor(server).post("/sign-up/email", { json: { name: "Bound", email, password: PASSWORD }, headers });
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie(SESSION_COOKIE);
  return { email, user: res.json.user, token: res.json.token, cookie: `${cookie.name}=${cookie.value}` };
}

const getSession = (server, account, headers) =>
  apiFor(server).get("/get-session", { headers: { cookie: account.cookie, ...headers } });
const getSessionBearer = (server, account, headers) =>
  apiFor(server).get("/get-session", { headers: { authorization: `Bearer ${account.token}`, ...headers } });
const listSessions = (server, account, headers) =>
  apiFor(server).get("/list-sessions", { headers: { cookie: account.cookie, ...headers } });
const issue = (server, account, headers) =>
  apiFor(server).post("/refresh-token/issue", { json: {}, headers: { cookie: account.cookie, ...headers } });
const refresh = (server, token, headers) =>
  apiFor(server).post("/refresh", { json: { refresh_token: token }, headers: { origin: null, ...headers } });

async function sessionRows(server, userId) {
  return server.db.query(`SELECT id FROM sessions WHERE user_id = '${userId}'`);
}
async function bindingOf(server, userId) {
  const rows = await server.db.query(
    `SELECT b.ua_family, b.network, b.network_left_at FROM session_bindings b JOIN sessions s ON s.id = b.session_id
      WHERE s.user_id = '${userId}'`);
  return rows[0];
}
const mismatchEvents = (server, userId) =>
  server.db.auditEvents({ event_type: "session.binding_mismatch", user_id: userId });

/** The refusal's consequences: the session row gone, get-session null, one audit event. */
async function assertRevoked(server, account, reason, headers) {
  assert.deepEqual(await sessionRows(server, account.user.id), []);
  const after = await getSession(server, account, headers);
  assert.equal(after.status, 200);
  assert.equal(after.json, null);
  const events = await mismatchEvents(server, account.user.id);
  assert.equal(events.length, 1);
  assert.equal(events[0].outcome, "failure");
  assert.ok(events[0].session_id, "the event names the session");
  assert.equal(JSON.parse(events[0].details).reason, reason);
  return events[0];
}

describe("session binding: both, no grace (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let smtp;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      name: "binding-both",
      env: serverEnv("both", {
        LATCHKEY_SESSION_BINDING_IP_GRACE: "0",
        LATCHKEY_SMTP_URL: smtp.url,
        LATCHKEY_SMTP_ALLOW_PLAIN: "true",
      }),
    });
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  test("the session remembers its family and /24 at creation; the same family and network are served", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    assert.deepEqual(await bindingOf(server, account.user.id),
      { ua_family: "firefox/linux", network: "203.0.113.0/24", network_left_at: null });
    // A newer version of the same browser, another host of the same /24: still the owner.
    for (const headers of [from(FIREFOX, HOME), from(FIREFOX_NEWER, HOME_NEIGHBOUR)]) {
      const res = await getSession(server, account, headers);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.user.id, account.user.id);
    }
    assert.equal((await listSessions(server, account, from(FIREFOX, HOME))).status, 200);
    assert.equal((await mismatchEvents(server, account.user.id)).length, 0);
  });

  // ASVS 3.5.3-style token replay: the cookie copied into another browser.
  test("another user-agent family → 401 SESSION_BINDING_MISMATCH; revoked, audited once, one mail", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    assert.equal((await getSession(server, account, from(FIREFOX, HOME))).status, 200); // cached now
    const refused = await getSession(server, account, from(CHROME, HOME));
    assertError(refused, 401, "SESSION_BINDING_MISMATCH");
    assert.equal(refused.cookie(SESSION_COOKIE)?.attrs["max-age"], "0", "the refusal expires the session cookie");
    // The owner's own browser is refused afterwards too: the session is gone.
    assertError(await listSessions(server, account, from(FIREFOX, HOME)), 401, "UNAUTHORIZED");
    const event = await assertRevoked(server, account, "user_agent", from(FIREFOX, HOME));
    assert.deepEqual(JSON.parse(event.details), { reason: "user_agent", bound: "firefox/linux", seen: "chrome/linux", refresh: false });
    assert.equal(event.client_address, HOME);
    const mail = await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 15000);
    assert.match(mail, /Subject: A session of your account was signed out/);
    assert.match(mail, /another browser or device/);
    assert.doesNotMatch(mail, new RegExp(account.token), "the mail never carries the token");
  });

  test("the same browser on another system is another family", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    // On a route that needs a caller too, the refusal expires the cookie.
    const refused = await listSessions(server, account, from(FIREFOX_WINDOWS, HOME));
    assertError(refused, 401, "SESSION_BINDING_MISMATCH");
    assert.equal(refused.cookie(SESSION_COOKIE)?.attrs["max-age"], "0");
    await assertRevoked(server, account, "user_agent", from(FIREFOX, HOME));
  });

  test("outside the /24 (bearer token) → refused and revoked; network in the audit event", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    assert.equal((await getSessionBearer(server, account, from(FIREFOX, HOME))).status, 200);
    assertError(await getSessionBearer(server, account, from(FIREFOX, AWAY)), 401, "SESSION_BINDING_MISMATCH");
    const event = await assertRevoked(server, account, "network", from(FIREFOX, HOME));
    assert.equal(JSON.parse(event.details).bound, "203.0.113.0/24");
    assert.equal(JSON.parse(event.details).seen, "198.51.100.0/24");
    await smtp.waitFor((m) => m.includes(`To: ${account.email}`) && /another network/.test(m), 15000);
  });

  test("IPv6 clients are bound to their /48", async () => {
    const account = await signUpFrom(server, from(FIREFOX, "2001:db8:1:2::5"));
    assert.equal((await bindingOf(server, account.user.id)).network, "2001:db8:1::/48");
    assert.equal((await getSession(server, account, from(FIREFOX, "2001:db8:1:ffff::9"))).status, 200);
    assertError(await getSession(server, account, from(FIREFOX, "2001:db8:2::5")), 401, "SESSION_BINDING_MISMATCH");
    await assertRevoked(server, account, "network", from(FIREFOX, "2001:db8:1:2::5"));
  });

  test("the WebSocket upgrade is checked too; a refusal elsewhere closes the owner's open socket", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    const socket = await connect(server, { cookie: account.cookie, extra: from(FIREFOX, HOME) });
    assert.ok(socket.ws, `refused: ${JSON.stringify(socket)}`);
    await socket.next("ready");
    const refused = await connect(server, { cookie: account.cookie, extra: from(CHROME, HOME) });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, "SESSION_BINDING_MISMATCH");
    assert.equal((await socket.closed).code, SESSION_ENDED);
    await assertRevoked(server, account, "user_agent", from(FIREFOX, HOME));
  });

  test("concurrent replays: every one refused, one audit event and one mail", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    const results = await Promise.all(Array.from({ length: 6 }, () => getSession(server, account, from(CHROME, AWAY))));
    for (const res of results) {
      // A request that arrives after the revocation finds no session at all (null), or finds
      // it ended while it was being checked (UNAUTHORIZED).
      assert.ok(res.status === 401 ? ["SESSION_BINDING_MISMATCH", "UNAUTHORIZED"].includes(res.json.code) : res.json === null, res.text);
    }
    assert.ok(results.some((r) => r.status === 401));
    await assertRevoked(server, account, "user_agent", from(FIREFOX, HOME));
    await smtp.waitFor((m) => m.includes(`To: ${account.email}`), 15000);
    await sleep(500);
    assert.equal(smtp.messages().filter((m) => m.includes(`To: ${account.email}`)).length, 1);
  });

  test("the refresh flow from another family is refused; the session and its refresh tokens end", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    const pair = await issue(server, account, from(FIREFOX, HOME));
    assert.equal(pair.status, 200, pair.text);
    const rotated = await refresh(server, pair.json.refresh_token, from(FIREFOX, HOME));
    assert.equal(rotated.status, 200, rotated.text);
    assertError(await refresh(server, rotated.json.refresh_token, from(CHROME, HOME)), 401, "SESSION_BINDING_MISMATCH");
    const event = await assertRevoked(server, account, "user_agent", from(FIREFOX, HOME));
    assert.equal(JSON.parse(event.details).refresh, true);
    const left = await server.db.query(`SELECT id FROM refresh_tokens WHERE user_id = '${account.user.id}'`);
    assert.deepEqual(left, [], "the family ended with its session");
    assertError(await refresh(server, rotated.json.refresh_token, from(FIREFOX, HOME)), 401, "INVALID_REFRESH_TOKEN");
  });

  test("a session from before binding was on binds at its next use", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    // As if created while binding was off: no stored family or network.
    await server.db.exec(`DELETE FROM session_bindings WHERE session_id IN
      (SELECT id FROM sessions WHERE user_id = '${account.user.id}')`);
    assert.equal(await bindingOf(server, account.user.id), undefined);
    assert.equal((await getSession(server, account, from(CHROME, AWAY))).status, 200);
    assert.deepEqual(await bindingOf(server, account.user.id),
      { ua_family: "chrome/linux", network: "198.51.100.0/24", network_left_at: null });
    assert.equal((await getSession(server, account, from(CHROME, AWAY))).status, 200);
    assertError(await getSession(server, account, from(FIREFOX, HOME)), 401, "SESSION_BINDING_MISMATCH");
    await assertRevoked(server, account, "user_agent", from(CHROME, AWAY));
  });
});

describe("session binding: user_agent only (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "binding-ua", env: serverEnv("user_agent", { LATCHKEY_SESSION_BINDING_IP_GRACE: "0" }) });
  });
  after(() => server?.cleanup());

  test("another network is fine; another family is refused and revoked", async () => {
    const account = await signUpFrom(server, from(CHROME, HOME));
    assert.equal((await getSession(server, account, from(CHROME, AWAY))).status, 200);
    assert.equal((await getSession(server, account, from(CHROME, "2001:db8::1"))).status, 200);
    assertError(await getSession(server, account, from(FIREFOX, HOME)), 401, "SESSION_BINDING_MISMATCH");
    await assertRevoked(server, account, "user_agent", from(CHROME, HOME));
  });
});

describe("session binding: ip_prefix with a mobile grace (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  const GRACE_S = 2;
  let server;
  before(async () => {
    server = await startServer({
      name: "binding-ip",
      env: serverEnv("ip_prefix", { LATCHKEY_SESSION_BINDING_IP_GRACE: String(GRACE_S) }),
    });
  });
  after(() => server?.cleanup());

  test("another family is fine in ip_prefix mode", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    assert.equal((await getSession(server, account, from(CHROME, HOME))).status, 200);
  });

  test("outside the network: served for the grace, refused after it; the home network stays fine meanwhile", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    const started = Date.now();
    assert.equal((await getSession(server, account, from(FIREFOX, AWAY))).status, 200);
    const left = (await bindingOf(server, account.user.id)).network_left_at;
    assert.ok(Number(left) >= started - 1000, "the grace started at the first use outside");
    assert.equal((await getSession(server, account, from(FIREFOX, AWAY_2))).status, 200);
    assert.equal((await getSession(server, account, from(FIREFOX, HOME))).status, 200);
    await sleep(GRACE_S * 1000 + 200);
    assert.equal((await getSession(server, account, from(FIREFOX, HOME))).status, 200, "home is never graced");
    assertError(await getSession(server, account, from(FIREFOX, AWAY)), 401, "SESSION_BINDING_MISMATCH");
    await assertRevoked(server, account, "network", from(FIREFOX, HOME));
  });

  test("a refresh within the grace re-binds to its network (audited); after the grace a refresh is refused", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    const pair = await issue(server, account, from(FIREFOX, HOME));
    assert.equal(pair.status, 200, pair.text);
    const moved = await refresh(server, pair.json.refresh_token, from(FIREFOX, AWAY));
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(await bindingOf(server, account.user.id),
      { ua_family: "firefox/linux", network: "198.51.100.0/24", network_left_at: null });
    const events = await server.db.auditEvents({ event_type: "session.binding_moved", user_id: account.user.id });
    assert.equal(events.length, 1);
    assert.deepEqual(JSON.parse(events[0].details), { from: "203.0.113.0/24", to: "198.51.100.0/24" });
    // Bound to the new network now: served there past the grace.
    await sleep(GRACE_S * 1000 + 200);
    assert.equal((await getSession(server, account, from(FIREFOX, AWAY))).status, 200);
    // The old network is outside now: its grace starts, then ends.
    assert.equal((await getSession(server, account, from(FIREFOX, HOME))).status, 200);
    await sleep(GRACE_S * 1000 + 200);
    assertError(await refresh(server, moved.json.refresh_token, from(FIREFOX, HOME)), 401, "SESSION_BINDING_MISMATCH");
    await assertRevoked(server, account, "network", from(FIREFOX, AWAY));
  });
});

describe("session binding off (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "binding-off", env: { LATCHKEY_TRUSTED_PROXIES: "127.0.0.1" } });
  });
  after(() => server?.cleanup());

  test("the default: any family from any network is served, nothing is stored", async () => {
    const account = await signUpFrom(server, from(FIREFOX, HOME));
    for (const headers of [from(CHROME, AWAY), from(FIREFOX_WINDOWS, "2001:db8::1"), from("curl/8.4.0", AWAY_2)]) {
      const res = await getSession(server, account, headers);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.user.id, account.user.id);
    }
    const pair = await issue(server, account, from(CHROME, AWAY));
    assert.equal((await refresh(server, pair.json.refresh_token, from(FIREFOX, HOME))).status, 200);
    assert.deepEqual(await server.db.query("SELECT session_id FROM session_bindings"), []);
    assert.equal((await mismatchEvents(server, account.user.id)).length, 0);
  });
});
