// The admin console's long lists (issue 15, web/src/pages/admin/), in Debian's chromium through
// playwright-core: the user list's pages of 20 (next, previous; the pages hold every match once,
// in order) and the audit log's "Show more" along the cursor (pages of 50, no event twice, the
// button gone at the end). The users are made through the API; web-admin.test.js has the rest of
// the console.
// Same bar as web-pages.test.js: console/page errors, CSP violations and off-origin requests
// fail; axe serious/critical fail; screenshots at 1280 and 375 px in tests/e2e/artifacts/web/.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

const ADMIN_EMAIL = uniqueEmail("web-paging-root");
const ADMIN_PASSWORD = "paging admin passphrase 4";
const USERS_PAGE = 20; // web/src/pages/admin/AdminUsers.tsx
const AUDIT_PAGE = 50; // web/src/pages/admin/AdminAudit.tsx
const TAG = `web-paging-${Date.now().toString(36)}`;
const MADE = USERS_PAGE + 6; // two pages of users with the tag

let server;
let origin;
let standIn;
let browser;
const emails = [];

async function apiSignUp(email) {
  const res = await request(`${origin}/api/auth/sign-up/email`, {
    json: { name: "Paged User", email, password: PASSWORD },
    headers: { origin, "user-agent": "latchkey-e2e node" },
  });
  assert.equal(res.status, 200, res.text);
}

before(async () => {
  if (WEB_SKIP) return;
  standIn = WEB_DIST ? await startStaticPages() : null;
  const env = { LATCHKEY_ADMIN_EMAIL: ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD: ADMIN_PASSWORD };
  server = await startServer({ name: "web-admin-paging", env: standIn ? { LATCHKEY_BASE_URL: standIn.origin, ...env } : env });
  standIn?.setTarget(server.origin);
  origin = standIn?.origin ?? server.origin;
  for (let i = 0; i < MADE; i += 1) emails.push(uniqueEmail(TAG));
  for (let i = 0; i < MADE; i += 6) await Promise.all(emails.slice(i, i + 6).map(apiSignUp));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await standIn?.close();
});

/** The admin, signed in through the page (admin routes want a fresh session), on `path`. */
async function adminTab(path) {
  const t = await openTab(browser, origin);
  await t.tab.goto(`${origin}/sign-in?redirect=${encodeURIComponent(path)}`);
  await t.tab.getByLabel("E-mail address").fill(ADMIN_EMAIL);
  await t.tab.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL((u) => u.pathname + u.search === path);
  return t;
}

test("admin users: pages of 20, next and previous; every match once, in order", { skip: WEB_SKIP, timeout: 90_000 }, async () => {
  const t = await adminTab("/admin/users");
  const { tab } = t;
  await tab.getByTestId("user-list").waitFor();
  await tab.getByLabel(msg("search")).fill(TAG);
  await tab.locator("#sort").selectOption("email:asc");
  await tab.getByRole("button", { name: msg("apply") }).click();
  await tab.waitForURL((u) => u.searchParams.get("q") === TAG && u.searchParams.get("page") === "0");
  await tab.getByRole("status").filter({ hasText: `${MADE} ${msg("total")}` }).waitFor();
  const pager = tab.getByRole("navigation", { name: msg("page") });
  const rows = tab.locator("[data-user-email]");
  const shown = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-user-email")));

  await pager.getByText(`${msg("page")} 1 ${msg("of")} 2`).waitFor();
  assert.equal(await pager.getByRole("link", { name: msg("previous") }).count(), 0, "no previous page on the first");
  const first = await shown();
  assert.equal(first.length, USERS_PAGE);

  await pager.getByRole("link", { name: msg("next") }).click();
  await tab.waitForURL((u) => u.searchParams.get("page") === "1" && u.searchParams.get("q") === TAG);
  await pager.getByText(`${msg("page")} 2 ${msg("of")} 2`).waitFor();
  assert.equal(await pager.getByRole("link", { name: msg("next") }).count(), 0, "no next page on the last");
  const second = await shown();
  assert.equal(second.length, MADE - USERS_PAGE);
  // Sorted by e-mail, the two pages together are every user made, each once.
  assert.deepEqual([...first, ...second], [...emails].sort());
  await capture(tab, "admin-users-page-2");

  await pager.getByRole("link", { name: msg("previous") }).click();
  await tab.waitForURL((u) => u.searchParams.get("page") === "0");
  await pager.getByText(`${msg("page")} 1 ${msg("of")} 2`).waitFor();
  assert.deepEqual(await shown(), first);
  // Back in the browser's history is the second page again (the page's query is the state).
  await tab.goBack();
  await pager.getByText(`${msg("page")} 2 ${msg("of")} 2`).waitFor();
  assert.deepEqual(await shown(), second);
  await closeTab(t);
});

test("admin audit log: \"Show more\" follows the cursor in pages of 50 until every event is listed once", { skip: WEB_SKIP, timeout: 90_000 }, async () => {
  // Each made user signs in once from node: with their sign-ups, more than one page of "user." events.
  for (let i = 0; i < MADE; i += 6) {
    await Promise.all(emails.slice(i, i + 6).map(async (email) => {
      const res = await request(`${origin}/api/auth/sign-in/email`, { json: { email, password: PASSWORD }, headers: { origin } });
      assert.equal(res.status, 200, res.text);
    }));
  }
  const t = await adminTab("/admin/audit?type=user.");
  const { tab } = t;
  const rows = tab.locator("tbody tr");
  await rows.first().waitFor();
  const [{ n: total }] = await server.db.query("SELECT COUNT(*) AS n FROM audit_events WHERE event_type LIKE 'user.%'");
  assert.ok(total > AUDIT_PAGE, `${total} user.* events`);
  assert.equal(await rows.count(), AUDIT_PAGE);
  const more = tab.getByRole("button", { name: msg("more") });
  for (let pages = 2; pages <= Math.ceil(total / AUDIT_PAGE); pages += 1) {
    await more.click();
    await tab.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, Math.min(total, pages * AUDIT_PAGE));
  }
  await more.waitFor({ state: "detached" });
  assert.equal(await rows.count(), total);
  const types = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-type")));
  assert.ok(types.every((type) => type.startsWith("user.")), "only the filtered type prefix");
  // No event twice: each made user's sign-up and sign-in are listed exactly once.
  const texts = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent));
  assert.equal(new Set(texts).size, texts.length);
  await capture(tab, "admin-audit-more");
  await closeTab(t);
});
