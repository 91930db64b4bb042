// The admin console of the hosted pages (issue 15, web/src/pages/admin/): Debian's chromium,
// driven by playwright-core. The first admin comes from admin_email/admin_password (README). The
// admin finds a user by e-mail and suspends them: the user's open page is refused on its next
// load; lifts it; acts as the user (the banner on every page, Stop brings the admin back); reads
// the ban in the audit log and downloads its CSV; a plain user sees the no-access view.
// Same bar as web-pages.test.js: console/page errors, CSP violations and third-party requests
// fail; axe serious/critical fail; screenshots at 1280 and 375 px in tests/e2e/artifacts/web/.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";


const ADMIN_EMAIL = uniqueEmail("web-root");
const ADMIN_PASSWORD = "first admin passphrase 9";
let stack;
let origin;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  const standIn = WEB_DIST ? await startStaticPages() : null;
  const env = { LATCHKEY_ADMIN_EMAIL: ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const srv = await startServer({ name: "web-admin", env: standIn ? { LATCHKEY_BASE_URL: standIn.origin, ...env } : env });
  standIn?.setTarget(srv.origin);
  origin = standIn?.origin ?? srv.origin;
  stack = { close: async () => { await srv.cleanup(); await standIn?.close(); } };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});




async function apiSignUp(email) {
  const res = await request(`${origin}/api/auth/sign-up/email`, {
    json: { name: "Admin Target", email, password: PASSWORD },
    headers: { origin, "user-agent": "latchkey-e2e node" },
  });
  assert.equal(res.status, 200, res.text);
}

/** A session cookie made from node (a fresh sign-in). */
async function apiSignIn(email, password) {
  const res = await request(`${origin}/api/auth/sign-in/email`, { json: { email, password }, headers: { origin } });
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie("better-auth.session_token");
  return `${cookie.name}=${cookie.value}`;
}

async function signInUI(tab, email, password, redirect) {
  await tab.goto(`${origin}/sign-in${redirect ? `?redirect=${encodeURIComponent(redirect)}` : ""}`);
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(password);
  await tab.getByRole("button", { name: "Sign in" }).click();
}

test("admin console: search, suspend (an open session is refused), lift, act as the user and stop, audit log and its CSV", { skip: WEB_SKIP, timeout: 120_000 }, async () => {
  const target = uniqueEmail("web-target");
  await apiSignUp(target);
  for (let i = 0; i < 3; i += 1) await apiSignUp(uniqueEmail("web-other"));

  // The target's own browser, signed in and on its account page.
  const victim = await openTab(browser, origin, { acceptDownloads: true });
  await signInUI(victim.tab, target, PASSWORD);
  await victim.tab.waitForURL(`${origin}/account`);

  // Signed out, /admin goes to sign-in and comes back after (a fresh session: admin routes need one).
  const t = await openTab(browser, origin, { acceptDownloads: true });
  const { tab } = t;
  await tab.goto(`${origin}/admin`);
  await tab.waitForURL(`${origin}/sign-in?redirect=%2Fadmin`);
  await tab.getByLabel("E-mail address").fill(ADMIN_EMAIL);
  await tab.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL(`${origin}/admin`);
  await tab.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
  await tab.getByRole("link", { name: msg("apiReference") }).waitFor();
  assert.equal(await tab.getByRole("link", { name: msg("apiReference") }).getAttribute("href"), "/api/auth/reference");
  await tab.getByTestId("user-list").waitFor();
  await capture(tab, "admin-users");

  // Search by e-mail: exactly the target.
  await tab.getByLabel(msg("search")).fill(target);
  await tab.getByRole("button", { name: msg("apply") }).click();
  await tab.waitForURL((u) => u.pathname === "/admin/users" && u.searchParams.get("q") === target);
  const rows = tab.locator("[data-user-email]");
  await tab.getByRole("status").filter({ hasText: `1 ${msg("total")}` }).waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute("data-user-email"), target);
  await rows.first().getByRole("link").click();
  await tab.getByRole("heading", { level: 2, name: target }).waitFor();
  await tab.getByText(msg("signedInAt"), { exact: false }).first().waitFor(); // the target's session is listed
  await capture(tab, "admin-user");

  // Suspend with a reason: the user's open session is refused at its next page load.
  await tab.getByLabel(msg("banReason")).fill("web e2e: spam");
  await tab.getByRole("button", { name: msg("ban") }).click();
  await tab.getByRole("status").filter({ hasText: msg("bannedDone") }).waitFor();
  assert.match(await tab.getByTestId("ban-status").textContent(), /web e2e: spam/);
  await victim.tab.reload();
  // ASVS 5.0 7.4.2: disabling an account ends its active sessions; the open page learns it on load.
  await victim.tab.waitForURL(`${origin}/sign-in?redirect=%2Faccount`);
  await closeTab(victim);

  // The "Suspended" filter (filterField=banned) lists exactly the target.
  await tab.goto(`${origin}/admin/users?filter=banned%3Atrue`);
  await tab.getByRole("status").filter({ hasText: `1 ${msg("total")}` }).waitFor();
  assert.equal(await rows.first().getAttribute("data-user-email"), target);
  await rows.first().getByRole("link").click();
  await tab.getByRole("heading", { level: 2, name: target }).waitFor();

  await tab.getByRole("button", { name: msg("unban") }).click();
  await tab.getByRole("status").filter({ hasText: msg("unbanned") }).waitFor();
  // An operator extra (latchkey's route, through the client's $fetch).
  await tab.getByRole("button", { name: msg("unlock") }).click();
  await tab.getByRole("status").filter({ hasText: msg("unlocked") }).waitFor();

  // Act as the user: every page carries the banner; Stop brings the admin back.
  await tab.getByRole("button", { name: msg("impersonate") }).click();
  await tab.waitForURL(`${origin}/account`);
  assert.equal(await tab.getByTestId("impersonated-email").textContent(), target);
  assert.equal(await tab.getByTestId("user-email").textContent(), target);
  await capture(tab, "admin-impersonating");
  await tab.goto(`${origin}/account/sessions`);
  await tab.getByTestId("impersonated-email").waitFor();
  await tab.getByRole("button", { name: msg("stop") }).click();
  await tab.waitForURL(`${origin}/admin/users`);
  await tab.getByTestId("user-list").waitFor();
  assert.equal(await tab.getByTestId("impersonated-email").count(), 0, "the banner is gone");

  // The audit log lists the ban, filtered by type; the export link answers CSV.
  await tab.goto(`${origin}/admin/audit`);
  await tab.getByLabel(msg("auditType")).fill("admin.ban");
  await tab.getByRole("button", { name: msg("apply") }).click();
  await tab.waitForURL((u) => u.pathname === "/admin/audit" && u.searchParams.get("type") === "admin.ban");
  await tab.locator('tr[data-type="admin.ban"]').first().waitFor();
  assert.equal(await tab.locator("tbody tr").count(), 1, "only admin.ban rows");
  await capture(tab, "admin-audit");
  const href = await tab.getByTestId("audit-export").getAttribute("href");
  assert.equal(href, "/api/auth/admin/audit-events/export?type=admin.ban");
  const [download] = await Promise.all([tab.waitForEvent("download"), tab.getByTestId("audit-export").click()]);
  const csv = fs.readFileSync(await download.path(), "utf8");
  assert.match(csv, /^id,created_at,type,outcome,/, "a CSV header (docs/audit.md)");
  assert.match(csv, /admin\.ban/);
  assert.doesNotMatch(csv, /admin\.unban/, "the export takes the page's filters");
  // And from node with the admin's cookie: text/csv.
  const cookies = (await t.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const res = await request(`${origin}${href}`, { headers: { cookie: cookies } });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers["content-type"], /^text\/csv/);
  await closeTab(t);
});

test("a plain user opening /admin sees the no-access view (the server refuses the routes anyway)", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-plain");
  await apiSignUp(email);
  const t = await openTab(browser, origin, { acceptDownloads: true });
  await signInUI(t.tab, email, PASSWORD, "/admin/audit");
  await t.tab.waitForURL(`${origin}/admin/audit`);
  await t.tab.getByRole("heading", { level: 1, name: msg("noAccessTitle") }).waitFor();
  assert.equal(await t.tab.getByTestId("admin-no-access").textContent(), msg("noAccess"));
  assert.equal(await t.tab.getByTestId("audit-table").count(), 0);
  await capture(t.tab, "admin-no-access");
  // The view is only a courtesy: the server refuses the user's session itself (docs/permissions.md).
  const cookie = (await t.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const refused = await request(`${origin}/api/auth/admin/list-users`, { headers: { origin, cookie } });
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.json.code, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS");
  // An unknown section is the not-found view.
  await t.tab.goto(`${origin}/admin/nothing-here`);
  await t.tab.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await closeTab(t);
});

test("a support agent sees what the role allows: the users and audit log, no suspension, role change or impersonation", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-support");
  await apiSignUp(email);
  const adminCookie = await apiSignIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const list = await request(`${origin}/api/auth/admin/list-users?searchValue=${encodeURIComponent(email)}`, { headers: { origin, cookie: adminCookie } });
  const id = list.json.users[0].id;
  const set = await request(`${origin}/api/auth/admin/set-role`, { json: { userId: id, role: "support" }, headers: { origin, cookie: adminCookie } });
  assert.equal(set.status, 200, set.text);

  const t = await openTab(browser, origin, { acceptDownloads: true });
  await signInUI(t.tab, email, PASSWORD, `/admin/users?id=${id}`);
  await t.tab.getByRole("heading", { level: 2, name: email }).waitFor();
  await t.tab.getByRole("button", { name: msg("unlock") }).waitFor(); // support: user:unlock (docs/permissions.md)
  await t.tab.getByRole("button", { name: msg("revokeAll") }).waitFor(); // session:revoke
  for (const key of ["ban", "roleSave", "impersonate", "resetTwoFactor"]) {
    assert.equal(await t.tab.getByRole("button", { name: msg(key) }).count(), 0, `no ${key} button for support`);
  }
  await t.tab.getByRole("link", { name: msg("audit"), exact: true }).click();
  await t.tab.getByTestId("audit-table").waitFor();
  assert.equal(await t.tab.getByTestId("audit-export").count(), 0, "support has audit:read, not audit:export");
  await closeTab(t);
});
