// The hosted pages (issue 15, web/) for organizations, invitations, API keys, the account
// switcher and account deletion, driven in Debian's chromium through playwright-core as in
// web-pages.test.js (whose harness these few lines copy): an organization created in the UI, a
// second user invited by e-mail (the mail goes through a real SMTP server, lib/smtp.js), the
// invitee opening the link signed out, signing in and accepting, the owner changing their role and
// removing them; the wrong account refused; an API key shown once, working from node, then
// deleted; two accounts in one browser; an account deleted through its mailed confirmation.
// Same bar: console errors, page errors, CSP violations and off-origin requests fail; axe-core
// serious/critical fail; screenshots at 1280 and 375 px into tests/e2e/artifacts/web/.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { linkIn } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";


let smtp;
let server;
let origin; // where the pages and /api/auth are, for the browser and for node alike
let standIn;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  smtp = await startSmtp();
  standIn = WEB_DIST ? await startStaticPages() : null;
  server = await startServer({
    name: "web-organizations",
    env: {
      ...(standIn ? { LATCHKEY_BASE_URL: standIn.origin } : {}),
      // aiosmtpd on loopback speaks no TLS: a local relay is the one case for plain SMTP.
      LATCHKEY_SMTP_URL: smtp.url,
      LATCHKEY_SMTP_ALLOW_PLAIN: "true",
      LATCHKEY_ORGANIZATION: "true",
      LATCHKEY_ORGANIZATION_ROLES: "billing=organization:update", // a configured role the pickers offer
      LATCHKEY_API_KEY_SESSION: "true", // so node can prove the key works (docs/api.md)
      LATCHKEY_DELETE_USER_ENABLED: "true",
      LATCHKEY_DELETE_USER_CONFIRM_BY_MAIL: "true",
    },
  });
  standIn?.setTarget(server.origin);
  origin = standIn?.origin ?? server.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await standIn?.close();
  await smtp?.cleanup();
});



async function visit(tab, pathAndQuery) {
  await tab.goto(origin + pathAndQuery);
  await tab.locator("h1").first().waitFor();
}


const alertText = (tab) => tab.getByRole("alert").first().textContent();
const waitStatus = (tab, key) => tab.getByRole("status").filter({ hasText: msg(key) }).waitFor();

async function apiSignUp(email, name = "Web Org") {
  const res = await request(`${origin}/api/auth/sign-up/email`, {
    json: { name, email, password: PASSWORD },
    headers: { origin, "user-agent": "latchkey-e2e node" },
  });
  assert.equal(res.status, 200, res.text);
}

async function signInUI(tab, email) {
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Sign in" }).click();
}

/** The decoded mail delivered over SMTP to `to` whose text matches `pattern`. */
const smtpMail = (to, pattern) => smtp.waitFor((m) => m.includes(to) && pattern.test(m));

test("organization: create in the UI, invite by mail, the wrong account is refused, the invitee accepts; role changed, member removed", { skip: WEB_SKIP, timeout: 120_000 }, async () => {
  const owner = uniqueEmail("web-org-owner");
  const invitee = uniqueEmail("web-org-invitee");
  const stranger = uniqueEmail("web-org-stranger");
  for (const e of [owner, invitee, stranger]) await apiSignUp(e);

  const o = await openTab(browser, origin);
  await visit(o.tab, "/sign-in?redirect=%2Faccount%2Forganizations");
  await signInUI(o.tab, owner);
  await o.tab.waitForURL(`${origin}/account/organizations`);
  assert.equal(await o.tab.getByRole("link", { name: "Organizations" }).getAttribute("aria-current"), "page");
  await o.tab.getByText(msg("noOrganizations")).waitFor();

  // The short name follows the name and is checked with check-slug.
  const suffix = Date.now().toString(36);
  await o.tab.getByLabel("Organization name").fill(`Café Web ${suffix}`);
  const slug = `cafe-web-${suffix}`;
  assert.equal(await o.tab.getByLabel(/^Short name/).inputValue(), slug);
  await o.tab.getByText(msg("slugFree")).waitFor();
  await o.tab.getByRole("button", { name: "Create organization" }).click();
  await waitStatus(o.tab, "orgs.created");
  const orgRow = o.tab.locator(`li.org[data-org-slug="${slug}"]`);
  await orgRow.locator(".badge", { hasText: msg("active") }).waitFor();
  await o.tab.locator(`li.member[data-member-email="${owner}"]`).getByTestId("member-role").filter({ hasText: "Owner" }).waitFor();

  // The owner invites by e-mail; the invitation is pending.
  await o.tab.getByLabel("Their e-mail address").fill(invitee);
  // The pickers offer the built-in roles, then the configured ones (page settings; the stand-in
  // page server serves none).
  if (!WEB_DIST) {
    const offered = await o.tab.locator("#invite-role option").evaluateAll((os) => os.map((x) => x.value));
    assert.deepEqual(offered, ["member", "admin", "owner", "billing"]);
  }
  await o.tab.locator("#invite-role").selectOption("member");
  await o.tab.getByRole("button", { name: "Send the invitation" }).click();
  await waitStatus(o.tab, "invited");
  await o.tab.locator("li.invitation", { hasText: invitee }).waitFor();
  await capture(o.tab, "account-organizations");

  // A second invitation, canceled: it leaves the pending list.
  await o.tab.getByLabel("Their e-mail address").fill(stranger);
  await o.tab.getByRole("button", { name: "Send the invitation" }).click();
  await waitStatus(o.tab, "invited");
  await o.tab.locator("li.invitation", { hasText: stranger }).getByRole("button", { name: /^Cancel invitation/ }).click();
  await waitStatus(o.tab, "invitationCanceled");
  await o.tab.waitForFunction((e) => ![...document.querySelectorAll("li.invitation")].some((li) => li.textContent.includes(e)), stranger);

  // The mail arrives over SMTP with the page's link (organization_invitation_url's default).
  const mail = await smtpMail(invitee, /accept-invitation\//);
  const link = linkIn(mail, `${origin}/accept-invitation/`);

  // Opened signed out: sign in first, then back to the invitation. The wrong account first:
  // only the invitee may read it (docs/organizations.md, "Invitations"; ASVS 4.2.1).
  const i = await openTab(browser, origin);
  await i.tab.goto(link);
  await i.tab.waitForURL((u) => u.pathname === "/sign-in" && u.searchParams.get("redirect") === new URL(link).pathname);
  await signInUI(i.tab, stranger);
  await i.tab.waitForURL(link);
  await i.tab.getByRole("alert").waitFor();
  assert.equal(await alertText(i.tab), msg("YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION"));
  assert.equal(await i.tab.getByRole("button", { name: "Accept" }).count(), 0, "nothing to accept for the wrong account");
  await capture(i.tab, "accept-invitation-wrong-account");

  await i.tab.getByRole("button", { name: "Sign in with another account" }).click();
  await i.tab.waitForURL((u) => u.pathname === "/sign-in");
  await signInUI(i.tab, invitee);
  await i.tab.waitForURL(link);
  await i.tab.getByTestId("invitation-text").filter({ hasText: `Café Web ${suffix}` }).waitFor();
  assert.match(await i.tab.getByTestId("invitation-text").textContent(), new RegExp(`${owner}.*as Member`));
  await capture(i.tab, "accept-invitation");
  await i.tab.getByRole("button", { name: "Accept" }).click();
  await i.tab.getByRole("heading", { level: 1, name: "You joined the organization" }).waitFor();
  await closeTab(i);

  // The owner sees the new member, makes them admin, then removes them.
  await visit(o.tab, "/account/organizations");
  const row = o.tab.locator(`li.member[data-member-email="${invitee}"]`);
  await row.getByTestId("member-role").filter({ hasText: "Member" }).waitFor();
  await row.getByLabel("Role").selectOption("admin");
  await row.getByRole("button", { name: "Change role" }).click();
  await waitStatus(o.tab, "roleChanged");
  await row.getByTestId("member-role").filter({ hasText: "Admin" }).waitFor();
  await row.getByRole("button", { name: /^Remove/ }).click();
  await waitStatus(o.tab, "memberRemoved");
  await o.tab.waitForFunction((e) => !document.querySelector(`li.member[data-member-email="${e}"]`), invitee);

  // The last owner cannot leave: the catalogue's message for the server's refusal.
  await o.tab.getByRole("button", { name: "Leave this organization" }).click();
  await o.tab.getByRole("alert").waitFor();
  assert.equal(await alertText(o.tab), msg("YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER"));
  await closeTab(o);
});

test("API key: created in the UI and shown once; it authenticates from node until deleted in the UI", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-apikey");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;
  await visit(tab, "/sign-in?redirect=%2Faccount%2Fapi-keys");
  await signInUI(tab, email);
  await tab.waitForURL(`${origin}/account/api-keys`);
  await tab.getByText(msg("noKeys")).waitFor();
  await tab.getByLabel("Key name").fill("ci");
  await tab.getByLabel(/^Expires after/).fill("30");
  await tab.getByRole("button", { name: "Create key" }).click();
  const key = await tab.getByLabel("New API key").inputValue();
  assert.match(key, /^[A-Za-z]{64}$/);
  await tab.locator("li.api-key", { hasText: "ci" }).waitFor();
  await capture(tab, "account-api-keys");

  const withKey = () => request(`${origin}/api/auth/get-session`, { headers: { "x-api-key": key } });
  assert.equal((await withKey()).json?.user?.email, email, "the key authenticates its owner");

  // Shown once: a reload lists the key (its start only) but never the key itself.
  await visit(tab, "/account/api-keys");
  await tab.locator("li.api-key", { hasText: "ci" }).waitFor();
  assert.equal(await tab.getByLabel("New API key").count(), 0);
  assert.equal((await tab.content()).includes(key), false, "the key is not on the page again");
  // Its permissions are shown, not chosen: server-only over HTTP, the operator grants them.
  const row = tab.locator("li.api-key", { hasText: "ci" });
  assert.equal(await row.getByTestId("key-permissions").textContent(), `${msg("apiKeys.permissions")}: ${msg("noPermissions")}`);
  const keyId = await row.getAttribute("data-key-id");
  await server.db.exec(`UPDATE api_keys SET permissions = '{"apiKey":["read"]}' WHERE id = '${keyId}'`);
  await visit(tab, "/account/api-keys");
  await row.getByTestId("key-permissions").filter({ hasText: "apiKey: read" }).waitFor();

  await tab.locator("li.api-key", { hasText: "ci" }).getByRole("button", { name: /^Delete key/ }).click();
  await waitStatus(tab, "keyRevoked");
  await tab.getByText(msg("noKeys")).waitFor();
  const refused = await withKey();
  assert.equal(refused.status, 401);
  assert.equal(refused.json?.code, "INVALID_API_KEY", "a deleted key no longer authenticates");
  await closeTab(t);
});

test("account switcher: a second account added in the same browser, switched between", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const a = uniqueEmail("web-multi-a");
  const b = uniqueEmail("web-multi-b");
  await apiSignUp(a, "Multi A");
  await apiSignUp(b, "Multi B");
  const t = await openTab(browser, origin);
  const { tab } = t;
  await visit(tab, "/sign-in");
  await signInUI(tab, a);
  await tab.waitForURL(`${origin}/account`);
  await tab.getByRole("link", { name: "Add another account" }).click();
  await tab.waitForURL((u) => u.pathname === "/sign-in");
  await signInUI(tab, b);
  await tab.waitForURL(`${origin}/account`);
  await tab.getByTestId("user-email").filter({ hasText: b }).waitFor();
  const accounts = tab.locator("li.device-account");
  await accounts.nth(1).waitFor();
  assert.equal(await accounts.count(), 2);
  await tab.locator(`li.device-account[data-account-email="${b}"] .badge`).waitFor();
  await capture(tab, "account-switcher");
  await tab.locator(`li.device-account[data-account-email="${a}"]`).getByRole("button", { name: /^Switch/ }).click();
  await tab.getByTestId("user-email").filter({ hasText: a }).waitFor();
  await closeTab(t);
});

test("delete account: a wrong password is refused; the right one mails a link that deletes the account", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-delete");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;
  await visit(tab, "/sign-in?redirect=%2Faccount%2Fdelete");
  await signInUI(tab, email);
  await tab.waitForURL(`${origin}/account/delete`);
  await tab.getByLabel("Password", { exact: true }).fill("not the password");
  await tab.getByRole("button", { name: "Delete my account" }).click();
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_PASSWORD"));

  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Delete my account" }).click();
  await waitStatus(tab, "confirmMailSent");
  await capture(tab, "account-delete-mailed");
  // ASVS 8.3.2: the deletion is confirmed from the mailbox; the link lands on callbackURL.
  const mail = await smtpMail(email, /delete-user\/callback/);
  await tab.goto(linkIn(mail, `${origin}/api/auth/delete-user/callback?token=`));
  await tab.waitForURL(`${origin}/account/deleted`);
  await tab.getByRole("heading", { level: 1, name: "Account deleted" }).waitFor();
  await capture(tab, "account-deleted");
  const signIn = await request(`${origin}/api/auth/sign-in/email`, { json: { email, password: PASSWORD }, headers: { origin } });
  assert.equal(signIn.status, 401, "the account is gone");
  // A refused link comes back as callbackURL?error=CODE: no "deleted" page for it.
  await visit(tab, "/account/deleted?error=INVALID_TOKEN");
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  await closeTab(t);
});
