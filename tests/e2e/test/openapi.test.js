// The OpenAPI document (GET /open-api/generate-schema) and the reference viewer
// (GET /reference), docs/api.md. The document is checked by an independent OpenAPI 3.1
// validator, against the routes the source declares, against the error codes the source
// declares (ErrorInfo tables and the ErrorKind → status table), and against the running
// server (every documented operation is served).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import WebSocket from "ws";
import { request } from "../lib/http.js";
import { startServer } from "../lib/server.js";
import { LATCHKEY_BIN, LATCHKEY_ONLY, REPO_DIR } from "../lib/target.js";

// Better Auth's openAPI plugin serves the same two paths, but documents its own routes
// with another viewer; what is checked here is latchkey's generator and its sources.
const skip = LATCHKEY_ONLY;
const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

let server;
let doc;
before(async () => {
  if (skip) return;
  // Opt-in route families on, so every declared route is served.
  server = await startServer({ name: "openapi", env: {
    LATCHKEY_ORGANIZATION_TEAMS: "true", LATCHKEY_ORGANIZATION_DYNAMIC_ROLES: "true",
    LATCHKEY_ORGANIZATION_ADD_MEMBER: "true", LATCHKEY_OIDC_PROVIDER: "true",
    LATCHKEY_OIDC_DYNAMIC_REGISTRATION: "true", LATCHKEY_OIDC_REGISTRATION_TOKEN: "openapi-registration-token-0123456789",
    // The webhook admin routes exist once an endpoint is configured (docs/webhooks.md).
    LATCHKEY_WEBHOOKS: "url=http://127.0.0.1:9/hook secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    LATCHKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
    LATCHKEY_PLANS_ENABLED: "true", // the plans routes (docs/plans.md)
  } });
  const res = await request(`${server.baseURL}/open-api/generate-schema`);
  assert.equal(res.status, 200, res.text);
  doc = res.json;
});
after(() => server?.cleanup());

function operations() {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ path: p, method, op: item[method] });
  }
  return out;
}

// Every source file of the server (tests and test helpers left out).
function sourceFiles(dir = path.join(REPO_DIR, "src")) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "testing") out.push(...sourceFiles(full));
    } else if (/\.(h|cc)$/.test(entry.name) && !/_test\.cc$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

test("the document is valid OpenAPI 3.1 (independent validator)", { skip }, async () => {
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(validator.version, "3.1");
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
});

test("info, servers and security schemes", { skip }, () => {
  const version = execFileSync(LATCHKEY_BIN, ["version"], { encoding: "utf8" }).trim();
  assert.equal(`latchkey ${doc.info.version}`, version);
  assert.equal(doc.info.title, "Latchkey");
  assert.deepEqual(doc.servers, [{ url: server.origin }]);
  const schemes = doc.components.securitySchemes;
  assert.deepEqual(
    { in: schemes.sessionCookie.in, name: schemes.sessionCookie.name },
    { in: "cookie", name: "better-auth.session_token" },
  );
  assert.equal(schemes.bearer.scheme, "bearer");
  assert.deepEqual({ in: schemes.apiKey.in, name: schemes.apiKey.name }, { in: "header", name: "x-api-key" });
  const getSession = doc.paths["/api/auth/list-sessions"].get;
  assert.deepEqual(getSession.security, [{ sessionCookie: [] }, { bearer: [] }]);
  assert.equal(doc.paths["/api/auth/ok"].get.security, undefined);
});

test("every route the source declares is in the document, and every route has a doc", { skip }, () => {
  const declared = new Set();
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, "utf8");
    // RouteSpecs spell their method before their path ({.method = …, .path = "…"}).
    for (const m of text.matchAll(/\.method\s*=\s*http::Method::k(\w+),\s*\.path\s*=\s*"([^"]+)"/g)) {
      declared.add(`${m[1].toLowerCase()} ${m[2].replace(/\/:(\w+)/g, "/{$1}")}`);
    }
  }
  assert.ok(declared.size >= 40, `found only ${declared.size} RouteSpecs in src/`);
  const documented = new Set(operations().map(({ path: p, method }) => `${method} ${p}`));
  for (const route of declared) assert.ok(documented.has(route), `${route} is not in the document`);
  for (const { path: p, method, op } of operations()) {
    assert.ok(declared.has(`${method} ${p}`), `${method} ${p} is documented but declared nowhere`);
    assert.equal(op["x-latchkey-undocumented"], undefined, `${method} ${p} has no RouteDoc`);
    assert.ok(op.summary && op.tags?.length, `${method} ${p}: summary and tag`);
    const ok = Object.keys(op.responses).filter((s) => /^[123]/.test(s));
    // POST /get-session only ever answers 405 (docs/api.md).
    assert.ok(ok.length > 0 || op.responses["405"], `${method} ${p}: no success response`);
  }
});

test("every documented error code is declared in the source with that status", { skip }, () => {
  const statusOf = {};
  const mapping = fs.readFileSync(path.join(REPO_DIR, "src/http/error_mapping.cc"), "utf8");
  for (const m of mapping.matchAll(/case ErrorKind::(\w+):\s*return (\d+);/g)) statusOf[m[1]] = m[2];
  assert.ok(Object.keys(statusOf).length >= 10, "ErrorKind → status table not found");
  const declared = new Map(); // code → Set(status)
  const add = (code, kind) => {
    assert.ok(statusOf[kind], `unknown ErrorKind ${kind}`);
    if (!declared.has(code)) declared.set(code, new Set());
    declared.get(code).add(statusOf[kind]);
  };
  for (const file of sourceFiles()) {
    if (file.endsWith("route_doc.h") || /_docs\.h$/.test(file)) continue; // the docs themselves
    const text = fs.readFileSync(file, "utf8");
    // ErrorInfo tables: ErrorInfo kName{"CODE", ErrorKind::kKind, …}
    for (const m of text.matchAll(/ErrorInfo\s+\w+\s*\{\s*"([A-Z0-9_]+)",\s*ErrorKind::(\w+)/g)) add(m[1], m[2]);
    // Errors built in place (core/error.h): Error{ErrorKind::kKind, "CODE", …}
    for (const m of text.matchAll(/ErrorKind::(\w+),\s*"([A-Z0-9_]+)"/g)) add(m[2], m[1]);
  }
  let checked = 0;
  for (const { path: p, method, op } of operations()) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      // A documented non-error answer (readyz's 503) carries no codes.
      const codes = response["x-latchkey-error-codes"] ?? [];
      for (const code of codes) {
        assert.ok(declared.has(code), `${method} ${p}: ${code} is declared by no ErrorInfo in src/`);
        assert.ok(
          declared.get(code).has(status),
          `${method} ${p}: ${code} documented as ${status}, declared as ${[...declared.get(code)]}`,
        );
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} documented error codes`);
});

test("every documented operation is served (no router 404)", { skip }, async () => {
  for (const { path: p, method, op } of operations()) {
    const url = server.origin + p.replace(/\{(\w+)\}/g, "x");
    if (op.responses["101"]) {
      // A WebSocket route: the upgrade is refused for want of a session, not unknown.
      const status = await new Promise((resolve) => {
        const ws = new WebSocket(url.replace(/^http/, "ws"));
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode));
        ws.on("open", () => resolve(101));
        ws.on("error", () => resolve(0));
      });
      assert.equal(status, 401, `${method} ${p}`);
      continue;
    }
    const res = await request(url, {
      method: method.toUpperCase(),
      ...(method === "post" ? { json: {} } : {}),
      headers: { "user-agent": "latchkey-e2e" },
    });
    const routerMiss = res.status === 404 && res.text === "";
    assert.ok(!routerMiss || op.responses["404"], `${method} ${p}: 404 with an empty body (no such route)`);
    assert.ok(op.responses[String(res.status)], `${method} ${p}: ${res.status} is not documented`);
  }
});

test("GET /reference serves Swagger UI from this origin only, under a strict CSP", { skip }, async () => {
  const res = await request(`${server.baseURL}/reference`);
  assert.equal(res.status, 200);
  assert.match(res.headers["content-type"], /^text\/html; charset=utf-8/);
  assert.equal(res.headers["cache-control"], "no-cache");
  const csp = res.headers["content-security-policy"];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /https?:|\*|'unsafe-eval'|'unsafe-inline'/);
  assert.doesNotMatch(res.text, /<script>|<script [^>]*>[^<]/, "no inline script");
  const refs = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(refs.length, 3, res.text);
  const want = {
    "swagger-ui-bundle.js": [/^text\/javascript/, 1_000_000, "SwaggerUIBundle"],
    "swagger-ui.css": [/^text\/css/, 50_000, ".swagger-ui"],
    "reference.js": [/^text\/javascript/, 100, "/api/auth/open-api/generate-schema"],
  };
  for (const ref of refs) {
    assert.match(ref, /^\/api\/auth\/reference\//, `${ref} is not on this origin`);
    const asset = await request(server.origin + ref);
    const name = new URL(ref, server.origin).pathname.split("/").pop();
    const [type, minSize, marker] = want[name];
    assert.equal(asset.status, 200, ref);
    assert.match(asset.headers["content-type"], type, ref);
    assert.ok(asset.body.length >= minSize, `${ref}: ${asset.body.length} bytes`);
    assert.ok(asset.text.includes(marker), `${ref} lacks ${marker}`);
    assert.equal(asset.headers["x-content-type-options"], "nosniff");
    if (name !== "reference.js") {
      assert.match(ref, /\?v=\d+\.\d+\.\d+$/, "versioned URL");
      assert.equal(asset.headers["cache-control"], "public, max-age=31536000, immutable");
      // Stored compressed: a browser gets the gzip form of the same bytes.
      const packed = await request(server.origin + ref, { headers: { "accept-encoding": "gzip, br" } });
      assert.equal(packed.headers["content-encoding"], "gzip", ref);
      assert.match(packed.headers.vary, /\bAccept-Encoding\b/, ref);
      assert.ok(packed.body.length * 3 < asset.body.length, `${ref}: ${packed.body.length} gzip bytes`);
      assert.ok(zlib.gunzipSync(packed.body).equals(asset.body), `${ref}: gzip of other bytes`);
    }
  }
  const start = await request(`${server.baseURL}/reference/reference.js`);
  assert.match(start.text, /validatorUrl:\s*null/, "the document never leaves for validator.swagger.io");
});
