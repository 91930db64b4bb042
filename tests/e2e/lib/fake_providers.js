// Fake third-party providers for the abuse checks, on one loopback HTTP server:
//   - the HIBP Pwned Passwords range API (GET /range/:prefix, docs/operations.md),
//     answering from an in-memory password list, padded like the real service when
//     the request carries `Add-Padding: true`;
//   - siteverify for Cloudflare Turnstile, Google reCAPTCHA v3 and hCaptcha (docs/operations.md):
//     token "pass" succeeds, "low" succeeds with a poor score, anything else fails.
//     Like the real services, a success names the `hostname` the widget ran on and
//     (Turnstile, reCAPTCHA) the widget's `action`. A token may say which, as the
//     widget would have: "pass;action=sign-in;hostname=evil.example".
//   - Turnstile's widget script (GET /turnstile/v0/api.js, the hosted pages load it): the real
//     script's explicit-render API (turnstile.render(el, {sitekey, action, callback}),
//     turnstile.remove(id)) drawing a "Verify you are human" button whose click hands the page
//     a token that passes siteverify, naming the page's hostname and the widget's action.
// A mode switch makes every endpoint hang (timeout tests) or answer 500 (outage
// tests), and every request is recorded so a test can assert that only a 5-hex
// prefix ever left the server. No npm dependencies; Node >= 20.
import crypto from "node:crypto";
import http from "node:http";

export const TURNSTILE_SCRIPT_PATH = "/turnstile/v0/api.js";

// What Cloudflare's api.js offers a page, reduced to the explicit-render calls the pages use.
const TURNSTILE_SCRIPT = `(() => {
  let next = 0;
  const widgets = new Map();
  window.turnstile = {
    render(el, opts) {
      if (!opts || !opts.sitekey) throw new Error("turnstile: sitekey required");
      const id = "cf-" + (next += 1);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Verify you are human";
      button.addEventListener("click", () => {
        button.textContent = "Success!";
        button.disabled = true;
        opts.callback("pass;action=" + (opts.action || "") + ";hostname=" + location.hostname);
      });
      el.appendChild(button);
      widgets.set(id, button);
      return id;
    },
    remove(id) {
      widgets.get(id)?.remove();
      widgets.delete(id);
    },
  };
})();
`;

export const DEFAULT_SITEVERIFY_PATHS = Object.freeze({
  turnstile: "/turnstile/v0/siteverify",
  recaptcha: "/recaptcha/api/siteverify",
  hcaptcha: "/hcaptcha/siteverify",
});

const MODES = new Set(["normal", "hang", "error"]);
const MAX_BODY = 64 * 1024;

/** Upper-case SHA-1 hex of the NFKC form, exactly what the server hashes. */
export function sha1Hex(password) {
  return crypto.createHash("sha1").update(password.normalize("NFKC"), "utf8").digest("hex").toUpperCase();
}

function randomSuffix() {
  return crypto.randomBytes(18).toString("hex").toUpperCase().slice(0, 35);
}

/**
 * Starts the fake providers on 127.0.0.1 (ephemeral port).
 * @param {object} [options]
 * @param {string[]|Record<string, number>} [options.passwords] breached passwords (count 1 each
 *   for an array; an object maps password → count). Default: ["password", "password1234567"].
 * @param {number} [options.paddingLines=800] lines in a padded HIBP reply (real: ~800–1,000).
 * @param {Partial<typeof DEFAULT_SITEVERIFY_PATHS>} [options.paths] siteverify paths per provider.
 * @param {string} [options.secret] when set, siteverify requires this `secret`.
 * @param {string} [options.hostname="localhost"] `hostname` in siteverify replies.
 * @param {string} [options.action=""] `action` in Turnstile/reCAPTCHA replies ("" = a widget
 *   rendered without one). A token's own `;action=`/`;hostname=` parts win over both.
 * @returns {Promise<{url: string, paths: object, requests: object[], close(): Promise<void>,
 *   setMode(mode: "normal"|"hang"|"error", service?: "hibp"|"captcha"): void,
 *   setPasswords(p: string[]|Record<string, number>): void, siteverifyUrl(provider: string): string,
 *   clearRequests(): void}>}
 */
export async function startFakeProviders(options = {}) {
  const paths = { ...DEFAULT_SITEVERIFY_PATHS, ...(options.paths ?? {}) };
  const paddingLines = options.paddingLines ?? 800;
  const hostname = options.hostname ?? "localhost";
  const action = options.action ?? "";
  const modes = { hibp: "normal", captcha: "normal" };
  const requests = [];
  const hanging = new Set();
  let byPrefix = new Map(); // prefix -> Map(suffix -> count)

  function setPasswords(list) {
    const entries = Array.isArray(list) ? list.map((p) => [p, 1]) : Object.entries(list);
    byPrefix = new Map();
    for (const [password, count] of entries) {
      const hex = sha1Hex(password);
      const prefix = hex.slice(0, 5);
      if (!byPrefix.has(prefix)) byPrefix.set(prefix, new Map());
      byPrefix.get(prefix).set(hex.slice(5), count);
    }
  }
  setPasswords(options.passwords ?? ["password", "password1234567"]);

  function rangeBody(prefix, padded) {
    const lines = [...(byPrefix.get(prefix) ?? new Map()).entries()].map(([s, c]) => `${s}:${c}`);
    // Padding lines have count 0; the real service pads every reply to a similar size.
    while (padded && lines.length < paddingLines) lines.push(`${randomSuffix()}:0`);
    lines.sort();
    return lines.join("\r\n");
  }

  /** "pass;action=x;hostname=y" → {token: "pass", action: "x", hostname: "y"}. */
  function parseToken(raw) {
    const [token, ...parts] = raw.split(";");
    const widget = Object.fromEntries(parts.map((p) => p.split("=", 2)).filter((kv) => kv.length === 2));
    return { token, action: widget.action ?? action, hostname: widget.hostname ?? hostname };
  }

  function siteverify(provider, form) {
    const widget = parseToken(form.get("response") ?? "");
    const token = widget.token;
    if (options.secret !== undefined && form.get("secret") !== options.secret) {
      return { success: false, "error-codes": ["invalid-input-secret"] };
    }
    if (token !== "pass" && token !== "low") {
      return { success: false, "error-codes": [token ? "invalid-input-response" : "missing-input-response"] };
    }
    const reply = { success: true, challenge_ts: new Date().toISOString(), hostname: widget.hostname, "error-codes": [] };
    if (provider !== "hcaptcha") reply.action = widget.action;
    // reCAPTCHA v3: 0.0 = bot … 1.0 = human. hCaptcha Enterprise scores risk the
    // other way round (1.0 = bot), so "low" (a poor result) is 0.9 there.
    if (provider === "recaptcha") reply.score = token === "low" ? 0.1 : 0.9;
    if (provider === "hcaptcha") reply.score = token === "low" ? 0.9 : 0.1;
    return reply;
  }

  function send(res, status, type, body) {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url, "http://fake");
      const provider = Object.keys(paths).find((k) => paths[k] === url.pathname);
      const service = url.pathname.startsWith("/range/") ? "hibp" : provider ? "captcha" : "other";
      requests.push({ method: req.method, path: req.url, headers: { ...req.headers }, body, service,
        provider: provider ?? null, at: Date.now() });
      const mode = modes[service] ?? "normal";
      if (mode === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (mode === "error") return send(res, 500, "text/plain", "fake provider error");

      if (req.method === "GET" && url.pathname === TURNSTILE_SCRIPT_PATH) {
        return send(res, 200, "text/javascript; charset=utf-8", TURNSTILE_SCRIPT);
      }
      if (service === "hibp") {
        const m = /^\/range\/([0-9A-Fa-f]{5})$/.exec(url.pathname);
        if (req.method !== "GET" || !m || url.search) return send(res, 400, "text/plain", "bad range request");
        const padded = String(req.headers["add-padding"] ?? "").toLowerCase() === "true";
        return send(res, 200, "text/plain", rangeBody(m[1].toUpperCase(), padded));
      }
      if (service === "captcha") {
        if (req.method !== "POST") return send(res, 405, "text/plain", "POST only");
        const type = String(req.headers["content-type"] ?? "");
        let form;
        try {
          form = type.includes("application/json")
            ? new Map(Object.entries(JSON.parse(body || "{}")).map(([k, v]) => [k, String(v)]))
            : new URLSearchParams(body);
        } catch {
          return send(res, 400, "text/plain", "bad body");
        }
        return send(res, 200, "application/json", JSON.stringify(siteverify(provider, form)));
      }
      return send(res, 404, "text/plain", "not found");
    });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    paths,
    requests,
    siteverifyUrl: (provider) => url + paths[provider],
    setPasswords,
    clearRequests() {
      requests.length = 0;
    },
    /** "normal" | "hang" | "error"; without `service`, applies to HIBP and CAPTCHA alike. */
    setMode(mode, service) {
      if (!MODES.has(mode)) throw new Error(`unknown mode ${mode}`);
      if (service !== undefined && !(service in modes)) throw new Error(`unknown service ${service}`);
      for (const s of service ? [service] : Object.keys(modes)) modes[s] = mode;
      if (mode !== "hang") {
        for (const res of hanging) res.destroy();
        hanging.clear();
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
