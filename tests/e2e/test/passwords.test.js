// Common, breached and weak passwords (issues 5 and 9): the 10,000 most common passwords
// refused by default, the HIBP range API with k-anonymity against a local server speaking
// its protocol, the offline index built by `latchkey pwned import` from a corpus the test
// generates, reject and warn policies, an unreachable service, the zxcvbn minimum score,
// and POST /password/check.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { assertError, PASSWORD, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { sha1Hex, startFakeProviders } from "../lib/fake_providers.js";
import { latchkeyEnv, makeTempDir, runLatchkey, startServer } from "../lib/server.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";

const BREACHED = "monkey-banana-1987";
const signUpWith = (server, password) => apiFor(server).post("/sign-up/email", {
  json: { name: "P", email: uniqueEmail("pw"), password },
});

// ASVS 2.1.7: the 10,000 most common passwords are refused on every route that sets one,
// with no configuration (the list is built into the binary). Better Auth has no such check.
describe("common passwords, refused by default (ASVS 2.1.7)", () => {
  const COMMON = "common passwords are refused (ASVS 2.1.7); Better Auth accepts them";
  let server;
  before(async () => {
    server = await startServer({ name: "common" });
  });
  after(() => server?.cleanup());

  test("sign-up: password1, its capitalised form and 12345678 → 400 PASSWORD_TOO_COMMON", { skip: latchkeyDiffers(COMMON) }, async () => {
    for (const password of ["password1", "Password1", "12345678", "qwerty123"]) {
      const res = await signUpWith(server, password);
      assertError(res, 400, "PASSWORD_TOO_COMMON", "This password is too common. Please choose another one.");
      assert.ok(!res.text.includes(password), "the password is not echoed");
    }
  });

  test("an uncommon passphrase is accepted", async () => {
    const res = await signUpWith(server, "violet-Tandem-92-orbit");
    assert.equal(res.status, 200, res.text);
  });

  test("change-password to a common password → 400 PASSWORD_TOO_COMMON; the old one still works", { skip: latchkeyDiffers(COMMON) }, async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: "iloveyou" }, headers: { cookie: account.cookie },
    });
    assertError(res, 400, "PASSWORD_TOO_COMMON");
    assert.equal((await signIn(server, account.email, PASSWORD)).status, 200);
  });

  test("reset-password to a common password → 400 PASSWORD_TOO_COMMON; the token still works", { skip: LATCHKEY_ONLY }, async () => {
    const account = await signUp(server);
    const seen = new Set(readMails(server).map((m) => m.file));
    const asked = await apiFor(server).post("/request-password-reset", { json: { email: account.email, redirectTo: "/reset" } });
    assert.equal(asked.status, 200, asked.text);
    const mail = await waitForMail(server, account.email, /reset-password\//, 5000, seen);
    const token = new URL(linkIn(mail, `${server.origin}/api/auth/reset-password/`)).pathname.split("/").pop();
    const refused = await apiFor(server).post("/reset-password", { json: { newPassword: "trustno1", token } });
    assertError(refused, 400, "PASSWORD_TOO_COMMON");
    const reset = await apiFor(server).post("/reset-password", { json: { newPassword: "violet-Tandem-92-orbit", token } });
    assert.equal(reset.status, 200, reset.text);
  });

  test("POST /password/check reports common:true and acceptable:false", { skip: LATCHKEY_ONLY }, async () => {
    const common = await apiFor(server).post("/password/check", { json: { password: "password1" } });
    assert.equal(common.status, 200);
    assert.equal(common.json.common, true);
    assert.equal(common.json.acceptable, false);
    const fine = await apiFor(server).post("/password/check", { json: { password: "violet-Tandem-92-orbit" } });
    assert.equal(fine.json.common, false);
    assert.equal(fine.json.acceptable, true);
  });
});

describe("common_password_check=false (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("restores Better Auth's behaviour: password1 is accepted", async () => {
    const server = await startServer({ name: "common-off", env: { LATCHKEY_COMMON_PASSWORD_CHECK: "false" } });
    try {
      assert.equal((await signUpWith(server, "password1")).status, 200);
      const check = await apiFor(server).post("/password/check", { json: { password: "password1" } });
      assert.equal(check.json.common, true);
      assert.equal(check.json.acceptable, true);
    } finally {
      await server.cleanup();
    }
  });
});

describe("breached passwords via the HIBP range API (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let providers;
  let server;
  before(async () => {
    providers = await startFakeProviders({ passwords: { [BREACHED]: 42 } });
    server = await startServer({
      name: "hibp",
      env: { LATCHKEY_PWNED_CHECK: "online", LATCHKEY_HIBP_URL: providers.url, LATCHKEY_HIBP_TIMEOUT_MS: "400" },
    });
  });
  after(async () => {
    await server?.cleanup();
    await providers?.close();
  });

  // ASVS 2.1.7, NIST SP 800-63B §5.1.1.2: refuse passwords known from breaches.
  test("a breached password is refused on sign-up (400 PASSWORD_COMPROMISED); a fresh one is fine", async () => {
    assertError(await signUpWith(server, BREACHED), 400, "PASSWORD_COMPROMISED");
    assert.equal((await signUpWith(server, PASSWORD)).status, 200);
  });

  // docs/operations.md, "Abuse protection" (Breached passwords): k-anonymity — only the first
  // 5 hex characters of the SHA-1 leave.
  test("only the 5-character SHA-1 prefix is sent, with Add-Padding: true", async () => {
    providers.clearRequests();
    await signUpWith(server, BREACHED);
    const sent = providers.requests.filter((r) => r.service === "hibp");
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path, `/range/${sha1Hex(BREACHED).slice(0, 5)}`);
    assert.equal(sent[0].headers["add-padding"], "true");
    assert.ok(!JSON.stringify(sent[0]).includes(sha1Hex(BREACHED).slice(5)), "the suffix never leaves");
  });

  test("change-password and reset-password apply the same rule", async () => {
    const account = await signUp(server);
    const res = await apiFor(server).post("/change-password", {
      json: { currentPassword: PASSWORD, newPassword: BREACHED }, headers: { cookie: account.cookie },
    });
    assertError(res, 400, "PASSWORD_COMPROMISED");
  });

  test("HIBP unreachable (hang): fail open by default — the sign-up succeeds after the timeout", async () => {
    providers.setMode("hang", "hibp");
    try {
      const started = Date.now();
      assert.equal((await signUpWith(server, "another fresh passphrase")).status, 200);
      assert.ok(Date.now() - started < 3000);
    } finally {
      providers.setMode("normal", "hibp");
    }
  });

  test("POST /password/check: score, feedback and breach status", async () => {
    const weak = await apiFor(server).post("/password/check", { json: { password: BREACHED } });
    assert.equal(weak.status, 200);
    assert.equal(weak.json.breached, true);
    assert.equal(weak.json.acceptable, false);
    assert.ok(weak.json.score >= 0 && weak.json.score <= 4);
    const strong = await apiFor(server).post("/password/check", { json: { password: "violet tugboat hums under 9 quiet bridges" } });
    assert.equal(strong.json.breached, false);
    assert.equal(strong.json.score, 4);
    assert.equal(strong.json.acceptable, true);
    assert.deepEqual(strong.json.feedback, { warning: "", suggestions: [] });
    const common = await apiFor(server).post("/password/check", { json: { password: "password" } });
    assert.equal(common.json.score, 0);
    assert.ok(common.json.feedback.warning.length > 0);
    assert.match(common.headers["cache-control"], /no-store/);
  });

  // Issue 9 item 10 (ASVS 2.1.2, 128 characters by default): /password/check caps its input
  // like every other password route, before any zxcvbn or breach work.
  test("POST /password/check: over max_password_length → 400 PASSWORD_TOO_LONG, no HIBP query", async () => {
    providers.clearRequests();
    assertError(await apiFor(server).post("/password/check", { json: { password: "x".repeat(129) } }), 400,
      "PASSWORD_TOO_LONG");
    assertError(await apiFor(server).post("/password/check", { json: { password: "é".repeat(129) } }), 400,
      "PASSWORD_TOO_LONG");
    assert.equal(providers.requests.filter((r) => r.service === "hibp").length, 0);
    const atMax = await apiFor(server).post("/password/check", { json: { password: "y".repeat(128) } });
    assert.equal(atMax.status, 200, atMax.text);
  });
});

describe("pwned policy variants (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let providers;
  before(async () => {
    providers = await startFakeProviders({ passwords: [BREACHED] });
  });
  after(() => providers?.close());

  test("policy warn: the sign-up succeeds and says so (passwordWarning)", async () => {
    const server = await startServer({
      name: "hibp-warn",
      env: { LATCHKEY_PWNED_CHECK: "online", LATCHKEY_HIBP_URL: providers.url, LATCHKEY_PWNED_POLICY: "warn" },
    });
    try {
      const res = await signUpWith(server, BREACHED);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.passwordWarning, "PASSWORD_COMPROMISED");
      const events = await server.db.auditEvents({ event_type: "abuse.breached_password_warned" });
      assert.equal(events.length, 1);
    } finally {
      await server.cleanup();
    }
  });

  test("pwned_fail_open=false: service down → 503 BREACH_CHECK_UNAVAILABLE", async () => {
    providers.setMode("error", "hibp");
    const server = await startServer({
      name: "hibp-closed",
      env: { LATCHKEY_PWNED_CHECK: "online", LATCHKEY_HIBP_URL: providers.url, LATCHKEY_PWNED_FAIL_OPEN: "false" },
    });
    try {
      assertError(await signUpWith(server, PASSWORD), 503, "BREACH_CHECK_UNAVAILABLE");
    } finally {
      providers.setMode("normal", "hibp");
      await server.cleanup();
    }
  });

  test("min_password_score=3: a weak password → 400 PASSWORD_TOO_WEAK", async () => {
    const server = await startServer({ name: "weak", env: { LATCHKEY_MIN_PASSWORD_SCORE: "3" } });
    try {
      // Weak but not among the 10,000 most common (those get PASSWORD_TOO_COMMON first).
      assertError(await signUpWith(server, "aaaaaaaaaaaa"), 400, "PASSWORD_TOO_WEAK");
      assert.equal((await signUpWith(server, "violet tugboat hums under 9 quiet bridges")).status, 200);
    } finally {
      await server.cleanup();
    }
  });
});

describe("offline index: latchkey pwned import (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("a generated corpus imports; the server refuses its passwords without any network", async () => {
    const dir = makeTempDir("pwned");
    const corpus = path.join(dir, "pwned.txt");
    const lines = [`${sha1Hex(BREACHED)}:7`];
    for (let i = 0; i < 2000; i++) lines.push(`${sha1Hex(`filler-${i}`)}:${i + 1}`);
    fs.writeFileSync(corpus, `${lines.sort().join("\r\n")}\r\n`);
    const index = path.join(dir, "pwned.idx");
    const env = latchkeyEnv({ port: 0, databaseUrl: `sqlite:${dir}/unused.db`, secret: "x".repeat(40) });
    const imported = await runLatchkey(["pwned", "import", corpus, "--output", index], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /2001 hashes/);
    const bad = path.join(dir, "bad.txt");
    fs.writeFileSync(bad, "not-a-hash:1\n");
    const refused = await runLatchkey(["pwned", "import", bad, "--output", path.join(dir, "bad.idx")], env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /bad\.txt:1/);

    const server = await startServer({
      name: "pwned-offline",
      env: { LATCHKEY_PWNED_CHECK: "offline", LATCHKEY_PWNED_INDEX: index, LATCHKEY_HIBP_URL: "http://127.0.0.1:9" },
    });
    try {
      assertError(await signUpWith(server, BREACHED), 400, "PASSWORD_COMPROMISED");
      assertError(await signUpWith(server, "filler-1999"), 400, "PASSWORD_COMPROMISED");
      assert.equal((await signUpWith(server, PASSWORD)).status, 200);
    } finally {
      await server.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a missing or corrupt index stops the server at startup with a clear message", async () => {
    const dir = makeTempDir("pwned-bad");
    const index = path.join(dir, "corrupt.idx");
    fs.writeFileSync(index, "this is not an index");
    const env = latchkeyEnv({
      port: 0, databaseUrl: `sqlite:${dir}/db`, secret: "x".repeat(40),
      extra: { LATCHKEY_PWNED_CHECK: "offline", LATCHKEY_PWNED_INDEX: index },
    });
    const res = await runLatchkey(["serve"], env);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /corrupt\.idx|PWNED_INDEX/i);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
