// Better Auth's dynamic access control through organizationClient({
// dynamicAccessControl }) with organization_dynamic_roles on
// (docs/organizations.md "Dynamic roles"): create-role, get-role, list-roles,
// update-role, delete-role; a role grants only what its author holds; a role
// of one organization means nothing in another; the IDOR walk over every role
// route (ASVS 4.2.1) and bad input → the contract's 4xx. The peer runs without
// dynamic roles, so this file is latchkey's.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { organizationClient } from "better-auth/client/plugins";
import { makeClient } from "../lib/client.js";
import { assertError, signUp, uniqueEmail } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_ONLY, IS_PEER } from "../lib/target.js";

const slug = (tag) => `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;

describe("organization dynamic roles (organizationClient)", { skip: LATCHKEY_ONLY }, () => {
  let server;
  before(async () => {
    server = await startServer({ name: "org-roles", env: { LATCHKEY_ORGANIZATION_DYNAMIC_ROLES: "true" } });
  });
  after(() => server?.cleanup());

  async function member(tag) {
    const account = await signUp(server, { name: tag, email: uniqueEmail(tag) });
    const sdk = makeClient(server, { plugins: [organizationClient({ dynamicAccessControl: { enabled: true } })] });
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
  async function join(owner, who, role) {
    const inv = ok(await owner.org.inviteMember({ email: who.email, role }));
    return ok(await who.org.acceptInvitation({ invitationId: inv.id })).member;
  }

  test("create, read, assign, update and delete a role of the organization", async () => {
    const ada = await member("ada");
    const bob = await member("bob");
    const org = ok(await ada.org.create({ name: "Roles", slug: slug("roles") }));
    const created = ok(await ada.org.createRole({ role: "Billing", permission: { invitation: ["create"] } }));
    assert.equal(created.success, true);
    assert.equal(created.roleData.role, "billing");
    assert.equal(created.roleData.organizationId, org.id);
    assert.deepEqual(created.roleData.permission, { invitation: ["create"] });
    assert.deepEqual(ok(await ada.org.listRoles()).map((r) => r.role), ["billing"]);
    assert.equal(ok(await ada.org.getRole({ query: { roleName: "billing" } })).id, created.roleData.id);
    // The role works like a configured one.
    const bobMember = await join(ada, bob, "billing");
    assert.equal(bobMember.role, "billing");
    assert.equal(ok(await bob.org.hasPermission({ permissions: { invitation: ["create"] } })).success, true);
    assert.equal(ok(await bob.org.hasPermission({ permissions: { member: ["delete"] } })).success, false);
    ok(await bob.org.inviteMember({ email: uniqueEmail("via-billing"), role: "member" }));
    // Names: not a configured role, not twice; resources known.
    assertError(await raw(ada).post("/organization/create-role", { role: "admin", permission: { ac: ["read"] } }),
      400, "ROLE_NAME_IS_ALREADY_TAKEN");
    assertError(await raw(ada).post("/organization/create-role", { role: "BILLING", permission: { ac: ["read"] } }),
      400, "ROLE_NAME_IS_ALREADY_TAKEN");
    assertError(await raw(ada).post("/organization/create-role", { role: "x", permission: { spaceship: ["fly"] } }),
      400, "INVALID_RESOURCE");
    // Assigned roles stay; configured ones cannot go.
    assertError(await raw(ada).post("/organization/delete-role", { roleName: "billing" }), 400,
      "ROLE_IS_ASSIGNED_TO_MEMBERS");
    assertError(await raw(ada).post("/organization/delete-role", { roleName: "owner" }), 400,
      "CANNOT_DELETE_A_PRE_DEFINED_ROLE");
    const updated = ok(await ada.org.updateRole({ roleId: created.roleData.id,
      data: { permission: { invitation: ["create", "cancel"] } } }));
    assert.deepEqual(updated.roleData.permission, { invitation: ["create", "cancel"] });
    ok(await ada.org.updateMemberRole({ memberId: bobMember.id, role: "member" }));
    ok(await ada.org.deleteRole({ roleName: "billing" }));
    assert.deepEqual(ok(await ada.org.listRoles()), []);
    assertError(await raw(ada).get("/organization/get-role?roleName=billing"), 400, "ROLE_NOT_FOUND");
  });

  test("a role grants only what its author holds; members may read roles, not write them", async () => {
    const ada = await member("owner");
    const adm = await member("adm");
    const mem = await member("mem");
    ok(await ada.org.create({ name: "Grant", slug: slug("grant") }));
    await join(ada, adm, "admin");
    await join(ada, mem, "member");
    assertError(await raw(adm).post("/organization/create-role",
      { role: "deleter", permission: { organization: ["delete"] } }), 403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE");
    ok(await adm.org.createRole({ role: "inviter", permission: { invitation: ["create"] } }));
    assertError(await raw(adm).post("/organization/update-role",
      { roleName: "inviter", data: { permission: { organization: ["delete"] } } }), 403,
    "YOU_ARE_NOT_ALLOWED_TO_UPDATE_A_ROLE");
    assert.deepEqual(ok(await mem.org.listRoles()).map((r) => r.role), ["inviter"]);
    assertError(await raw(mem).post("/organization/create-role", { role: "mine", permission: { ac: ["read"] } }),
      403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE");
    assertError(await raw(mem).post("/organization/delete-role", { roleName: "inviter" }), 403,
      "YOU_ARE_NOT_ALLOWED_TO_DELETE_A_ROLE");
  });

  test("bad input on every role route gets the contract's 4xx", async () => {
    const ada = await member("bad");
    const none = await member("none");
    ok(await ada.org.create({ name: "Bad", slug: slug("bad") }));
    const r = raw(ada);
    assertError(await r.post("/organization/create-role", { permission: { ac: ["read"] } }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/create-role", { role: "x" }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/create-role", { role: "x", permission: { ac: "read" } }), 400, "VALIDATION_ERROR");
    if (!IS_PEER) {
      // Latchkey's: a comma would split the stored role lists (docs/compatibility.md).
      assertError(await r.post("/organization/create-role", { role: "a,b", permission: { ac: ["read"] } }), 400,
        "VALIDATION_ERROR");
    }
    assertError(await r.post("/organization/update-role", { roleName: "x" }), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/update-role", { roleName: "nope", data: {} }), 400, "ROLE_NOT_FOUND");
    assertError(await r.post("/organization/delete-role", {}), 400, "VALIDATION_ERROR");
    assertError(await r.post("/organization/delete-role", { roleId: 5 }), 400, "VALIDATION_ERROR");
    assertError(await r.get("/organization/get-role"), 400, "VALIDATION_ERROR");
    assertError(await r.get("/organization/get-role?roleId=nope"), 400, "ROLE_NOT_FOUND");
    assertError(await raw(none).post("/organization/create-role", { role: "x", permission: { ac: ["read"] } }), 400,
      "YOU_MUST_BE_IN_AN_ORGANIZATION_TO_CREATE_A_ROLE");
    assertError(await raw(none).get("/organization/list-roles"), 400, "NO_ACTIVE_ORGANIZATION");
    assertError(await apiFor(server).get("/organization/list-roles"), 401, "UNAUTHORIZED");
  });

  // ASVS 4.2.1 (IDOR): with the ids of another organization and its role, a
  // caller gets a 4xx from every role route, never its data; a role of one
  // organization is unknown in another.
  test("ASVS 4.2.1: no role route serves a role of an organization the caller is not in", async () => {
    const ada = await member("victim");
    const mal = await member("mal");
    const victim = ok(await ada.org.create({ name: "Victim", slug: slug("victim") }));
    const role = ok(await ada.org.createRole({ role: "secret", permission: { ac: ["read"] } })).roleData;
    ok(await mal.org.create({ name: "Mine", slug: slug("mine") }));
    const body = { organizationId: victim.id, roleId: role.id, role: "pwned", permission: { ac: ["read"] },
      data: { roleName: "pwned" } };
    for (const path of ["create-role", "update-role", "delete-role"]) {
      const res = await raw(mal).post(`/organization/${path}`, body);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(role.id), `${path} leaked: ${res.text}`);
    }
    for (const path of [`list-roles?organizationId=${victim.id}`, `get-role?organizationId=${victim.id}&roleId=${role.id}`]) {
      const res = await raw(mal).get(`/organization/${path}`);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} ${res.text}`);
      assert.ok(!res.text.includes(role.id), `${path} leaked: ${res.text}`);
    }
    // Mal's own organization does not know the victim's role.
    const unknown = await raw(mal).post("/organization/invite-member", { email: uniqueEmail("x"), role: "secret" });
    assert.equal(unknown.status, 400, unknown.text);
    assert.match(unknown.json.message, /^ROLE_NOT_FOUND: secret$/);
    assertError(await raw(mal).get(`/organization/get-role?roleId=${role.id}`), 400, "ROLE_NOT_FOUND");
    assert.deepEqual(ok(await ada.org.listRoles()).map((r) => r.role), ["secret"]);
  });
});
