// Members beyond the invitation flow (docs/organizations.md "Adding a member",
// "Listing members"): add-member with organization_add_member (Better Auth
// serves it to its server only, so latchkey-only here) and its refusals, its
// IDOR walk over every organization route (ASVS 4.2.1), list-members' filters
// through organizationClient, and the active organization in the access token
// a refresh-token rotation mints.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { organizationClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { assertError, assertNotFound, auditEventFor, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const slug = (tag) => `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

describe("organization members: add-member, filters, rotated tokens (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "org-members",
      env: {
        LATCHKEY_ORGANIZATION_ADD_MEMBER: "true",
        LATCHKEY_ORGANIZATION_TEAMS: "true",
        LATCHKEY_ORGANIZATION_MEMBER_LIMIT: "4",
      },
    });
  });
  after(() => server?.cleanup());

  async function member(tag) {
    const account = await signUp(server, { name: tag, email: uniqueEmail(tag) });
    const sdk = makeClient(server, { plugins: [organizationClient()] });
    const [name, value] = account.cookie.split("=");
    sdk.jar.set(name, value);
    return { ...account, org: sdk.client.organization, sdk };
  }
  const raw = (who) => ({
    get: (path) => apiFor(server).get(path, { headers: { cookie: who.cookie } }),
    post: (path, json) => apiFor(server).post(path, { json, headers: { cookie: who.cookie } }),
  });

  test("add-member: an owner or admin adds an existing user; Better Auth's refusals; audited", async () => {
    const ada = await member("add-ada");
    const bob = await member("add-bob");
    const cat = await member("add-cat");
    const dan = await member("add-dan");
    const eve = await member("add-eve");
    const org = (await ada.org.create({ name: "Add", slug: slug("add") })).data;
    const team = (await ada.org.listTeams()).data[0];
    const added = await raw(ada).post("/organization/add-member", { userId: bob.user.id, role: "admin", teamId: team.id });
    assert.equal(added.status, 200, added.text);
    assert.equal(added.json.userId, bob.user.id);
    assert.equal(added.json.organizationId, org.id);
    assert.equal(added.json.role, "admin");
    const event = await auditEventFor(server, added);
    assert.equal(event.event_type, "organization.member_add");
    assert.deepEqual(JSON.parse(event.details), { organization_id: org.id, change: { role: "admin", team_id: team.id } });
    const teamMembers = await bob.org.listTeamMembers({ query: { teamId: team.id } });
    assert.ok(teamMembers.data.some((m) => m.userId === bob.user.id), JSON.stringify(teamMembers));

    assertError(await raw(ada).post("/organization/add-member", { userId: bob.user.id, role: "member" }), 400,
      "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION");
    assertError(await raw(ada).post("/organization/add-member", { userId: "nobody", role: "member" }), 400, "USER_NOT_FOUND");
    assertError(await raw(ada).post("/organization/add-member", { userId: cat.user.id, role: "emperor" }), 400, "ROLE_NOT_FOUND");
    assertError(await raw(ada).post("/organization/add-member", { role: "member" }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/add-member", { userId: cat.user.id }), 400, "VALIDATION_ERROR");
    assertError(await raw(ada).post("/organization/add-member", { userId: cat.user.id, role: "member", teamId: "nope" }), 400,
      "TEAM_NOT_FOUND");
    const inOrg = { organizationId: org.id };
    assertError(await raw(bob).post("/organization/add-member", { userId: cat.user.id, role: "owner", ...inOrg }), 403,
      "YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE");
    assert.equal((await raw(bob).post("/organization/add-member", { userId: cat.user.id, role: "member", ...inOrg })).status, 200);
    assertError(await raw(cat).post("/organization/add-member", { userId: dan.user.id, role: "member", ...inOrg }), 403,
      "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION");
    assert.equal((await raw(ada).post("/organization/add-member", { userId: dan.user.id, role: "member" })).status, 200);
    assertError(await raw(ada).post("/organization/add-member", { userId: eve.user.id, role: "member" }), 403,
      "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED");
    assert.equal((await ada.org.listMembers()).data.total, 4);
    assertError(await apiFor(server).post("/organization/add-member", { json: { userId: eve.user.id, role: "member" } }), 401,
      "UNAUTHORIZED");
  });

  // ASVS 4.2.1 (IDOR): with add-member and teams on, a caller in another
  // organization gets a 4xx from every organization route given this one's
  // id (and its team's), never its data, and adds no one to it.
  test("ASVS 4.2.1: add-member and every other organization route refuse another organization", async () => {
    const ada = await member("idor-ada");
    const mal = await member("idor-mal");
    const pal = await member("idor-pal");
    const victim = (await ada.org.create({ name: "Victim", slug: slug("victim") })).data;
    const victimTeam = (await ada.org.listTeams()).data[0];
    await mal.org.create({ name: "Mine", slug: slug("mine") });
    const invitation = (await ada.org.inviteMember({ email: uniqueEmail("x"), role: "member" })).data;
    const adaMember = (await ada.org.getActiveMember()).data;
    const body = {
      organizationId: victim.id, userId: pal.user.id, role: "member", teamId: victimTeam.id,
      invitationId: invitation.id, memberIdOrEmail: adaMember.id, memberId: adaMember.id,
      email: uniqueEmail("y"), permissions: { member: ["create"] }, data: { name: "pwned", organizationId: victim.id },
      name: "pwned",
    };
    const posts = ["add-member", "update", "delete", "remove-member", "update-member-role", "leave", "has-permission",
      "invite-member", "cancel-invitation", "set-active", "create-team", "update-team", "remove-team",
      "add-team-member", "remove-team-member"];
    const gets = ["get-full-organization", "get-organization", "list-members", "get-active-member-role",
      "list-invitations", "list-teams", "list-user-teams"];
    for (const path of posts) {
      const res = await raw(mal).post(`/organization/${path}`, body);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(victim.id), `${path} leaked: ${res.text}`);
    }
    for (const path of gets) {
      const res = await raw(mal).get(`/organization/${path}?organizationId=${victim.id}`);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(victim.id), `${path} leaked: ${res.text}`);
    }
    // Into mal's own organization with the victim's team: refused like an unknown team.
    assertError(await raw(mal).post("/organization/add-member", { userId: pal.user.id, role: "member", teamId: victimTeam.id }),
      400, "TEAM_NOT_FOUND");
    const still = await ada.org.getFullOrganization({ query: { organizationId: victim.id } });
    assert.equal(still.data.name, "Victim");
    assert.deepEqual(still.data.members.map((m) => m.userId), [ada.user.id]);
  });

  test("list-members filters by field, operator and value; total counts the filtered members", async () => {
    const ada = await member("filter-ada");
    const bob = await member("filter-bob");
    const cat = await member("filter-cat");
    await ada.org.create({ name: "Filter", slug: slug("filter") });
    await raw(ada).post("/organization/add-member", { userId: bob.user.id, role: "admin" });
    await raw(ada).post("/organization/add-member", { userId: cat.user.id, role: "member" });
    const list = async (query) => {
      const { data, error } = await ada.org.listMembers({ query });
      assert.equal(error, null, JSON.stringify(error));
      assert.equal(data.members.length, data.total, JSON.stringify(query));
      return data;
    };
    assert.equal((await list({})).total, 3);
    assert.deepEqual((await list({ filterField: "role", filterValue: "admin" })).members.map((m) => m.userId), [bob.user.id]);
    assert.equal((await list({ filterField: "role", filterOperator: "ne", filterValue: "admin" })).total, 2);
    assert.equal((await list({ filterField: "role", filterOperator: "in", filterValue: "owner,member" })).total, 2);
    assert.equal((await list({ filterField: "role", filterOperator: "not_in", filterValue: "owner,member" })).total, 1);
    assert.equal((await list({ filterField: "role", filterOperator: "contains", filterValue: "wne" })).total, 1);
    assert.equal((await list({ filterField: "role", filterOperator: "contains", filterValue: "WNE" })).total, 0);
    assert.equal((await list({ filterField: "role", filterOperator: "starts_with", filterValue: "mem" })).total, 1);
    assert.equal((await list({ filterField: "role", filterOperator: "ends_with", filterValue: "er" })).total, 2);
    assert.equal((await list({ filterField: "userId", filterValue: cat.user.id })).members[0].user.email, cat.email.toLowerCase());
    assert.equal((await list({ filterField: "createdAt", filterOperator: "gte", filterValue: "0" })).total, 3);
    assert.equal((await list({ filterField: "createdAt", filterOperator: "gt", filterValue: String(Date.now() + 60_000) })).total, 0);
    for (const query of [
      "filterField=email&filterValue=x",
      "filterField=role&filterOperator=like&filterValue=x",
      "filterField=role",
      "filterField=createdAt&filterValue=yesterday",
    ]) {
      assertError(await raw(ada).get(`/organization/list-members?${query}`), 400, "VALIDATION_ERROR");
    }
  });

  test("an access token from a refresh-token rotation carries the active organization", async () => {
    const ada = await member("rot-ada");
    const org = (await ada.org.create({ name: "Rot", slug: slug("rot") })).data;
    assert.equal((await ada.org.setActive({ organizationId: null })).error, null);
    const pair = await raw(ada).post("/refresh-token/issue", {});
    assert.equal(pair.status, 200, pair.text);
    assert.equal(claimsOf(pair.json.access_token).activeOrganizationId, null);
    assert.equal((await ada.org.setActive({ organizationId: org.id })).error, null);
    const rotated = await apiFor(server).post("/refresh", { json: { refresh_token: pair.json.refresh_token }, headers: { origin: null } });
    assert.equal(rotated.status, 200, rotated.text);
    const claims = claimsOf(rotated.json.access_token);
    assert.equal(claims.activeOrganizationId, org.id);
    assert.ok("activeTeamId" in claims);
    const token = (await raw(ada).get("/token")).json.token;
    assert.equal(claimsOf(token).activeOrganizationId, org.id, "the same claim as /token");
  });
});

describe("organization add-member off by default", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "org-members-off" });
  });
  after(() => server?.cleanup());

  test("add-member is not served (Better Auth: server-only)", async () => {
    const ada = await signUp(server, { email: uniqueEmail("off") });
    assertNotFound(await apiFor(server).post("/organization/add-member", {
      json: { userId: ada.user.id, role: "member" }, headers: { cookie: ada.cookie },
    }));
  });
});
