// Passkeys (issue 12, docs/api.md "Passkeys"): Better Auth's passkey plugin on the wire. Better
// Auth's own client SDK with passkeyClient drives the main flow against a software authenticator
// installed as navigator.credentials (lib/webauthn_authenticator.js): add a passkey → list → sign
// out → sign in without a user name → rename → delete → refused. Raw HTTP covers the options, the
// challenge cookie, replays, ownership and the flags. Hostile ceremonies: passkey-hostile.test.js;
// a real browser: passkey-browser.test.js.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { passkeyClient } from "@better-auth/passkey/client";
import { verifyAuthenticationResponse, verifyRegistrationResponse } from "@simplewebauthn/server";
import { makeClient, SESSION_COOKIE } from "../lib/client.js";
import { decode } from "../lib/cbor.js";
import { assertError, auditEventFor, PASSWORD, signedCookieValue, TOKEN_RE, uniqueEmail } from "../lib/fixtures.js";
import { readMails, waitForMail } from "../lib/mail.js";
import {
  ALGS, assertPasskeyRow, authenticate, authenticationOptions, authenticatorFor, CHALLENGE_MAX_AGE, cookies,
  listPasskeys, newAccount, pair, PASSKEY_COOKIE, passkeyApi, register, registerOk, registrationOptions,
} from "../lib/passkey.js";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { IS_PEER, LATCHKEY_ONLY, latchkeyDiffers } from "../lib/target.js";
import { aaguidText, b64url, coseKey, FLAGS, SoftAuthenticator } from "../lib/webauthn_authenticator.js";
import { TWO_FACTOR_COOKIE, unsign, userWithTwoFactor } from "../lib/two_factor.js";

// rp.name: the peer's plugin option; latchkey's default, the product name.
const RP_NAME = IS_PEER ? "better-auth-peer" : "Latchkey E2E";

let server;
let api;
before(async () => {
  server = await startServer({ name: "passkey", env: { LATCHKEY_PRODUCT_NAME: RP_NAME } });
  api = passkeyApi(server);
});
after(() => server?.cleanup());

describe("lib/webauthn_authenticator.js, the test's own authenticator", () => {
  // @simplewebauthn/server (what Better Auth's plugin verifies with) as an independent check.
  for (const alg of ["ES256", "EdDSA", "RS256"]) {
    test(`${alg}: registration and two assertions verify with @simplewebauthn/server`, async () => {
      const origin = "https://app.example";
      const auth = new SoftAuthenticator({ origin, algs: [alg] });
      const challenge = b64url.encode(Buffer.from("registration-challenge-0123456789"));
      const options = {
        challenge, rp: { id: "app.example", name: "x" }, user: { id: b64url.encode(Buffer.from("u1")), name: "u" },
        pubKeyCredParams: ALGS.map((a) => ({ alg: a, type: "public-key" })),
      };
      const reg = await verifyRegistrationResponse({
        response: auth.register(options), expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: "app.example",
      });
      assert.equal(reg.verified, true);
      const { credential } = reg.registrationInfo;
      let counter = credential.counter;
      for (const n of [1, 2]) {
        const c = b64url.encode(Buffer.from(`assertion-challenge-${n}-0123456789`));
        const res = await verifyAuthenticationResponse({
          response: auth.authenticate({ challenge: c, rpId: "app.example" }), expectedChallenge: c, expectedOrigin: origin,
          expectedRPID: "app.example", credential: { ...credential, counter },
        });
        assert.equal(res.verified, true);
        assert.equal(res.authenticationInfo.newCounter, n);
        counter = res.authenticationInfo.newCounter;
      }
      const c = b64url.encode(Buffer.from("assertion-challenge-3-0123456789"));
      const forged = await verifyAuthenticationResponse({
        response: auth.authenticate({ challenge: c, rpId: "app.example" }, { signedData: (d) => Buffer.concat([d, Buffer.from("x")]) }),
        expectedChallenge: c, expectedOrigin: origin, expectedRPID: "app.example", credential: { ...credential, counter },
      });
      assert.equal(forged.verified, false, "a signature over other data does not verify");
    });
  }
});

describe("passkeyClient (Better Auth's SDK) with a software authenticator", () => {
  test("addPasskey → list → sign out → signIn.passkey (usernameless) → rename → delete → sign-in refused", async () => {
    const browser = makeClient(server, { plugins: [passkeyClient()] });
    const { client } = browser;
    const email = uniqueEmail("passkey-sdk");
    assert.equal((await client.signUp.email({ name: "SDK", email, password: PASSWORD })).error, null);
    const userId = (await client.getSession()).data.user.id;
    const auth = authenticatorFor(server);
    const uninstall = auth.install();
    try {
      // Registration: the creation options, then the row.
      const added = await client.passkey.addPasskey({ name: "Laptop" });
      assert.equal(added.error, null, JSON.stringify(added.error));
      const optionsRes = browser.responses.find((r) => r.url.includes("/passkey/generate-register-options"));
      assert.match(optionsRes.url, /\?name=Laptop$/);
      const options = JSON.parse(optionsRes.text);
      assert.equal(options.rp.name, RP_NAME);
      assert.equal(options.rp.id, "127.0.0.1", "RP ID: the base URL's host");
      assert.equal(options.user.name, "Laptop", "user.name is ?name when given");
      assert.equal(options.user.displayName, email);
      assert.notEqual(b64url.decode(options.user.id).toString(), userId, "user.id is random, not the user's id");
      assert.match(b64url.decode(options.user.id).toString(), /^[a-z0-9]{32}$/);
      assert.deepEqual(options.pubKeyCredParams, ALGS.map((alg) => ({ alg, type: "public-key" })));
      assert.equal(options.timeout, 60000);
      assert.equal(options.attestation, "none");
      assert.deepEqual(options.excludeCredentials, []);
      assert.deepEqual(options.authenticatorSelection, { residentKey: "preferred", userVerification: "preferred", requireResidentKey: false });
      assert.deepEqual(options.extensions, { credProps: true });
      assert.equal(auth.log.length, 1);
      const credential = auth.credentials[0];
      // The raw JSON (the SDK revives dates into Date objects).
      const row = JSON.parse(browser.responses.find((r) => r.url.endsWith("/verify-registration")).text);
      assertPasskeyRow(row, { userId, credential, name: "Laptop", counter: 0, aaguid: aaguidText(auth.aaguid) });
      assert.match(row.id, TOKEN_RE);
      assert.equal(added.data.id, row.id);
      assert.equal(row.session, undefined, "no session without createSession");
      const cose = decode(Buffer.from(row.publicKey, "base64")).value;
      assert.deepEqual(cose, coseKey(credential.key), "publicKey is the COSE key the authenticator made");

      const listed = await client.passkey.listUserPasskeys();
      assert.equal(listed.error, null);
      assert.deepEqual(JSON.parse(browser.last().text), [row]);

      assert.equal((await client.signOut()).error, null);
      assert.equal((await client.getSession()).data, null);

      // Sign-in without a user name: no allow list, the authenticator offers its credential.
      const signedIn = await client.signIn.passkey();
      assert.equal(signedIn.error, null, JSON.stringify(signedIn.error));
      const authOptions = JSON.parse(browser.responses.findLast((r) => r.url.endsWith("/generate-authenticate-options")).text);
      assert.equal(authOptions.allowCredentials, undefined, "usernameless: no allowCredentials");
      assert.equal(authOptions.rpId, "127.0.0.1");
      assert.equal(authOptions.userVerification, "preferred");
      assert.equal(authOptions.timeout, 60000);
      assert.equal(signedIn.data.user.id, userId);
      assert.equal(signedIn.data.user.email, email);
      assert.match(signedIn.data.session.token, TOKEN_RE);
      const verify = browser.last();
      assert.equal(verify.cookie(SESSION_COOKIE).value, signedCookieValue(signedIn.data.session.token, server.secret));
      assert.equal((await client.getSession()).data.session.token, signedIn.data.session.token);

      // The counter the authenticator sent (1) is stored.
      const [used] = (await client.passkey.listUserPasskeys()).data;
      assert.equal(used.counter, 1);

      const renamed = await client.passkey.updatePasskey({ id: row.id, name: "Work laptop" });
      assert.equal(renamed.error, null, JSON.stringify(renamed.error));
      assert.deepEqual(JSON.parse(browser.last().text), { passkey: { ...row, counter: 1, name: "Work laptop" } });

      const deleted = await client.passkey.deletePasskey({ id: row.id });
      assert.equal(deleted.error, null, JSON.stringify(deleted.error));
      assert.deepEqual(deleted.data, { status: true });
      assert.deepEqual((await client.passkey.listUserPasskeys()).data, []);

      assert.equal((await client.signOut()).error, null);
      const refused = await client.signIn.passkey();
      assert.equal(refused.data, null);
      assert.equal(refused.error.status, 401);
      assert.equal(refused.error.code, "PASSKEY_NOT_FOUND");
      assert.equal((await client.getSession()).data, null);
    } finally {
      uninstall();
    }
  });

  test("addPasskey again with the same authenticator: excludeCredentials lists the first, the SDK reports it", async () => {
    const browser = makeClient(server, { plugins: [passkeyClient()] });
    const { client } = browser;
    assert.equal((await client.signUp.email({ name: "SDK", email: uniqueEmail("passkey-exclude"), password: PASSWORD })).error, null);
    const auth = authenticatorFor(server);
    const uninstall = auth.install();
    try {
      assert.equal((await client.passkey.addPasskey()).error, null);
      const again = await client.passkey.addPasskey();
      assert.equal(again.error.code, "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED");
      const options = JSON.parse(browser.last().text);
      assert.deepEqual(options.excludeCredentials, [{ id: auth.credentials[0].idText, type: "public-key", transports: ["internal"] }]);
      assert.equal((await client.passkey.listUserPasskeys()).data.length, 1);
    } finally {
      uninstall();
    }
  });
});

describe("ceremonies over raw HTTP", () => {
  test("the challenge cookie: signed 32-character id, Max-Age 300, HttpOnly, SameSite=Lax, Path=/", async () => {
    const account = await newAccount(server);
    for (const { res } of [await registrationOptions(server, account.cookie), await authenticationOptions(server)]) {
      const c = res.cookie(PASSKEY_COOKIE);
      assert.ok(c?.value, "challenge cookie set");
      assert.equal(c.attrs["max-age"], CHALLENGE_MAX_AGE);
      assert.equal(c.attrs.path, "/");
      assert.equal(c.attrs.httponly, true);
      assert.equal(c.attrs.samesite, "Lax");
      assert.equal(c.attrs.domain, undefined);
      assert.match(unsign(c, server.secret), /^[A-Za-z0-9_-]{32}$/);
    }
  });

  test("a session's sign-in options list its passkeys in allowCredentials; an anonymous one lists none", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    await registerOk(server, account, authenticatorFor(server));
    const { options } = await authenticationOptions(server, account.cookie);
    assert.deepEqual(
      options.allowCredentials.map((c) => c.id).sort(),
      (await listPasskeys(server, account.cookie)).map((r) => r.credentialID).sort(),
    );
    for (const c of options.allowCredentials) assert.deepEqual({ type: c.type, transports: c.transports }, { type: "public-key", transports: ["internal"] });
    assert.equal((await authenticationOptions(server)).options.allowCredentials, undefined);
    // The allow list picks the credential: the one this authenticator holds signs in.
    const { res } = await authenticate(server, auth, { cookie: account.cookie });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.id, account.user.id);
  });

  test("a challenge is single-use: the same response and cookie again → 400 CHALLENGE_NOT_FOUND", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    const { res, response, challenge } = await authenticate(server, auth);
    assert.equal(res.status, 200, res.text);
    assertError(await api.post("/passkey/verify-authentication", { response }, challenge), 400, "CHALLENGE_NOT_FOUND");

    const reg = await register(server, account, authenticatorFor(server));
    assert.equal(reg.res.status, 200, reg.res.text);
    assertError(
      await api.post("/passkey/verify-registration", { response: reg.response }, cookies(account.cookie, reg.challenge)),
      400, "CHALLENGE_NOT_FOUND",
    );
  });

  test("no challenge cookie → 400 CHALLENGE_NOT_FOUND; a registration challenge does not sign in", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    const { options } = await authenticationOptions(server);
    assertError(await api.post("/passkey/verify-authentication", { response: auth.authenticate(options) }), 400, "CHALLENGE_NOT_FOUND");
    const reg = await registrationOptions(server, account.cookie);
    assertError(
      await api.post("/passkey/verify-registration", { response: authenticatorFor(server).register(reg.options) }, account.cookie),
      400, "CHALLENGE_NOT_FOUND",
    );
    // A registration challenge presented to verify-authentication: wrong ceremony.
    const wrong = await api.post("/passkey/verify-authentication", { response: auth.authenticate({ ...reg.options, rpId: reg.options.rp.id }) }, reg.challenge);
    assertError(wrong, 400, "CHALLENGE_NOT_FOUND");
  });

  test("a forged challenge cookie (bad signature) → 400 CHALLENGE_NOT_FOUND", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    const { options, challenge } = await authenticationOptions(server);
    const forged = challenge.replace(/\.[^.]*$/, `.${encodeURIComponent("A".repeat(43) + "=")}`);
    assertError(await api.post("/passkey/verify-authentication", { response: auth.authenticate(options) }, forged), 400, "CHALLENGE_NOT_FOUND");
  });

  test("registration needs a session: 401 without one", async () => {
    const res = await api.get("/passkey/generate-register-options");
    assert.equal(res.status, 401, res.text);
    const list = await api.get("/passkey/list-user-passkeys");
    assert.equal(list.status, 401, list.text);
  });

  test("EdDSA and RS256 credentials register and sign in", async () => {
    for (const alg of ["EdDSA", "RS256"]) {
      const account = await newAccount(server, `passkey-${alg.toLowerCase()}`);
      const auth = authenticatorFor(server, { algs: [alg] });
      const row = await registerOk(server, account, auth);
      assert.equal(decode(Buffer.from(row.publicKey, "base64")).value.get(3), { EdDSA: -8, RS256: -257 }[alg]);
      const { res } = await authenticate(server, auth);
      assert.equal(res.status, 200, `${alg}: ${res.text}`);
      assert.equal(res.json.user.id, account.user.id);
    }
  });

  test("backup flags: BE+BS → deviceType multiDevice, backedUp true; the AAGUID is stored", async () => {
    const account = await newAccount(server);
    const aaguid = Buffer.from("ea9b8d664d011d213ce4b6b48cb575d4", "hex");
    const auth = authenticatorFor(server, { backupEligible: true, backedUp: true, aaguid, counterStep: 0 });
    const row = await registerOk(server, account, auth, { name: "Synced" });
    assertPasskeyRow(row, {
      userId: account.user.id, credential: auth.credentials[0], name: "Synced", deviceType: "multiDevice", backedUp: true,
      counter: 0, aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
    });
    // A synced passkey's counter stays 0: not a regression.
    for (let i = 0; i < 2; i += 1) {
      const { res } = await authenticate(server, auth);
      assert.equal(res.status, 200, res.text);
    }
  });

  test("UV clear is accepted (userVerification preferred, not required)", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server, { userVerified: false });
    await registerOk(server, account, auth);
    const { res } = await authenticate(server, auth, { tamper: { flags: (f) => f & ~FLAGS.UV } });
    assert.equal(res.status, 200, res.text);
  });

  test("createSession:true on verify-registration answers the row with a new session", async () => {
    const account = await newAccount(server);
    const { res } = await register(server, account, authenticatorFor(server), { body: { createSession: true } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.userId, account.user.id);
    assert.equal(res.json.user.id, account.user.id);
    assert.match(res.json.session.token, TOKEN_RE);
    assert.equal(res.cookie(SESSION_COOKIE).value, signedCookieValue(res.json.session.token, server.secret));
  });
});

describe("managing passkeys: ownership", () => {
  test("another user's passkey: update → 401 YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY, delete → 401 empty; unknown id → 404 PASSKEY_NOT_FOUND", async () => {
    const owner = await newAccount(server, "passkey-owner");
    const other = await newAccount(server, "passkey-other");
    const row = await registerOk(server, owner, authenticatorFor(server), { name: "Mine" });
    assertError(await api.post("/passkey/update-passkey", { id: row.id, name: "Stolen" }, other.cookie), 401, "YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY");
    const del = await api.post("/passkey/delete-passkey", { id: row.id }, other.cookie);
    assert.equal(del.status, 401, del.text);
    assert.equal(del.text, "", "delete by another user: 401 with an empty body");
    assert.equal((await listPasskeys(server, owner.cookie))[0].name, "Mine", "untouched");
    assertError(await api.post("/passkey/update-passkey", { id: "x".repeat(32), name: "n" }, owner.cookie), 404, "PASSKEY_NOT_FOUND");
    assertError(await api.post("/passkey/delete-passkey", { id: "x".repeat(32) }, owner.cookie), 404, "PASSKEY_NOT_FOUND");
    assert.deepEqual((await listPasskeys(server, other.cookie)), []);
  });

  test("update-passkey with an empty name → 400 VALIDATION_ERROR", async () => {
    const owner = await newAccount(server);
    const row = await registerOk(server, owner, authenticatorFor(server));
    assertError(await api.post("/passkey/update-passkey", { id: row.id, name: "  " }, owner.cookie), 400, "VALIDATION_ERROR");
  });

  test("a registration challenge of one user, finished in another user's session → 401 YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY", async () => {
    const victim = await newAccount(server, "passkey-victim");
    const attacker = await newAccount(server, "passkey-attacker");
    const { options, challenge } = await registrationOptions(server, attacker.cookie);
    const res = await api.post("/passkey/verify-registration", { response: authenticatorFor(server).register(options) }, cookies(victim.cookie, challenge));
    assertError(res, 401, "YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY");
    assert.deepEqual(await listPasskeys(server, victim.cookie), []);
  });
});

describe("sign-in by e-mail", { skip: latchkeyDiffers("sign-in by e-mail (?email= or {email}); Better Auth ignores it and answers usernameless options") }, () => {
  test("?email= (any case) and POST {email} list that account's credentials; the sign-in goes through them", async () => {
    const account = await newAccount(server, "passkey-email");
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    await registerOk(server, account, authenticatorFor(server));
    const ids = (await listPasskeys(server, account.cookie)).map((r) => r.credentialID).sort();
    const byQuery = await api.get(`/passkey/generate-authenticate-options?email=${encodeURIComponent(account.email.toUpperCase())}`);
    assert.equal(byQuery.status, 200, byQuery.text);
    assert.deepEqual(byQuery.json.allowCredentials.map((c) => c.id).sort(), ids);
    const byBody = await api.post("/passkey/generate-authenticate-options", { email: account.email });
    assert.equal(byBody.status, 200, byBody.text);
    assert.deepEqual(byBody.json.allowCredentials.map((c) => c.id).sort(), ids);
    const response = auth.authenticate(byBody.json);
    const res = await api.post("/passkey/verify-authentication", { response }, pair(byBody.cookie(PASSKEY_COOKIE)));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.id, account.user.id);
  });

  test("an unknown e-mail gets one made-up credential, the same each time, shaped like a real one", async () => {
    const email = uniqueEmail("passkey-nobody");
    const first = await api.get(`/passkey/generate-authenticate-options?email=${encodeURIComponent(email)}`);
    const again = await api.post("/passkey/generate-authenticate-options", { email });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.allowCredentials.length, 1);
    assert.deepEqual(again.json.allowCredentials, first.json.allowCredentials);
    const [decoy] = first.json.allowCredentials;
    assert.deepEqual(Object.keys(decoy).sort(), ["id", "transports", "type"]);
    assert.equal(decoy.type, "public-key");
    assert.match(decoy.id, /^[A-Za-z0-9_-]{43}$/);
    // An account without passkeys answers the same way.
    const bare = await newAccount(server, "passkey-bare");
    const known = await api.get(`/passkey/generate-authenticate-options?email=${encodeURIComponent(bare.email)}`);
    assert.equal(known.json.allowCredentials.length, 1);
    assert.deepEqual(Object.keys(known.json.allowCredentials[0]).sort(), ["id", "transports", "type"]);
    assert.deepEqual(known.json.allowCredentials[0].transports, decoy.transports);
  });

  test("a ceremony begun for one account does not sign in another → 401 PASSKEY_NOT_FOUND", async () => {
    const named = await newAccount(server, "passkey-named");
    await registerOk(server, named, authenticatorFor(server));
    const other = await newAccount(server, "passkey-other");
    const otherAuth = authenticatorFor(server);
    await registerOk(server, other, otherAuth);
    const options = await api.post("/passkey/generate-authenticate-options", { email: named.email });
    const response = otherAuth.authenticate({ ...options.json, allowCredentials: [] });
    const res = await api.post("/passkey/verify-authentication", { response }, pair(options.cookie(PASSKEY_COOKIE)));
    assertError(res, 401, "PASSKEY_NOT_FOUND");
    assert.equal(res.cookie(SESSION_COOKIE), undefined);
  });
});

// Issue 19, "Metrics" (docs/operations.md): a passkey sign-in counts once under method passkey;
// a refused one by its outcome; adding a passkey to a signed-in account counts nothing.
describe("sign-in attempts metric (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  const attempts = async () => {
    const res = await request(`${server.origin}/metrics`);
    assert.equal(res.status, 200, res.text);
    const out = {};
    for (const m of res.text.matchAll(/^latchkey_sign_in_attempts_total\{method="([a-z_]+)",outcome="([a-z_]+)"\} (\d+)$/gm)) {
      out[`${m[1]}/${m[2]}`] = Number(m[3]);
    }
    return out;
  };
  test("a passkey sign-in counts ok; one without its challenge invalid_request; registering nothing", async () => {
    const account = await newAccount(server, "passkey-metric");
    const auth = authenticatorFor(server);
    const before = await attempts();
    await registerOk(server, account, auth);
    const { res, options } = await authenticate(server, auth);
    assert.equal(res.status, 200, res.text);
    assertError(await api.post("/passkey/verify-authentication", { response: auth.authenticate(options) }), 400, "CHALLENGE_NOT_FOUND");
    const after = await attempts();
    const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([, d]) => d !== 0));
    assert.deepEqual(delta, { "passkey/ok": 1, "passkey/invalid_request": 1 });
  });
});

describe("two-factor after a passkey", { skip: latchkeyDiffers("two-factor gates every first factor (docs/compatibility.md); Better Auth's passkey sign-in skips it") }, () => {
  test("a user with TOTP on: the passkey sign-in stops at the challenge; the code completes it", async () => {
    const account = await userWithTwoFactor(server, "passkey-2fa");
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    const { res } = await authenticate(server, auth);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    assert.equal(res.cookie(SESSION_COOKIE)?.value || undefined, undefined, "no session yet");
    const challenge = pair(res.cookie(TWO_FACTOR_COOKIE));
    assert.ok(challenge);
    const done = await api.post("/two-factor/verify-totp", { code: await account.auth.code() }, challenge);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.user.id, account.user.id);
  });
});

describe("audit events and mails (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  test("register, sign in, rename, delete: one audit event each; the owner is mailed on register, rename and delete", async () => {
    const account = await newAccount(server, "passkey-audit");
    const auth = authenticatorFor(server);
    const { res: registered } = await register(server, account, auth, { name: "Laptop" });
    assert.equal(registered.status, 200, registered.text);
    const reg = await auditEventFor(server, registered);
    assert.equal(reg.event_type, "passkey.registered");
    assert.equal(reg.user_id, account.user.id);
    await waitForMail(server, account.email, /passkey[\s\S]*Laptop/i);

    const { res: signedIn } = await authenticate(server, auth);
    assert.equal(signedIn.status, 200, signedIn.text);
    const signIn = await auditEventFor(server, signedIn);
    assert.equal(signIn.event_type, "user.sign_in");
    assert.equal(signIn.user_id, account.user.id);
    assert.equal(JSON.parse(signIn.details).method, "passkey");

    const seen = new Set(readMails(server).map((m) => m.file));
    const renamed = await api.post("/passkey/update-passkey", { id: registered.json.id, name: "Old laptop" }, account.cookie);
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal((await auditEventFor(server, renamed)).event_type, "passkey.renamed");
    await waitForMail(server, account.email, /Old laptop/, 5000, seen);

    const seen2 = new Set(readMails(server).map((m) => m.file));
    const deleted = await api.post("/passkey/delete-passkey", { id: registered.json.id }, account.cookie);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal((await auditEventFor(server, deleted)).event_type, "passkey.deleted");
    await waitForMail(server, account.email, /passkey[\s\S]*(removed|deleted)/i, 5000, seen2);
  });

  test("a passkey sign-in sets the session cookie like a password sign-in (Path, HttpOnly, SameSite=Lax)", async () => {
    const account = await newAccount(server);
    const auth = authenticatorFor(server);
    await registerOk(server, account, auth);
    const { res } = await authenticate(server, auth);
    const c = res.cookie(SESSION_COOKIE);
    assert.equal(c.attrs.path, "/");
    assert.equal(c.attrs.httponly, true);
    assert.equal(c.attrs.samesite, "Lax");
    assert.equal(res.cookie(PASSKEY_COOKIE)?.attrs["max-age"] ?? "0", "0", "the challenge cookie is spent (expired or left to lapse)");
    assert.equal((await api.get("/get-session", pair(c))).json.user.id, account.user.id);
  });
});
