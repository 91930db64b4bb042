// The realtime WebSocket, GET /api/auth/ws (docs/websocket.md): authenticated
// upgrade with an Origin check, pushed session/user events, and the socket
// closed (4001) within a second of its own session ending, on any node.
// Latchkey only: Better Auth has no such endpoint.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import WebSocket from "ws";
import { connect, SESSION_ENDED } from "../lib/websocket.js";
import { EXTRA_TRUSTED_ORIGIN, startServer } from "../lib/server.js";
import { BACKEND, LATCHKEY_ONLY } from "../lib/target.js";

const POSTGRES_ONLY = LATCHKEY_ONLY || (BACKEND !== "postgres" && "needs the PostgreSQL run");

describe("GET /ws (realtime)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    // Update age 0: every get-session extends the session (and announces it).
    server = await startServer({
      name: "ws",
      env: { LATCHKEY_REALTIME_MAX_SOCKETS_PER_USER: "3", LATCHKEY_SESSION_UPDATE_AGE: "0" },
    });
  });
  after(async () => server?.cleanup());

  test("a signed-in browser connects and gets ready", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    assert.ok(socket.ws, `refused: ${JSON.stringify(socket)}`);
    const ready = await socket.next("ready");
    assert.equal(ready.userId, account.user.id);
    socket.ws.send(JSON.stringify({ type: "ping" }));
    await socket.next("pong");
    socket.ws.close();
  });

  test("a session refresh (get-session) leaves the socket open", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    await socket.next("ready");
    const res = await getSession(server, account.cookie);
    assert.ok(res.json?.session?.id, res.text);
    await new Promise((r) => setTimeout(r, 300));
    socket.ws.send(JSON.stringify({ type: "ping" }));
    await socket.next("pong");
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    socket.ws.close();
  });

  test("an untrusted Origin gets 403 and no upgrade", async () => {
    const account = await signUp(server);
    const res = await connect(server, { cookie: account.cookie, origin: "http://evil.example" });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, "INVALID_ORIGIN");
    const trusted = await connect(server, { cookie: account.cookie, origin: EXTRA_TRUSTED_ORIGIN });
    assert.ok(trusted.ws);
    trusted.ws.close();
  });

  test("no session gets 401, even from a trusted Origin", async () => {
    const res = await connect(server, {});
    assert.equal(res.status, 401);
    assert.equal(res.body.code, "UNAUTHORIZED");
  });

  test("no Origin: bearer allowed, cookie refused", async () => {
    const account = await signUp(server);
    const cookieOnly = await connect(server, { cookie: account.cookie, origin: null });
    assert.equal(cookieOnly.status, 403);
    const bearer = await connect(server, { bearer: account.token, origin: null });
    assert.ok(bearer.ws, `refused: ${JSON.stringify(bearer)}`);
    await bearer.next("ready");
    bearer.ws.close();
  });

  test("a plain GET is told to upgrade", async () => {
    const res = await apiFor(server).get("/ws");
    assert.equal(res.status, 426);
  });

  test("per-user limit: the one over the limit gets 429", async () => {
    const account = await signUp(server);
    const open = [];
    for (let i = 0; i < 3; i++) {
      const s = await connect(server, { cookie: account.cookie });
      assert.ok(s.ws, `socket ${i} refused: ${JSON.stringify(s)}`);
      open.push(s);
    }
    const over = await connect(server, { cookie: account.cookie });
    assert.equal(over.status, 429);
    assert.equal(over.body.code, "REALTIME_TOO_MANY_SOCKETS");
    open[0].ws.close();
    await open[0].closed;
    await new Promise((r) => setTimeout(r, 100));
    const again = await connect(server, { cookie: account.cookie });
    assert.ok(again.ws, "a freed slot can be used again");
    for (const s of [...open.slice(1), again]) s.ws.close();
  });

  test("revoke-session from another device closes the socket within 1 s (4001)", async () => {
    const account = await signUp(server);
    const other = await signIn(server, account.email, PASSWORD);
    const otherCookie = `better-auth.session_token=${other.cookie("better-auth.session_token").value}`;
    const socket = await connect(server, { cookie: account.cookie });
    const watcher = await connect(server, { cookie: otherCookie });
    await socket.next("ready");
    await watcher.next("ready");
    const started = Date.now();
    const res = await apiFor(server).post("/revoke-session", { json: { token: account.token }, headers: { cookie: otherCookie } });
    assert.equal(res.status, 200, res.text);
    const closed = await socket.closed;
    assert.equal(closed.code, SESSION_ENDED);
    assert.equal(closed.reason, "session revoked");
    assert.ok(closed.at - started < 1000, `closed after ${closed.at - started} ms`);
    const event = await watcher.next("session.revoked");
    assert.equal(event.reason, "revoked");
    assert.equal(watcher.ws.readyState, WebSocket.OPEN, "the other session's socket stays open");
    watcher.ws.close();
  });

  test("sign-out closes the socket (4001)", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    await socket.next("ready");
    const started = Date.now();
    const res = await apiFor(server).post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(res.status, 200);
    const event = await socket.next("session.revoked");
    assert.equal(event.reason, "revoked");
    const closed = await socket.closed;
    assert.equal(closed.code, SESSION_ENDED);
    assert.equal(closed.reason, "session revoked");
    assert.ok(closed.at - started < 1000, `closed after ${closed.at - started} ms`);
  });

  test("revoke-other-sessions closes the others' sockets, keeps this one", async () => {
    const account = await signUp(server);
    const other = await signIn(server, account.email, PASSWORD);
    const otherCookie = `better-auth.session_token=${other.cookie("better-auth.session_token").value}`;
    const mine = await connect(server, { cookie: account.cookie });
    const theirs = await connect(server, { cookie: otherCookie });
    await mine.next("ready");
    await theirs.next("ready");
    const res = await apiFor(server).post("/revoke-other-sessions", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await theirs.closed).code, SESSION_ENDED);
    const event = await mine.next("session.revoked");
    assert.equal(event.sessionId, other.json.session?.id ?? event.sessionId);
    assert.equal(mine.ws.readyState, WebSocket.OPEN);
    mine.ws.close();
  });

  test("a session with no socket signs out: this user's socket hears session.revoked and stays open", async () => {
    const account = await signUp(server);
    const other = await signIn(server, account.email, PASSWORD);
    const otherCookie = `better-auth.session_token=${other.cookie("better-auth.session_token").value}`;
    const otherId = (await getSession(server, otherCookie)).json.session.id;
    const mine = await connect(server, { cookie: account.cookie });
    await mine.next("ready");
    const out = await apiFor(server).post("/sign-out", { json: {}, headers: { cookie: otherCookie } });
    assert.equal(out.status, 200, out.text);
    const event = await mine.next("session.revoked");
    assert.equal(event.sessionId, otherId);
    assert.equal(mine.ws.readyState, WebSocket.OPEN);
    mine.ws.close();
  });

  test("update-user pushes user.updated", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    await socket.next("ready");
    const res = await apiFor(server).post("/update-user", { json: { name: "Pushed Name" }, headers: { cookie: account.cookie } });
    assert.equal(res.status, 200, res.text);
    const event = await socket.next("user.updated");
    assert.equal(event.user.id, account.user.id);
    assert.equal(event.user.name, "Pushed Name");
    socket.ws.close();
  });

  test("a message over 4 KiB closes the socket with 1009", async () => {
    const account = await signUp(server);
    const socket = await connect(server, { cookie: account.cookie });
    await socket.next("ready");
    socket.ws.send("x".repeat(5000));
    const closed = await socket.closed;
    assert.equal(closed.code, 1009);
  });

  test("server shutdown closes sockets with 1001", async () => {
    const own = await startServer({ name: "ws-shutdown" });
    try {
      const account = await signUp(own);
      const socket = await connect(own, { cookie: account.cookie });
      await socket.next("ready");
      const stopping = own.stop();
      const closed = await socket.closed;
      assert.equal(closed.code, 1001);
      const exit = await stopping;
      assert.equal(exit.code, 0);
    } finally {
      await own.cleanup();
    }
  });
});

describe("GET /ws with a JWT (realtime)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "ws-jwt" });
  });
  after(async () => server?.cleanup());

  test("a refresh-flow access token (sid) connects, and the socket closes when its session ends", async () => {
    const account = await signUp(server);
    const pair = await apiFor(server).post("/refresh-token/issue", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(pair.status, 200, pair.text);
    const socket = await connect(server, { bearer: pair.json.access_token, origin: null });
    assert.ok(socket.ws, `upgrade refused: ${JSON.stringify(socket)}`);
    await socket.next("ready");
    const started = Date.now();
    const out = await apiFor(server).post("/sign-out", { json: {}, headers: { cookie: account.cookie } });
    assert.equal(out.status, 200);
    const closed = await socket.closed;
    assert.equal(closed.code, SESSION_ENDED);
    assert.ok(closed.at - started < 1000, `closed after ${closed.at - started} ms`);
  });

  test("a GET /token JWT connects; a tampered one is refused with 401", async () => {
    const account = await signUp(server);
    const { token } = (await apiFor(server).get("/token", { headers: { cookie: account.cookie } })).json;
    const socket = await connect(server, { bearer: token, origin: null });
    assert.ok(socket.ws);
    await socket.next("ready");
    socket.ws.close();
    const [h, p, sig] = token.split(".");
    const tampered = `${h}.${p}.${sig.slice(0, -4)}AAAA`;
    const refused = await connect(server, { bearer: tampered, origin: null });
    assert.equal(refused.status, 401);
  });
});

describe("two nodes (realtime)", { skip: POSTGRES_ONLY }, () => {
  // A socket on each node closed within a second of a sign-out through nginx:
  // multi-node-nginx.test.js.
  test("a profile change on node B reaches a socket on node A", async () => {
    const a = await startServer({ name: "ws-node-a2" });
    let b;
    try {
      b = await startServer({ name: "ws-node-b2", reuse: a });
      const account = await signUp(a);
      const socket = await connect(a, { cookie: account.cookie });
      await socket.next("ready");
      const res = await apiFor(b).post("/update-user", { json: { name: "From B" }, headers: { cookie: account.cookie } });
      assert.equal(res.status, 200, res.text);
      assert.equal((await socket.next("user.updated")).user.name, "From B");
      socket.ws.close();
    } finally {
      await b?.stop();
      await a.cleanup();
    }
  });
});
