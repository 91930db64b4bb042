// An authenticator app in a few lines: RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s steps) over
// RFC 4226 HOTP, keyed by the base32 secret of an otpauth:// URI (docs/api.md, "Two-factor
// authentication"). Independent of the server's code: node:crypto only.
import crypto from "node:crypto";

export const STEP_S = 30;
export const DIGITS = 6;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (case-insensitive, padding optional) → bytes. */
export function base32Decode(text) {
  const clean = text.toUpperCase().replace(/=+$/, "");
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP of an 8-byte counter with HMAC-SHA1, `digits` long, zero-padded. */
export function hotp(key, counter, digits = DIGITS) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac("sha1", key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The 30 s step number at `ms` (Unix time in milliseconds). */
export const stepAt = (ms = Date.now()) => Math.floor(ms / 1000 / STEP_S);

/** The TOTP code of step `step` for a base32 secret. */
export const totpAtStep = (base32Secret, step, digits = DIGITS) => hotp(base32Decode(base32Secret), step, digits);

/** The TOTP code at `ms` for a base32 secret. */
export const totp = (base32Secret, ms = Date.now()) => totpAtStep(base32Secret, stepAt(ms));

/** Parses otpauth://totp/<label>?secret=…&issuer=…&digits=…&period=… into its parts. */
export function parseOtpauth(uri) {
  const u = new URL(uri);
  return {
    protocol: u.protocol,
    type: u.host,
    label: decodeURIComponent(u.pathname.replace(/^\//, "")),
    rawLabel: u.pathname.replace(/^\//, ""),
    params: Object.fromEntries(u.searchParams),
    secret: u.searchParams.get("secret"),
  };
}

/**
 * Hands out codes the way a careful user would when the server accepts each code once
 * (RFC 6238 §5.2): steps strictly increasing per secret, within the ±1 step window the
 * server allows. Three distinct codes per secret per 30 s; a fourth waits for the next
 * step. A code near a step boundary is taken from the current or next step, so the server
 * still accepts it when the boundary passes in flight.
 */
export class Authenticator {
  constructor(base32Secret) {
    this.secret = base32Secret;
    this.lastStep = -Infinity;
  }

  /** The next unused code and its step. */
  async next() {
    for (;;) {
      const now = Date.now();
      const current = stepAt(now);
      const msLeft = (current + 1) * STEP_S * 1000 - now;
      const lowest = msLeft < 2000 ? current : current - 1;
      const step = Math.max(this.lastStep + 1, lowest);
      if (step <= current + 1) {
        this.lastStep = step;
        return { code: totpAtStep(this.secret, step), step };
      }
      await new Promise((r) => setTimeout(r, msLeft + 50));
    }
  }

  /** Just the code. */
  async code() {
    return (await this.next()).code;
  }
}
