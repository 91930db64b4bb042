// Changing the account's e-mail address in the hosted pages (issue 15, web/src/pages/ChangeEmail.tsx),
// in Debian's chromium through playwright-core, with every mail through a real SMTP server
// (lib/smtp.js): a verified user asks on /account/profile, approves from the old address's mail,
// confirms from the new address's mail, and the page then shows the new address; the old address
// no longer signs in. The form is there because the server has change_email_enabled (page
// settings, docs/web.md). Same bar as web-pages.test.js. latchkey-only, and only against the
// embedded pages (the stand-in page server serves no page settings).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { linkIn } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { WEB_DIST } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

const SKIP = WEB_SKIP || (WEB_DIST ? "the stand-in page server does not serve page settings" : false);
let smtp;
let server;
let origin;
let browser;

before(async () => {
  if (SKIP) return;
  smtp = await startSmtp();
  server = await startServer({
    name: "web-account-email",
    env: { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_SMTP_ALLOW_PLAIN: "true", LATCHKEY_CHANGE_EMAIL_ENABLED: "true" },
  });
  origin = server.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await smtp?.cleanup();
});

const VERIFY = () => `${origin}/api/auth/verify-email?token=`;

/** Runs `action`, then returns the verify-email link of the first new mail to `to`. */
async function linkMailedBy(action, to) {
  const seen = new Set(smtp.messages());
  await action();
  const mail = await smtp.waitFor((m) => !seen.has(m) && m.includes(`To: ${to}`) && m.includes(VERIFY()));
  return linkIn(mail, VERIFY());
}

test("change e-mail: the old address approves, the new one confirms, the page shows it (ASVS 2.2.3)", { skip: SKIP, timeout: 60_000 }, async () => {
  const oldEmail = uniqueEmail("web-email-old");
  const newEmail = uniqueEmail("web-email-new");
  const up = await request(`${origin}/api/auth/sign-up/email`, { json: { name: "Mover", email: oldEmail, password: PASSWORD }, headers: { origin } });
  assert.equal(up.status, 200, up.text);
  const cookie = `${up.cookie("better-auth.session_token").name}=${up.cookie("better-auth.session_token").value}`;
  const verify = await linkMailedBy(
    () => request(`${origin}/api/auth/send-verification-email`, { json: { email: oldEmail }, headers: { origin, cookie } }),
    oldEmail,
  );
  assert.equal((await request(verify)).status < 400, true);

  const t = await openTab(browser, origin);
  await t.tab.goto(`${origin}/sign-in?redirect=${encodeURIComponent("/account/profile")}`);
  await t.tab.getByLabel("E-mail address").fill(oldEmail);
  await t.tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL(`${origin}/account/profile`);
  await t.tab.getByRole("heading", { level: 2, name: msg("changeEmail.title") }).waitFor();
  assert.equal(await t.tab.getByTestId("current-email").textContent(), oldEmail);

  // The same address is refused by the page itself; a new one sends the approval to the old address.
  await t.tab.getByLabel(msg("changeEmail.newEmail")).fill(oldEmail.toUpperCase());
  await t.tab.getByRole("button", { name: msg("changeEmail.submit") }).click();
  await t.tab.getByRole("alert").filter({ hasText: msg("changeEmail.sameAddress") }).waitFor();
  await t.tab.getByLabel(msg("changeEmail.newEmail")).fill(newEmail);
  await t.tab.getByLabel(msg("changeEmail.password")).fill(PASSWORD);
  const approve = await linkMailedBy(() => t.tab.getByRole("button", { name: msg("changeEmail.submit") }).click(), oldEmail);
  await t.tab.getByRole("status").filter({ hasText: msg("sentVerified") }).waitFor();
  await capture(t.tab, "account-change-email");

  // The approval link (in the browser) mails the new address; its link switches the account.
  const confirm = await linkMailedBy(() => t.tab.goto(approve), newEmail);
  await t.tab.waitForURL(/\/account\/profile/);
  assert.equal(await t.tab.getByTestId("current-email").textContent(), oldEmail, "not yet changed");
  await t.tab.goto(confirm);
  await t.tab.waitForURL(/\/account\/profile/);
  await t.tab.waitForFunction((e) => document.querySelector('[data-testid="current-email"]')?.textContent === e, newEmail);
  await closeTab(t);

  const signIn = (email) => request(`${origin}/api/auth/sign-in/email`, { json: { email, password: PASSWORD }, headers: { origin } });
  assert.equal((await signIn(newEmail)).status, 200);
  assert.equal((await signIn(oldEmail)).status, 401);
});
