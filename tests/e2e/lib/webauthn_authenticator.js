// A software WebAuthn authenticator and client (WebAuthn L2 §6 and §5.1.3/§5.1.4) over
// node:crypto: ES256, EdDSA and RS256 credentials, authenticatorData with the UP/UV/BE/BS/AT
// flags and a signature counter, `none` (or `packed` self) attestation, assertions signed over
// authenticatorData || SHA-256(clientDataJSON). install() puts it behind
// navigator.credentials.create/get and PublicKeyCredential, so @simplewebauthn/browser, and with
// it Better Auth's passkeyClient, runs in Node unchanged. Every ceremony takes a `tamper` object
// for the hostile tests (TAMPER below); a good RP refuses each of them.
import crypto from "node:crypto";
import { encode } from "./cbor.js";

export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 };
export const ALG = { ES256: -7, EdDSA: -8, RS256: -257 };
const ALG_NAME = Object.fromEntries(Object.entries(ALG).map(([k, v]) => [v, k]));
export const ZERO_AAGUID = Buffer.alloc(16);

export const b64url = {
  encode: (bytes) => Buffer.from(bytes).toString("base64url"),
  decode: (text) => Buffer.from(text, "base64url"),
};
export const sha256 = (data) => crypto.createHash("sha256").update(data).digest();
const toArrayBuffer = (buf) => Uint8Array.from(buf).buffer;
const toBuffer = (bytes) => Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
const apply = (hook, value, ...args) => (hook === undefined ? value : typeof hook === "function" ? hook(value, ...args) : hook);

/** The AAGUID in its text form (8-4-4-4-12 hex), as a passkey row stores it. */
export function aaguidText(bytes) {
  const h = Buffer.from(bytes).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A new key pair for `alg` ("ES256" | "EdDSA" | "RS256"). */
export function generateKey(alg) {
  if (alg === "ES256") return { alg, ...crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }) };
  if (alg === "EdDSA") return { alg, ...crypto.generateKeyPairSync("ed25519") };
  if (alg === "RS256") return { alg, ...crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }) };
  throw new Error(`unsupported algorithm ${alg}`);
}

/** The COSE_Key (RFC 9052/9053) of a public key, as a Map in canonical key order. */
export function coseKey({ alg, publicKey }) {
  const jwk = publicKey.export({ format: "jwk" });
  const bytes = (v) => Buffer.from(v, "base64url");
  if (alg === "ES256") return new Map([[1, 2], [3, -7], [-1, 1], [-2, bytes(jwk.x)], [-3, bytes(jwk.y)]]);
  if (alg === "EdDSA") return new Map([[1, 1], [3, -8], [-1, 6], [-2, bytes(jwk.x)]]);
  return new Map([[1, 3], [3, -257], [-1, bytes(jwk.n)], [-2, bytes(jwk.e)]]);
}

/** An ES256/RS256 signature (DER for ECDSA, as WebAuthn §6.5.6 wants) or an Ed25519 one. */
export function sign({ alg, privateKey }, data) {
  return crypto.sign(alg === "EdDSA" ? null : "sha256", data, privateKey);
}

/**
 * authenticatorData (WebAuthn L2 §6.1): rpIdHash | flags | signCount (big-endian) |
 * [aaguid | credentialIdLength | credentialId | COSE key] when `attested` is given.
 */
export function authenticatorData({ rpIdHash, flags, counter, attested, extensions }) {
  const head = Buffer.alloc(37);
  rpIdHash.copy(head, 0);
  head[32] = flags;
  head.writeUInt32BE(counter >>> 0, 33);
  const parts = [head];
  if (attested) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(attested.credentialId.length);
    parts.push(attested.aaguid, len, attested.credentialId, encode(attested.cose));
  }
  if (extensions) parts.push(encode(extensions));
  return Buffer.concat(parts);
}

/**
 * What each ceremony accepts in `tamper` (all optional; a function gets the honest value):
 *   origin, type, challenge (base64url), crossOrigin   → clientDataJSON fields
 *   clientData(obj) → obj, clientDataJSON (Buffer)       → the whole clientDataJSON
 *   rpId                                                  → rpIdHash = SHA-256(this instead)
 *   flags(f) → f, counter(c) → c                          → authenticatorData fields
 *   authData(buf) → buf                                   → the finished authenticatorData
 *   signedData(authData, clientDataHash) → buf            → what the signature covers
 *   signature(sig) → sig                                  → the finished signature
 *   registration only: alg ("ES256"…), key (generateKey()), credentialId (Buffer),
 *     cose(map) → map|CborPairs|CborRaw, aaguid, fmt, attStmt(stmt) → stmt,
 *     attestationObject(buf) → buf, store (false: the authenticator forgets the credential)
 *   assertion only: credential (a stored credential to use), id (the response's id),
 *     userHandle (Buffer|null)
 */
export class SoftAuthenticator {
  /**
   * @param {object} opts
   * @param {string} opts.origin        the page's origin, written into clientDataJSON
   * @param {string[]} [opts.algs]      algorithms this authenticator supports, default ["ES256"]
   * @param {boolean} [opts.userVerified]  sets UV, default true
   * @param {boolean} [opts.backupEligible] [opts.backedUp]  BE and BS, default false
   * @param {Buffer} [opts.aaguid]      default 16 zero bytes
   * @param {string[]} [opts.transports] default ["internal"]
   * @param {string} [opts.fmt]         attestation format: "none" (default) or "packed" (self)
   * @param {number} [opts.counterStep] added to the counter per assertion, default 1 (0: a synced passkey)
   */
  constructor(opts) {
    this.origin = opts.origin;
    this.algs = opts.algs ?? ["ES256"];
    this.userVerified = opts.userVerified ?? true;
    this.backupEligible = opts.backupEligible ?? false;
    this.backedUp = opts.backedUp ?? false;
    this.aaguid = opts.aaguid ?? ZERO_AAGUID;
    this.transports = opts.transports ?? ["internal"];
    this.fmt = opts.fmt ?? "none";
    this.counterStep = opts.counterStep ?? 1;
    this.credentials = []; // {id: Buffer, idText, rpId, userHandle, userName, key, counter}
    this.pending = undefined; // tamper for the next navigator.credentials call (tamperNext)
    this.log = []; // every ceremony's result, for assertions on what was sent
  }

  /** Tampers with the next navigator.credentials.create/get only. */
  tamperNext(tamper) {
    this.pending = tamper;
  }

  flags(attested) {
    let f = FLAGS.UP;
    if (this.userVerified) f |= FLAGS.UV;
    if (this.backupEligible) f |= FLAGS.BE;
    if (this.backedUp) f |= FLAGS.BS;
    if (attested) f |= FLAGS.AT;
    return f;
  }

  clientDataJSON(type, challenge, tamper) {
    if (tamper.clientDataJSON) return Buffer.from(tamper.clientDataJSON);
    const obj = {
      type: apply(tamper.type, type),
      challenge: apply(tamper.challenge, b64url.encode(challenge)),
      origin: apply(tamper.origin, this.origin),
      crossOrigin: apply(tamper.crossOrigin, false),
    };
    return Buffer.from(JSON.stringify(apply(tamper.clientData, obj)));
  }

  /**
   * authenticatorMakeCredential plus the client's part (WebAuthn L2 §5.1.3), on decoded options.
   * @param {{challenge: Buffer, rpId: string, user: {id: Buffer, name: string},
   *   pubKeyCredParams?: {alg: number}[], excludeCredentials?: Buffer[]}} o
   */
  makeCredential(o, tamper = {}) {
    const excluded = (o.excludeCredentials ?? []).map((id) => id.toString("hex"));
    if (this.credentials.some((c) => c.rpId === o.rpId && excluded.includes(c.id.toString("hex")))) {
      throw new DOMException("The authenticator already holds a credential for this RP", "InvalidStateError");
    }
    const offered = (o.pubKeyCredParams ?? [{ alg: ALG.ES256 }]).map((p) => ALG_NAME[p.alg]);
    const alg = tamper.alg ?? offered.find((a) => a && this.algs.includes(a));
    if (!alg) throw new DOMException("No supported algorithm", "NotSupportedError");
    const key = tamper.key ?? generateKey(alg);
    const credentialId = tamper.credentialId ?? crypto.randomBytes(32);
    const counter = apply(tamper.counter, 0);
    const authData = apply(
      tamper.authData,
      authenticatorData({
        rpIdHash: sha256(apply(tamper.rpId, o.rpId)),
        flags: apply(tamper.flags, this.flags(true)),
        counter,
        attested: {
          aaguid: apply(tamper.aaguid, this.aaguid),
          credentialId,
          cose: apply(tamper.cose, coseKey({ ...key, alg })),
        },
      }),
    );
    const clientDataJSON = this.clientDataJSON("webauthn.create", o.challenge, tamper);
    const fmt = apply(tamper.fmt, this.fmt);
    let attStmt = {};
    if (fmt === "packed") {
      const signed = apply(tamper.signedData, Buffer.concat([authData, sha256(clientDataJSON)]), sha256(clientDataJSON));
      attStmt = new Map([["alg", ALG[alg]], ["sig", apply(tamper.signature, sign(key, signed))]]);
    }
    const attestationObject = apply(
      tamper.attestationObject,
      encode(new Map([["fmt", fmt], ["attStmt", apply(tamper.attStmt, attStmt)], ["authData", authData]])),
    );
    const credential = {
      id: credentialId, idText: b64url.encode(credentialId), rpId: o.rpId, userHandle: o.user.id,
      userName: o.user.name, key, alg, counter,
    };
    if (tamper.store !== false) this.credentials.push(credential);
    const result = { credential, clientDataJSON, attestationObject, authData, alg, transports: this.transports };
    this.log.push({ ceremony: "create", ...result });
    return result;
  }

  /**
   * authenticatorGetAssertion plus the client's part (WebAuthn L2 §5.1.4), on decoded options. With an empty
   * allow list the authenticator offers its discoverable credentials for the RP and takes the
   * newest (a user picking one); tamper.credential picks another.
   * @param {{challenge: Buffer, rpId: string, allowCredentials?: Buffer[]}} o
   */
  getAssertion(o, tamper = {}) {
    const allowed = (o.allowCredentials ?? []).map((id) => id.toString("hex"));
    const candidates = this.credentials.filter(
      (c) => c.rpId === o.rpId && (allowed.length === 0 || allowed.includes(c.id.toString("hex"))),
    );
    const credential = tamper.credential ?? candidates.at(-1);
    if (!credential) throw new DOMException("No credential for this RP", "NotAllowedError");
    credential.counter = apply(tamper.counter, credential.counter + this.counterStep);
    const authData = apply(
      tamper.authData,
      authenticatorData({
        rpIdHash: sha256(apply(tamper.rpId, o.rpId)),
        flags: apply(tamper.flags, this.flags(false)),
        counter: credential.counter,
      }),
    );
    const clientDataJSON = this.clientDataJSON("webauthn.get", o.challenge, tamper);
    const hash = sha256(clientDataJSON);
    const signed = apply(tamper.signedData, Buffer.concat([authData, hash]), hash);
    const signature = apply(tamper.signature, sign(credential.key, signed));
    const result = {
      credential, id: apply(tamper.id, credential.idText), clientDataJSON, authData, signature,
      userHandle: tamper.userHandle === undefined ? credential.userHandle : tamper.userHandle,
    };
    this.log.push({ ceremony: "get", ...result });
    return result;
  }

  /** RegistrationResponseJSON (what @simplewebauthn/browser posts) for creation options JSON. */
  register(optionsJSON, tamper = {}) {
    const r = this.makeCredential(decodeCreationOptions(optionsJSON, this.origin), tamper);
    return {
      id: r.credential.idText,
      rawId: r.credential.idText,
      type: "public-key",
      response: {
        attestationObject: b64url.encode(r.attestationObject),
        clientDataJSON: b64url.encode(r.clientDataJSON),
        transports: r.transports,
        publicKeyAlgorithm: ALG[r.alg],
        authenticatorData: b64url.encode(r.authData),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: { credProps: { rk: true } },
    };
  }

  /** AuthenticationResponseJSON for request options JSON. */
  authenticate(optionsJSON, tamper = {}) {
    const r = this.getAssertion(decodeRequestOptions(optionsJSON, this.origin), tamper);
    return {
      id: r.id,
      rawId: r.id,
      type: "public-key",
      response: {
        authenticatorData: b64url.encode(r.authData),
        clientDataJSON: b64url.encode(r.clientDataJSON),
        signature: b64url.encode(r.signature),
        ...(r.userHandle ? { userHandle: b64url.encode(r.userHandle) } : {}),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /**
   * Makes this authenticator the browser's: globalThis.navigator.credentials.create/get,
   * PublicKeyCredential (with its static feature checks) and location. Returns the uninstaller.
   */
  install() {
    const names = ["navigator", "PublicKeyCredential", "location"];
    const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)]);
    const define = (name, value) =>
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
    define("navigator", { ...globalThis.navigator, credentials: this.credentialsContainer() });
    define("PublicKeyCredential", SoftPublicKeyCredential);
    define("location", new URL(this.origin));
    return () => {
      for (const [name, desc] of saved) {
        if (desc) Object.defineProperty(globalThis, name, desc);
        else delete globalThis[name];
      }
    };
  }

  /** navigator.credentials: the browser-facing API with ArrayBuffers. */
  credentialsContainer() {
    const take = () => {
      const t = this.pending ?? {};
      this.pending = undefined;
      return t;
    };
    return {
      create: async ({ publicKey, signal }) => {
        signal?.throwIfAborted();
        const o = {
          challenge: toBuffer(publicKey.challenge),
          rpId: publicKey.rp.id ?? new URL(this.origin).hostname,
          user: { ...publicKey.user, id: toBuffer(publicKey.user.id) },
          pubKeyCredParams: publicKey.pubKeyCredParams,
          excludeCredentials: (publicKey.excludeCredentials ?? []).map((c) => toBuffer(c.id)),
        };
        checkRpId(o.rpId, this.origin);
        const r = this.makeCredential(o, take());
        const spki = r.credential.key.publicKey.export({ format: "der", type: "spki" });
        return new SoftPublicKeyCredential(r.credential.id, {
          clientDataJSON: toArrayBuffer(r.clientDataJSON),
          attestationObject: toArrayBuffer(r.attestationObject),
          getTransports: () => [...r.transports],
          getPublicKeyAlgorithm: () => ALG[r.alg],
          getPublicKey: () => toArrayBuffer(spki),
          getAuthenticatorData: () => toArrayBuffer(r.authData),
        }, publicKey.extensions?.credProps ? { credProps: { rk: true } } : {});
      },
      get: async ({ publicKey, signal }) => {
        signal?.throwIfAborted();
        const o = {
          challenge: toBuffer(publicKey.challenge),
          rpId: publicKey.rpId ?? new URL(this.origin).hostname,
          allowCredentials: (publicKey.allowCredentials ?? []).map((c) => toBuffer(c.id)),
        };
        checkRpId(o.rpId, this.origin);
        const r = this.getAssertion(o, take());
        return new SoftPublicKeyCredential(b64url.decode(r.id), {
          clientDataJSON: toArrayBuffer(r.clientDataJSON),
          authenticatorData: toArrayBuffer(r.authData),
          signature: toArrayBuffer(r.signature),
          userHandle: r.userHandle ? toArrayBuffer(r.userHandle) : null,
        });
      },
    };
  }
}

/** What window.PublicKeyCredential is in a browser with a platform authenticator. */
export class SoftPublicKeyCredential {
  constructor(rawId, response, extensionResults = {}) {
    this.id = b64url.encode(rawId);
    this.rawId = toArrayBuffer(rawId);
    this.type = "public-key";
    this.response = response;
    this.authenticatorAttachment = "platform";
    this.extensionResults = extensionResults;
  }
  getClientExtensionResults() {
    return this.extensionResults;
  }
  static async isUserVerifyingPlatformAuthenticatorAvailable() {
    return true;
  }
  static async isConditionalMediationAvailable() {
    return true;
  }
}

/** A browser refuses an RP ID that is not the origin's host or a suffix of it (WebAuthn L2 §5.1.3 step 8). */
function checkRpId(rpId, origin) {
  const host = new URL(origin).hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw new DOMException(`${rpId} is not a registrable domain suffix of ${host}`, "SecurityError");
  }
}

function decodeCreationOptions(json, origin) {
  return {
    challenge: b64url.decode(json.challenge),
    rpId: json.rp?.id ?? new URL(origin).hostname,
    user: { ...json.user, id: b64url.decode(json.user.id) },
    pubKeyCredParams: json.pubKeyCredParams,
    excludeCredentials: (json.excludeCredentials ?? []).map((c) => b64url.decode(c.id)),
  };
}

function decodeRequestOptions(json, origin) {
  return {
    challenge: b64url.decode(json.challenge),
    rpId: json.rpId ?? new URL(origin).hostname,
    allowCredentials: (json.allowCredentials ?? []).map((c) => b64url.decode(c.id)),
  };
}
