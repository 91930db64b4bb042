// The hosted pages (issue 15, web/): Debian's chromium, driven by playwright-core, uses the
// Preact app the binary serves on its own origin, as a person would: sign-up, sign-out, a wrong
// password, sign-in, the password-reset mail round trip, a reused reset link, the sessions list.
// Every test fails on any console error, page error or CSP violation, on any request that leaves
// the origin, and on axe-core violations of impact serious or critical; screenshots of each page
// at 1280 and 375 px go to tests/e2e/artifacts/web/.
// With LK_E2E_WEB_DIST=<vite build output> the build is served by lib/web_pages.js instead.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { linkIn, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { PAGES_CSP, WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";


let stack;
let server;
let origin; // where the pages and /api/auth are, for the browser and for node alike
let browser;

/** latchkey with the pages: the binary itself, or (LK_E2E_WEB_DIST) the stand-in page server. */
async function startStack(name, env = {}) {
  const standIn = WEB_DIST ? await startStaticPages() : null;
  const srv = await startServer({ name, env: standIn ? { LATCHKEY_BASE_URL: standIn.origin, ...env } : env });
  standIn?.setTarget(srv.origin);
  return {
    server: srv,
    origin: standIn?.origin ?? srv.origin,
    async close() {
      await srv.cleanup();
      await standIn?.close();
    },
  };
}

before(async () => {
  if (WEB_SKIP) return;
  stack = await startStack("web-pages");
  ({ server, origin } = stack);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});



/** Loads a page path and waits for the app to render its heading. Returns the response. */
async function visit(tab, pathAndQuery) {
  const res = await tab.goto(origin + pathAndQuery);
  await tab.locator("h1").first().waitFor();
  return res;
}



const alertText = (tab) => tab.getByRole("alert").first().textContent();
const statusText = (tab) => tab.getByRole("status").first().textContent();

/** A user created from node, over the same origin the pages use. Returns its session cookie. */
async function apiSignUp(email, password = PASSWORD) {
  const res = await request(`${origin}/api/auth/sign-up/email`, {
    json: { name: "Web Pages", email, password },
    headers: { origin, "user-agent": "latchkey-e2e node" },
  });
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie("better-auth.session_token");
  return `${cookie.name}=${cookie.value}`;
}

async function signInUI(tab, email, password) {
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(password);
  await tab.getByRole("button", { name: "Sign in" }).click();
}

test("every page renders under the CSP, is accessible and fits 1280 and 375 px", { skip: WEB_SKIP, timeout: 120_000 }, async () => {
  const t = await openTab(browser, origin);
  const res = await visit(t.tab, "/sign-in");
  // The binary's page CSP (issue 15); the stand-in server sends the same.
  const csp = res.headers()["content-security-policy"] ?? "";
  for (const directive of PAGES_CSP.split("; ")) assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
  const views = [
    ["sign-in", "/sign-in", "Sign in"],
    ["home-signed-out", "/", "Sign in"],
    ["sign-up", "/sign-up", "Create an account"],
    ["forgot-password", "/forgot-password", "Reset your password"],
    ["reset-password", "/reset-password?token=not-checked-until-submit", "Choose a new password"],
    ["reset-password-invalid", "/reset-password?error=INVALID_TOKEN", "Choose a new password"],
    ["verify-email", "/verify-email", "E-mail address verified"],
    ["verify-email-expired", "/verify-email?error=token_expired", "Something went wrong"],
    ["error", "/error?error=INVALID_TOKEN", "Something went wrong"],
    ["error-unknown-code", "/error?error=SOMETHING_NEW", "Something went wrong"],
    // /api/auth/error (Better Auth's error redirect) sends to "/?error=CODE".
    ["home-error", "/?error=INVALID_TOKEN", "Something went wrong"],
    ["two-factor", "/two-factor", "Two-factor verification"],
    // Signed out, the invitation link goes to sign-in first (web-organizations.test.js).
    ["accept-invitation-signed-out", "/accept-invitation/abc123", "Sign in"],
    ["not-found", "/account/no-such-section", "Page not found"],
  ];
  for (const [name, url, heading] of views) {
    await visit(t.tab, url);
    await t.tab.getByRole("heading", { level: 1, name: heading }).waitFor();
    await capture(t.tab, name);
  }
  await visit(t.tab, "/reset-password?error=INVALID_TOKEN");
  assert.equal(await alertText(t.tab), msg("INVALID_TOKEN"));
  await visit(t.tab, "/?error=INVALID_TOKEN");
  assert.equal(await alertText(t.tab), msg("INVALID_TOKEN"));
  await visit(t.tab, "/error?error=SOMETHING_NEW");
  assert.equal(await alertText(t.tab), msg("UNKNOWN"), "an unknown code gets the generic message");
  await visit(t.tab, "/verify-email?error=token_expired");
  assert.equal(await alertText(t.tab), msg("TOKEN_EXPIRED"));

  // Signed out, /account sends to sign-in and comes back after.
  await t.tab.goto(`${origin}/account`);
  await t.tab.waitForURL(`${origin}/sign-in?redirect=%2Faccount`);
  await closeTab(t);
});

test("sign up in the UI → /account; verify the e-mail; profile; sign out → /sign-in; a wrong password is refused; sign in → /account", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const t = await openTab(browser, origin);
  const { tab } = t;
  const email = uniqueEmail("web-signup");
  await visit(tab, "/sign-up");
  await tab.getByLabel("Name").fill("Web Person");
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  // The live meter shows latchkey's /password/check answer.
  await tab.locator(".strength-row strong").waitFor();
  await capture(tab, "sign-up-filled");
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("user-email").textContent(), email);
  assert.equal(await tab.getByTestId("user-name").textContent(), "Web Person");
  assert.equal(await tab.getByText(msg("unverified")).count(), 1, "the e-mail is not verified yet");
  await capture(tab, "account");

  // Verification: the account page asks for a link, the mail arrives, the link verifies and
  // lands on /verify-email, and the account shows the address verified.
  await tab.getByRole("button", { name: "Send a verification link" }).click();
  await tab.getByRole("status").filter({ hasText: msg("verificationSent") }).waitFor();
  const verifyMail = await waitForMail(server, email, /verify-email\?token=/);
  await tab.goto(linkIn(verifyMail, `${origin}/api/auth/verify-email?token=`));
  await tab.waitForURL((u) => u.pathname === "/verify-email" && !u.searchParams.has("error"));
  await tab.getByRole("heading", { level: 1, name: "E-mail address verified" }).waitFor();
  await capture(tab, "verify-email-done");
  await tab.getByRole("link", { name: "Continue" }).click();
  await tab.waitForURL(`${origin}/account`);
  await tab.getByText(msg("verified"), { exact: true }).waitFor();

  // The profile form saves through updateUser and the summary shows the new name.
  await tab.getByLabel("Name", { exact: true }).fill("Web Person Renamed");
  await tab.getByRole("button", { name: "Save profile" }).click();
  await tab.getByRole("status").filter({ hasText: msg("profileSaved") }).waitFor();
  await tab.getByTestId("user-name").filter({ hasText: "Web Person Renamed" }).waitFor();

  // "/" signed in goes to the account page.
  await tab.goto(`${origin}/`);
  await tab.waitForURL(`${origin}/account`);
  await tab.getByTestId("user-email").waitFor();

  await tab.getByRole("button", { name: "Sign out", exact: true }).click();
  await tab.waitForURL(`${origin}/sign-in`);
  await tab.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();

  // The same user with a wrong password: the catalogue's message, announced as an alert.
  await signInUI(tab, email, "not the password at all");
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_EMAIL_OR_PASSWORD"));
  assert.equal(new URL(tab.url()).pathname, "/sign-in");
  await capture(tab, "sign-in-wrong-password");

  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("user-email").textContent(), email);

  // Sign-up of the same e-mail again: the catalogue's message, not the server's text.
  await tab.getByRole("button", { name: "Sign out", exact: true }).click();
  await tab.waitForURL(`${origin}/sign-in`);
  await visit(tab, "/sign-up");
  await tab.getByLabel("Name").fill("Someone Else");
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.getByRole("alert").waitFor();
  // Better Auth 1.7's code for it (USER_ALREADY_EXISTS is the older one; both are catalogued).
  assert.equal(await alertText(tab), msg("USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"));
  await closeTab(t);
});

test("sign-in's ?redirect= stays on this origin (no open redirect)", { skip: WEB_SKIP, timeout: 30_000 }, async () => {
  const email = uniqueEmail("web-redirect");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  for (const [redirect, lands] of [
    ["/account/security", "/account/security"],
    ["//evil.example/x", "/account"],
    ["https://evil.example/", "/account"],
    ["/\\evil.example", "/account"],
  ]) {
    await visit(t.tab, `/sign-in?redirect=${encodeURIComponent(redirect)}`);
    await signInUI(t.tab, email, PASSWORD);
    await t.tab.waitForURL((u) => u.pathname === lands && u.origin === origin);
    await t.tab.getByRole("button", { name: "Sign out", exact: true }).click();
    await t.tab.waitForURL(`${origin}/sign-in`);
  }
  await closeTab(t);
});

test("forgot password → the mail → the reset page → a new password signs in; the reused link shows the error view", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-reset");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;

  // Account enumeration (ASVS 2.5.x, credential recovery): an unknown address gets exactly the
  // same confirmation as a real one.
  const confirmationFor = async (address) => {
    await visit(tab, "/forgot-password");
    await tab.getByLabel("E-mail address").fill(address);
    await tab.getByRole("button", { name: "Send the link" }).click();
    await tab.getByRole("status").waitFor();
    return { heading: await tab.locator("h1").textContent(), text: await statusText(tab) };
  };
  const unknown = await confirmationFor(uniqueEmail("web-nobody"));
  const known = await confirmationFor(email);
  assert.deepEqual(unknown, known);
  assert.equal(known.text, msg("sent"));
  await capture(tab, "forgot-password-sent");

  const mail = await waitForMail(server, email, /reset-password/);
  const link = linkIn(mail, `${origin}/api/auth/reset-password/`);
  await tab.goto(link);
  await tab.waitForURL((u) => u.pathname === "/reset-password" && u.searchParams.has("token"));
  await tab.locator("h1").waitFor();
  const newPassword = "a brand new passphrase 42";
  await tab.getByLabel("New password", { exact: true }).fill(newPassword);
  await tab.getByLabel("Repeat the new password").fill(newPassword);
  await capture(tab, "reset-password-filled");
  await tab.getByRole("button", { name: "Save the new password" }).click();
  await tab.getByRole("heading", { level: 1, name: "Password changed" }).waitFor();
  await tab.getByRole("link", { name: "Sign in" }).click();
  await tab.waitForURL(`${origin}/sign-in`);

  await signInUI(tab, email, PASSWORD);
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_EMAIL_OR_PASSWORD"), "the old password no longer works");
  await tab.getByLabel("Password", { exact: true }).fill(newPassword);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("user-email").textContent(), email);

  // The link works once: opened again it lands on the error view, with a way to ask again.
  await tab.goto(link);
  await tab.waitForURL((u) => u.pathname === "/reset-password" && u.searchParams.get("error") === "INVALID_TOKEN");
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  await tab.getByRole("link", { name: "Ask for a new link" }).waitFor();
  assert.equal(await tab.getByLabel("New password", { exact: true }).count(), 0, "no form for a dead link");
  await closeTab(t);
});

test("sessions: this device is marked, another device's session is revoked", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-sessions");
  const otherCookie = await apiSignUp(email); // the "other device": a session made from node
  const sessionOf = async (cookie) =>
    (await request(`${origin}/api/auth/get-session`, { headers: { origin, cookie } })).json;
  assert.equal((await sessionOf(otherCookie))?.user?.email, email);

  const t = await openTab(browser, origin);
  const { tab } = t;
  await visit(tab, "/sign-in");
  await signInUI(tab, email, PASSWORD);
  await tab.waitForURL(`${origin}/account`);
  await visit(tab, "/account/sessions");
  assert.equal(await tab.getByRole("link", { name: "Signed-in devices" }).getAttribute("aria-current"), "page");
  const rows = tab.locator("li.session");
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const mine = rows.filter({ has: tab.locator(".badge", { hasText: "This device" }) });
  assert.equal(await mine.count(), 1);
  assert.equal(await mine.getByRole("button").count(), 0, "this device is signed out with Sign out, not from the list");
  await capture(tab, "account-sessions");

  const other = rows.filter({ hasNot: tab.locator(".badge") });
  await other.getByRole("button", { name: "Sign out this device" }).click();
  await tab.getByRole("status").filter({ hasText: msg("revoked") }).waitFor();
  await tab.waitForFunction(() => document.querySelectorAll("li.session").length === 1);
  assert.equal(await sessionOf(otherCookie), null, "the revoked session no longer authenticates");
  await tab.getByText(msg("noOthers")).waitFor();

  // And the page's own session is still alive.
  await visit(tab, "/account");
  assert.equal(await tab.getByTestId("user-email").textContent(), email);
  await closeTab(t);
});

test("keyboard only: the sign-in form is reached with Tab, focus is visible, Enter submits; change password", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-keyboard");
  const otherCookie = await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;
  await visit(tab, "/sign-in");
  // The page's heading has focus on load; Tab goes to the first field.
  assert.equal(await tab.evaluate(() => document.activeElement?.tagName), "H1");
  await tab.keyboard.press("Tab");
  assert.equal(await tab.evaluate(() => document.activeElement?.id), "email");
  const outline = await tab.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "the focused field shows a focus ring");
  await tab.keyboard.type(email);
  await tab.keyboard.press("Tab");
  assert.equal(await tab.evaluate(() => document.activeElement?.id), "password");
  await tab.keyboard.type(PASSWORD);
  await tab.keyboard.press("Enter");
  await tab.waitForURL(`${origin}/account`);

  // Change password from /account/security, signing out the other devices.
  await visit(tab, "/account/security");
  const newPassword = "another fresh passphrase 7";
  await tab.getByLabel("Current password").fill(PASSWORD);
  await tab.getByLabel("New password", { exact: true }).fill(newPassword);
  assert.equal(await tab.getByLabel("Sign out of all other devices").isChecked(), true);
  await capture(tab, "account-security");
  await tab.getByRole("button", { name: "Change password" }).click();
  await tab.getByRole("status").filter({ hasText: msg("passwordSaved") }).waitFor();
  const other = await request(`${origin}/api/auth/get-session`, { headers: { origin, cookie: otherCookie } });
  assert.equal(other.json, null, "the other device was signed out");

  // A wrong current password: the catalogue's message.
  await tab.getByLabel("Current password").fill("not my password");
  await tab.getByLabel("New password", { exact: true }).fill("yet another passphrase 9");
  await tab.getByRole("button", { name: "Change password" }).click();
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_PASSWORD"));
  await closeTab(t);
});

test("with require_email_verification: sign-up says to check the mail; sign-in waits for the link", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  // Its own server; the helpers above follow the global origin, so it is swapped for this test.
  const strict = await startStack("web-pages-verify", { LATCHKEY_REQUIRE_EMAIL_VERIFICATION: "true" });
  const saved = { server, origin };
  ({ server, origin } = strict);
  try {
    const t = await openTab(browser, origin);
    const { tab } = t;
    const email = uniqueEmail("web-strict");
    await visit(tab, "/sign-up");
    await tab.getByLabel("Name").fill("Strict Person");
    await tab.getByLabel("E-mail address").fill(email);
    await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await tab.getByRole("button", { name: "Create account" }).click();
    await tab.getByRole("heading", { level: 1, name: "Check your mail" }).waitFor();
    assert.equal(new URL(tab.url()).pathname, "/sign-up");
    await capture(tab, "sign-up-check-mail");

    await visit(tab, "/sign-in");
    await signInUI(tab, email, PASSWORD);
    await tab.getByRole("alert").waitFor();
    assert.equal(await alertText(tab), msg("EMAIL_NOT_VERIFIED"));

    const mail = await waitForMail(server, email, /verify-email\?token=/);
    await tab.goto(linkIn(mail, `${origin}/api/auth/verify-email?token=`));
    await tab.waitForURL((u) => u.pathname === "/verify-email" && !u.searchParams.has("error"));
    await tab.getByRole("heading", { level: 1, name: "E-mail address verified" }).waitFor();

    await visit(tab, "/sign-in");
    await signInUI(tab, email, PASSWORD);
    await tab.waitForURL(`${origin}/account`);
    await tab.getByText(msg("verified"), { exact: true }).waitFor();
    await closeTab(t);
  } finally {
    ({ server, origin } = saved);
    await strict.close();
  }
});
