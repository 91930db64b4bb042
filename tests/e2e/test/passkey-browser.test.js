// Passkeys in a real browser (issue 12, docs/api.md "Passkeys"): Debian's chromium, driven by
// playwright-core, with a CDP virtual authenticator (ctap2, internal transport, resident keys,
// user verification) standing in for the platform authenticator. The page (lib/passkey_page.js)
// is served from http://localhost:PORT and proxies /api/auth to latchkey, whose base URL is that
// origin, so the RP ID is `localhost` and every cookie is first-party. It registers, signs out,
// signs in by e-mail and without one, renames, deletes, and is refused after the delete.
// latchkey-only: the peer's RP ID and origin are fixed to 127.0.0.1:3100.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { PASSWORD, TOKEN_RE, uniqueEmail } from "../lib/fixtures.js";
import { startPasskeyPage } from "../lib/passkey_page.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const CHROMIUM = process.env.LK_E2E_CHROMIUM || "/usr/bin/chromium";
const SKIP = LATCHKEY_ONLY
  || (fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps.sh test)`);

let page;
let server;
let browser;
let tab;
let cdp;
let authenticatorId;

before(async () => {
  if (SKIP) return;
  page = await startPasskeyPage();
  server = await startServer({ name: "passkey-browser", env: { LATCHKEY_BASE_URL: page.origin } });
  page.setTarget(server.origin);
  const { chromium } = await import("playwright-core");
  // Chromium's sandbox cannot start as root; elsewhere it stays on.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: process.getuid?.() !== 0 });
  const context = await browser.newContext();
  tab = await context.newPage();
  tab.setDefaultTimeout(10_000);
  cdp = await context.newCDPSession(tab);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  }));
  await tab.goto(`${page.origin}/`);
  await tab.waitForSelector("#state:text('ready')");
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await page?.close();
});

/** Runs window.lk[step](...args) in the page. */
const lk = (step, ...args) => tab.evaluate(([s, a]) => window.lk[s](...a), [step, args]);

test("register → sign out → sign in by e-mail and usernameless → rename → delete → refused", { skip: SKIP, timeout: 30_000 }, async () => {
  const email = uniqueEmail("passkey-browser");
  const signedUp = await lk("signUp", email, PASSWORD);
  assert.equal(signedUp.status, 200, JSON.stringify(signedUp));
  const userId = signedUp.body.user.id;

  // Registration: RP ID localhost, a resident credential in the virtual authenticator.
  const registered = await lk("register", "Laptop");
  assert.equal(registered.status, 200, JSON.stringify(registered));
  assert.equal(registered.options.rp.id, "localhost");
  assert.equal(registered.body.name, "Laptop");
  assert.equal(registered.body.userId, userId);
  assert.equal(registered.body.transports.split(",").includes("internal"), true, registered.body.transports);
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true);
  assert.equal(credentials[0].rpId, "localhost");
  assert.equal(Buffer.from(credentials[0].credentialId, "base64").toString("base64url"), registered.body.credentialID);

  const listed = await lk("list");
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.map((p) => p.id), [registered.body.id]);

  assert.equal((await lk("signOut")).status, 200);
  assert.equal((await lk("session")).body, null);

  // By e-mail: the options name this account's credential.
  const byEmail = await lk("signIn", email);
  assert.equal(byEmail.status, 200, JSON.stringify(byEmail));
  assert.deepEqual(byEmail.options.allowCredentials.map((c) => c.id), [registered.body.credentialID]);
  assert.equal(byEmail.body.user.id, userId);
  assert.match(byEmail.body.session.token, TOKEN_RE);
  assert.equal((await lk("session")).body.user.id, userId, "the session cookie is set for the page");

  assert.equal((await lk("signOut")).status, 200);

  // Usernameless: no allow list, the authenticator offers its discoverable credential.
  const usernameless = await lk("signIn");
  assert.equal(usernameless.status, 200, JSON.stringify(usernameless));
  assert.equal(usernameless.options.allowCredentials, undefined);
  assert.equal(usernameless.body.user.id, userId);
  assert.equal((await lk("session")).body.user.id, userId);

  const renamed = await lk("rename", registered.body.id, "Work laptop");
  assert.equal(renamed.status, 200, JSON.stringify(renamed));
  assert.equal(renamed.body.passkey.name, "Work laptop");
  assert.equal((await lk("list")).body[0].name, "Work laptop");

  const removed = await lk("remove", registered.body.id);
  assert.equal(removed.status, 200, JSON.stringify(removed));
  assert.deepEqual(removed.body, { status: true });
  assert.deepEqual((await lk("list")).body, []);

  // The authenticator still holds the credential; the server no longer knows it.
  assert.equal((await lk("signOut")).status, 200);
  const refused = await lk("signIn");
  assert.equal(refused.status, 401, JSON.stringify(refused));
  assert.equal(refused.body.code, "PASSKEY_NOT_FOUND");
  assert.equal((await lk("session")).body, null);
});
