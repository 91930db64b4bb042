// Behind a trusted reverse proxy (issue 9): every request's client comes from the socket peer
// and that request's own forwarding headers.
//  * Proxies pool upstream connections (nginx keepalive, HAProxy, Envoy, Traefik, Caddy), so
//    one kept-alive connection carries many clients: nothing of one request's client may
//    stick to the connection (ASVS 5.0 V4.1.3, V15.3.4).
//  * A forwarding header may arrive on several lines (HAProxy `option forwardfor` appends its
//    own line after the client's): the lines form one list in arrival order (RFC 9110 §5.3),
//    walked right to left, so the client cannot pick its own key with a line of its own
//    (CVE-2023-36456, RFC 7239).
// Latchkey-only: the trusted-proxy list is latchkey configuration.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { KeepAliveConnection } from "../lib/keepalive.js";
import { waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const BASE = "/api/auth";

/** A proxy's upstream: one connection, each request naming its client in `clientHeaders`. */
async function proxyUpstream(server) {
  const conn = await KeepAliveConnection.open(server.origin);
  const base = Object.entries(server.defaultHeaders());
  return {
    conn,
    post: (path, json, clientHeaders, extra = []) =>
      conn.request("POST", BASE + path, { json, headers: [...base, ...clientHeaders, ...extra] }),
    get: (path, clientHeaders, extra = []) =>
      conn.request("GET", BASE + path, { headers: [...base, ...clientHeaders, ...extra] }),
  };
}

const xff = (address) => [["X-Forwarded-For", address]];

/** The connection stayed one and the same and served `count` responses. */
function assertReused(upstream, localPort, count) {
  assert.equal(upstream.conn.closed, false, "the server kept the connection open");
  assert.equal(upstream.conn.localPort, localPort, "one socket throughout");
  assert.equal(upstream.conn.served, count, "every response came over this one connection");
}

describe("one kept-alive connection from a trusted proxy carries many clients (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "proxy-keepalive",
      env: {
        LATCHKEY_RATE_LIMIT: "on",
        LATCHKEY_TRUSTED_PROXIES: "127.0.0.1/32",
        LATCHKEY_RATE_LIMIT_RULES: "/sign-in*=3/10s;/sign-up*=10/10s",
      },
    });
  });
  after(() => server?.cleanup());

  // ASVS 5.0 V15.3.4: the address in sessions and the audit trail is each request's client.
  test("list-sessions shows each sign-in's own client, not the connection's first", async () => {
    const upstream = await proxyUpstream(server);
    const port = upstream.conn.localPort;
    try {
      const email = uniqueEmail("keepalive");
      const up = await upstream.post("/sign-up/email", { name: "K", email, password: PASSWORD }, xff("203.0.113.1"));
      assert.equal(up.status, 200, up.text);
      for (const client of ["198.51.100.7", "192.0.2.55"]) {
        const res = await upstream.post("/sign-in/email", { email, password: PASSWORD }, xff(client));
        assert.equal(res.status, 200, res.text);
      }
      const cookie = up.cookie(SESSION_COOKIE);
      const list = await upstream.get("/list-sessions", xff("203.0.113.1"), [["Cookie", `${cookie.name}=${cookie.value}`]]);
      assert.equal(list.status, 200, list.text);
      assertReused(upstream, port, 4);
      assert.deepEqual(list.json.map((s) => s.ipAddress).sort(), ["192.0.2.55", "198.51.100.7", "203.0.113.1"]);

      const audited = (await server.db.auditEvents({ event_type: "user.sign_in" }))
        .filter((e) => ["198.51.100.7", "192.0.2.55"].includes(e.client_address));
      assert.equal(audited.length, 2, "each sign-in audited with its own client");
      // The access log names the same client as the audit trail, request by request.
      const logged = server.logText().split("\n").filter((l) => l.includes('"route":"/api/auth/sign-in/email"'));
      for (const client of ["198.51.100.7", "192.0.2.55"]) {
        assert.ok(logged.some((l) => l.includes(`"client":"${client}"`)), `access log names ${client}`);
      }
    } finally {
      upstream.conn.close();
    }
  });

  // ASVS 2.2.1 / docs/operations.md, "Abuse protection": per-address limits stay per address behind a pooling proxy.
  test("one client's 429 does not hit the next client on the same connection", async () => {
    const upstream = await proxyUpstream(server);
    const port = upstream.conn.localPort;
    try {
      const wrong = (client) =>
        upstream.post("/sign-in/email", { email: uniqueEmail("ka-rl"), password: "wrong password!" }, xff(client));
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await wrong("203.0.113.20")).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      assert.equal((await wrong("198.51.100.20")).status, 401, "the next client has its own budget");
      assert.equal((await wrong("203.0.113.20")).status, 429, "and the first one is still limited");
      assert.equal((await wrong("192.0.2.20")).status, 401);
      assertReused(upstream, port, 7);
    } finally {
      upstream.conn.close();
    }
  });

  // The new-device notice keys a device by agent and network: a sign-in from another network
  // on the same pooled connection is a new device, and the mail names its address.
  test("a new-device notice names the signing-in client, not the connection's first", async () => {
    const upstream = await proxyUpstream(server);
    try {
      const email = uniqueEmail("ka-device");
      const up = await upstream.post("/sign-up/email", { name: "K", email, password: PASSWORD }, xff("203.0.113.40"));
      assert.equal(up.status, 200, up.text);
      const res = await upstream.post("/sign-in/email", { email, password: PASSWORD }, xff("198.51.100.40"));
      assert.equal(res.status, 200, res.text);
      assert.equal(upstream.conn.served, 2);
      const mail = await waitForMail(server, email, /New sign-in/);
      assert.match(mail, /Address: 198\.51\.100\.40/);
    } finally {
      upstream.conn.close();
    }
  });

  test("a request without a forwarding header is the proxy's own, even after a forwarded one", async () => {
    const upstream = await proxyUpstream(server);
    try {
      const email = uniqueEmail("ka-own");
      const up = await upstream.post("/sign-up/email", { name: "K", email, password: PASSWORD }, xff("203.0.113.30"));
      assert.equal(up.status, 200, up.text);
      const own = await upstream.post("/sign-in/email", { email, password: PASSWORD }, []);
      assert.equal(own.status, 200, own.text);
      assert.equal(own.json.user.id, up.json.user.id);
      const events = await server.db.auditEvents({ event_type: "user.sign_in", user_id: up.json.user.id });
      assert.deepEqual(events.map((e) => e.client_address), ["127.0.0.1"]);
      assert.equal(upstream.conn.served, 2);
    } finally {
      upstream.conn.close();
    }
  });
});

describe("forwarding headers on several lines are one list (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // RFC 9110 §5.3 / CVE-2023-36456: the client sends its own X-Forwarded-For line; the proxy
  // appends a second one with the address it saw. The client is the proxy's line, whatever
  // the forged line says.
  test("X-Forwarded-For: the proxy's appended line decides, a forged first line is not read alone", async () => {
    const server = await startServer({
      name: "proxy-xff-lines",
      env: { LATCHKEY_RATE_LIMIT: "on", LATCHKEY_TRUSTED_PROXIES: "127.0.0.1", LATCHKEY_RATE_LIMIT_RULES: "/sign-in*=3/10s" },
    });
    try {
      const statuses = [];
      for (let i = 1; i <= 4; i++) {
        // A fresh connection each time: this is about the lines, not about connection reuse.
        const upstream = await proxyUpstream(server);
        const res = await upstream.post("/sign-in/email", { email: uniqueEmail("xff"), password: "wrong password!" }, [
          ["X-Forwarded-For", `10.66.0.${i}`], // forged by the client, rotating
          ["X-Forwarded-For", "203.0.113.50"], // appended by the proxy
        ]);
        upstream.conn.close();
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429], "one bucket: the proxy-seen client");
      const events = await server.db.auditEvents({ event_type: "user.sign_in" });
      assert.ok(events.length >= 3);
      assert.ok(events.every((e) => e.client_address === "203.0.113.50"), JSON.stringify(events.map((e) => e.client_address)));
    } finally {
      await server.cleanup();
    }
  });

  test("Forwarded (RFC 7239): lines joined in order, walked right to left past trusted hops", async () => {
    const server = await startServer({
      name: "proxy-fwd-lines",
      env: {
        LATCHKEY_RATE_LIMIT: "on",
        LATCHKEY_TRUSTED_PROXIES: "127.0.0.1,10.0.0.0/8",
        LATCHKEY_CLIENT_IP_HEADER: "forwarded",
        LATCHKEY_RATE_LIMIT_RULES: "/sign-in*=3/10s",
      },
    });
    const upstream = await proxyUpstream(server);
    try {
      const email = uniqueEmail("fwd");
      const up = await upstream.post("/sign-up/email", { name: "F", email, password: PASSWORD }, [
        ["Forwarded", "for=192.0.2.99"], // forged by the client
        ["Forwarded", 'for="[2001:db8::7]:4711"'], // the client as the edge proxy saw it
        ["Forwarded", "for=10.1.2.3"], // the edge proxy, as the inner (trusted) proxy saw it
      ]);
      assert.equal(up.status, 200, up.text);
      const events = await server.db.auditEvents({ event_type: "user.sign_up", user_id: up.json.user.id });
      assert.deepEqual(events.map((e) => e.client_address), ["2001:db8::7"]);
    } finally {
      upstream.conn.close();
      await server.cleanup();
    }
  });
});
