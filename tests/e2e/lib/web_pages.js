// The hosted pages (web/, issue 15) for web-pages.test.js. Normally the latchkey binary serves
// them itself and this module only says where. With LK_E2E_WEB_DIST=<a `vite build` output> it
// serves that build from a small server on 127.0.0.1 instead, with the same CSP the binary sends,
// and proxies /api/ to latchkey (whose base URL is then this origin): a way to test a page change
// against an older binary, or the pages before the binary embedded them.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export const WEB_DIST = process.env.LK_E2E_WEB_DIST || "";

// The page paths the server answers with index.html (issue 15).
export const PAGE_PATH =
  /^\/(|sign-in|sign-up|forgot-password|reset-password|verify-email|two-factor|error|account|account\/[^/]+|accept-invitation\/[^/]+|admin|admin\/[^/]+|oauth2-consent)$/;

// The CSP of the served pages (issue 15): no inline script or style, nothing third-party.
export const PAGES_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/**
 * Starts the stand-in page server on a free port. Call setTarget(origin) with latchkey's origin.
 * @returns {Promise<{origin: string, setTarget(origin: string): void, close(): Promise<void>}>}
 */
export async function startStaticPages(dist = WEB_DIST) {
  let target;
  const files = {
    "/index.html": path.join(dist, "index.html"),
    "/assets/app.js": path.join(dist, "assets", "app.js"),
    "/assets/app.css": path.join(dist, "assets", "app.css"),
    "/assets/charts.js": path.join(dist, "assets", "charts.js"),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname.startsWith("/api/") && target) return proxy(req, res, target);
    const file = PAGE_PATH.test(url.pathname) ? files["/index.html"] : files[url.pathname];
    if (!file || req.method !== "GET") {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)],
      "content-security-policy": PAGES_CSP,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    setTarget(origin) {
      target = new URL(origin);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Forwards the request unchanged (Origin, Cookie, Sec-Fetch-*), and the answer likewise.
function proxy(req, res, target) {
  const upstream = http.request(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: false },
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(`proxy: ${e.message}`);
  });
  req.pipe(upstream);
}
