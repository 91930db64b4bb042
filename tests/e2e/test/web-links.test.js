// The links of the mails, in the hosted pages (issue 15, web/), in Debian's chromium through
// playwright-core: a reset link expired before it is opened, expired while its page is open, and
// superseded by a newer one; a verification link expired, tampered with, and used twice; and an
// invitation link followed by someone without an account, who goes from sign-in to sign-up and
// lands back on the invitation (?redirect=, kept on this origin). Every mail goes through a real
// SMTP server (lib/smtp.js). A reused reset link is in web-pages.test.js.
// Same bar as web-pages.test.js: console/page errors, CSP violations and off-origin requests
// fail; axe serious/critical fail; screenshots at 1280 and 375 px in tests/e2e/artifacts/web/.
// latchkey-only: the peer serves no pages.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { sha256Hex } from "../lib/db.js";
import { request } from "../lib/http.js";
import { linkIn } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { WEB_DIST, startStaticPages } from "../lib/web_pages.js";
import { capture, closeTab, launchChromium, msg, openTab, WEB_SKIP } from "../lib/web_browser.js";

let smtp;
let server;
let origin;
let standIn;
let browser;

before(async () => {
  if (WEB_SKIP) return;
  smtp = await startSmtp();
  standIn = WEB_DIST ? await startStaticPages() : null;
  server = await startServer({
    name: "web-links",
    env: {
      ...(standIn ? { LATCHKEY_BASE_URL: standIn.origin } : {}),
      // aiosmtpd on loopback speaks no TLS: a local relay is the one case for plain SMTP.
      LATCHKEY_SMTP_URL: smtp.url,
      LATCHKEY_SMTP_ALLOW_PLAIN: "true",
      LATCHKEY_ORGANIZATION: "true",
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

const alertText = (tab) => tab.getByRole("alert").first().textContent();

/** Runs `action`, then returns the link (starting with `prefix`) of the first new mail to `to`. */
async function linkMailedBy(action, to, prefix) {
  const seen = new Set(smtp.messages());
  await action();
  const mail = await smtp.waitFor((m) => !seen.has(m) && m.includes(to) && m.includes(prefix));
  return linkIn(mail, prefix);
}

/** A user made from node; returns its session cookie. */
async function apiSignUp(email, name = "Web Links") {
  const res = await request(`${origin}/api/auth/sign-up/email`, {
    json: { name, email, password: PASSWORD },
    headers: { origin, "user-agent": "latchkey-e2e node" },
  });
  assert.equal(res.status, 200, res.text);
  const cookie = res.cookie("better-auth.session_token");
  return `${cookie.name}=${cookie.value}`;
}

async function api(route, cookie, json) {
  const res = await request(`${origin}/api/auth${route}`, { json, headers: { origin, cookie } });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** Asks for a reset link from /forgot-password and returns the link of the new mail. */
function resetLinkFor(tab, email) {
  return linkMailedBy(async () => {
    await tab.goto(`${origin}/forgot-password`);
    await tab.getByLabel("E-mail address").fill(email);
    await tab.getByRole("button", { name: "Send the link" }).click();
    await tab.getByRole("status").waitFor();
  }, email, `${origin}/api/auth/reset-password/`);
}

/** Ends a reset link's life now, as an hour's wait would (verification_tokens keeps its SHA-256). */
async function expireResetLink(link) {
  const token = new URL(link).pathname.split("/").pop();
  await server.db.exec(`UPDATE verification_tokens SET expires_at = 1 WHERE token_hash = '${sha256Hex(token)}'`);
}

const onResetError = (u) => u.pathname === "/reset-password" && u.searchParams.get("error") === "INVALID_TOKEN";

test("reset-password links: expired before it is opened, expired while the page is open (ASVS 2.5.x), superseded", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-reset-expired");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;

  // Opened after its hour: the error view, no form, a way to ask again.
  const link = await resetLinkFor(tab, email);
  await expireResetLink(link);
  await tab.goto(link);
  await tab.waitForURL(onResetError);
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  assert.equal(await tab.getByLabel("New password", { exact: true }).count(), 0);
  await tab.getByRole("link", { name: "Ask for a new link" }).click();
  await tab.waitForURL(`${origin}/forgot-password`);

  // Opened in time, submitted too late: the server's 400 INVALID_TOKEN, in the catalogue's words.
  const second = await resetLinkFor(tab, email);
  await tab.goto(second);
  await tab.waitForURL((u) => u.pathname === "/reset-password" && u.searchParams.has("token"));
  await expireResetLink(second);
  await tab.getByLabel("New password", { exact: true }).fill("a late new passphrase 5");
  await tab.getByLabel("Repeat the new password").fill("a late new passphrase 5");
  const [res] = await Promise.all([
    tab.waitForResponse((r) => r.url() === `${origin}/api/auth/reset-password` && r.request().method() === "POST"),
    tab.getByRole("button", { name: "Save the new password" }).click(),
  ]);
  assert.deepEqual([res.status(), (await res.json()).code], [400, "INVALID_TOKEN"]);
  await tab.getByRole("alert").waitFor();
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  await capture(tab, "reset-password-expired");

  // Two requests: the first link died with the second (docs/api.md), and the page says so.
  const older = await resetLinkFor(tab, email);
  const newer = await resetLinkFor(tab, email);
  assert.notEqual(older, newer);
  await tab.goto(older);
  await tab.waitForURL(onResetError);
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  await tab.goto(newer);
  await tab.waitForURL((u) => u.pathname === "/reset-password" && u.searchParams.has("token"));
  await closeTab(t);
});

const b64url = (s) => Buffer.from(s).toString("base64url");

/** The mailed verification token, re-signed with the server's key after moving its times back. */
function expiredCopy(token) {
  const [header, payload] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  const now = Math.floor(Date.now() / 1000);
  const input = `${header}.${b64url(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 3600 }))}`;
  return `${input}.${crypto.createHmac("sha256", server.secret).update(input).digest("base64url")}`;
}

test("verify-email links: expired (TOKEN_EXPIRED, RFC 8725 §3 exp), tampered (INVALID_TOKEN), used twice (still verified)", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const email = uniqueEmail("web-verify-links");
  await apiSignUp(email);
  const t = await openTab(browser, origin);
  const { tab } = t;
  await tab.goto(`${origin}/sign-in`);
  await tab.getByLabel("E-mail address").fill(email);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL(`${origin}/account`);
  const link = new URL(await linkMailedBy(async () => {
    await tab.getByRole("button", { name: "Send a verification link" }).click();
    await tab.getByRole("status").filter({ hasText: msg("verificationSent") }).waitFor();
  }, email, `${origin}/api/auth/verify-email?token=`));
  const token = link.searchParams.get("token");

  // The same link an hour too late: the server sends the page ?error=TOKEN_EXPIRED.
  const expired = new URL(link);
  expired.searchParams.set("token", expiredCopy(token));
  await tab.goto(expired.href);
  await tab.waitForURL((u) => u.pathname === "/verify-email" && u.searchParams.get("error") === "TOKEN_EXPIRED");
  await tab.getByRole("heading", { level: 1, name: "Something went wrong" }).waitFor();
  assert.equal(await alertText(tab), msg("TOKEN_EXPIRED"));
  await capture(tab, "verify-email-link-expired");

  // A changed signature: INVALID_TOKEN, and the address is still unverified.
  const tampered = new URL(link);
  tampered.searchParams.set("token", `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`);
  await tab.goto(tampered.href);
  await tab.waitForURL((u) => u.pathname === "/verify-email" && u.searchParams.get("error") === "INVALID_TOKEN");
  assert.equal(await alertText(tab), msg("INVALID_TOKEN"));
  await tab.goto(`${origin}/account`);
  await tab.getByText(msg("unverified")).waitFor();

  // The real link verifies; used again it lands on the same success page: the link is a signed
  // statement, not a one-time secret, and the address stays verified (email-verification.test.js).
  for (let i = 0; i < 2; i += 1) {
    await tab.goto(link.href);
    await tab.waitForURL((u) => u.pathname === "/verify-email" && !u.searchParams.has("error"));
    await tab.getByRole("heading", { level: 1, name: "E-mail address verified" }).waitFor();
  }
  await tab.goto(`${origin}/account`);
  await tab.getByText(msg("verified"), { exact: true }).waitFor();
  await closeTab(t);
});

test("an invitation link, no account yet: sign-in → sign-up keeps ?redirect=, the new account lands back on the invitation and accepts", { skip: WEB_SKIP, timeout: 90_000 }, async () => {
  const owner = uniqueEmail("web-inv-owner");
  const invitee = uniqueEmail("web-inv-new");
  const ownerCookie = await apiSignUp(owner);
  const suffix = Date.now().toString(36);
  const org = await api("/organization/create", ownerCookie, { name: `Links Org ${suffix}`, slug: `links-org-${suffix}` });
  const link = await linkMailedBy(
    () => api("/organization/invite-member", ownerCookie, { email: invitee, role: "member", organizationId: org.id }),
    invitee, `${origin}/accept-invitation/`,
  );
  const invitationPath = new URL(link).pathname;

  const t = await openTab(browser, origin);
  const { tab } = t;
  await tab.goto(link);
  await tab.waitForURL((u) => u.pathname === "/sign-in" && u.searchParams.get("redirect") === invitationPath);
  await tab.getByRole("link", { name: msg("signUpLink") }).click();
  await tab.waitForURL((u) => u.pathname === "/sign-up" && u.searchParams.get("redirect") === invitationPath);
  // The way back to sign-in keeps it too.
  const back = new URL(await tab.getByRole("link", { name: msg("signUp.signInLink") }).getAttribute("href"), origin);
  assert.equal(back.searchParams.get("redirect"), invitationPath);
  await capture(tab, "sign-up-from-invitation");

  await tab.getByLabel("Name").fill("Invited Newcomer");
  await tab.getByLabel("E-mail address").fill(invitee);
  await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.waitForURL(link);
  await tab.getByTestId("invitation-text").filter({ hasText: `Links Org ${suffix}` }).waitFor();
  assert.equal(await tab.getByTestId("invitation-account").textContent(), invitee);
  await tab.getByRole("button", { name: "Accept" }).click();
  await tab.getByRole("heading", { level: 1, name: msg("acceptedTitle") }).waitFor();

  // The owner sees the newcomer among the members (docs/organizations.md).
  const members = await request(`${origin}/api/auth/organization/list-members?organizationId=${org.id}`, { headers: { origin, cookie: ownerCookie } });
  assert.equal(members.status, 200, members.text);
  assert.ok(members.json.members.some((m) => m.user.email === invitee && m.role === "member"), members.text);
  await closeTab(t);
});

test("sign-up's ?redirect= stays on this origin (no open redirect, ASVS 5.1.5)", { skip: WEB_SKIP, timeout: 60_000 }, async () => {
  const t = await openTab(browser, origin);
  const { tab } = t;
  for (const [redirect, lands] of [["/account/security", "/account/security"], ["//evil.example/x", "/account"], ["https://evil.example/", "/account"], ["/\\evil.example", "/account"]]) {
    await tab.goto(`${origin}/sign-up?redirect=${encodeURIComponent(redirect)}`);
    await tab.getByLabel("Name").fill("Redirect Probe");
    await tab.getByLabel("E-mail address").fill(uniqueEmail("web-signup-redirect"));
    await tab.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await tab.getByRole("button", { name: "Create account" }).click();
    await tab.waitForURL((u) => u.pathname === lands && u.origin === origin);
    await tab.context().clearCookies();
  }
  await closeTab(t);
});
