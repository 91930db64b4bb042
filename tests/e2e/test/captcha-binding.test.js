// CAPTCHA binding (issue 9): a solved CAPTCHA counts only for the site and the form it was
// solved for, checked on the hostname and action the provider's siteverify answer names,
// against a local server speaking Turnstile's, reCAPTCHA's and hCaptcha's protocol.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, PASSWORD, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startFakeProviders } from "../lib/fake_providers.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

// Issue 9 item 10 (docs/operations.md, CAPTCHA; ASVS 2.2.1 anti-automation): a solved CAPTCHA counts
// only for this site (hostname: base_url's and trusted_origins' hosts by default) and for
// this form (action: the route's name by default).
describe("CAPTCHA hostname/action binding (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let providers;
  const servers = [];
  before(async () => {
    providers = await startFakeProviders();
  });
  after(async () => {
    for (const s of servers) await s.cleanup();
    await providers?.close();
  });
  async function serverWith(name, provider, env = {}) {
    const server = await startServer({
      name,
      env: {
        LATCHKEY_CAPTCHA_PROVIDER: provider,
        LATCHKEY_CAPTCHA_SECRET: "s",
        LATCHKEY_CAPTCHA_VERIFY_URL: providers.siteverifyUrl(provider),
        LATCHKEY_CAPTCHA_ROUTES: "sign-up=always",
        ...env,
      },
    });
    servers.push(server);
    return server;
  }
  const signUpWith = (server, token) => apiFor(server).post("/sign-up/email", {
    json: { name: "B", email: uniqueEmail("bind"), password: PASSWORD }, headers: { "x-captcha-response": token },
  });

  for (const provider of ["turnstile", "recaptcha", "hcaptcha"]) {
    test(`${provider}: a token solved on another host → 403 VERIFICATION_FAILED, audited; this site's hosts pass`, async () => {
      const server = await serverWith(`bind-host-${provider}`, provider);
      assertError(await signUpWith(server, "pass;hostname=evil.example"), 403, "VERIFICATION_FAILED");
      const events = await server.db.auditEvents({ event_type: "abuse.captcha_mismatched" });
      assert.equal(events.length, 1);
      assert.match(events[0].details, /hostname mismatch/);
      assert.ok(!events[0].details.includes("evil.example"), "the audit names the check, not the token");
      assert.equal((await signUpWith(server, "pass;hostname=127.0.0.1")).status, 200, "base_url's host");
      assert.equal((await signUpWith(server, "pass;hostname=localhost")).status, 200, "a trusted origin's host");
    });
  }

  for (const provider of ["turnstile", "recaptcha"]) {
    test(`${provider}: a token solved for another action → 403 VERIFICATION_FAILED; the route's name passes`, async () => {
      const server = await serverWith(`bind-action-${provider}`, provider);
      assertError(await signUpWith(server, "pass;action=sign-in"), 403, "VERIFICATION_FAILED");
      assert.equal((await signUpWith(server, "pass;action=sign-up")).status, 200);
      assert.equal((await signUpWith(server, "pass;action=")).status, 200, "no action in the answer: not checked");
      const events = await server.db.auditEvents({ event_type: "abuse.captcha_mismatched" });
      assert.match(events[0].details, /action mismatch/);
    });
  }

  test("captcha_hostnames and captcha_action override the defaults; \"*\" accepts any", async () => {
    const strict = await serverWith("bind-custom", "turnstile", {
      LATCHKEY_CAPTCHA_HOSTNAMES: "*.example.org",
      LATCHKEY_CAPTCHA_ACTION: "register",
    });
    assertError(await signUpWith(strict, "pass;hostname=127.0.0.1;action=register"), 403, "VERIFICATION_FAILED");
    assertError(await signUpWith(strict, "pass;hostname=app.example.org;action=sign-up"), 403, "VERIFICATION_FAILED");
    assert.equal((await signUpWith(strict, "pass;hostname=app.example.org;action=register")).status, 200);
    const open = await serverWith("bind-any", "turnstile", { LATCHKEY_CAPTCHA_HOSTNAMES: "*", LATCHKEY_CAPTCHA_ACTION: "*" });
    assert.equal((await signUpWith(open, "pass;hostname=evil.example;action=other")).status, 200);
  });
});
