// Better Auth's organization teams through organizationClient({ teams }) with
// organization_teams on (docs/organizations.md "Teams"): the default team,
// create / update / remove, members, the active team on the session and in
// the JWT, invitations into teams, the limits, the IDOR walk over every team
// route (ASVS 4.2.1) and bad input → the contract's 4xx. The peer runs without
// teams, so this file is latchkey's.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { organizationClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { assertError, getSession, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { IS_PEER, LATCHKEY_ONLY } from "../lib/target.js";

const slug = (tag) => `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

describe("organization teams (organizationClient)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({
      name: "org-teams",
      env: { LATCHKEY_ORGANIZATION_TEAMS: "true", LATCHKEY_ORGANIZATION_TEAM_MEMBER_LIMIT: "3" },
    });
  });
  after(() => server?.cleanup());

  async function member(tag) {
    const account = await signUp(server, { name: tag, email: uniqueEmail(tag) });
    const sdk = makeClient(server, { plugins: [organizationClient({ teams: { enabled: true } })] });
    const [name, value] = account.cookie.split("=");
    sdk.jar.set(name, value);
    return { ...account, org: sdk.client.organization, sdk };
  }
  const raw = (who) => ({
    get: (path) => apiFor(server).get(path, { headers: { cookie: who.cookie } }),
    post: (path, json) => apiFor(server).post(path, { json, headers: { cookie: who.cookie } }),
  });
  const ok = (res) => {
    assert.equal(res.error, null, JSON.stringify(res.error));
    return res.data;
  };

  test("create makes a default team, active with the organization; the JWT carries both", async () => {
    const ada = await member("ada");
    const org = ok(await ada.org.create({ name: "Engines", slug: slug("engines") }));
    const teams = ok(await ada.org.listTeams());
    assert.equal(teams.length, 1);
    assert.equal(teams[0].name, "Engines");
    assert.equal(teams[0].organizationId, org.id);
    const session = (await getSession(server, ada.cookie)).json.session;
    assert.equal(session.activeOrganizationId, org.id);
    assert.equal(session.activeTeamId, teams[0].id);
    assert.equal((await ada.org.getFullOrganization()).data.teams.length, 1);
    if (IS_PEER) return; // Better Auth's JWT is the user alone (docs/compatibility.md)
    const token = (await raw(ada).get("/token")).json.token;
    const claims = claimsOf(token);
    assert.equal(claims.activeOrganizationId, org.id);
    assert.equal(claims.activeTeamId, teams[0].id);
    const header = (await getSession(server, ada.cookie)).headers["set-auth-jwt"];
    assert.equal(claimsOf(header).activeOrganizationId, org.id);
    // Cleared: the claims follow at once.
    ok(await ada.org.setActive({ organizationId: null }));
    const cleared = claimsOf((await raw(ada).get("/token")).json.token);
    assert.equal(cleared.activeOrganizationId, null);
  });

  test("teams: create, update, members, active team, remove; invitations into teams", async () => {
    const ada = await member("owner");
    const bob = await member("bob");
    const org = ok(await ada.org.create({ name: "Flow", slug: slug("flow") }));
    const [main] = ok(await ada.org.listTeams());
    const red = ok(await ada.org.createTeam({ name: "Red" }));
    assert.equal(red.organizationId, org.id);
    assert.equal(ok(await ada.org.updateTeam({ teamId: red.id, data: { name: "Crimson" } })).name, "Crimson");
    // An invitation into a team puts the invitee in it, active.
    const inv = ok(await ada.org.inviteMember({ email: bob.email, role: "member", teamId: red.id }));
    assert.equal(inv.teamId, red.id);
    ok(await bob.org.acceptInvitation({ invitationId: inv.id }));
    assert.equal((await getSession(server, bob.cookie)).json.session.activeTeamId, red.id);
    const bobTeams = ok(await bob.org.listUserTeams());
    assert.deepEqual(bobTeams.map((t) => t.id), [red.id]);
    const redMembers = ok(await bob.org.listTeamMembers({ query: { teamId: red.id } }));
    assert.deepEqual(redMembers.map((m) => m.userId), [bob.user.id]);
    // Only the team's members list it.
    assertError(await raw(bob).get(`/organization/list-team-members?teamId=${main.id}`), 400,
      "USER_IS_NOT_A_MEMBER_OF_THE_TEAM");
    assertError(await raw(bob).post("/organization/set-active-team", { teamId: main.id }), 403,
      "USER_IS_NOT_A_MEMBER_OF_THE_TEAM");
    const added = ok(await ada.org.addTeamMember({ teamId: main.id, userId: bob.user.id }));
    assert.equal(added.teamId, main.id);
    assert.equal(ok(await bob.org.setActiveTeam({ teamId: main.id })).id, main.id);
    assert.equal((await getSession(server, bob.cookie)).json.session.activeTeamId, main.id);
    // A member (role member) cannot manage teams.
    assertError(await raw(bob).post("/organization/create-team", { name: "Mine" }), 403,
      "YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION");
    assertError(await raw(bob).post("/organization/add-team-member", { teamId: red.id, userId: ada.user.id }),
      403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_TEAM_MEMBER");
    // The owner sees bob's teams (member:update); bob cannot see the owner's.
    const seen = ok(await ada.org.listUserTeams({ query: { userId: bob.user.id } }));
    assert.deepEqual(seen.map((t) => t.id).sort(), [main.id, red.id].sort());
    assertError(await raw(bob).get(`/organization/list-user-teams?userId=${ada.user.id}`), 403,
      "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER");
    ok(await ada.org.removeTeamMember({ teamId: main.id, userId: bob.user.id }));
    assertError(await raw(ada).post("/organization/remove-team-member", { teamId: main.id, userId: bob.user.id }),
      400, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM");
    // The caller's active team cannot be removed; the last team neither.
    assertError(await raw(ada).post("/organization/remove-team", { teamId: main.id }), 403,
      "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_TEAM");
    ok(await ada.org.removeTeam({ teamId: red.id }));
    assert.equal((await getSession(server, bob.cookie)).json.session.activeTeamId, main.id);
    assert.equal(ok(await ada.org.setActiveTeam({ teamId: null })), null);
    assert.equal((await getSession(server, ada.cookie)).json.session.activeTeamId, null);
    assertError(await raw(ada).post("/organization/remove-team", { teamId: main.id }), 400, "UNABLE_TO_REMOVE_LAST_TEAM");
    // Removing a member takes their teams; deleting the organization takes the rest.
    ok(await ada.org.addTeamMember({ teamId: main.id, userId: bob.user.id }));
    ok(await ada.org.removeMember({ memberIdOrEmail: bob.email }));
    assert.deepEqual(ok(await bob.org.listUserTeams()), []);
    ok(await ada.org.delete({ organizationId: org.id }));
    assert.deepEqual(ok(await ada.org.listUserTeams()), []);
    if (IS_PEER) return;
    const rows = await server.db.query(`SELECT COUNT(*) AS n FROM organization_teams WHERE organization_id = '${org.id}'`);
    assert.equal(Number(rows[0].n), 0);
  });

  test("limits: members per team; a removed team leaves pending invitations", async () => {
    const ada = await member("lim");
    ok(await ada.org.create({ name: "Lim", slug: slug("lim") }));
    const team = ok(await ada.org.createTeam({ name: "Small" }));
    const others = [await member("l1"), await member("l2"), await member("l3"), await member("l4")];
    for (const who of others) {
      const inv = ok(await ada.org.inviteMember({ email: who.email, role: "member" }));
      ok(await who.org.acceptInvitation({ invitationId: inv.id }));
    }
    for (const who of others.slice(0, 3)) ok(await ada.org.addTeamMember({ teamId: team.id, userId: who.user.id }));
    assertError(await raw(ada).post("/organization/add-team-member", { teamId: team.id, userId: others[3].user.id }),
      403, "TEAM_MEMBER_LIMIT_REACHED");
    assertError(await raw(ada).post("/organization/invite-member",
      { email: uniqueEmail("full"), role: "member", teamId: team.id }), 403, "TEAM_MEMBER_LIMIT_REACHED");
    const other = ok(await ada.org.createTeam({ name: "Other" }));
    const pending = ok(await ada.org.inviteMember({ email: uniqueEmail("p"), role: "member", teamId: [other.id] }));
    ok(await ada.org.removeTeam({ teamId: other.id }));
    if (IS_PEER) return;
    const [row] = await server.db.query(`SELECT team_id FROM organization_invitations WHERE id = '${pending.id}'`);
    assert.equal(row.team_id, null);
  });

  test("bad input on every team route gets the contract's 4xx", async () => {
    const ada = await member("bad");
    const none = await member("none");
    ok(await ada.org.create({ name: "Bad", slug: slug("bad") }));
    const r = raw(ada);
    assertError(await r.post("/organization/create-team", {}), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/create-team", { name: 5 }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/update-team", { data: { name: "x" } }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/update-team", { teamId: "x" }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/update-team", { teamId: "nope", data: {} }), 400, "TEAM_NOT_FOUND");
    assertError(await r.post("/organization/remove-team", {}), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/remove-team", { teamId: "nope" }), 400, "TEAM_NOT_FOUND");
    assertError(await r.post("/organization/add-team-member", { teamId: "x" }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/add-team-member", { teamId: "nope", userId: ada.user.id }), 400, "TEAM_NOT_FOUND");
    assertError(await r.post("/organization/add-team-member", { teamId: "nope", userId: none.user.id }), 400,
      "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION");
    assertError(await r.post("/organization/remove-team-member", { userId: "x" }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/set-active-team", { teamId: 7 }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/set-active-team", { teamId: "nope" }), 400, "TEAM_NOT_FOUND");
    assertError(await r.get("/organization/list-team-members?teamId=nope"), 400, "TEAM_NOT_FOUND");
    assertError(await r.post("/organization/invite-member", { email: uniqueEmail("t"), role: "member", teamId: "a,b" }),
      400, "INVALID_TEAM_ID");
    assertError(await r.post("/organization/invite-member", { email: uniqueEmail("t"), role: "member", teamId: "nope" }),
      400, "TEAM_NOT_FOUND");
    // Without an active organization or team.
    const n = raw(none);
    assertError(await n.post("/organization/create-team", { name: "x" }), 400, "NO_ACTIVE_ORGANIZATION");
    assertError(await n.get("/organization/list-teams"), 400, "NO_ACTIVE_ORGANIZATION");
    assertError(await n.get("/organization/list-team-members"), 400, "YOU_DO_NOT_HAVE_AN_ACTIVE_TEAM");
    assertError(await n.post("/organization/set-active-team", { teamId: "x" }), 400, "NO_ACTIVE_ORGANIZATION");
    assertError(await apiFor(server).get("/organization/list-teams"), 401, "UNAUTHORIZED");
  });

  // ASVS 4.2.1 (IDOR): with the ids of an organization and a team they do not
  // belong to, a caller gets a 4xx from every team route, never their data.
  test("ASVS 4.2.1: no team route serves a team of an organization the caller is not in", async () => {
    const ada = await member("victim");
    const mal = await member("mal");
    const victim = ok(await ada.org.create({ name: "Victim", slug: slug("victim") }));
    const [team] = ok(await ada.org.listTeams());
    const spare = ok(await ada.org.createTeam({ name: "Spare" }));
    ok(await mal.org.create({ name: "Mine", slug: slug("mine") }));
    const body = { organizationId: victim.id, teamId: spare.id, userId: ada.user.id, name: "pwned",
      data: { organizationId: victim.id, name: "pwned" } };
    const posts = ["create-team", "update-team", "remove-team", "add-team-member", "remove-team-member",
      "set-active-team"];
    for (const path of posts) {
      const res = await raw(mal).post(`/organization/${path}`, body);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(victim.id) && !res.text.includes(spare.id), `${path} leaked: ${res.text}`);
    }
    const gets = [`list-teams?organizationId=${victim.id}`, `list-team-members?teamId=${team.id}`,
      `list-user-teams?organizationId=${victim.id}`, `list-user-teams?userId=${ada.user.id}&organizationId=${victim.id}`];
    for (const path of gets) {
      const res = await raw(mal).get(`/organization/${path}`);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(team.id), `${path} leaked: ${res.text}`);
    }
    const still = ok(await ada.org.listTeams());
    assert.deepEqual(still.map((t) => t.name).sort(), ["Spare", "Victim"]);
    assert.deepEqual(ok(await ada.org.listTeamMembers({ query: { teamId: team.id } })).map((m) => m.userId), [ada.user.id]);
  });
});
