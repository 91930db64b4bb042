// Organization invitations beyond the happy path (docs/organizations.md
// "Invitations", "Limits"): an expired or cancelled invitation cannot be
// accepted, read or rejected; the wrong account cannot take one; the limits on
// organizations, members and pending invitations answer the contract's 403;
// with organization_require_email_verification_on_invitation an unverified
// invitee is refused until verified. Runs against the peer too, except what
// needs latchkey's database or settings.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { organizationClient } from "better-auth/client/plugins";
import { SESSION_COOKIE, makeClient } from "../lib/client.js";
import { assertError, signIn, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const slug = (tag) => `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;

function clientFor(server) {
  return async function member(tag) {
    const account = await signUp(server, { name: tag, email: uniqueEmail(tag) });
    const sdk = makeClient(server, { plugins: [organizationClient()] });
    const [name, value] = account.cookie.split("=");
    sdk.jar.set(name, value);
    return { ...account, org: sdk.client.organization, sdk };
  };
}
const ok = (res) => {
  assert.equal(res.error, null, JSON.stringify(res.error));
  return res.data;
};
const post = (server, who, path, json) => apiFor(server).post(path, { json, headers: { cookie: who.cookie } });

describe("organization invitations: expired, cancelled, wrong account", () => {
  let server;
  let member;
  before(async () => {
    server = await startServer({ name: "org-invitations" });
    member = clientFor(server);
  });
  after(() => server?.cleanup());

  test("a cancelled invitation cannot be accepted, rejected or read", async () => {
    const ada = await member("ada");
    const bob = await member("bob");
    ok(await ada.org.create({ name: "Cancel", slug: slug("cancel") }));
    const inv = ok(await ada.org.inviteMember({ email: bob.email, role: "member" }));
    assert.equal(ok(await ada.org.cancelInvitation({ invitationId: inv.id })).status, "canceled");
    assertError(await post(server, bob, "/organization/accept-invitation", { invitationId: inv.id }), 400, "INVITATION_NOT_FOUND");
    assertError(await post(server, bob, "/organization/reject-invitation", { invitationId: inv.id }), 400, "INVITATION_NOT_FOUND");
    assertError(await apiFor(server).get(`/organization/get-invitation?id=${inv.id}`, { headers: { cookie: bob.cookie } }),
      400, "INVITATION_NOT_FOUND");
    assert.deepEqual(ok(await ada.org.list()).length, 1);
    assert.equal(ok(await bob.org.list()).length, 0);
  });

  test("an invitation for another address: 403 for the wrong account, still open for its owner", async () => {
    const ada = await member("ada2");
    const bob = await member("bob2");
    const eve = await member("eve2");
    ok(await ada.org.create({ name: "Wrong", slug: slug("wrong") }));
    const inv = ok(await ada.org.inviteMember({ email: bob.email, role: "admin" }));
    for (const path of ["/organization/accept-invitation", "/organization/reject-invitation"]) {
      assertError(await post(server, eve, path, { invitationId: inv.id }), 403, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION");
    }
    assertError(await apiFor(server).get(`/organization/get-invitation?id=${inv.id}`, { headers: { cookie: eve.cookie } }),
      403, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION");
    assert.equal(ok(await eve.org.list()).length, 0);
    assert.equal(ok(await bob.org.acceptInvitation({ invitationId: inv.id })).member.role, "admin");
  });

  test("an expired invitation cannot be accepted or read", { skip: LATCHKEY_ONLY }, async () => {
    const ada = await member("ada3");
    const bob = await member("bob3");
    ok(await ada.org.create({ name: "Expired", slug: slug("expired") }));
    const inv = ok(await ada.org.inviteMember({ email: bob.email, role: "member" }));
    await server.db.exec(`UPDATE organization_invitations SET expires_at = ${Date.now() - 1000} WHERE id = '${inv.id}'`);
    assertError(await post(server, bob, "/organization/accept-invitation", { invitationId: inv.id }), 400, "INVITATION_NOT_FOUND");
    assertError(await apiFor(server).get(`/organization/get-invitation?id=${inv.id}`, { headers: { cookie: bob.cookie } }),
      400, "INVITATION_NOT_FOUND");
    // It no longer counts as pending: a new one may be sent.
    ok(await ada.org.inviteMember({ email: bob.email, role: "member" }));
  });
});

describe("organization limits and verified invitees", { skip: LATCHKEY_ONLY }, () => {
  let server;
  let member;
  before(async () => {
    server = await startServer({
      name: "org-limits",
      env: {
        LATCHKEY_ORGANIZATION_LIMIT: "1",
        LATCHKEY_ORGANIZATION_MEMBER_LIMIT: "2",
        LATCHKEY_ORGANIZATION_INVITATION_LIMIT: "2",
        LATCHKEY_ORGANIZATION_REQUIRE_EMAIL_VERIFICATION_ON_INVITATION: "true",
      },
    });
    member = clientFor(server);
  });
  after(() => server?.cleanup());

  async function verified(who) {
    await server.db.exec(`UPDATE users SET email_verified = 1 WHERE id = '${who.user.id}'`);
    const res = await signIn(server, who.email);
    const cookie = res.cookie(SESSION_COOKIE);
    return { ...who, cookie: `${cookie.name}=${cookie.value}` };
  }

  test("organizations per user, pending invitations and members per organization", async () => {
    const ada = await member("lim");
    const [bob, cat, dan] = [await member("lb"), await member("lc"), await member("ld")];
    ok(await ada.org.create({ name: "One", slug: slug("one") }));
    assertError(await post(server, ada, "/organization/create", { name: "Two", slug: slug("two") }), 403,
      "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_ORGANIZATIONS");
    const toBob = ok(await ada.org.inviteMember({ email: bob.email, role: "member" }));
    const toCat = ok(await ada.org.inviteMember({ email: cat.email, role: "member" }));
    assertError(await post(server, ada, "/organization/invite-member", { email: dan.email, role: "member" }), 403,
      "INVITATION_LIMIT_REACHED");
    const vBob = await verified(bob);
    const vCat = await verified(cat);
    assert.equal((await post(server, vBob, "/organization/accept-invitation", { invitationId: toBob.id })).status, 200);
    assertError(await post(server, vCat, "/organization/accept-invitation", { invitationId: toCat.id }), 403,
      "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED");
  });

  test("an unverified invitee is refused until the address is verified", async () => {
    const ada = await member("ver");
    const bob = await member("vb");
    await ada.org.create({ name: "Ver", slug: slug("ver") });
    const inv = ok(await ada.org.inviteMember({ email: bob.email, role: "member" }));
    const code = "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION";
    assertError(await post(server, bob, "/organization/accept-invitation", { invitationId: inv.id }), 403, code);
    assertError(await post(server, bob, "/organization/reject-invitation", { invitationId: inv.id }), 403, code);
    assertError(await apiFor(server).get(`/organization/get-invitation?id=${inv.id}`, { headers: { cookie: bob.cookie } }),
      403, "EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION");
    const vBob = await verified(bob);
    const accepted = await post(server, vBob, "/organization/accept-invitation", { invitationId: inv.id });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.member.userId, bob.user.id);
  });
});
