// Better Auth's organization plugin through its own client (`organizationClient`)
// (docs/organizations.md): create, list, set-active (the session shows it),
// invite → the mail arrives at the SMTP server → accept as the invitee → roles →
// has-permission → update role → remove → leave → delete; an invitation
// accepted by the wrong account; the last-owner rules; the IDOR walk
// (ASVS 4.2.1); bad input → the contract's 4xx.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { organizationClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { assertError, getSession, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { readMails, waitForMail } from "../lib/mail.js";
import { startServer } from "../lib/server.js";
import { IS_PEER, latchkeyDiffers } from "../lib/target.js";

describe("organizations (organizationClient)", () => {
  let server;
  before(async () => {
    server = await startServer({ name: "organization" });
  });
  after(() => server?.cleanup());

  // A signed-up user with an organizationClient holding their session.
  async function member(tag) {
    const account = await signUp(server, { name: tag, email: uniqueEmail(tag) });
    const sdk = makeClient(server, { plugins: [organizationClient()] });
    const [name, value] = account.cookie.split("=");
    sdk.jar.set(name, value);
    return { ...account, org: sdk.client.organization, sdk };
  }

  const slug = (tag) => `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const raw = (who) => ({
    get: (path, opts = {}) => apiFor(server).get(path, { ...opts, headers: { cookie: who.cookie } }),
    post: (path, opts = {}) => apiFor(server).post(path, { ...opts, headers: { cookie: who.cookie } }),
  });

  test("create makes the caller owner and the organization active; list; check-slug", async () => {
    const ada = await member("ada");
    const s = slug("engines");
    const { data, error } = await ada.org.create({ name: "Engines", slug: s, metadata: { plan: "pro" } });
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.slug, s);
    assert.deepEqual(data.metadata, { plan: "pro" });
    assert.equal(data.members.length, 1);
    assert.equal(data.members[0].role, "owner");
    assert.equal(data.members[0].userId, ada.user.id);
    const session = await getSession(server, ada.cookie);
    assert.equal(session.json.session.activeOrganizationId, data.id);
    const list = await ada.org.list();
    assert.deepEqual(list.data.map((o) => o.id), [data.id]);
    assert.equal(list.data[0].metadata, JSON.stringify({ plan: "pro" }), "list answers metadata as text");
    const taken = await ada.org.checkSlug({ slug: s });
    assert.equal(taken.error.status, 400);
    assert.equal(taken.error.code, "ORGANIZATION_SLUG_ALREADY_TAKEN");
    assert.deepEqual((await ada.org.checkSlug({ slug: slug("free") })).data, { status: true });
    const again = await ada.org.create({ name: "Again", slug: s });
    assert.equal(again.error.code, "ORGANIZATION_ALREADY_EXISTS");
    const cleared = await ada.org.setActive({ organizationId: null });
    assert.equal(cleared.data, null);
    assert.equal((await getSession(server, ada.cookie)).json.session.activeOrganizationId ?? null, null);
  });

  test("bad input gets the contract's 4xx", async () => {
    const ada = await member("bad");
    assertError(await raw(ada).post("/organization/create", { json: { name: "", slug: "x" } }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/create", { json: { name: "X" } }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/create", { json: { name: "X", slug: "x", metadata: "no" } }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/delete", { json: {} }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/accept-invitation", { json: {} }), 400, "VALIDATION_ERROR");
    assertError(await apiFor(server).post("/organization/check-slug", { json: { slug: "x" } }), 401, "UNAUTHORIZED");
    assertError(await raw(ada).get("/organization/get-active-member"), 400, "NO_ACTIVE_ORGANIZATION");
  });

  test("slugs are lower-case letters, digits and dashes", { skip: latchkeyDiffers("Better Auth takes any slug") }, async () => {
    const ada = await member("slug");
    assertError(await raw(ada).post("/organization/create", { json: { name: "X", slug: "Not OK!" } }), 400, "VALIDATION_ERROR");
  });

  test("invite → mail → accept as the invitee → roles → has-permission → update role → remove → leave → delete", async () => {
    const ada = await member("owner");
    const bob = await member("bob");
    const eve = await member("eve");
    const created = await ada.org.create({ name: "Flow", slug: slug("flow") });
    const orgId = created.data.id;
    const seen = new Set(IS_PEER ? [] : readMails(server).map((m) => m.file));
    const invited = await ada.org.inviteMember({ email: bob.email, role: "admin" });
    assert.equal(invited.error, null, JSON.stringify(invited.error));
    assert.equal(invited.data.status, "pending");
    assert.equal(invited.data.email, bob.email.toLowerCase());
    const hours = (new Date(invited.data.expiresAt) - Date.now()) / 3600e3;
    assert.ok(hours > 47.9 && hours <= 48, `expires in 48 h, got ${hours}`);
    if (!IS_PEER) {
      const mail = await waitForMail(server, bob.email, /accept-invitation/, 5000, seen);
      assert.ok(mail.includes(`/accept-invitation/${invited.data.id}`), mail);
    }
    const again = await ada.org.inviteMember({ email: bob.email, role: "admin" });
    assert.equal(again.error.code, "USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION");
    const resent = await ada.org.inviteMember({ email: bob.email, role: "admin", resend: true });
    assert.equal(resent.error, null, JSON.stringify(resent.error));
    // The wrong account cannot accept or read it.
    const stolen = await eve.org.acceptInvitation({ invitationId: invited.data.id });
    assert.equal(stolen.error.status, 403);
    assert.equal(stolen.error.code, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION");
    const accepted = await bob.org.acceptInvitation({ invitationId: invited.data.id });
    assert.equal(accepted.error, null, JSON.stringify(accepted.error));
    assert.equal(accepted.data.invitation.status, "accepted");
    assert.equal(accepted.data.member.role, "admin");
    assert.equal((await getSession(server, bob.cookie)).json.session.activeOrganizationId, orgId);
    const already = await ada.org.inviteMember({ email: bob.email, role: "member" });
    assert.equal(already.error.code, "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION");
    // Roles and permissions.
    const may = await bob.org.hasPermission({ permissions: { member: ["delete"] } });
    assert.deepEqual(may.data, { error: null, success: true });
    const mayNot = await bob.org.hasPermission({ permissions: { organization: ["delete"] } });
    assert.equal(mayNot.data.success, false);
    const full = await ada.org.getFullOrganization();
    assert.equal(full.data.id, orgId);
    assert.equal(full.data.members.length, 2);
    const bobMember = full.data.members.find((m) => m.userId === bob.user.id);
    assert.equal(bobMember.user.email, bob.email.toLowerCase());
    const members = await ada.org.listMembers({ query: { limit: 1, sortBy: "createdAt", sortDirection: "desc" } });
    assert.equal(members.data.total, 2);
    assert.equal(members.data.members.length, 1);
    const demoted = await ada.org.updateMemberRole({ memberId: bobMember.id, role: "member" });
    assert.equal(demoted.error, null, JSON.stringify(demoted.error));
    assert.equal(demoted.data.role, "member");
    const denied = await bob.org.inviteMember({ email: uniqueEmail("x"), role: "member" });
    assert.equal(denied.error.status, 403);
    assert.equal(denied.error.code, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION");
    // The last owner cannot leave or be demoted.
    const leave = await ada.org.leave({ organizationId: orgId });
    assert.equal(leave.error.code, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER");
    const adaMember = full.data.members.find((m) => m.userId === ada.user.id);
    const selfDemote = await ada.org.updateMemberRole({ memberId: adaMember.id, role: "admin" });
    assert.equal(selfDemote.error.code, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER");
    // Remove, then bob (re-invited) leaves, then delete.
    const removed = await ada.org.removeMember({ memberIdOrEmail: bob.email });
    assert.equal(removed.error, null, JSON.stringify(removed.error));
    assert.equal(removed.data.member.userId, bob.user.id);
    const back = await ada.org.inviteMember({ email: bob.email, role: "member" });
    assert.equal((await bob.org.acceptInvitation({ invitationId: back.data.id })).error, null);
    const left = await bob.org.leave({ organizationId: orgId });
    assert.equal(left.error, null, JSON.stringify(left.error));
    const deleted = await ada.org.delete({ organizationId: orgId });
    assert.equal(deleted.error, null, JSON.stringify(deleted.error));
    assert.equal((await ada.org.list()).data.length, 0);
  });

  test("an invitation can be rejected or cancelled; a cancelled one cannot be accepted", async () => {
    const ada = await member("inv");
    const bob = await member("inv-bob");
    await ada.org.create({ name: "Inv", slug: slug("inv") });
    const first = await ada.org.inviteMember({ email: bob.email, role: "member" });
    const rejected = await bob.org.rejectInvitation({ invitationId: first.data.id });
    assert.equal(rejected.data.invitation.status, "rejected");
    assert.equal(rejected.data.member, null);
    const second = await ada.org.inviteMember({ email: bob.email, role: "member" });
    const canceled = await ada.org.cancelInvitation({ invitationId: second.data.id });
    assert.equal(canceled.data.status, "canceled");
    const late = await bob.org.acceptInvitation({ invitationId: second.data.id });
    assert.equal(late.error.code, "INVITATION_NOT_FOUND");
    const listed = await ada.org.listInvitations();
    assert.deepEqual(listed.data.map((i) => i.status).sort(), ["canceled", "rejected"]);
  });

  // ASVS 4.2.1 (IDOR): with the id of an organization they do not belong to,
  // a caller gets a 4xx from every organization route, never its data.
  test("ASVS 4.2.1: no organization route serves an organization the caller is not in", async () => {
    const ada = await member("victim");
    const mal = await member("mal");
    const victim = (await ada.org.create({ name: "Victim", slug: slug("victim") })).data;
    await mal.org.create({ name: "Mine", slug: slug("mine") });
    const invitation = (await ada.org.inviteMember({ email: uniqueEmail("x"), role: "member" })).data;
    const adaMember = (await ada.org.getActiveMember()).data;
    const body = {
      organizationId: victim.id, invitationId: invitation.id, memberIdOrEmail: adaMember.id,
      memberId: adaMember.id, role: "member", email: uniqueEmail("y"),
      permissions: { member: ["create"] }, data: { name: "pwned" },
    };
    const posts = ["update", "delete", "remove-member", "update-member-role", "leave", "has-permission",
      "invite-member", "cancel-invitation", "set-active"];
    const gets = ["get-full-organization", "list-members", "get-active-member-role", "list-invitations"];
    for (const path of posts) {
      const res = await raw(mal).post(`/organization/${path}`, { json: body });
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(victim.id), `${path} leaked: ${res.text}`);
    }
    for (const path of gets) {
      const res = await raw(mal).get(`/organization/${path}?organizationId=${victim.id}`);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(victim.id), `${path} leaked: ${res.text}`);
    }
    const still = await ada.org.getFullOrganization({ query: { organizationId: victim.id } });
    assert.equal(still.data.name, "Victim");
    assert.equal(still.data.members.length, 1);
  });
});
