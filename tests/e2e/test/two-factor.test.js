// Two-factor authentication (issue 11, docs/api.md "Two-factor authentication"): Better Auth's
// twoFactor plugin on the wire. Better Auth's own client SDK with twoFactorClient drives the main
// flow (enable → verify → sign out → sign in stops at the challenge → TOTP → session); raw HTTP
// covers backup codes, trusted devices, disable, the QR code and the route's rate limit. Codes
// come from lib/totp.js (RFC 6238 over node:crypto) and once from Debian's oathtool.
// Bad input and attacks: two-factor-security.test.js; codes by mail: two-factor-otp.test.js.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { twoFactorClient } from "better-auth/client/plugins";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import { assertError, PASSWORD, signedCookieValue, TOKEN_RE, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { IS_PEER, LATCHKEY_ONLY, latchkeyDiffers, PEER_RATE_LIMITED } from "../lib/target.js";
import { Authenticator, base32Decode, hotp, parseOtpauth, STEP_S, totpAtStep } from "../lib/totp.js";
import {
  assertCookieAttrs, BACKUP_CODE_RE, CHALLENGE_MAX_AGE, cookies, newUser, pair, setsNoSession, startChallenge,
  TRUST_DEVICE_COOKIE, TRUST_MAX_AGE, TWO_FACTOR_COOKIE, twoFactorApi, unsign, userWithTwoFactor, xff,
} from "../lib/two_factor.js";

// The issuer in the otpauth URI: the peer's plugin option, latchkey's product name (with a
// space, to pin its encoding: %20 in the label, + in the query).
const ISSUER = IS_PEER ? "better-auth-peer" : "Latchkey E2E";
const FORGETS = "revoking all sessions or disabling 2FA forgets every trusted device (issue 11); "
  + "Better Auth 1.7.25 keeps every trusted device but the one presented";

let server;
let api;
before(async () => {
  server = await startServer({
    name: "two-factor",
    // Limits on, as in production; every request names its own client through the trusted
    // proxy (lib/two_factor.js), so only the rate-limit test meets them.
    env: { LATCHKEY_RATE_LIMIT: "on", LATCHKEY_TRUSTED_PROXIES: "127.0.0.1", LATCHKEY_PRODUCT_NAME: ISSUER },
  });
  api = twoFactorApi(server);
});
after(() => server?.cleanup());

/** The raw JSON of a browser's last response. */
const lastJson = (browser) => JSON.parse(browser.last().text);

describe("lib/totp.js, the test's own authenticator", () => {
  // RFC 6238 Appendix B, SHA-1 rows (8 digits, key "12345678901234567890").
  test("RFC 6238 test vectors (SHA-1)", () => {
    const key = Buffer.from("12345678901234567890");
    const vectors = [[59, "94287082"], [1111111109, "07081804"], [1111111111, "14050471"],
      [1234567890, "89005924"], [2000000000, "69279037"], [20000000000, "65353130"]];
    for (const [t, code] of vectors) assert.equal(hotp(key, Math.floor(t / STEP_S), 8), code, `T=${t}`);
    assert.equal(base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").toString(), "12345678901234567890");
  });
});

describe("TOTP with the client SDK", () => {
  test("enable → verify → sign out → sign in stops at the challenge (onTwoFactorRedirect) → TOTP → session", async () => {
    const redirects = [];
    const browser = makeClient(server, {
      plugins: [twoFactorClient({ onTwoFactorRedirect: (ctx) => redirects.push(ctx) })],
      headers: xff,
    });
    const { client } = browser;
    const email = uniqueEmail("2fa-sdk");
    assert.equal((await client.signUp.email({ name: "SDK", email, password: PASSWORD })).error, null);

    // Enable: the URI and ten backup codes; 2FA is not on until a code is verified.
    const enabled = await client.twoFactor.enable({ password: PASSWORD });
    assert.equal(enabled.error, null, JSON.stringify(enabled.error));
    assert.deepEqual(Object.keys(enabled.data).sort(), ["backupCodes", "method", "totpURI"]);
    assert.equal(enabled.data.method, "totp");
    const { secret } = parseOtpauth(enabled.data.totpURI);
    assert.match(secret, /^[A-Z2-7]+$/, "base32, no padding");
    assert.ok(base32Decode(secret).length >= 20, "at least 160 bits (RFC 4226 §4)");
    const issuer = new URLSearchParams({ issuer: ISSUER }).toString();
    assert.equal(
      enabled.data.totpURI,
      `otpauth://totp/${encodeURIComponent(ISSUER)}:${encodeURIComponent(email)}?secret=${secret}&${issuer}&digits=6&period=30`,
    );
    assert.equal(enabled.data.backupCodes.length, 10);
    for (const code of enabled.data.backupCodes) assert.match(code, BACKUP_CODE_RE);
    assert.equal(new Set(enabled.data.backupCodes).size, 10);
    assert.equal((await client.getSession()).data.user.twoFactorEnabled, false);

    // The first code turns it on (and rotates the session).
    const auth = new Authenticator(secret);
    const verified = await client.twoFactor.verifyTotp({ code: await auth.code() });
    assert.equal(verified.error, null, JSON.stringify(verified.error));
    assert.match(verified.data.token, TOKEN_RE);
    assert.equal((await client.getSession()).data.user.twoFactorEnabled, true);

    assert.equal((await client.signOut()).error, null);
    assert.equal(redirects.length, 0);

    // Sign-in: no session, the challenge cookie, and the SDK's redirect hook.
    const signedIn = await client.signIn.email({ email, password: PASSWORD });
    assert.equal(signedIn.error, null);
    const res = browser.last();
    assert.equal(res.status, 200);
    assert.deepEqual(lastJson(browser), { twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    assert.deepEqual(redirects, [{ twoFactorMethods: ["totp"] }]);
    const challenge = res.cookie(TWO_FACTOR_COOKIE);
    assertCookieAttrs(challenge, CHALLENGE_MAX_AGE, "two_factor");
    assert.match(unsign(challenge, server.secret), /^2fa-[A-Za-z0-9_-]{20}$/);
    assert.ok(setsNoSession(res), "no session cookie on a sign-in that stops at the challenge");
    assert.equal(browser.jar.get(SESSION_COOKIE), undefined);
    assert.equal((await client.getSession()).data, null);

    // The second factor completes the sign-in.
    const done = await client.twoFactor.verifyTotp({ code: await auth.code() });
    assert.equal(done.error, null, JSON.stringify(done.error));
    assert.match(done.data.token, TOKEN_RE);
    assert.equal(done.data.user.email, email);
    assert.equal(done.data.user.twoFactorEnabled, true);
    const last = browser.last();
    assert.equal(last.cookie(SESSION_COOKIE).value, signedCookieValue(done.data.token, server.secret));
    assert.equal(last.cookie(TWO_FACTOR_COOKIE)?.attrs["max-age"], "0", "the challenge cookie is expired");
    assert.equal(browser.jar.get(TWO_FACTOR_COOKIE), undefined);
    const session = await client.getSession();
    assert.equal(session.data.session.token, done.data.token);
    assert.equal(session.data.user.twoFactorEnabled, true);
    assert.equal(redirects.length, 1);
  });

  // Debian's oathtool (liboath) as a second, independent authenticator for the same secret.
  const oathtool = (() => {
    try {
      execFileSync("oathtool", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  test("a code from Debian's oathtool turns 2FA on and signs in", { skip: oathtool ? false : "oathtool is not installed (scripts/install-deps.sh test)" }, async () => {
    const { email, cookie } = await newUser(server, "2fa-oath");
    const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, cookie);
    const { secret } = parseOtpauth(enabled.json.totpURI);
    const oath = (step) =>
      execFileSync("oathtool", ["--totp", "-b", `--now=@${step * STEP_S + 1}`, secret], { encoding: "utf8" }).trim();
    // lib/totp.js only picks the steps (each code once, increasing); oathtool computes the codes.
    const auth = new Authenticator(secret);
    const first = await auth.next();
    assert.equal(oath(first.step), first.code, "oathtool and lib/totp.js agree");
    assert.equal((await api.post("/two-factor/verify-totp", { code: oath(first.step) }, cookie)).status, 200);
    const { challenge } = await startChallenge(server, email);
    const res = await api.post("/two-factor/verify-totp", { code: oath((await auth.next()).step) }, challenge);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.email, email);
  });
});

describe("backup codes", () => {
  test("one code signs in once; regenerate-backup-codes replaces them all", async () => {
    const account = await userWithTwoFactor(server, "2fa-backup");
    const [first, second, third] = account.backupCodes;
    const { challenge } = await startChallenge(server, account.email);
    const used = await api.post("/two-factor/verify-backup-code", { code: first }, challenge);
    assert.equal(used.status, 200, used.text);
    assert.match(used.json.token, TOKEN_RE);
    assert.equal(used.json.user.id, account.user.id);
    const session = await api.get("/get-session", pair(used.cookie(SESSION_COOKIE)));
    assert.equal(session.json.user.id, account.user.id);

    // The same code again → refused; the challenge survives one wrong answer.
    const again = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-backup-code", { code: first }, again.challenge), 401, "INVALID_BACKUP_CODE");
    assert.equal((await api.post("/two-factor/verify-backup-code", { code: second }, again.challenge)).status, 200);

    const regenerated = await api.post("/two-factor/generate-backup-codes", { password: PASSWORD }, account.cookie);
    assert.equal(regenerated.status, 200, regenerated.text);
    assert.equal(regenerated.json.status, true);
    assert.equal(regenerated.json.backupCodes.length, 10);
    for (const code of regenerated.json.backupCodes) assert.match(code, BACKUP_CODE_RE);
    assert.ok(!regenerated.json.backupCodes.some((c) => account.backupCodes.includes(c)), "all new");

    const third_ = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-backup-code", { code: third }, third_.challenge), 401, "INVALID_BACKUP_CODE");
    const fresh = await api.post("/two-factor/verify-backup-code", { code: regenerated.json.backupCodes[0] }, third_.challenge);
    assert.equal(fresh.status, 200, fresh.text);
  });
});

describe("trusted devices", () => {
  /** A user with 2FA and a browser that trusted itself at sign-in: {account, trust (Cookie pair), trustSet}. */
  async function trustedBrowser(tag) {
    const account = await userWithTwoFactor(server, tag);
    const { challenge } = await startChallenge(server, account.email);
    const res = await api.post("/two-factor/verify-totp", { code: await account.auth.code(), trustDevice: true }, challenge);
    assert.equal(res.status, 200, res.text);
    const trustSet = res.cookie(TRUST_DEVICE_COOKIE);
    return { account, trust: pair(trustSet), trustSet, res };
  }

  /** Signs in with the password carrying `cookie`; true when it went straight to a session. */
  async function skipsChallenge(email, cookie) {
    const res = await api.post("/sign-in/email", { email, password: PASSWORD }, cookie);
    assert.equal(res.status, 200, res.text);
    if (res.json.twoFactorRedirect) return { skipped: false, res };
    assert.match(res.json.token, TOKEN_RE);
    return { skipped: true, res };
  }

  test("trustDevice:true sets the 30-day trust cookie; the next sign-in skips the challenge and rotates it", async () => {
    const { account, trust, trustSet } = await trustedBrowser("2fa-trust");
    assertCookieAttrs(trustSet, TRUST_MAX_AGE, "trust_device");
    const inner = unsign(trustSet, server.secret);
    const [mac, trustId] = inner.split("!");
    assert.match(trustId, /^trust-device-[A-Za-z0-9_-]{32}$/);
    const expected = crypto.createHmac("sha256", server.secret).update(`${account.user.id}!${trustId}`).digest("base64url");
    assert.equal(mac, expected, "HMAC-SHA256(secret, userId!trustId), base64url without padding");

    const first = await skipsChallenge(account.email, trust);
    assert.equal(first.skipped, true, "a trusted device signs in directly");
    assert.equal(first.res.json.user.twoFactorEnabled, true);
    assert.equal(first.res.cookie(TWO_FACTOR_COOKIE), undefined);
    const rotated = first.res.cookie(TRUST_DEVICE_COOKIE);
    assertCookieAttrs(rotated, TRUST_MAX_AGE, "rotated trust_device");
    assert.notEqual(rotated.value, trustSet.value, "rotated on use");
    const session = await api.get("/get-session", pair(first.res.cookie(SESSION_COOKIE)));
    assert.equal(session.json.user.id, account.user.id);

    // The value it replaced is spent; the new one works.
    assert.equal((await skipsChallenge(account.email, trust)).skipped, false, "the old trust cookie is spent");
    assert.equal((await skipsChallenge(account.email, pair(rotated))).skipped, true);
  });

  test("a trust cookie is bound to its user: another user's sign-in still gets the challenge", async () => {
    const { trust } = await trustedBrowser("2fa-trust-a");
    const other = await userWithTwoFactor(server, "2fa-trust-b");
    assert.equal((await skipsChallenge(other.email, trust)).skipped, false);
  });

  test("disable from the trusted browser forgets that device: after re-enabling, the challenge is back", async () => {
    const { account, trust } = await trustedBrowser("2fa-trust-disable");
    const disabled = await api.post("/two-factor/disable", { password: PASSWORD }, cookies(account.cookie, trust));
    assert.equal(disabled.status, 200, disabled.text);
    assert.equal(disabled.cookie(TRUST_DEVICE_COOKIE)?.attrs["max-age"], "0", "trust cookie expired");
    const cookie = pair(disabled.cookie(SESSION_COOKIE));
    await reEnable(account, cookie);
    assert.equal((await skipsChallenge(account.email, trust)).skipped, false);
  });

  test("revoke-sessions forgets every trusted device", { skip: latchkeyDiffers(FORGETS) }, async () => {
    const { account, trust } = await trustedBrowser("2fa-trust-revoke");
    const revoked = await api.post("/revoke-sessions", {}, account.cookie);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal((await skipsChallenge(account.email, trust)).skipped, false);
  });

  test("disable from another browser forgets every trusted device too", { skip: latchkeyDiffers(FORGETS) }, async () => {
    const { account, trust } = await trustedBrowser("2fa-trust-disable-elsewhere");
    const disabled = await api.post("/two-factor/disable", { password: PASSWORD }, account.cookie);
    assert.equal(disabled.status, 200, disabled.text);
    await reEnable(account, pair(disabled.cookie(SESSION_COOKIE)));
    assert.equal((await skipsChallenge(account.email, trust)).skipped, false);
  });

  /** Turns TOTP on again, with a new secret, for the session `cookie`. */
  async function reEnable(account, cookie) {
    const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, cookie);
    assert.equal(enabled.status, 200, enabled.text);
    const secret = parseOtpauth(enabled.json.totpURI).secret;
    const code = await new Authenticator(secret).code();
    assert.equal((await api.post("/two-factor/verify-totp", { code }, cookie)).status, 200);
  }
});

describe("disable", () => {
  test("disable (password) → {status:true}, a new session, twoFactorEnabled false, sign-in gives a session directly", async () => {
    const account = await userWithTwoFactor(server, "2fa-disable");
    const res = await api.post("/two-factor/disable", { password: PASSWORD }, account.cookie);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: true });
    const cookie = pair(res.cookie(SESSION_COOKIE));
    assert.notEqual(cookie, account.cookie, "the session is rotated");
    assert.equal((await api.get("/get-session", account.cookie)).json, null, "the old session is gone");
    assert.equal((await api.get("/get-session", cookie)).json.user.twoFactorEnabled, false);
    const signIn = await api.post("/sign-in/email", { email: account.email, password: PASSWORD });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.json.twoFactorRedirect, undefined);
    assert.match(signIn.json.token, TOKEN_RE);
    assert.equal(signIn.json.user.twoFactorEnabled, false);
  });
});

describe("QR code (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // Only while a setup is pending (enable answered, no code verified yet): afterwards the secret
  // is shown again only through get-totp-uri, which asks for the password.
  test("GET /two-factor/qr renders the pending otpauth URI as SVG; none before enable or after verify", async () => {
    const account = await newUser(server, "2fa-qr");
    assertError(await api.get("/two-factor/qr"), 401, "UNAUTHORIZED");
    assertError(await api.get("/two-factor/qr", account.cookie), 404, "NO_PENDING_TOTP_SETUP");
    const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, account.cookie);
    assert.equal(enabled.status, 200, enabled.text);
    const res = await api.get("/two-factor/qr", account.cookie);
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers["content-type"]), /^image\/svg\+xml/);
    assert.ok(res.text.startsWith("<svg"), res.text.slice(0, 80));
    assert.match(res.text, /<\/svg>\s*$/);
    const code = await new Authenticator(parseOtpauth(enabled.json.totpURI).secret).code();
    const verified = await api.post("/two-factor/verify-totp", { code }, account.cookie);
    assert.equal(verified.status, 200, verified.text);
    const cookie = pair(verified.cookie(SESSION_COOKIE)) ?? account.cookie; // turning 2FA on rotates the session
    assertError(await api.get("/two-factor/qr", cookie), 404, "NO_PENDING_TOTP_SETUP");
  });
});

// docs/api.md, "Everywhere" (rate limits): /two-factor/* allows 3 requests per 10 s per address.
// Issue 19, "Metrics" (docs/operations.md): a sign-in that stops at the challenge counts as
// email/two_factor_required; the request answering it counts under method two_factor, a wrong
// code as wrong_code; proving the authenticator while signed in counts nothing.
describe("sign-in attempts metric (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  const attempts = async () => {
    const res = await request(`${server.origin}/metrics`, { headers: xff() });
    assert.equal(res.status, 200, res.text);
    const out = {};
    for (const m of res.text.matchAll(/^latchkey_sign_in_attempts_total\{method="([a-z_]+)",outcome="([a-z_]+)"\} (\d+)$/gm)) {
      out[`${m[1]}/${m[2]}`] = Number(m[3]);
    }
    return out;
  };
  test("challenge, wrong code, right code: one attempt each, by method", async () => {
    const account = await userWithTwoFactor(server, "2fa-metric");
    const before = await attempts();
    const { challenge } = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-totp", { code: "000000" }, challenge), 401, "INVALID_CODE");
    assert.equal((await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge)).status, 200);
    const after = await attempts();
    const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([, d]) => d !== 0));
    assert.deepEqual(delta, { "email/two_factor_required": 1, "two_factor/wrong_code": 1, "two_factor/ok": 1 });
  });
});

describe("rate limit", () => {
  const peerOff = IS_PEER && !PEER_RATE_LIMITED
    ? "the peer's limiter is off unless started with RATE_LIMIT=1 (then set LK_E2E_PEER_RATE_LIMIT=1)"
    : false;
  test("the 4th /two-factor/ request from one address within 10 s → 429; another address is served", { skip: peerOff }, async () => {
    const from = xff();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api.post("/two-factor/verify-totp", { code: "123456" }, undefined, from)).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const limited = await api.post("/two-factor/verify-totp", { code: "123456" }, undefined, from);
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.json, { message: "Too many requests. Please try again later." });
    const retry = Number(limited.headers["x-retry-after"]);
    assert.ok(retry >= 1 && retry <= 10, `X-Retry-After ${limited.headers["x-retry-after"]}`);
    assertError(await api.post("/two-factor/verify-totp", { code: "123456" }), 401, "INVALID_TWO_FACTOR_COOKIE");
  });
});
