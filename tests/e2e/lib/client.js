// Better Auth's own client SDK, wired to a cookie jar so it behaves like a browser tab on
// the app's origin: it stores Set-Cookie, sends Cookie and an Origin header (Node's fetch
// already adds Sec-Fetch-Mode: cors, as a browser fetch does). Every raw response is kept
// so tests can assert on status, headers and cookies behind the SDK's {data, error}.
import { createAuthClient } from "better-auth/client";
import { parseSetCookie } from "./http.js";

export class CookieJar {
  constructor(entries = []) {
    this.cookies = new Map(entries);
  }
  /** Applies Set-Cookie header values the way a browser would (Max-Age<=0 deletes). */
  absorb(setCookieValues) {
    for (const raw of setCookieValues) {
      const c = typeof raw === "string" ? parseSetCookie(raw) : raw;
      const maxAge = c.attrs["max-age"];
      const expired =
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (c.attrs.expires !== undefined && Date.parse(c.attrs.expires) <= Date.now()) ||
        c.value === "";
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
  get(name) {
    return this.cookies.get(name);
  }
  set(name, value) {
    this.cookies.set(name, value);
  }
  /** The Cookie request header, or undefined when the jar is empty. */
  header() {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  /** The Cookie header without the named cookies (e.g. latchkey's device cookie, which outlives sign-out). */
  headerWithout(...names) {
    const kept = [...this.cookies].filter(([k]) => !names.includes(k));
    return kept.length ? kept.map(([k, v]) => `${k}=${v}`).join("; ") : undefined;
  }
  clone() {
    return new CookieJar(this.cookies);
  }
}

export const SESSION_COOKIE = "better-auth.session_token";
export const DONT_REMEMBER_COOKIE = "better-auth.dont_remember";
/** latchkey only: recognises a device for new-sign-in notices; kept across sign-out by design. */
export const DEVICE_COOKIE = "better-auth.device_id";

/**
 * @param {object} server  from startServer()
 * @param {object} [opts]
 * @param {string|null} [opts.origin]  Origin header to send (null: none); default the server's origin
 * @param {CookieJar} [opts.jar]
 * @param {string} [opts.userAgent]
 * @param {object[]} [opts.plugins]  client plugins (e.g. multiSessionClient())
 * @param {object|function(): object} [opts.headers]  extra headers on every request (a function
 *   is called per request, e.g. a fresh X-Forwarded-For to stay clear of per-address limits)
 * @returns {{client, jar: CookieJar, responses: object[], last: () => object}}
 *   each response: {method, url, status, headers (Headers), text, setCookies, cookie(name)}
 */
export function makeClient(server, opts = {}) {
  const jar = opts.jar ?? new CookieJar();
  const origin = opts.origin === undefined ? server.origin : opts.origin;
  const responses = [];

  async function customFetchImpl(input, init = {}) {
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (origin) headers.set("origin", origin);
    headers.set("user-agent", opts.userAgent ?? "latchkey-e2e-sdk");
    const extra = typeof opts.headers === "function" ? opts.headers() : opts.headers;
    for (const [k, v] of Object.entries(extra ?? {})) headers.set(k, v);
    const cookie = jar.header();
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(input, { ...init, headers });
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    jar.absorb(setCookies);
    responses.push({
      method: init.method ?? "GET",
      url,
      status: res.status,
      headers: res.headers,
      text: await res.clone().text(),
      setCookies,
      cookie: (name) => setCookies.filter((c) => c.name === name).at(-1),
    });
    return res;
  }

  const client = createAuthClient({
    baseURL: server.baseURL,
    plugins: opts.plugins ?? [],
    fetchOptions: { customFetchImpl },
  });
  return { client, jar, responses, last: () => responses.at(-1) };
}
