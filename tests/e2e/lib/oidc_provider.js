// A small OpenID Connect / OAuth 2.0 provider for the social sign-in tests (docs/social.md),
// speaking the real protocol on one loopback HTTP server, so latchkey's production code path
// (discovery, authorize, token, userinfo, JWKS) is what the tests exercise:
//   GET  /.well-known/openid-configuration   OpenID Connect Discovery 1.0
//   GET  /authorize    auto-consent for the test-selected user; refuses a request without PKCE
//                      S256 (RFC 7636 §4.3), an unknown client or redirect_uri
//   POST /token        authorization_code (single-use code, PKCE verifier checked:
//                      RFC 7636 §4.6) and refresh_token; client authentication client_secret_basic or
//                      client_secret_post, exactly the one the client is registered for
//   GET  /userinfo     Bearer access token → the user's claims
//   GET  /jwks         two signing keys (RS256 and ES256); rotate() replaces the active one
//   GET  /user, /user/emails   GitHub's user and e-mail APIs (for the github preset)
//   GET  /plain-user   a plain OAuth 2.0 user API (id, login, email, avatar_url)
//   GET  /custom-user  a user API of another, nested shape (for the user-info mapping)
// Knobs: setUser() picks who "consents" (email_verified true/false included); forge() makes
// the next ID tokens wrong in one way (wrong-key, wrong-aud, wrong-iss, expired, alg-none,
// no-nonce, hs256, wrong-azp, no-kid-wrong-key; no-kid is honest but names no key;
// at:<exp|nbf|iat>:<seconds from now> shifts one time claim); setMode("down") answers 503 everywhere. Every request is
// recorded. No npm dependencies.
import crypto from "node:crypto";
import http from "node:http";

const b64url = (buf) => Buffer.from(buf).toString("base64url");

function makeKey(alg, kid) {
  const pair =
    alg === "RS256"
      ? crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
      : crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...pair.publicKey.export({ format: "jwk" }), kid, alg, use: "sig" };
  return { alg, kid, privateKey: pair.privateKey, jwk };
}

/** A compact JWS of `claims` under `key` (or unsigned with alg "none"). */
export function signJwt(claims, key, headerOverrides = {}) {
  const header = { alg: key?.alg ?? "none", typ: "JWT", ...(key ? { kid: key.kid } : {}), ...headerOverrides };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (header.alg === "none") return `${input}.`;
  if (header.alg === "HS256") {
    return `${input}.${b64url(crypto.createHmac("sha256", headerOverrides.hmacKey ?? "k").update(input).digest())}`;
  }
  const sig =
    key.alg === "RS256"
      ? crypto.sign("sha256", Buffer.from(input), key.privateKey)
      : crypto.sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${b64url(sig)}`;
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * @param {object} [options]
 * @param {string} [options.path=""]  issuer path (e.g. "/realms/test"); the issuer is origin + path
 * @param {string} [options.clientId="latchkey-client"]
 * @param {string} [options.clientSecret="s3cret-client"]
 * @param {"client_secret_basic"|"client_secret_post"} [options.tokenAuth="client_secret_basic"]
 * @param {{teamId: string, keyId: string, publicKey: crypto.KeyObject}} [options.apple]  Sign in
 *   with Apple's client authentication: the client secret is an ES256 JWT by this key
 *   (iss = team id, sub = client id, aud = https://appleid.apple.com), checked instead of a secret
 * @param {boolean} [options.alwaysIdToken=false]  an ID token even without the openid scope (Apple)
 */
export async function startOidcProvider(options = {}) {
  const clientId = options.clientId ?? "latchkey-client";
  const clientSecret = options.clientSecret ?? "s3cret-client";
  const tokenAuth = options.tokenAuth ?? "client_secret_basic";
  const prefix = options.path ?? "";
  const keys = [makeKey("RS256", "rsa-1"), makeKey("ES256", "ec-1")];
  let active = keys[0];
  let rotations = 0;
  let mode = "normal";
  let forgery = null;
  const redirectUris = new Set();
  const codes = new Map(); // code -> {user, nonce, challenge, redirectUri, scope}
  const accessTokens = new Map(); // token -> user
  const refreshTokens = new Map();
  const requests = [];
  let user = { sub: "u-1", email: "ada@example.com", email_verified: true, name: "Ada Lovelace" };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const body = req.method === "POST" ? await readBody(req) : "";
    requests.push({ method: req.method, path: url.pathname, query: url.search, body, headers: req.headers });
    const json = (status, obj) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(obj));
    };
    if (mode === "down") return json(503, { error: "temporarily_unavailable" });
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    try {
      if (path === "/.well-known/openid-configuration") return json(200, discovery());
      if (path === "/authorize") return authorize(url, res);
      if (path === "/token" && req.method === "POST") return token(req, body, json);
      if (path === "/userinfo" || path === "/user") return userinfo(req, json, path === "/user");
      if (path === "/user/emails") return emails(req, json);
      if (path === "/plain-user") {
        // A plain OAuth 2.0 user API (GitLab-like): id, login, email, avatar_url; no OpenID claims.
        const u = bearerUser(req);
        if (!u) return json(401, { error: "invalid_token" });
        return json(200, { id: 4242, login: "plainuser", email: u.email, avatar_url: "https://img.example/p.png" });
      }
      if (path === "/custom-user") {
        // A user API of another shape (JSON:API-like, nested, the verified flag a string): read
        // through the oidc_<id>_*_field mapping, never by guessing.
        const u = bearerUser(req);
        if (!u) return json(401, { error: "invalid_token" });
        return json(200, {
          email: "decoy@evil.example", email_verified: true,
          data: { type: "user", uid: `c-${u.sub}`, attributes: { contact: { mail: u.email, confirmed: String(!!u.email_verified) }, displayName: u.name, photos: [{ url: "https://img.example/c.png" }] } },
        });
      }
      if (path === "/jwks") return json(200, { keys: keys.map((k) => k.jwk) });
      json(404, { error: "not_found" });
    } catch (err) {
      json(500, { error: "server_error", error_description: String(err) });
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = origin + prefix;

  function discovery() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256", "ES256"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: [tokenAuth],
    };
  }

  function authorize(url, res) {
    const q = Object.fromEntries(url.searchParams);
    const redirect = (target) => {
      res.writeHead(302, { location: target });
      res.end();
    };
    if (q.client_id !== clientId || (redirectUris.size && !redirectUris.has(q.redirect_uri))) {
      res.writeHead(400, { "content-type": "text/plain" });
      return res.end("unknown client or redirect_uri");
    }
    const back = new URL(q.redirect_uri);
    if (q.response_type !== "code" || q.code_challenge_method !== "S256" || !q.code_challenge) {
      back.searchParams.set("error", "invalid_request");
      back.searchParams.set("state", q.state ?? "");
      return redirect(back.toString());
    }
    const code = crypto.randomBytes(16).toString("hex");
    codes.set(code, { user: { ...user }, nonce: q.nonce, challenge: q.code_challenge, redirectUri: q.redirect_uri, scope: q.scope });
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.state ?? "");
    back.searchParams.set("iss", issuer);
    redirect(back.toString());
  }

  function appleSecretValid(jwt) {
    const [h, c, sig] = (jwt ?? "").split(".");
    if (!sig) return false;
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    const claims = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    const ok = crypto.verify("sha256", Buffer.from(`${h}.${c}`), { key: options.apple.publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(sig, "base64url"));
    const now = Math.floor(Date.now() / 1000);
    return ok && header.alg === "ES256" && header.kid === options.apple.keyId && claims.iss === options.apple.teamId &&
      claims.sub === clientId && claims.aud === "https://appleid.apple.com" && claims.exp > now && claims.iat <= now + 60;
  }

  function clientAuthenticated(req, form) {
    const basic = req.headers.authorization?.startsWith("Basic ") ? req.headers.authorization.slice(6) : null;
    if (tokenAuth === "client_secret_basic") {
      if (!basic || form.has("client_secret")) return false;
      const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent);
      return id === clientId && secret === clientSecret;
    }
    if (options.apple) return !basic && form.get("client_id") === clientId && appleSecretValid(form.get("client_secret"));
    return !basic && form.get("client_id") === clientId && form.get("client_secret") === clientSecret;
  }

  function idToken(u, nonce) {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer, sub: u.sub, aud: clientId, exp: now + 300, iat: now, nonce, email: u.email, email_verified: u.email_verified, name: u.name };
    let key = active;
    const header = {};
    switch (forgery) {
      case "wrong-key": key = { ...makeKey(active.alg, active.kid) }; break;
      case "wrong-aud": claims.aud = "someone-else"; break;
      case "wrong-iss": claims.iss = `${origin}/evil`; break;
      case "expired": claims.exp = now - 3600; claims.iat = now - 7200; break;
      case "no-nonce": delete claims.nonce; break;
      case "wrong-azp": claims.aud = [clientId, "other"]; claims.azp = "other"; break;
      case "no-kid": header.kid = undefined; break; // honest, but the header names no key
      case "no-kid-wrong-key": key = { ...makeKey(active.alg, active.kid) }; header.kid = undefined; break;
      case "alg-none": return signJwt(claims, null);
      case "hs256": header.alg = "HS256"; header.hmacKey = JSON.stringify(active.jwk); break;
      default: {
        // "at:<claim>:<seconds from now>": an honest token whose exp, nbf or iat is shifted
        // (the clock-skew edges, RFC 7519 §4.1.4).
        const shifted = /^at:(exp|nbf|iat):(-?\d+)$/.exec(forgery ?? "");
        if (shifted) claims[shifted[1]] = now + Number(shifted[2]);
        break;
      }
    }
    return signJwt(claims, key, header);
  }

  function token(req, body, json) {
    const form = new URLSearchParams(body);
    if (!clientAuthenticated(req, form)) return json(401, { error: "invalid_client" });
    if (form.get("grant_type") === "refresh_token") {
      const u = refreshTokens.get(form.get("refresh_token"));
      if (!u) return json(400, { error: "invalid_grant" });
      const access = crypto.randomBytes(16).toString("hex");
      accessTokens.set(access, u);
      return json(200, { access_token: access, token_type: "Bearer", expires_in: 3600, scope: "openid email profile" });
    }
    if (form.get("grant_type") !== "authorization_code") return json(400, { error: "unsupported_grant_type" });
    const grant = codes.get(form.get("code"));
    codes.delete(form.get("code")); // single use
    if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(400, { error: "invalid_grant" });
    const verifier = form.get("code_verifier") ?? "";
    const challenge = b64url(crypto.createHash("sha256").update(verifier).digest());
    if (challenge !== grant.challenge) return json(400, { error: "invalid_grant", error_description: "PKCE verification failed" });
    const access = crypto.randomBytes(16).toString("hex");
    const refresh = crypto.randomBytes(16).toString("hex");
    accessTokens.set(access, grant.user);
    refreshTokens.set(refresh, grant.user);
    const answer = { access_token: access, token_type: "Bearer", expires_in: 3600, refresh_token: refresh, scope: grant.scope };
    if (options.alwaysIdToken || (grant.scope ?? "").split(" ").includes("openid")) answer.id_token = idToken(grant.user, grant.nonce);
    json(200, answer);
  }

  function bearerUser(req) {
    const auth = req.headers.authorization ?? "";
    return auth.startsWith("Bearer ") ? accessTokens.get(auth.slice(7)) : undefined;
  }

  function userinfo(req, json, github) {
    const u = bearerUser(req);
    if (!u) return json(401, { error: "invalid_token" });
    if (github) return json(200, { id: Number(u.sub.replace(/\D/g, "")) || 42, login: u.name?.split(" ")[0] ?? "octo", name: u.name, email: null, avatar_url: "https://avatars.example/u.png" });
    json(200, { sub: u.sub, email: u.email, email_verified: u.email_verified, name: u.name, picture: "https://img.example/u.png" });
  }

  function emails(req, json) {
    const u = bearerUser(req);
    if (!u) return json(401, { message: "Bad credentials" });
    json(200, [{ email: `other-${u.email}`, primary: false, verified: true }, { email: u.email, primary: true, verified: !!u.email_verified }]);
  }

  return {
    origin,
    issuer,
    clientId,
    clientSecret,
    requests,
    /** The user the next authorize consents as. */
    setUser(next) {
      user = { email_verified: true, name: "Test User", ...next };
    },
    /** Forge the next ID tokens in one way (null: honest). */
    forge(kind) {
      forgery = kind;
    },
    setMode(next) {
      mode = next;
    },
    /** An ID token as the provider's own SDK hands it to an app (sign-in with an ID token). */
    mintIdToken(overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, sub: user.sub, aud: clientId, exp: now + 300, iat: now, email: user.email, email_verified: user.email_verified, name: user.name, ...overrides };
      for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
      return signJwt(claims, active);
    },
    /** Only these redirect_uris are accepted (none registered: any). */
    registerRedirectUri(uri) {
      redirectUris.add(uri);
    },
    /** Replaces the active signing key by a new one (new kid) and drops the old from the JWKS. */
    rotate() {
      rotations += 1;
      const next = makeKey(active.alg, `${active.alg === "RS256" ? "rsa" : "ec"}-${rotations + 1}`);
      keys.splice(keys.indexOf(active), 1, next);
      active = next;
    },
    /** Sign with the ES256 key instead of the RS256 one (both published). */
    useAlg(alg) {
      active = keys.find((k) => k.alg === alg);
    },
    /** Tamper with an issued code's PKCE challenge (a verifier mismatch at the token endpoint). */
    corruptChallenges() {
      for (const grant of codes.values()) grant.challenge = b64url(crypto.randomBytes(32));
    },
    requestsTo(pathSuffix) {
      return requests.filter((r) => r.path.endsWith(pathSuffix));
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
