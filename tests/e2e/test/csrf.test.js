// Origin checks, login CSRF and redirect targets (docs/api.md, "Everywhere" and "Redirects and
// callback URLs").
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { assertError, getSession, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { LATCHKEY_ONLY } from "../lib/target.js";
import { EXTRA_TRUSTED_ORIGIN, startServer } from "../lib/server.js";

const EVIL = "http://evil.example";
let server;
let api;
before(async () => {
  server = await startServer({ name: "csrf" });
  api = apiFor(server);
});
after(() => server?.cleanup());

async function nameOf(account) {
  return (await getSession(server, account.cookie)).json.user.name;
}

// ASVS 4.2.2: state-changing requests from another origin cannot ride on the user's cookie.
describe("state-changing requests that carry a cookie (ASVS 4.2.2)", () => {
  test("untrusted Origin → 403 INVALID_ORIGIN, nothing changes", async () => {
    const account = await signUp(server, { name: "Victim" });
    const res = await api.post("/update-user", { json: { name: "Pwned" }, headers: { cookie: account.cookie, origin: EVIL } });
    assertError(res, 403, "INVALID_ORIGIN", "Invalid origin");
    assert.equal(await nameOf(account), "Victim");
  });

  test("look-alike origins are not trusted", async () => {
    const account = await signUp(server, { name: "Victim" });
    const u = new URL(server.origin);
    const lookAlikes = [
      `https://${u.host}`, // other scheme
      `${u.protocol}//${u.hostname}:${Number(u.port) + 1}`, // other port
      `${server.origin}.evil.example`, // suffix
      `${u.protocol}//evil-${u.host}`,
    ];
    for (const origin of lookAlikes) {
      const res = await api.post("/update-user", { json: { name: "Pwned" }, headers: { cookie: account.cookie, origin } });
      assertError(res, 403, "INVALID_ORIGIN");
    }
    assert.equal(await nameOf(account), "Victim");
  });

  test("no Origin and no Referer → 403 MISSING_OR_NULL_ORIGIN", async () => {
    const account = await signUp(server, { name: "Victim" });
    const res = await api.post("/update-user", { json: { name: "Pwned" }, headers: { cookie: account.cookie, origin: null } });
    assertError(res, 403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin");
    assert.equal(await nameOf(account), "Victim");
  });

  test("Origin: null → 403 MISSING_OR_NULL_ORIGIN", async () => {
    const account = await signUp(server);
    const res = await api.post("/update-user", { json: { name: "Pwned" }, headers: { cookie: account.cookie, origin: "null" } });
    assertError(res, 403, "MISSING_OR_NULL_ORIGIN");
  });

  test("without Origin, a trusted Referer is used instead; an untrusted one is refused", async () => {
    const account = await signUp(server, { name: "Before" });
    const headers = { cookie: account.cookie, origin: null };
    const bad = await api.post("/update-user", { json: { name: "Pwned" }, headers: { ...headers, referer: `${EVIL}/page` } });
    assertError(bad, 403, "INVALID_ORIGIN");
    const good = await api.post("/update-user", { json: { name: "After" }, headers: { ...headers, referer: `${server.origin}/settings` } });
    assert.equal(good.status, 200, good.text);
    assert.equal(await nameOf(account), "After");
  });

  test("sign-out from an untrusted origin is refused and the session survives", async () => {
    const account = await signUp(server);
    const res = await api.post("/sign-out", { json: {}, headers: { cookie: account.cookie, origin: EVIL } });
    assertError(res, 403, "INVALID_ORIGIN");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
    assert.ok((await getSession(server, account.cookie)).json?.user);
  });

  test("any cookie triggers the check, even on sign-in", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, {}, { cookie: "theme=dark", origin: null });
    assertError(res, 403, "MISSING_OR_NULL_ORIGIN");
  });

  test("GET requests are not origin-checked", async () => {
    const account = await signUp(server);
    const res = await getSession(server, account.cookie, { origin: EVIL });
    assert.equal(res.json?.user?.id, account.user.id);
  });
});

// ASVS 4.2.2 applied to login: an attacker's page cannot sign the victim into the attacker's account.
describe("login CSRF", () => {
  test("cross-site navigation to sign-in → 403 CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, {}, {
      origin: null,
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "navigate",
      "sec-fetch-dest": "document",
    });
    assertError(
      res, 403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
      "Cross-site navigation login blocked. This request appears to be a CSRF attack.",
    );
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
  });

  test("a browser fetch (Sec-Fetch headers) without Origin → 403 MISSING_OR_NULL_ORIGIN", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, {}, { origin: null, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" });
    assertError(res, 403, "MISSING_OR_NULL_ORIGIN");
    const withOrigin = await signIn(server, account.email, PASSWORD, {}, { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" });
    assert.equal(withOrigin.status, 200, withOrigin.text);
  });

  test("sign-in or sign-up from an untrusted Origin or Referer → 403 INVALID_ORIGIN", async () => {
    const account = await signUp(server);
    assertError(await signIn(server, account.email, PASSWORD, {}, { origin: EVIL }), 403, "INVALID_ORIGIN");
    assertError(await signIn(server, account.email, PASSWORD, {}, { origin: null, referer: `${EVIL}/x` }), 403, "INVALID_ORIGIN");
    const email = uniqueEmail("csrf");
    const up = await api.post("/sign-up/email", { json: { email, password: PASSWORD, name: "X" }, headers: { origin: EVIL } });
    assertError(up, 403, "INVALID_ORIGIN");
    // The refused sign-up created nobody: signing up the same email now works.
    assert.equal((await api.post("/sign-up/email", { json: { email, password: PASSWORD, name: "X" } })).status, 200);
  });

  test("a server-to-server call (no cookie, no Origin, no Sec-Fetch) is allowed", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, {}, { origin: null });
    assert.equal(res.status, 200, res.text);
    // docs/api.md, "Bearer": set-auth-token is exposed on this response too, though no Origin was sent.
    assert.equal(res.headers["access-control-expose-headers"], "set-auth-token");
  });

  test("a sign-in from the trusted Origin exposes set-auth-token (no CORS configured)", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, {}, { origin: server.origin });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers["access-control-expose-headers"], "set-auth-token");
    assert.equal(res.headers["access-control-allow-origin"], undefined);
  });
});

// ASVS 5.1.5: redirects only to allow-listed destinations (open-redirect protection).
describe("redirect targets", () => {
  test("untrusted callbackURL on sign-in and sign-up → 403 INVALID_CALLBACK_URL", async () => {
    // docs/api.md, "Redirects and callback URLs": never redirect to an attacker's site.
    const account = await signUp(server);
    for (const callbackURL of [`${EVIL}/x`, "//evil.example/x", "https://evil.example", "javascript:alert(1)"]) {
      const res = await signIn(server, account.email, PASSWORD, { callbackURL });
      assertError(res, 403, "INVALID_CALLBACK_URL", "Invalid callbackURL");
      assert.equal(res.cookie(SESSION_COOKIE), undefined, callbackURL);
      assert.equal(res.headers.location, undefined);
    }
    const up = await api.post("/sign-up/email", {
      json: { email: uniqueEmail(), password: PASSWORD, name: "X", callbackURL: `${EVIL}/welcome` },
    });
    assertError(up, 403, "INVALID_CALLBACK_URL");
  });

  test("the check runs even without cookie or Origin", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, { callbackURL: `${EVIL}/x` }, { origin: null });
    assertError(res, 403, "INVALID_CALLBACK_URL");
  });

  test("a relative path or the server's own origin is accepted", async () => {
    const account = await signUp(server);
    for (const callbackURL of ["/dashboard?tab=1", `${server.origin}/home`]) {
      const res = await signIn(server, account.email, PASSWORD, { callbackURL });
      assert.equal(res.status, 200, `${callbackURL}: ${res.text}`);
      assert.equal(res.json.url, callbackURL);
      assert.equal(res.headers.location, callbackURL);
    }
  });

  test("a callbackURL that is not a string → 400", async () => {
    const account = await signUp(server);
    const res = await signIn(server, account.email, PASSWORD, { callbackURL: 5 });
    assertError(res, 400, undefined, "Invalid callbackURL: expected a string");
  });
});

describe("configured trusted origins (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("LATCHKEY_TRUSTED_ORIGINS is trusted as Origin and as callbackURL", async () => {
    const account = await signUp(server, { name: "Before" });
    const res = await api.post("/update-user", {
      json: { name: "From App" },
      headers: { cookie: account.cookie, origin: EXTRA_TRUSTED_ORIGIN },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(await nameOf(account), "From App");
    const login = await signIn(server, account.email, PASSWORD, { callbackURL: `${EXTRA_TRUSTED_ORIGIN}/app` }, { origin: EXTRA_TRUSTED_ORIGIN });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.headers.location, `${EXTRA_TRUSTED_ORIGIN}/app`);
  });
});
