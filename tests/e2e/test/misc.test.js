// GET /ok and GET /error (docs/api.md, "Routes").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { makeClient } from "../lib/client.js";
import { apiFor } from "../lib/http.js";
import { startServer } from "../lib/server.js";

let server;
before(async () => {
  server = await startServer({ name: "misc" });
});
after(() => server?.cleanup());

test("GET /ok → 200 {ok:true}, also through the SDK", async () => {
  const res = await apiFor(server).get("/ok");
  assert.equal(res.status, 200);
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  assert.deepEqual(res.json, { ok: true });
  const { client } = makeClient(server);
  const { data, error } = await client.$fetch("/ok");
  assert.equal(error, null);
  assert.deepEqual(data, { ok: true });
});

test("GET /error?error=CODE → 302 to the app with the code and description (production mode)", async () => {
  const res = await apiFor(server).get("/error?error=access_denied&error_description=User%20cancelled");
  assert.equal(res.status, 302);
  const target = new URL(res.headers.location, server.origin);
  assert.equal(target.searchParams.get("error"), "access_denied");
  assert.equal(target.searchParams.get("error_description"), "User cancelled");
  assert.equal(res.text, "");
});

test("GET /error with an unsafe or missing code reports UNKNOWN", async () => {
  for (const query of ["?error=%3Cscript%3E", "?error=bad%20code", ""]) {
    const res = await apiFor(server).get(`/error${query}`);
    assert.equal(res.status, 302, query);
    const target = new URL(res.headers.location, server.origin);
    assert.equal(target.searchParams.get("error"), "UNKNOWN", query);
    assert.ok(!res.headers.location.includes("<script>"));
  }
});
