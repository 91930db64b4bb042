// Two-factor authentication and passkeys in the hosted pages (issue 15, web/): Debian's chromium,
// driven by playwright-core, turns TOTP on from /account/two-factor (QR code, manual key, a first
// code, recovery codes copied and downloaded), meets the /two-factor challenge after the password
// (a wrong code, a right one, a recovery code once and not twice, "trust this device"), turns it
// off; and adds a passkey with a CDP virtual authenticator, signs in with it, renames and deletes
// it. Codes are computed here (lib/totp.js, RFC 6238), independently of the server.
// Same bar as web-pages.test.js: no console error, page error, CSP violation or third-party
// request; axe-core serious/critical fail; screenshots at 1280 and 375 px in artifacts/web/.
// The pages are reached as http://localhost:PORT (a secure context whose host is a valid WebAuthn
// RP ID, unlike 127.0.0.1), through lib/web_pages.js with LK_E2E_WEB_DIST, else a plain proxy to
// the binary; latchkey's base URL is that origin. latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { Authenticator, stepAt, totpAtStep } from "../lib/totp.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";


/** The binary's own pages behind a proxy on 127.0.0.1, so the browser can say "localhost". */
async function startProxy() {
  let target;
  const server = http.createServer((req, res) => {
    const up = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: false },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    setTarget: (o) => (target = new URL(o)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let front;
let server;
let origin;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  front = WEB_DIST ? await startStaticPages() : await startProxy();
  origin = front.origin.replace("127.0.0.1", "localhost");
  server = await startServer({
    name: "web-two-factor",
    env: { LATCHKEY_BASE_URL: origin, LATCHKEY_TWO_FACTOR: "true", LATCHKEY_TWO_FACTOR_OTP: "true", LATCHKEY_PASSKEY: "true" },
  });
  front.setTarget(server.origin);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await front?.close();
});




const alertText = (tab) => tab.getByRole("alert").first().textContent();
const status = (tab, key) => tab.getByRole("status").filter({ hasText: msg(key) }).waitFor();

async function signUpUI(tab, email) {
  await tab.goto(`${origin}/sign-up`);
  await tab.getByLabel("Name").fill("Second Factor");
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.waitForURL(`${origin}/account`);
}

async function signOut(tab) {
  await tab.getByRole("button", { name: "Sign out", exact: true }).click();
  await tab.waitForURL(`${origin}/sign-in`);
}

/** Password sign-in from /sign-in; resolves with the page it lands on. */
async function signInUI(tab, email) {
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL((u) => u.pathname !== "/sign-in");
  return new URL(tab.url()).pathname;
}

test("two-factor: enable in the UI, challenge (wrong code, right code), recovery code once (ASVS 2.6.1), code by mail + trust this device, disable", { skip: WEB_SKIP, timeout: 120_000 }, async () => {
  const t = await openTab(browser, origin);
  const { tab, context } = t;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const email = uniqueEmail("web-2fa");
  await signUpUI(tab, email);

  // Setup: password → QR code (an SVG from /api/auth/two-factor/qr under img-src 'self') and the key.
  await tab.goto(`${origin}/account/two-factor`);
  assert.equal(await tab.getByRole("link", { name: "Two-factor authentication" }).getAttribute("aria-current"), "page");
  await tab.getByLabel("Current password").fill(PASSWORD);
  await tab.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const qr = tab.getByRole("img", { name: msg("qrAlt") });
  await qr.waitFor();
  await tab.waitForFunction(() => document.querySelector("img.qr")?.complete);
  assert.ok(await qr.evaluate((img) => img.naturalWidth > 0), "the QR code loaded");
  const secret = (await tab.getByTestId("totp-secret").textContent()).replace(/\s/g, "");
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await capture(tab, "account-two-factor-setup");
  const app = new Authenticator(secret);
  await tab.getByLabel("Authentication code").fill(await app.code());
  await tab.getByRole("button", { name: "Confirm and turn on" }).click();
  await tab.getByTestId("two-factor-status").filter({ hasText: msg("statusOn") }).waitFor();

  // The recovery codes, once: copy (Clipboard API) and download (Blob URL) both give all of them.
  const codes = (await tab.getByTestId("recovery-codes").locator("code").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  await tab.getByRole("button", { name: "Copy the codes" }).click();
  await status(tab, "twoFactor.copied");
  assert.equal(await tab.evaluate(() => navigator.clipboard.readText()), codes.join("\n") + "\n");
  const [download] = await Promise.all([tab.waitForEvent("download"), tab.getByRole("link", { name: "Download the codes" }).click()]);
  assert.equal(download.suggestedFilename(), "recovery-codes.txt");
  assert.equal(fs.readFileSync(await download.path(), "utf8"), codes.join("\n") + "\n");
  await capture(tab, "account-two-factor-codes");

  // A new sign-in stops at the challenge; a wrong code gets the catalogue's INVALID_CODE.
  await signOut(tab);
  assert.equal(await signInUI(tab, email), "/two-factor");
  assert.equal(new URL(tab.url()).searchParams.get("methods"), "totp,otp", "the methods the sign-in answered");
  await tab.getByRole("heading", { level: 1, name: "Two-factor verification" }).waitFor();
  await capture(tab, "two-factor");
  const step = stepAt();
  const used = new Set([-1, 0, 1].map((d) => totpAtStep(secret, step + d)));
  const wrong = ["000000", "111111", "123456"].find((c) => !used.has(c));
  await tab.getByLabel("Authentication code").fill(wrong);
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_CODE"));
  await capture(tab, "two-factor-wrong-code");
  await tab.getByLabel("Authentication code").fill(await app.code());
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("user-email").textContent(), email);

  // ASVS 2.6.1: a recovery code (lookup secret) signs in once, and not a second time.
  await signOut(tab);
  assert.equal(await signInUI(tab, email), "/two-factor");
  await tab.getByRole("button", { name: "Use a recovery code instead" }).click();
  await tab.getByLabel("Recovery code").fill(codes[0]);
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.waitForURL(`${origin}/account`);
  await signOut(tab);
  assert.equal(await signInUI(tab, email), "/two-factor");
  await tab.getByRole("button", { name: "Use a recovery code instead" }).click();
  await tab.getByLabel("Recovery code").fill(codes[0]);
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_BACKUP_CODE"));
  assert.equal(new URL(tab.url()).pathname, "/two-factor");

  // A code by mail (two_factor_otp), and "trust this device": the next sign-in from this
  // browser skips the challenge.
  const seen = new Set(readMails(server).map((m) => m.file));
  await tab.getByRole("button", { name: "Send me a code by e-mail" }).click();
  await status(tab, "codeMailSent");
  const SIX = /(?<![0-9])([0-9]{6})(?![0-9])/;
  const bodyOf = (text) => text.slice(text.search(/\r?\n\r?\n/));
  const mail = await waitForMail(server, email, { test: (text) => SIX.test(bodyOf(text)) }, 10_000, seen);
  await tab.getByLabel("Code from the e-mail").fill(bodyOf(mail).match(SIX)[1]);
  await tab.getByLabel(msg("trustDevice")).check();
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.waitForURL(`${origin}/account`);
  await signOut(tab);
  assert.equal(await signInUI(tab, email), "/account", "a trusted device skips the second factor");

  // Turn it off (password again); the account page says so.
  await tab.goto(`${origin}/account/two-factor`);
  await tab.getByLabel("Current password").nth(1).fill(PASSWORD);
  await capture(tab, "account-two-factor-on");
  await tab.getByRole("button", { name: "Turn off", exact: true }).click();
  await tab.getByTestId("two-factor-status").filter({ hasText: msg("statusOff") }).waitFor();
  await closeTab(t);
});

test("two-factor: a challenge without its cookie (expired) goes back to sign-in with the catalogue's message", { skip: WEB_SKIP, timeout: 30_000 }, async () => {
  const t = await openTab(browser, origin);
  const { tab } = t;
  await tab.goto(`${origin}/two-factor?redirect=%2Faccount%2Fpasskeys&methods=totp`);
  await tab.getByLabel("Authentication code").fill("123456");
  await tab.getByRole("button", { name: "Verify" }).click();
  await tab.waitForURL((u) => u.pathname === "/sign-in");
  assert.equal(new URL(tab.url()).searchParams.get("redirect"), "/account/passkeys", "the redirect survives");
  assert.equal(await alertText(tab), msg("INVALID_TWO_FACTOR_COOKIE"));
  await capture(tab, "sign-in-challenge-expired");
  await closeTab(t);
});

test("passkeys: add one in the UI (CDP virtual authenticator), sign out, sign in with it, rename, delete, then refused (PASSKEY_NOT_FOUND)", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const t = await openTab(browser, origin);
  const { tab, context } = t;
  const cdp = await context.newCDPSession(tab);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  const email = uniqueEmail("web-passkey");
  await signUpUI(tab, email);

  await tab.goto(`${origin}/account/passkeys`);
  await tab.getByText(msg("noPasskeys")).waitFor();
  await tab.getByLabel("Name of the new passkey").fill("Laptop");
  await tab.getByRole("button", { name: "Add a passkey" }).click();
  await status(tab, "added");
  await tab.locator("li[data-passkey-id]", { hasText: "Laptop" }).waitFor();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].rpId, "localhost");
  await capture(tab, "account-passkeys");

  // Usernameless: the authenticator offers its discoverable credential.
  await signOut(tab);
  await capture(tab, "sign-in-with-passkey");
  await tab.getByRole("button", { name: "Use a passkey" }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("user-email").textContent(), email);

  await tab.goto(`${origin}/account/passkeys`);
  await tab.getByRole("button", { name: "Rename Laptop" }).click();
  await tab.getByLabel("New name").fill("Work laptop");
  await tab.getByRole("button", { name: "Save", exact: true }).click();
  await status(tab, "renamed");
  await tab.locator("li[data-passkey-id]", { hasText: "Work laptop" }).waitFor();
  await tab.getByRole("button", { name: "Delete Work laptop" }).click();
  await status(tab, "removed");
  await tab.getByText(msg("noPasskeys")).waitFor();

  // The authenticator still holds the credential; the server no longer knows it.
  await signOut(tab);
  await tab.getByRole("button", { name: "Use a passkey" }).click();
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("PASSKEY_NOT_FOUND"));
  assert.equal(new URL(tab.url()).pathname, "/sign-in");
  await closeTab(t);
});
