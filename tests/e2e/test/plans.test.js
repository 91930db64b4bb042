// Plans, limits and spend caps (issue 20, docs/plans.md): plan switches along configured
// transitions, 402 PLAN_LIMIT_REACHED when creating API keys, organizations and members over
// the plan, usage recorded by an API key with usage:record (exactly once per idempotency key,
// no overspend under 100 parallel records), 402 SPEND_CAP_REACHED at the cap, the 80 % and
// 100 % mails through a real SMTP server, `plan`/`capped` in the session and its JWT, the
// billing_admin's routes (a plain user refused), and a month rollover on a fake clock
// (plans_test_clock_offset_days). Latchkey only: Better Auth has no such routes.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeJwt } from "jose";
import { lit } from "../lib/db.js";
import { assertError, signUp } from "../lib/fixtures.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { startSmtp } from "../lib/smtp.js";
import { LATCHKEY_ONLY } from "../lib/target.js";

const ENV = {
  LATCHKEY_PLANS_ENABLED: "true",
  LATCHKEY_API_KEY_SESSION: "true",
  LATCHKEY_API_KEY_RATE_LIMIT_ENABLED: "false",
  LATCHKEY_ORGANIZATION_ADD_MEMBER: "true",
  LATCHKEY_SMTP_ALLOW_PLAIN: "true",
  LATCHKEY_PLANS: "free,pro,enterprise",
  LATCHKEY_PLAN_FREE_API_KEYS: "1",
  LATCHKEY_PLAN_FREE_ORGANIZATIONS: "1",
  LATCHKEY_PLAN_FREE_MEMBERS_PER_ORGANIZATION: "2",
  LATCHKEY_PLAN_FREE_SPEND_CENTS_PER_MONTH: "50",
  LATCHKEY_PLAN_ENTERPRISE_API_KEYS: "unlimited",
  LATCHKEY_PLAN_ENTERPRISE_ORGANIZATIONS: "unlimited",
  LATCHKEY_PLAN_ENTERPRISE_MEMBERS_PER_ORGANIZATION: "unlimited",
  LATCHKEY_PLAN_ENTERPRISE_REQUESTS_PER_MONTH: "unlimited",
  LATCHKEY_PLAN_ENTERPRISE_SPEND_CENTS_PER_MONTH: "unlimited",
  LATCHKEY_PLAN_ENTERPRISE_FEATURES: "sso,audit_export",
};

describe("plans, limits and spend caps (latchkey)", { skip: LATCHKEY_ONLY }, () => {
  let smtp;
  let server;
  let api;
  let serviceKey; // an API key granted usage:record
  const as = (account) => ({ headers: { cookie: account.cookie } });
  const usage = (json) => api.post("/usage", { json, headers: { "x-api-key": serviceKey } });

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ name: "plans", env: { ...ENV, LATCHKEY_SMTP_URL: smtp.url } });
    api = apiFor(server);
    const service = await signUp(server, { name: "Metering service" });
    const res = await api.post("/api-key/create", { json: { name: "meter" }, ...as(service) });
    assert.equal(res.status, 200, res.text);
    serviceKey = res.json.key;
    await server.db.exec(`UPDATE api_keys SET permissions = '{"usage":["record"]}' WHERE id = ${lit(res.json.id)}`);
  });
  after(async () => {
    await server?.cleanup();
    await smtp?.cleanup();
  });

  test("plan switch: along a configured transition (audited), never off it", async () => {
    const ada = await signUp(server);
    const plan = await api.get("/plan", as(ada));
    assert.equal(plan.status, 200, plan.text);
    assert.deepEqual(plan.json, { subject: { type: "user", id: ada.user.id }, plan: "free", features: [], transitions: ["pro"] });
    assertError(await api.post("/plan", { json: { plan: "enterprise" }, ...as(ada) }), 403, "PLAN_CHANGE_NOT_ALLOWED");
    assertError(await api.post("/plan", { json: { plan: "gold" }, ...as(ada) }), 400, "UNKNOWN_PLAN");
    const up = await api.post("/plan", { json: { plan: "pro" }, ...as(ada) });
    assert.equal(up.status, 200, up.text);
    assert.equal(up.json.plan, "pro");
    const events = await server.db.auditEvents({ event_type: "plan.change", user_id: ada.user.id });
    assert.equal(events.length, 1);
    assert.deepEqual(JSON.parse(events[0].details), { subjectType: "user", subjectId: ada.user.id, from: "free", to: "pro" });
    const session = await api.get("/get-session", as(ada));
    assert.equal(session.json.session.plan, "pro", "the cached session follows the switch");
  });

  test("402 PLAN_LIMIT_REACHED: API keys, organizations and members over the plan's count", async () => {
    const bob = await signUp(server);
    assert.equal((await api.post("/api-key/create", { json: { name: "one" }, ...as(bob) })).status, 200);
    const over = await api.post("/api-key/create", { json: { name: "two" }, ...as(bob) });
    assertError(over, 402, "PLAN_LIMIT_REACHED");
    const keys = await server.db.query(`SELECT COUNT(*) AS n FROM api_keys WHERE reference_id = ${lit(bob.user.id)}`);
    assert.equal(Number(keys[0].n), 1, "the refused key was not written");
    const limits = await api.get("/limits", as(bob));
    assert.equal(limits.json.limits.api_keys, 1);

    const org = await api.post("/organization/create", { json: { name: "Bob Co", slug: `bob-${Date.now()}` }, ...as(bob) });
    assert.equal(org.status, 200, org.text);
    assertError(await api.post("/organization/create", { json: { name: "Two", slug: `two-${Date.now()}` }, ...as(bob) }), 402, "PLAN_LIMIT_REACHED");
    const [m1, m2] = [await signUp(server), await signUp(server)];
    const add = (u) => api.post("/organization/add-member", { json: { userId: u.user.id, role: "member", organizationId: org.json.id }, ...as(bob) });
    assert.equal((await add(m1)).status, 200);
    assertError(await add(m2), 402, "PLAN_LIMIT_REACHED"); // members_per_organization = 2 with the owner

    // The organization's own plan: its owner switches it; a member may not.
    assertError(await api.post("/plan", { json: { plan: "pro", organizationId: org.json.id }, ...as(m1) }), 403, "NOT_ORGANIZATION_OWNER");
    assertError(await api.get(`/plan?organizationId=${org.json.id}`, as(m2)), 404, "PLAN_SUBJECT_NOT_FOUND");
    assert.equal((await api.post("/plan", { json: { plan: "pro", organizationId: org.json.id }, ...as(bob) })).status, 200);
    assert.equal((await add(m2)).status, 200, "pro allows more members");
  });

  test("100 parallel usage records never overspend by more than one; retries answer alike; warning mails once", async () => {
    const cleo = await signUp(server);
    const records = Array.from({ length: 100 }, (_, i) => ({ userId: cleo.user.id, meter: "spend_cents", quantity: 3, idempotencyKey: `r-${i}` }));
    const first = await Promise.all(records.map(usage));
    const ok = first.filter((r) => r.status === 200);
    for (const r of first.filter((x) => x.status !== 200)) assertError(r, 402, "SPEND_CAP_REACHED");
    assert.equal(ok.length, 17, "records accepted while the counter was below 50: 17 × 3 = 51");
    const [row] = await server.db.query(`SELECT used FROM plan_usage WHERE subject_id = ${lit(cleo.user.id)} AND meter = 'spend_cents'`);
    assert.equal(Number(row.used), 51, "overspent by less than one record");
    assert.deepEqual(ok.map((r) => r.json.used).sort((a, b) => a - b), Array.from({ length: 17 }, (_, i) => 3 * (i + 1)));

    const again = await Promise.all(records.map(usage));
    for (let i = 0; i < 100; i++) {
      assert.equal(again[i].status, first[i].status, `retry ${i} status`);
      assert.deepEqual(again[i].json, first[i].json, `retry ${i} body`);
    }
    const [after] = await server.db.query(`SELECT used FROM plan_usage WHERE subject_id = ${lit(cleo.user.id)} AND meter = 'spend_cents'`);
    assert.equal(Number(after.used), 51, "retries counted nothing");

    const limits = await api.get("/limits", as(cleo));
    assert.equal(limits.json.capped, true);
    assert.equal(limits.json.cappedMeters.spend_cents, true);
    assert.equal(limits.json.usage.spend_cents, 51);
    assert.equal(limits.json.caps.spend_cents, 50);
    const session = await api.get("/get-session", as(cleo));
    assert.equal(session.json.session.capped, true);
    const token = await api.get("/token", as(cleo));
    const claims = decodeJwt(token.json.token);
    assert.equal(claims.plan, "free");
    assert.equal(claims.capped, true);

    const warned = await smtp.waitFor((m) => m.includes(`To: ${cleo.email}`) && m.includes("Monthly cap reached"));
    assert.match(warned, /spend_cents \(50 this month\)/);
    await smtp.waitFor((m) => m.includes(`To: ${cleo.email}`) && m.includes("80 % of your monthly cap"));
    await new Promise((r) => setTimeout(r, 300));
    const mine = smtp.messages().filter((m) => m.includes(`To: ${cleo.email}`));
    assert.equal(mine.length, 2, "one mail at 80 %, one at 100 %");

    assertError(await usage({ userId: cleo.user.id, meter: "bananas", quantity: 1, idempotencyKey: "x" }), 400, "UNKNOWN_METER");
    assertError(await usage({ userId: "nobody", meter: "requests", quantity: 1, idempotencyKey: "y" }), 404, "PLAN_SUBJECT_NOT_FOUND");
    // A key without usage:record, and a session, are refused.
    assertError(await api.post("/usage", { json: records[0], ...as(cleo) }), 401, "UNAUTHORIZED");
  });

  test("a batch of records: one transaction, an answer per record, refused ones at the cap; retried alike", async () => {
    const gus = await signUp(server);
    const records = Array.from({ length: 20 }, (_, i) => ({ userId: gus.user.id, meter: "spend_cents", quantity: 5, idempotencyKey: `b-${i}` }));
    const res = await api.post("/usage", { json: { records }, headers: { "x-api-key": serviceKey } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.results.length, 20);
    assert.equal(res.json.results.filter((r) => r.recorded).length, 10, "10 × 5 = the cap of 50");
    assert.deepEqual(res.json.results[10], { recorded: false, month: res.json.results[0].month, used: 50, cap: 50, code: "SPEND_CAP_REACHED" });
    const again = await api.post("/usage", { json: { records }, headers: { "x-api-key": serviceKey } });
    assert.deepEqual(again.json, res.json, "a retried batch answers alike and counts nothing");
    const bad = await api.post("/usage", { json: { records: [records[0], { ...records[1], quantity: 0 }] }, headers: { "x-api-key": serviceKey } });
    assertError(bad, 400, "VALIDATION_ERROR");
    assert.match(bad.json.message, /records\.1\.quantity/);
  });

  test("the owner lowers their own spend cap, never above the plan's (audited)", async () => {
    const dan = await signUp(server);
    const set = await api.post("/limits", { json: { spendCapCents: 10 }, ...as(dan) });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.caps.spend_cents, 10);
    assert.equal(set.json.ownSpendCapCents, 10);
    assertError(await api.post("/limits", { json: { spendCapCents: 51 }, ...as(dan) }), 400, "SPEND_CAP_ABOVE_PLAN");
    assert.equal((await usage({ userId: dan.user.id, meter: "spend_cents", quantity: 10, idempotencyKey: "d1" })).status, 200);
    assertError(await usage({ userId: dan.user.id, meter: "spend_cents", quantity: 1, idempotencyKey: "d2" }), 402, "SPEND_CAP_REACHED");
    assert.equal((await server.db.auditEvents({ event_type: "plan.spend_cap_change", user_id: dan.user.id })).length, 1);
  });

  test("billing_admin sees and sets any account's plan (audited); a plain user is refused", async () => {
    const eve = await signUp(server);
    const plain = await signUp(server);
    const billing = await signUp(server);
    await server.db.exec(`INSERT INTO user_admin (user_id, role, updated_at) VALUES (${lit(billing.user.id)}, 'billing_admin', 0)`);
    assertError(await api.get(`/admin/plan?userId=${eve.user.id}`, as(plain)), 403);
    assertError(await api.post("/admin/set-plan", { json: { userId: eve.user.id, plan: "enterprise" }, ...as(plain) }), 403);
    const seen = await api.get(`/admin/plan?userId=${eve.user.id}`, as(billing));
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.plan, "free");
    const set = await api.post("/admin/set-plan", { json: { userId: eve.user.id, plan: "enterprise" }, ...as(billing) });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.plan, "enterprise", "no transition rule for the billing admin");
    assert.equal(set.json.caps.spend_cents, null);
    const events = await server.db.auditEvents({ event_type: "plan.admin_set", user_id: billing.user.id });
    assert.equal(events.length, 1);
    assert.equal(JSON.parse(events[0].details).to, "enterprise");
    const plan = await api.get("/plan", as(eve));
    assert.deepEqual(plan.json.features, ["sso", "audit_export"]);
    assertError(await api.get(`/admin/plan?userId=nobody`, as(billing)), 404, "PLAN_SUBJECT_NOT_FOUND");
  });

  test("month rollover (UTC, fake clock): usage starts again at zero and the cap lifts", async () => {
    const fay = await signUp(server);
    for (let i = 0; i < 2; i++) {
      const res = await usage({ userId: fay.user.id, meter: "spend_cents", quantity: 30, idempotencyKey: `f-${i}` });
      assert.equal(res.status, 200, res.text);
    }
    const before = await api.get("/limits", as(fay));
    assert.equal(before.json.capped, true);
    await server.stop();
    server = await startServer({
      name: "plans",
      reuse: server,
      env: { ...ENV, LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_PLANS_TEST_CLOCK_OFFSET_DAYS: "32" },
    });
    api = apiFor(server);
    const next = await api.get("/limits", as(fay));
    assert.equal(next.status, 200, next.text);
    assert.notEqual(next.json.month, before.json.month);
    assert.equal(next.json.usage.spend_cents, 0);
    assert.equal(next.json.capped, false);
    const res = await usage({ userId: fay.user.id, meter: "spend_cents", quantity: 30, idempotencyKey: "f-next" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.used, 30);
    assert.equal(res.json.month, next.json.month);
  });
});
