// Two-factor authentication under attack and bad input (issue 11, docs/api.md "Two-factor
// authentication"; ASVS 5.1.x input checks, ASVS 2.8.x one-time codes, RFC 6238). The expected
// status and code are the Better Auth peer's answers; where the issue asks for more than the
// peer does (each code accepted once), the test is latchkey-only and its name says what it pins.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { SESSION_COOKIE } from "../lib/client.js";
import { assertError, PASSWORD, signedCookieValue, TOKEN_RE } from "../lib/fixtures.js";
import { KeepAliveConnection } from "../lib/keepalive.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";
import { STEP_S, stepAt, totpAtStep } from "../lib/totp.js";
import {
  newUser, pair, startChallenge, TWO_FACTOR_COOKIE, twoFactorApi, userWithTwoFactor, xff,
} from "../lib/two_factor.js";

const WRONG = "not the password 42";
const VERIFY_ROUTES = ["/two-factor/verify-totp", "/two-factor/verify-backup-code", "/two-factor/verify-otp"];

let server;
let api;
before(async () => {
  server = await startServer({ name: "two-factor-security" });
  api = twoFactorApi(server);
});
after(() => server?.cleanup());

/** Waits out the last 2 s of a step, so "this step ± n" means the same step at the server. */
async function clearOfStepBoundary() {
  const msLeft = (stepAt() + 1) * STEP_S * 1000 - Date.now();
  if (msLeft < 2000) await new Promise((r) => setTimeout(r, msLeft + 50));
}

describe("bad input on every route (ASVS 5.1.x): the contract's 4xx, never a 500", () => {
  test("verify-totp: missing, numeric or mistyped fields → 400 VALIDATION_ERROR; 5, 7, non-digit, empty codes → 401 INVALID_CODE", async () => {
    const account = await userWithTwoFactor(server, "2fa-bad-totp");
    const { challenge } = await startChallenge(server, account.email);
    for (const body of [{}, { code: 123456 }, { code: null }, { code: ["123456"] }, { code: "123456", trustDevice: "yes" }]) {
      assertError(await api.post("/two-factor/verify-totp", body, challenge), 400, "VALIDATION_ERROR");
    }
    // Four wrong answers: one short of the challenge's five.
    for (const code of ["12345", "1234567", "12a456", ""]) {
      assertError(await api.post("/two-factor/verify-totp", { code }, challenge), 401, "INVALID_CODE");
    }
    const ok = await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge);
    assert.equal(ok.status, 200, "validation errors and four wrong codes leave the challenge usable");
  });

  test("verify-backup-code and verify-otp: missing code → 400 VALIDATION_ERROR; a wrong backup code → 401 INVALID_BACKUP_CODE", async () => {
    const account = await userWithTwoFactor(server, "2fa-bad-backup");
    const { challenge } = await startChallenge(server, account.email);
    for (const path of ["/two-factor/verify-backup-code", "/two-factor/verify-otp"]) {
      assertError(await api.post(path, {}, challenge), 400, "VALIDATION_ERROR");
      assertError(await api.post(path, { code: 12345 }, challenge), 400, "VALIDATION_ERROR");
    }
    for (const code of ["aaaaa-bbbbb", "", `${account.backupCodes[0]}x`, account.backupCodes[0].slice(0, 10)]) {
      assertError(await api.post("/two-factor/verify-backup-code", { code }, challenge), 401, "INVALID_BACKUP_CODE");
    }
  });

  test("a backup code typed without its dash is accepted", {
    skip: latchkeyDiffers("recovery codes are compared without their dash (docs/compatibility.md); Better Auth wants it exact"),
  }, async () => {
    const account = await userWithTwoFactor(server, "2fa-dashless");
    const { challenge } = await startChallenge(server, account.email);
    const res = await api.post("/two-factor/verify-backup-code", { code: account.backupCodes[0].replace("-", "") }, challenge);
    assert.equal(res.status, 200, res.text);
  });

  test("OTP not configured (the default): send-otp → 400 OTP_NOT_CONFIGURED; verify-otp with no code sent → 400 OTP_HAS_EXPIRED", async () => {
    const account = await userWithTwoFactor(server, "2fa-bad-otp");
    const { challenge } = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/send-otp", {}, challenge), 400, "OTP_NOT_CONFIGURED");
    assertError(await api.post("/two-factor/send-otp", {}), 400, "OTP_NOT_CONFIGURED");
    assertError(await api.post("/two-factor/verify-otp", { code: "123456" }, challenge), 400, "OTP_HAS_EXPIRED");
    assertError(await api.post("/two-factor/enable", { password: PASSWORD, method: "otp" }, account.cookie), 400, "OTP_NOT_CONFIGURED");
  });

  test("the password routes: no session → 401 UNAUTHORIZED; no password → 400 VALIDATION_ERROR; a wrong one → 400 INVALID_PASSWORD", async () => {
    // Four wrong passwords in all: under the account lockout's threshold (docs/compatibility.md).
    const account = await userWithTwoFactor(server, "2fa-bad-password");
    for (const path of ["/two-factor/enable", "/two-factor/disable", "/two-factor/get-totp-uri", "/two-factor/generate-backup-codes"]) {
      assertError(await api.post(path, { password: PASSWORD }), 401, "UNAUTHORIZED");
      assertError(await api.post(path, {}, account.cookie), 400, "VALIDATION_ERROR");
      assertError(await api.post(path, { password: 42 }, account.cookie), 400, "VALIDATION_ERROR");
      assertError(await api.post(path, { password: WRONG }, account.cookie), 400, "INVALID_PASSWORD");
    }
  });

  test("routes in the wrong state: TOTP_NOT_ENABLED, TWO_FACTOR_NOT_ENABLED, TOTP_ALREADY_ENABLED", async () => {
    const plain = await newUser(server, "2fa-state");
    assertError(await api.post("/two-factor/get-totp-uri", { password: PASSWORD }, plain.cookie), 400, "TOTP_NOT_ENABLED");
    assertError(await api.post("/two-factor/generate-backup-codes", { password: PASSWORD }, plain.cookie), 400, "TWO_FACTOR_NOT_ENABLED");
    assertError(await api.post("/two-factor/verify-totp", { code: "123456" }, plain.cookie), 400, "TOTP_NOT_ENABLED");
    const on = await userWithTwoFactor(server, "2fa-state-on");
    assertError(await api.post("/two-factor/enable", { password: PASSWORD }, on.cookie), 400, "TOTP_ALREADY_ENABLED");
    const uri = await api.post("/two-factor/get-totp-uri", { password: PASSWORD }, on.cookie);
    assert.equal(uri.status, 200, uri.text);
    assert.equal(uri.json.totpURI, on.uri, "the same secret as enable answered");
  });
});

describe("the challenge cookie", () => {
  test("no cookie → 401 INVALID_TWO_FACTOR_COOKIE on every verify route", async () => {
    for (const path of VERIFY_ROUTES) {
      assertError(await api.post(path, { code: "123456" }), 401, "INVALID_TWO_FACTOR_COOKIE");
    }
  });

  test("tampered, unsigned, or validly signed but unknown → 401 INVALID_TWO_FACTOR_COOKIE", async () => {
    const account = await userWithTwoFactor(server, "2fa-tamper");
    const { res, challenge } = await startChallenge(server, account.email);
    const value = decodeURIComponent(res.cookie(TWO_FACTOR_COOKIE).value);
    const id = value.slice(0, value.lastIndexOf("."));
    const flipped = id.slice(0, -1) + (id.endsWith("A") ? "B" : "A");
    const forged = [
      `${TWO_FACTOR_COOKIE}=${encodeURIComponent(flipped + value.slice(id.length))}`, // the id changed under its signature
      `${TWO_FACTOR_COOKIE}=${id}`, // no signature
      `${TWO_FACTOR_COOKIE}=${signedCookieValue(`2fa-${crypto.randomBytes(10).toString("hex")}`, server.secret)}`,
      `${TWO_FACTOR_COOKIE}=${signedCookieValue(id, "some-other-secret-0123456789abcdef")}`,
    ];
    const { code } = await account.auth.next(); // the right code: only the cookie is wrong
    for (const cookie of forged) {
      assertError(await api.post("/two-factor/verify-totp", { code }, cookie), 401, "INVALID_TWO_FACTOR_COOKIE");
    }
    const ok = await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge);
    assert.equal(ok.status, 200, ok.text);
  });

  test("a used challenge is spent: the same cookie again → 401 INVALID_TWO_FACTOR_COOKIE", async () => {
    const account = await userWithTwoFactor(server, "2fa-spent");
    const { challenge } = await startChallenge(server, account.email);
    assert.equal((await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge)).status, 200);
    assertError(await api.post("/two-factor/verify-totp", { code: "123456" }, challenge), 401, "INVALID_TWO_FACTOR_COOKIE");
    assertError(await api.post("/two-factor/verify-backup-code", { code: account.backupCodes[0] }, challenge), 401, "INVALID_TWO_FACTOR_COOKIE");
  });

  // The cookie names whose sign-in it completes: another user's code does not fit it.
  test("another user's challenge cookie with this user's code → 401 INVALID_CODE; it still signs in only its own user", async () => {
    const owner = await userWithTwoFactor(server, "2fa-owner");
    const intruder = await userWithTwoFactor(server, "2fa-intruder");
    const { challenge } = await startChallenge(server, owner.email);
    assertError(await api.post("/two-factor/verify-totp", { code: await intruder.auth.code() }, challenge), 401, "INVALID_CODE");
    assertError(await api.post("/two-factor/verify-backup-code", { code: intruder.backupCodes[0] }, challenge), 401, "INVALID_BACKUP_CODE");
    const res = await api.post("/two-factor/verify-totp", { code: await owner.auth.code() }, challenge);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.id, owner.user.id);
  });

  test("an expired challenge (older than 10 minutes) → 401 INVALID_TWO_FACTOR_COOKIE", {
    // lib/server.js has no clock to move, and waiting 10 minutes is not a test.
    skip: "needs a server clock the suite can move (none yet)",
  }, async () => {});
});

describe("wrong codes", () => {
  test("5 wrong codes (each 401 INVALID_CODE) end the challenge: then even the right code → 400 TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", async () => {
    const account = await userWithTwoFactor(server, "2fa-five");
    const { challenge } = await startChallenge(server, account.email);
    for (let i = 0; i < 5; i++) {
      assertError(await api.post("/two-factor/verify-totp", { code: "000000" }, challenge), 401, "INVALID_CODE");
    }
    const { code } = await account.auth.next();
    assertError(await api.post("/two-factor/verify-totp", { code }, challenge), 400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE");
    // Still refused: Better Auth kills the challenge (then 401 INVALID_TWO_FACTOR_COOKIE), latchkey
    // locks it for 5 minutes (400 TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE; issue 11).
    const again = await api.post("/two-factor/verify-totp", { code }, challenge);
    assert.ok(["TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "INVALID_TWO_FACTOR_COOKIE"].includes(again.json?.code), again.text);
    assert.ok(!again.cookie(SESSION_COOKIE)?.value, "no session");
    // A new sign-in is a new challenge.
    const next = await startChallenge(server, account.email);
    assert.equal((await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, next.challenge)).status, 200);
  });

  test("10 wrong codes across challenges lock the account's second factor: 429 ACCOUNT_TEMPORARILY_LOCKED", async () => {
    const account = await userWithTwoFactor(server, "2fa-lock");
    for (let round = 0; round < 2; round++) {
      const { challenge } = await startChallenge(server, account.email);
      for (let i = 0; i < 5; i++) await api.post("/two-factor/verify-totp", { code: "000000" }, challenge);
    }
    const { challenge } = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge), 429, "ACCOUNT_TEMPORARILY_LOCKED");
    assertError(await api.post("/two-factor/verify-backup-code", { code: account.backupCodes[0] }, challenge), 429, "ACCOUNT_TEMPORARILY_LOCKED");
  });

  // Backup codes are single-use in the contract (a compare-and-set on the stored list).
  test("a backup code on two challenges at once → exactly one 200, the other 401 or 409 (single use under a race)", async () => {
    const account = await userWithTwoFactor(server, "2fa-race-backup");
    const challenges = [await startChallenge(server, account.email), await startChallenge(server, account.email)];
    const results = await Promise.all(challenges.map(({ challenge }) =>
      api.post("/two-factor/verify-backup-code", { code: account.backupCodes[0] }, challenge)));
    assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => `${r.status} ${r.text}`).join(" | "));
    for (const r of results.filter((x) => x.status !== 200)) assert.ok([401, 409].includes(r.status), r.text);
    const winner = results.find((r) => r.status === 200);
    assert.equal((await api.get("/get-session", pair(winner.cookie(SESSION_COOKIE)))).json.user.id, account.user.id);
  });

  // RFC 6238 §5.2: one step of clock skew either way, not more.
  test("RFC 6238 window: codes one step old or ahead are accepted, two steps → 401 INVALID_CODE", async () => {
    const account = await newUser(server, "2fa-window");
    const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, account.cookie);
    const secret = new URL(enabled.json.totpURI).searchParams.get("secret");
    await clearOfStepBoundary();
    const now = stepAt();
    // In the enable flow (a session, no challenge): no per-challenge attempt budget is spent.
    for (const step of [now - 2, now + 2, now - 30, now + 30]) {
      assertError(await api.post("/two-factor/verify-totp", { code: totpAtStep(secret, step) }, account.cookie), 401, "INVALID_CODE");
    }
    assert.equal((await api.post("/two-factor/verify-totp", { code: totpAtStep(secret, now - 1) }, account.cookie)).status, 200);
    const { challenge } = await startChallenge(server, account.email);
    const res = await api.post("/two-factor/verify-totp", { code: totpAtStep(secret, now + 1) }, challenge);
    assert.equal(res.status, 200, res.text);
  });
});

describe("each code is accepted once (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  // ASVS 2.8.4 / RFC 6238 §5.2: a TOTP code seen once is refused for the rest of its window.
  test("ASVS 2.8.4 replay: the same TOTP code on a second challenge → 401 INVALID_CODE; that challenge lives on", async () => {
    const account = await userWithTwoFactor(server, "2fa-replay");
    const { code } = await account.auth.next();
    const first = await startChallenge(server, account.email);
    assert.equal((await api.post("/two-factor/verify-totp", { code }, first.challenge)).status, 200);
    const second = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-totp", { code }, second.challenge), 401, "INVALID_CODE");
    assert.equal((await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, second.challenge)).status, 200);
  });

  test("ASVS 2.8.4 replay: the code that turned 2FA on cannot sign in", async () => {
    const account = await newUser(server, "2fa-replay-enable");
    const enabled = await api.post("/two-factor/enable", { password: PASSWORD }, account.cookie);
    const secret = new URL(enabled.json.totpURI).searchParams.get("secret");
    await clearOfStepBoundary();
    const code = totpAtStep(secret, stepAt());
    assert.equal((await api.post("/two-factor/verify-totp", { code }, account.cookie)).status, 200);
    const { challenge } = await startChallenge(server, account.email);
    assertError(await api.post("/two-factor/verify-totp", { code }, challenge), 401, "INVALID_CODE");
  });

  // ASVS 2.8.x / issue 11: the wrong codes that lock a challenge are audited, once.
  test("ASVS 2.8.x challenge lock: 5 wrong codes write one audit event with challenge_locked", async () => {
    const account = await userWithTwoFactor(server, "2fa-lock-audit");
    const { challenge } = await startChallenge(server, account.email);
    for (let i = 0; i < 6; i++) {
      const res = await api.post("/two-factor/verify-totp", { code: "000000" }, challenge);
      assert.ok([400, 401].includes(res.status), res.text);
    }
    const events = await server.db.auditEvents({ event_type: "two_factor.verify", user_id: account.user.id });
    assert.equal(events.filter((e) => /"challenge_locked":true/.test(e.details ?? "")).length, 1, JSON.stringify(events));
  });

  // RFC 6238 §5.2 under a race: two requests carry one code at the same moment, each on its
  // own kept-alive connection (as two proxy upstream connections would): exactly one wins.
  test("ASVS 2.8.4 replay, concurrent: one code on two challenges at once → exactly one 200, the other 401 INVALID_CODE", async () => {
    const account = await userWithTwoFactor(server, "2fa-race");
    const challenges = [await startChallenge(server, account.email), await startChallenge(server, account.email)];
    const { code } = await account.auth.next();
    const conns = await Promise.all(challenges.map(() => KeepAliveConnection.open(server.origin)));
    try {
      const results = await Promise.all(conns.map((conn, i) =>
        conn.request("POST", "/api/auth/two-factor/verify-totp", {
          headers: { Origin: server.origin, "User-Agent": "latchkey-e2e", Cookie: challenges[i].challenge, ...xff() },
          json: { code },
        })));
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 401], results.map((r) => r.text).join(" | "));
      assertError(results.find((r) => r.status === 401), 401, "INVALID_CODE");
      assert.match(results.find((r) => r.status === 200).json.token, TOKEN_RE);
    } finally {
      for (const conn of conns) conn.close();
    }
  });
});
