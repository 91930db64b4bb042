// The OpenID provider's consent page in the hosted pages (issues 15 and 17; web/src/pages/Consent.tsx),
// in Debian's chromium through playwright-core: an application's authorization request sends the
// signed-in user to /oauth2-consent, which names the application (from the server's signed query,
// not from the request) and what it asks for; Allow returns to the application's redirect URI
// with a code that oauth4webapi (npm, independent) redeems for tokens; Deny returns
// error=access_denied with the state and the issuer (RFC 9207). The application's redirect URI
// is answered by the test (playwright's route), so nothing leaves the machine.
// Same bar as web-pages.test.js. latchkey-only, embedded pages only.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as oauth from "oauth4webapi";
import { PASSWORD } from "../lib/fixtures.js";
import { INSECURE, REDIRECT, authorizationUrl, clientsCli, discover, signedInUser, startOidcServer } from "../lib/oidc.js";
import { WEB_DIST } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

const SKIP = WEB_SKIP || (WEB_DIST ? "the stand-in page server does not serve the provider" : false);
const APP = new URL(REDIRECT).origin;
const ADMIN_EMAIL = "oidc-admin@e2e.example";
const ADMIN_PASSWORD = "first admin passphrase 9";
let server;
let browser;

before(async () => {
  if (SKIP) return;
  server = await startOidcServer("web-consent", { LATCHKEY_ADMIN_EMAIL: ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** A confidential client that asks for consent (no --skip-consent), named `name`. */
async function createClient(name) {
  const res = await clientsCli(server, ["create", "--name", name, "--redirect-uri", REDIRECT]);
  assert.equal(res.code, 0, res.stderr);
  return res.objects[0];
}

async function signedInTab(user) {
  const t = await openTab(browser, server.origin, {}, { allow: [APP] });
  await t.tab.route((u) => u.origin === APP, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>app</title>" }));
  await t.tab.goto(`${server.origin}/sign-in`);
  await t.tab.getByLabel("E-mail address").fill(user.email);
  await t.tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL(`${server.origin}/account`);
  return t;
}

test("consent: the page names the application and its scopes; Allow returns a code that redeems (OIDC Core 3.1.2.4)", { skip: SKIP, timeout: 60_000 }, async () => {
  const client = await createClient("Grafana (test)");
  const as = await discover(server);
  const user = await signedInUser(server);
  const t = await signedInTab(user);
  // A request that tries to name itself: the page shows the server's name for the client.
  const { url, verifier, state, nonce } = await authorizationUrl(as, client.client_id, { scope: "openid email", lk_client_name: "Your Bank" });
  await t.tab.goto(url.toString());
  await t.tab.waitForURL((u) => u.pathname === "/oauth2-consent");
  await t.tab.getByRole("heading", { level: 1, name: msg("consent.title") }).waitFor();
  assert.equal(await t.tab.getByTestId("consent-text").locator("strong").textContent(), "Grafana (test)");
  assert.deepEqual(await t.tab.getByTestId("consent-scopes").getByRole("listitem").allTextContents(), [msg("consent.openid"), msg("consent.email")]);
  await capture(t.tab, "oauth2-consent");
  const arrived = t.tab.waitForRequest((r) => r.url().startsWith(`${APP}/`));
  await t.tab.getByRole("button", { name: msg("consent.allow") }).click();
  const callback = new URL((await arrived).url());
  assert.equal(callback.searchParams.get("iss"), as.issuer, "RFC 9207");
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(client.client_secret), params, REDIRECT, verifier, INSECURE),
    { expectedNonce: nonce, requireIdToken: true });
  assert.equal(oauth.getValidatedIdTokenClaims(tokens).email, user.email);
  await closeTab(t);
});

test("consent: Deny returns access_denied with the state; nothing is granted (RFC 6749 4.1.2.1)", { skip: SKIP, timeout: 60_000 }, async () => {
  const client = await createClient("Denied app");
  const as = await discover(server);
  const user = await signedInUser(server);
  const t = await signedInTab(user);
  const { url, state } = await authorizationUrl(as, client.client_id, { scope: "openid profile" });
  await t.tab.goto(url.toString());
  const arrived = t.tab.waitForRequest((r) => r.url().startsWith(`${APP}/`));
  await t.tab.getByRole("button", { name: msg("consent.deny") }).click();
  const callback = new URL((await arrived).url());
  assert.equal(callback.searchParams.get("error"), "access_denied");
  assert.equal(callback.searchParams.get("state"), state);
  assert.equal(callback.searchParams.get("code"), null);
  // Asked again: still the consent page (a denial is not remembered as a grant).
  await t.tab.goto(url.toString());
  await t.tab.waitForURL((u) => u.pathname === "/oauth2-consent");
  await closeTab(t);
});

// Not signed in: the hosted sign-in page gets the signed authorization request, prefills the address
// from login_hint (OIDC Core 3.1.2.1), and after signing in the flow goes on to the consent page.
test("sign-in from an authorization request: login_hint prefills the address; the flow returns to consent", { skip: SKIP, timeout: 60_000 }, async () => {
  const client = await createClient("Hinted app");
  const as = await discover(server);
  const user = await signedInUser(server);
  const t = await openTab(browser, server.origin, {}, { allow: [APP] });
  const { url } = await authorizationUrl(as, client.client_id, { scope: "openid email", login_hint: user.email });
  await t.tab.goto(url.toString());
  await t.tab.waitForURL((u) => u.pathname === "/sign-in");
  assert.equal(await t.tab.getByLabel("E-mail address").inputValue(), user.email);
  await t.tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.waitForURL((u) => u.pathname === "/oauth2-consent");
  assert.equal(await t.tab.getByTestId("consent-text").locator("strong").textContent(), "Hinted app");
  await closeTab(t);
});

// The admin console's clients tab (web/src/pages/admin/AdminClients.tsx) over the admin routes: register
// (the secret shown once, stored hashed), rotate, delete.
test("admin console: OAuth clients listed, registered with the secret shown once, deleted", { skip: SKIP, timeout: 60_000 }, async () => {
  const t = await openTab(browser, server.origin);
  await t.tab.goto(`${server.origin}/sign-in?redirect=${encodeURIComponent("/admin/clients")}`);
  await t.tab.getByLabel("E-mail address").fill(ADMIN_EMAIL);
  await t.tab.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await t.tab.getByRole("button", { name: "Sign in" }).click();
  await t.tab.getByRole("heading", { level: 2, name: msg("clients.tab") }).waitFor();
  await t.tab.getByLabel(msg("clients.name")).fill("Console app");
  await t.tab.getByLabel(msg("clients.redirectUris")).fill("https://console.example.com/cb");
  await t.tab.getByRole("button", { name: msg("clients.create") }).click();
  const shown = t.tab.getByTestId("client-secret");
  await shown.waitFor();
  const secret = (await shown.locator("code").nth(1).textContent()).trim();
  const id = (await shown.locator("code").nth(0).textContent()).trim();
  const [row] = await server.db.query(`SELECT name, secret_hash FROM oauth_clients WHERE client_id = '${id}'`);
  assert.equal(row.name, "Console app");
  assert.notEqual(row.secret_hash, secret, "stored hashed");
  await capture(t.tab, "admin-clients");
  t.tab.once("dialog", (d) => d.accept());
  await t.tab.getByRole("row").filter({ hasText: id }).getByRole("button", { name: msg("clients.remove") }).click();
  await t.tab.getByRole("row").filter({ hasText: id }).waitFor({ state: "detached" });
  assert.equal((await server.db.query(`SELECT client_id FROM oauth_clients WHERE client_id = '${id}'`)).length, 0);
  await closeTab(t);
});
