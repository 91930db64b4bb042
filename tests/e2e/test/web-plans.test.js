// The hosted pages for plans (issue 20, docs/plans.md, docs/web.md): /account/plan shows the
// plan, this month's usage and caps, a banner at 80 % of a cap; the user switches plan there.
// Same bar as web-pages.test.js: console errors, page errors, CSP violations and off-origin
// requests fail; axe-core serious/critical fail (capture). latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { lit } from "../lib/db.js";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

let server;
let origin;
let standIn;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  standIn = WEB_DIST ? await startStaticPages() : null;
  server = await startServer({
    name: "web-plans",
    env: {
      ...(standIn ? { LATCHKEY_BASE_URL: standIn.origin } : {}),
      LATCHKEY_PLANS_ENABLED: "true",
      LATCHKEY_PLAN_FREE_SPEND_CENTS_PER_MONTH: "100",
      LATCHKEY_API_KEY_SESSION: "true",
      LATCHKEY_API_KEY_RATE_LIMIT_ENABLED: "false",
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
});

const post = (path, json, headers = {}) =>
  request(`${origin}/api/auth${path}`, { method: "POST", json, headers: { origin, "user-agent": "latchkey-e2e node", ...headers } });

test("account plan page: usage near the cap shows the banner; the user switches to pro", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-plan");
  const signedUp = await post("/sign-up/email", { name: "Web Plan", email, password: PASSWORD });
  assert.equal(signedUp.status, 200, signedUp.text);
  const userId = signedUp.json.user.id;
  // A metering service's key (usage:record, granted by the operator) records 85 of 100 cents.
  const service = await post("/sign-up/email", { name: "Meter", email: uniqueEmail("meter"), password: PASSWORD });
  const cookie = `better-auth.session_token=${service.cookie("better-auth.session_token").value}`;
  const key = await post("/api-key/create", { name: "meter" }, { cookie });
  assert.equal(key.status, 200, key.text);
  await server.db.exec(`UPDATE api_keys SET permissions = '{"usage":["record"]}' WHERE id = ${lit(key.json.id)}`);
  const used = await post("/usage", { userId, meter: "spend_cents", quantity: 85, idempotencyKey: "web-1" }, { "x-api-key": key.json.key });
  assert.equal(used.status, 200, used.text);

  const t = await openTab(browser, origin);
  await t.tab.goto(`${origin}/sign-in?redirect=%2Faccount%2Fplan`);
  await t.tab.getByLabel("E-mail address").fill(email);
  await t.tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL(`${origin}/account/plan`);
  await t.tab.getByTestId("plan-name").filter({ hasText: "free" }).waitFor();
  await t.tab.getByTestId("plan-banner").filter({ hasText: msg("nearCap") }).waitFor();
  assert.equal(await t.tab.getByTestId("usage-spend_cents").textContent(), "85 of 100");
  await capture(t.tab, "account-plan-near-cap");

  await t.tab.getByRole("button", { name: "Switch to pro" }).click();
  await t.tab.getByRole("status").filter({ hasText: msg("switched") }).waitFor();
  await t.tab.getByTestId("plan-name").filter({ hasText: "pro" }).waitFor();
  assert.equal(await t.tab.getByTestId("plan-banner").count(), 0, "no banner far from pro's cap");
  const events = await server.db.auditEvents({ event_type: "plan.change", user_id: userId });
  assert.equal(events.length, 1);
  await closeTab(t);

  // A billing admin sees the account's plan in the console and sets it back (audited).
  const billing = uniqueEmail("web-billing");
  const b = await post("/sign-up/email", { name: "Billing", email: billing, password: PASSWORD });
  await server.db.exec(`INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(b.json.user.id)}, 'billing_admin', 0)`);
  const a = await openTab(browser, origin);
  await a.tab.goto(`${origin}/sign-in?redirect=${encodeURIComponent(`/admin/users?id=${userId}`)}`);
  await a.tab.getByLabel("E-mail address").fill(billing);
  await a.tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await a.tab.getByRole("button", { name: "Sign in" }).click();
  await a.tab.getByTestId("admin-plan-name").filter({ hasText: "pro" }).waitFor();
  await capture(a.tab, "admin-user-plan");
  await a.tab.getByLabel(msg("plan.current")).selectOption("free");
  await a.tab.getByRole("button", { name: msg("saveCap") }).click();
  await a.tab.getByTestId("admin-plan-name").filter({ hasText: "free" }).waitFor();
  assert.equal((await server.db.auditEvents({ event_type: "plan.admin_set", user_id: b.json.user.id })).length, 1);
  await closeTab(a);
});
