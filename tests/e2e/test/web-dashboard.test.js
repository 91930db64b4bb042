// The admin console's live dashboard (issue 15, web/src/pages/admin/AdminDashboard.tsx): Debian's
// chromium, driven by playwright-core. The admin opens /admin/dashboard; sign-ins and refusals
// made from node meanwhile show up in the figures and the latency table within a few refreshes;
// the charts (uPlot, the lazily loaded assets/charts.js) draw under the strict CSP; the sign-in
// page never loads the chart chunk; the metrics route refuses a plain user.
// Same bar as web-pages.test.js: console/page errors, CSP violations and third-party requests
// fail; axe serious/critical fail; screenshots at 1280 and 375 px in tests/e2e/artifacts/web/.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

const ADMIN_EMAIL = uniqueEmail("web-dash-root");
const ADMIN_PASSWORD = "first admin passphrase 9";
let stack;
let origin;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  const standIn = WEB_DIST ? await startStaticPages() : null;
  const env = { LATCHKEY_ADMIN_EMAIL: ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const srv = await startServer({ name: "web-dashboard", env: standIn ? { LATCHKEY_BASE_URL: standIn.origin, ...env } : env });
  standIn?.setTarget(srv.origin);
  origin = standIn?.origin ?? srv.origin;
  stack = { close: async () => { await srv.cleanup(); await standIn?.close(); } };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

const signIn = (email, password) =>
  request(`${origin}/api/auth/sign-in/email`, { json: { email, password }, headers: { origin } });

test("dashboard: sign-ins and refusals made meanwhile show in the figures, the latency table and the charts", { skip: WEB_SKIP, timeout: 90_000 }, async () => {
  const user = uniqueEmail("web-dash-user");
  const up = await request(`${origin}/api/auth/sign-up/email`, { json: { name: "Dash User", email: user, password: PASSWORD }, headers: { origin } });
  assert.equal(up.status, 200, up.text);

  const t = await openTab(browser, origin);
  const scripts = [];
  t.tab.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
  await t.tab.goto(`${origin}/sign-in?redirect=${encodeURIComponent("/admin/dashboard")}`);
  await t.tab.getByLabel("E-mail address").fill(ADMIN_EMAIL);
  await t.tab.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  assert.deepEqual(scripts, ["/assets/app.js"], "the sign-in page loads the app only, not the chart chunk");
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL(`${origin}/admin/dashboard`);
  await t.tab.getByRole("heading", { level: 2, name: msg("dashboard.title") }).waitFor();
  await t.tab.getByRole("link", { name: msg("dashboard.tab") }).waitFor();

  // Traffic while the page watches: 3 sign-ins that succeed, 2 wrong passwords, one after the
  // other (an account's sign-ins in flight are limited) right after a reading, so that the next
  // reading (5 s later) holds all five.
  await t.tab.waitForResponse((r) => r.url().includes("/api/auth/admin/metrics"));
  for (let i = 0; i < 3; i += 1) assert.equal((await signIn(user, PASSWORD)).status, 200);
  for (let i = 0; i < 2; i += 1) assert.equal((await signIn(user, "not the password 1")).status, 401);

  // The figures are rates over the last 5 s interval, so wait for the refresh that saw them.
  await t.tab.waitForFunction(() => Number(document.querySelector('[data-testid="now-sign-ins"]')?.textContent) > 0, null, { timeout: 20_000 });
  const success = Number(await t.tab.getByTestId("now-success").textContent());
  assert.ok(success > 0 && success < 100, `a success rate between the 3 and the 2: ${success}`);
  // The refusals by outcome (latchkey_sign_in_attempts_total): the wrong passwords.
  assert.match(await t.tab.getByTestId("now-refused-sign-ins").textContent(), /wrong_password \d/);
  // Counted at most every 10 s (docs/operations.md): at least the two that existed before the page.
  assert.ok(Number(await t.tab.getByTestId("now-sessions").textContent()) >= 2, "the admin's and the user's sessions");
  const row = t.tab.getByTestId("latency-table").getByRole("row").filter({ has: t.tab.getByRole("rowheader", { name: "sign-in", exact: true }) });
  await row.waitFor();
  const cells = await row.getByRole("cell").allTextContents();
  assert.ok(Number(cells[0]) >= 5, `the last minute's sign-in requests: ${cells[0]}`);
  assert.ok(cells.slice(1).every((c) => Number(c) > 0), `p50/p95/p99 in ms: ${cells.join(" ")}`);

  // The chart chunk came on demand, and every panel drew on a canvas.
  assert.ok(scripts.includes("/assets/charts.js"), `the chart chunk loaded: ${scripts.join(", ")}`);
  for (const panel of ["sign-ins", "success", "latency", "errors", "sessions", "refusals", "kdf", "outbox"]) {
    assert.equal(await t.tab.getByTestId(`chart-${panel}`).locator("canvas").count(), 1, `${panel} has its chart`);
  }
  await capture(t.tab, "admin-dashboard");
  await closeTab(t);
});

test("dashboard: the metrics route wants metrics:read; a plain user gets 403, no session 401", { skip: WEB_SKIP, timeout: 30_000 }, async () => {
  const email = uniqueEmail("web-dash-plain");
  const up = await request(`${origin}/api/auth/sign-up/email`, { json: { name: "Plain", email, password: PASSWORD }, headers: { origin } });
  const cookie = up.cookie("better-auth.session_token");
  const refused = await request(`${origin}/api/auth/admin/metrics`, { headers: { origin, cookie: `${cookie.name}=${cookie.value}` } });
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.json.code, "YOU_ARE_NOT_ALLOWED");
  assert.equal((await request(`${origin}/api/auth/admin/metrics`, { headers: { origin } })).status, 401);
  const admin = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const c = admin.cookie("better-auth.session_token");
  const ok = await request(`${origin}/api/auth/admin/metrics`, { headers: { origin, cookie: `${c.name}=${c.value}` } });
  assert.equal(ok.status, 200);
  assert.match(ok.headers["content-type"], /^text\/plain; version=0\.0\.4/);
  assert.match(ok.headers["cache-control"], /no-store/);
  assert.match(ok.text, /^latchkey_http_requests_total\{family="sign-in",code="2xx"\} [1-9]/m);
  assert.match(ok.text, /^latchkey_sign_in_attempts_total\{method="email",outcome="ok"\} [1-9]/m);
  assert.ok(!ok.text.includes(email) && !ok.text.includes(ADMIN_EMAIL), "no personal data in metrics");
});
