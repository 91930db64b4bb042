// The server secret's keyring (issue 9): `previous_secrets` keeps what the old secret signed
// valid after a rotation, `latchkey secret rotate` prints the new settings, and config check
// refuses a catch-all trusted origin and hides credentials in URLs. All latchkey-only: the peer
// is not restarted by the suite.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cookieSignature, getSession, PASSWORD, signIn, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { DEVICE_COOKIE, SESSION_COOKIE } from "../lib/client.js";
import { linkIn, readMails, waitForMail } from "../lib/mail.js";
import { dropPostgresDatabase } from "../lib/db.js";
import { LATCHKEY_ONLY, KEEP } from "../lib/target.js";
import {
  freePort, latchkeyEnv, makeSecret, makeTempDir, newDatabase, runLatchkey, startServer,
} from "../lib/server.js";

const newDeviceNotices = (server, email) =>
  readMails(server).filter((m) => m.text.includes(`To: ${email}`) && /New sign-in/.test(m.text));
const jwksKids = async (server) => (await apiFor(server).get("/jwks")).json.keys.map((k) => k.kid).sort();

describe("secret rotation with previous_secrets", { skip: LATCHKEY_ONLY }, () => {
  // ASVS 3.5.3 / 6.4.2: rotating the secret does not log everyone out while the old secret is
  // kept as a previous one; new cookies are signed with the new secret only; once the old secret
  // is dropped, what it signed is refused.
  test("secret A → B with previous A → B alone", async () => {
    const secretA = makeSecret();
    const secretB = makeSecret();
    const env = { LATCHKEY_SEND_VERIFICATION_ON_SIGN_UP: "true" };
    const first = await startServer({ name: "rotate", env: { ...env, LATCHKEY_SECRET: secretA } });
    let second;
    let third;
    try {
      const account = await signUp(first);
      // A verification link mailed (HS256 under A) before the rotation.
      const link = linkIn(await waitForMail(first, account.email, /verify-email\?token=/),
        `${first.origin}/api/auth/verify-email?token=`);
      const kidsUnderA = await jwksKids(first);
      assert.equal((await first.stop()).code, 0);

      second = await startServer({
        name: "rotate", reuse: first,
        env: { ...env, LATCHKEY_SECRET: secretB, LATCHKEY_PREVIOUS_SECRETS: secretA },
      });
      const kept = await getSession(second, account.cookie);
      assert.equal(kept.json?.user?.id, account.user.id, `the cookie signed with A still works: ${kept.text}`);
      const token = new URL(link).searchParams.get("token");
      const verified = await apiFor(second).get(`/verify-email?token=${encodeURIComponent(token)}`);
      assert.equal(verified.status, 200, `the link signed with A still verifies: ${verified.text}`);
      // The JWT signing key sealed under A is reused (no new key), resealed under B at start.
      assert.deepEqual(await jwksKids(second), kidsUnderA);

      const signedIn = await signIn(second, account.email, PASSWORD);
      assert.equal(signedIn.status, 200, signedIn.text);
      await sleep(300);
      assert.equal(newDeviceNotices(second, account.email).length, 0, "the device known under A is still known");
      const fresh = signedIn.cookie(SESSION_COOKIE);
      const newToken = signedIn.json.token;
      assert.equal(decodeURIComponent(fresh.value), `${newToken}.${cookieSignature(newToken, secretB)}`,
        "new cookies are signed with the current secret B");
      assert.equal((await second.stop()).code, 0);

      third = await startServer({ name: "rotate", reuse: second, env: { ...env, LATCHKEY_SECRET: secretB } });
      assert.equal((await getSession(third, account.cookie)).text, "null", "A's cookie is refused once A is dropped");
      const current = await getSession(third, `${fresh.name}=${fresh.value}`);
      assert.equal(current.json?.user?.id, account.user.id, current.text);
      assert.deepEqual(await jwksKids(third), kidsUnderA, "the resealed key opens under B alone");
    } finally {
      await first.stop();
      await second?.stop();
      await (third ?? second ?? first).cleanup();
    }
  });
});

describe("latchkey secret rotate and config check", { skip: LATCHKEY_ONLY }, () => {
  let dir;
  let db;
  let port;
  before(async () => {
    dir = makeTempDir("secret-cli");
    db = await newDatabase("secret-cli", dir);
    port = await freePort();
  });
  after(async () => {
    if (KEEP) return;
    fs.rmSync(dir, { recursive: true, force: true });
    if (db.pgDatabase) await dropPostgresDatabase(db.pgDatabase);
  });
  const env = (secret, extra) => latchkeyEnv({ port, databaseUrl: db.databaseUrl, secret, extra });

  test("secret rotate prints a new secret and the old one first in previous_secrets", async () => {
    const current = makeSecret();
    const older = makeSecret();
    const r = await runLatchkey(["secret", "rotate"], env(current, { LATCHKEY_PREVIOUS_SECRETS: older }));
    assert.equal(r.code, 0, r.stderr);
    const lines = Object.fromEntries(r.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    assert.ok(lines.LATCHKEY_SECRET.length >= 32, r.stdout);
    assert.notEqual(lines.LATCHKEY_SECRET, current);
    assert.equal(lines.LATCHKEY_PREVIOUS_SECRETS, `${current},${older}`);
    assert.match(r.stderr, /previous_secrets/);
    // The printed values are a valid configuration.
    const check = await runLatchkey(["config", "check"], env(lines.LATCHKEY_SECRET, {
      LATCHKEY_PREVIOUS_SECRETS: lines.LATCHKEY_PREVIOUS_SECRETS,
    }));
    assert.equal(check.code, 0, check.stderr);
    assert.ok(!check.stdout.includes(current) && !check.stdout.includes(older), "previous secrets are redacted");
    const toml = await runLatchkey(["secret", "rotate", "--format", "toml"], env(current));
    assert.equal(toml.code, 0, toml.stderr);
    assert.match(toml.stdout, /^secret = "[^"]{32,}"\nprevious_secrets = \[".+"\]\n$/);
  });

  test("a short previous secret is refused without being printed", async () => {
    const r = await runLatchkey(["config", "check"], env(makeSecret(), { LATCHKEY_PREVIOUS_SECRETS: "old-and-short" }));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /previous_secrets: entry 1/);
    assert.ok(!(r.stdout + r.stderr).includes("old-and-short"));
  });

  // ASVS 3.5.3 / 5.1.5: "*" would switch off the CSRF and the redirect checks.
  test("trusted_origins that match every site are refused with what to write instead", async () => {
    for (const origins of ["*", "http://localhost:5173,https://*", "http://*"]) {
      const r = await runLatchkey(["config", "check"], env(makeSecret(), { LATCHKEY_TRUSTED_ORIGINS: origins }));
      assert.notEqual(r.code, 0, origins);
      assert.match(r.stderr, /trusts every site/, origins);
      assert.match(r.stderr, /https:\/\/\*\.example\.com/);
      const serve = await runLatchkey(["serve"], env(makeSecret(), { LATCHKEY_TRUSTED_ORIGINS: origins }));
      assert.notEqual(serve.code, 0, `serve refuses ${origins} too`);
    }
  });

  // ASVS 14.3.3: no credential in config check's output.
  test("config check hides passwords in query strings and credentials in service URLs", async () => {
    const r = await runLatchkey(["config", "check"], env(makeSecret(), {
      LATCHKEY_HIBP_URL: "https://user:hibp-pass-123@hibp.internal/range?token=hibp-token-456",
      LATCHKEY_CAPTCHA_VERIFY_URL: "https://verify.internal/siteverify?api_key=captcha-key-789",
    }));
    assert.equal(r.code, 0, r.stderr);
    for (const leaked of ["hibp-pass-123", "hibp-token-456", "captcha-key-789"]) {
      assert.ok(!r.stdout.includes(leaked), `${leaked} printed:\n${r.stdout}`);
    }
    const badDb = await runLatchkey(["config", "check"], env(makeSecret(), {
      LATCHKEY_DATABASE_URL: "host=db user=app password=db-pass-000",
    }));
    assert.notEqual(badDb.code, 0);
    assert.ok(!(badDb.stdout + badDb.stderr).includes("db-pass-000"), badDb.stderr);
  });
});

describe("known devices recorded before the keyring", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "legacy-devices" });
  });
  after(() => server?.cleanup());

  // Earlier versions stored HMAC-SHA256(raw secret, kind:value); now the HMAC is keyed with
  // HKDF(secret, "latchkey/known-devices/v1") (ASVS 11.1.1 key separation). Rows of either form
  // must still recognise the device, or every user would get a "new device" mail after upgrading.
  test("a device stored as a raw-secret HMAC is still known; the new form is written", async () => {
    const account = await signUp(server);
    const device = account.res.cookie(DEVICE_COOKIE).value;
    const legacy = crypto.createHmac("sha256", server.secret).update(`cookie:${device}`).digest("hex");
    const rows = await server.db.query(`SELECT device_hash FROM known_devices WHERE user_id = '${account.user.id}'`);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.device_hash !== legacy), "the raw secret no longer keys device hashes");
    await server.db.exec(`DELETE FROM known_devices WHERE user_id = '${account.user.id}'`);
    await server.db.exec("INSERT INTO known_devices (user_id, device_hash, first_seen, last_seen) " +
      `VALUES ('${account.user.id}', '${legacy}', ${Date.now()}, ${Date.now()})`);

    const res = await signIn(server, account.email, PASSWORD, {},
      { "user-agent": "Legacy/1.0", cookie: `${DEVICE_COOKIE}=${device}` });
    assert.equal(res.status, 200, res.text);
    const after = await server.db.query(`SELECT device_hash FROM known_devices WHERE user_id = '${account.user.id}'`);
    assert.equal(after.length, 3, "the legacy row plus the current cookie and context rows");
    // A device never seen does get the notice: the check is live.
    await signIn(server, account.email, PASSWORD, {}, { "user-agent": "Stranger/1.0" });
    await waitForMail(server, account.email, /Stranger\/1\.0/);
    await sleep(300);
    assert.equal(newDeviceNotices(server, account.email).length, 1, "no notice for the legacy-known device");
  });
});
