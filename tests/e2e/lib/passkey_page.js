// A small web app for the real-browser passkey test: serves one page on http://localhost:PORT
// (localhost is a secure context without TLS, so WebAuthn runs with RP ID `localhost`) and
// proxies /api/auth/* to the auth server, so its cookies are first-party for the page. The page
// uses @simplewebauthn/browser (its ESM build, served from node_modules) and fetch, and exposes
// each step as window.lk.<step>() for the test to call: {status, body} per server answer.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { E2E_DIR } from "./target.js";

const SIMPLEWEBAUTHN_ESM = path.join(E2E_DIR, "node_modules", "@simplewebauthn", "browser", "esm");

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>passkey test page</title></head>
<body>
<p id="state">loading</p>
<script type="module">
import { startAuthentication, startRegistration } from "/simplewebauthn/index.js";

const api = "/api/auth";
async function call(method, path, body) {
  const res = await fetch(api + path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, body: json };
}

window.lk = {
  signUp: (email, password) => call("POST", "/sign-up/email", { email, password, name: "Browser User" }),
  session: () => call("GET", "/get-session"),
  signOut: () => call("POST", "/sign-out", {}),
  list: () => call("GET", "/passkey/list-user-passkeys"),
  rename: (id, name) => call("POST", "/passkey/update-passkey", { id, name }),
  remove: (id) => call("POST", "/passkey/delete-passkey", { id }),
  async register(name) {
    const options = await call("GET", "/passkey/generate-register-options?name=" + encodeURIComponent(name));
    if (options.status !== 200) return { step: "options", ...options };
    const response = await startRegistration({ optionsJSON: options.body });
    return { options: options.body, ...(await call("POST", "/passkey/verify-registration", { response, name })) };
  },
  // With an e-mail the options list that account's credentials; without, the sign-in is usernameless.
  async signIn(email) {
    const query = email ? "?email=" + encodeURIComponent(email) : "";
    const options = await call("GET", "/passkey/generate-authenticate-options" + query);
    if (options.status !== 200) return { step: "options", ...options };
    let response;
    try {
      response = await startAuthentication({ optionsJSON: options.body });
    } catch (e) {
      return { step: "ceremony", options: options.body, error: e.name + ": " + e.message };
    }
    return { options: options.body, ...(await call("POST", "/passkey/verify-authentication", { response })) };
  },
};
document.getElementById("state").textContent = "ready";
</script>
</body></html>
`;

/**
 * Starts the page server on a free port of 127.0.0.1 (reached as http://localhost:PORT).
 * Call setTarget(origin) with the auth server's origin before the page makes requests.
 * @returns {Promise<{origin: string, port: number, setTarget(origin: string): void, close(): Promise<void>}>}
 */
export async function startPasskeyPage() {
  let target;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") return send(res, 200, "text/html; charset=utf-8", PAGE);
    if (url.pathname.startsWith("/simplewebauthn/")) return serveModule(res, url.pathname.slice("/simplewebauthn/".length));
    if (url.pathname.startsWith("/api/auth/") && target) return proxy(req, res, target);
    return send(res, 404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    origin: `http://localhost:${port}`,
    setTarget(origin) {
      target = new URL(origin);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

// Only .js files under the package's esm/ folder: no path ever leaves it.
function serveModule(res, rel) {
  const file = path.resolve(SIMPLEWEBAUTHN_ESM, rel);
  if (!file.startsWith(SIMPLEWEBAUTHN_ESM + path.sep) || !file.endsWith(".js") || !fs.existsSync(file)) {
    return send(res, 404, "text/plain", "not found");
  }
  return send(res, 200, "text/javascript; charset=utf-8", fs.readFileSync(file));
}

// Forwards the request as the browser sent it (Origin, Cookie, Sec-Fetch-* included): the auth
// server sees the page's origin, and its Set-Cookie comes back unchanged.
function proxy(req, res, target) {
  const upstream = http.request(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: false },
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => send(res, 502, "text/plain", `proxy: ${e.message}`));
  req.pipe(upstream);
}
