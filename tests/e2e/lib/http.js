// Raw HTTP for status, header and cookie assertions. Built on node:http rather than
// fetch because fetch (undici) always adds `Sec-Fetch-Mode: cors`, which changes how a
// Better Auth server treats a login request (login CSRF: docs/api.md, "Redirects and callback
// URLs"). Here the test sets
// every header itself; the only defaults are Host and, for a body, Content-Type/Length.
import http from "node:http";

/**
 * Sends one request and resolves with the whole response.
 * @param {string} url      absolute URL
 * @param {object} [opts]
 * @param {string} [opts.method]  default GET, or POST when a body is given
 * @param {object} [opts.headers] request headers (a `null` value removes a default)
 * @param {*} [opts.json]         body sent as JSON.stringify(json), content-type application/json
 * @param {string|Buffer} [opts.body] raw body (content-type only if given in headers)
 * @param {number} [opts.timeoutMs]
 * @returns {Promise<Response>} {status, headers (lower-case keys), setCookies, cookies, text, json, body}
 */
export function request(url, opts = {}) {
  const u = new URL(url);
  let body = opts.body;
  const headers = {};
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  }
  for (const [k, v] of Object.entries(opts.headers || {})) headers[k.toLowerCase()] = v;
  for (const k of Object.keys(headers)) if (headers[k] === null || headers[k] === undefined) delete headers[k];
  if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
  const method = opts.method || (body !== undefined ? "POST" : "GET");

  return new Promise((resolve, reject) => {
    let settled = false;
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", (e) => done(e));
        res.on("end", () => {
          const buf = Buffer.concat(chunks);
          done(null, makeResponse(res, buf));
        });
      },
    );
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      err ? reject(err) : resolve(value);
    };
    const timer = setTimeout(() => {
      req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 15000} ms: ${method} ${url}`));
    }, opts.timeoutMs ?? 15000);
    // A server may answer (413) and close before it read an oversized body: a write
    // error after the response started is not a failure of the request.
    req.on("error", (e) => {
      if (req.res && ["EPIPE", "ECONNRESET"].includes(e.code)) return;
      done(e);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function makeResponse(res, buf) {
  const text = buf.toString("utf8");
  const setCookies = (res.headers["set-cookie"] || []).map(parseSetCookie);
  let json;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: res.statusCode,
    headers: res.headers,
    body: buf,
    text,
    json,
    setCookies,
    /** The last Set-Cookie for `name` (what a browser keeps), or undefined. */
    cookie(name) {
      return setCookies.filter((c) => c.name === name).at(-1);
    },
  };
}

/**
 * Parses one Set-Cookie header value.
 * @returns {{raw: string, name: string, value: string, attrs: Object<string,string|true>}}
 *   attribute names lower-cased ("max-age", "path", "httponly", "samesite", …).
 */
export function parseSetCookie(raw) {
  const [pair, ...rest] = raw.split(";");
  const eq = pair.indexOf("=");
  const attrs = {};
  for (const part of rest) {
    const p = part.trim();
    if (!p) continue;
    const i = p.indexOf("=");
    if (i < 0) attrs[p.toLowerCase()] = true;
    else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { raw, name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/** Minimal client for one server: `api.post("/sign-in/email", {json, headers})`. */
export function apiFor(server) {
  const call = (method) => (path, opts = {}) =>
    request(server.baseURL + path, { method, ...opts, headers: { ...server.defaultHeaders(), ...opts.headers } });
  return { get: call("GET"), post: call("POST"), request: (method, path, opts) => call(method)(path, opts) };
}
