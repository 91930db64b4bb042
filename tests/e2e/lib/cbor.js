// The CBOR (RFC 8949) the WebAuthn tests need: an encoder for attestation objects and COSE keys
// (WebAuthn L2 §6.5, §6.5.1), with hooks to write what a well-behaved authenticator never would
// (repeated map keys, raw bytes), and a small decoder to read a stored COSE key back.

/** A map written exactly as given, repeated keys included: new CborPairs([[1, 2], [1, 3]]). */
export class CborPairs {
  constructor(pairs) {
    this.pairs = pairs;
  }
}

/** Bytes copied into the output as they are (an item the encoder would not make). */
export class CborRaw {
  constructor(bytes) {
    this.bytes = Buffer.from(bytes);
  }
}

function head(major, n) {
  const m = major << 5;
  if (typeof n === "bigint" || n > 0xffffffff) {
    const b = Buffer.alloc(9);
    b[0] = m | 27;
    b.writeBigUInt64BE(BigInt(n), 1);
    return b;
  }
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = m | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Encodes numbers (integers), strings, bytes, arrays, Maps, plain objects, booleans and null. */
export function encode(value) {
  if (value instanceof CborRaw) return value.bytes;
  if (value === null || value === undefined) return Buffer.from([0xf6]);
  if (value === false) return Buffer.from([0xf4]);
  if (value === true) return Buffer.from([0xf5]);
  if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isInteger(value)) throw new Error(`CBOR: only integers, got ${value}`);
    return value >= 0 ? head(0, value) : head(1, typeof value === "bigint" ? -1n - value : -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const bytes = Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);
    return Buffer.concat([head(2, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encode)]);
  const pairs = value instanceof CborPairs ? value.pairs : value instanceof Map ? [...value] : Object.entries(value);
  return Buffer.concat([head(5, pairs.length), ...pairs.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

/** Decodes one item; maps become Map (integer keys stay numbers). Throws on truncation. */
export function decode(bytes) {
  const buf = Buffer.from(bytes);
  const { value, offset } = decodeAt(buf, 0);
  return { value, rest: buf.subarray(offset) };
}

function decodeAt(buf, at) {
  if (at >= buf.length) throw new Error("CBOR: truncated");
  const major = buf[at] >> 5;
  const info = buf[at] & 31;
  let n;
  let off = at + 1;
  const need = (k) => {
    if (off + k > buf.length) throw new Error("CBOR: truncated");
  };
  if (info < 24) n = info;
  else if (info === 24) (need(1), (n = buf[off]), (off += 1));
  else if (info === 25) (need(2), (n = buf.readUInt16BE(off)), (off += 2));
  else if (info === 26) (need(4), (n = buf.readUInt32BE(off)), (off += 4));
  else if (info === 27) (need(8), (n = Number(buf.readBigUInt64BE(off))), (off += 8));
  else throw new Error(`CBOR: unsupported additional info ${info}`);
  switch (major) {
    case 0:
      return { value: n, offset: off };
    case 1:
      return { value: -1 - n, offset: off };
    case 2:
    case 3: {
      need(n);
      const slice = buf.subarray(off, off + n);
      return { value: major === 2 ? Buffer.from(slice) : slice.toString("utf8"), offset: off + n };
    }
    case 4: {
      const out = [];
      for (let i = 0; i < n; i += 1) {
        const item = decodeAt(buf, off);
        out.push(item.value);
        off = item.offset;
      }
      return { value: out, offset: off };
    }
    case 5: {
      const out = new Map();
      for (let i = 0; i < n; i += 1) {
        const k = decodeAt(buf, off);
        const v = decodeAt(buf, k.offset);
        out.set(k.value, v.value);
        off = v.offset;
      }
      return { value: out, offset: off };
    }
    case 7:
      if (info === 20) return { value: false, offset: off };
      if (info === 21) return { value: true, offset: off };
      if (info === 22) return { value: null, offset: off };
      throw new Error(`CBOR: unsupported simple value ${info}`);
    default:
      throw new Error(`CBOR: unsupported major type ${major}`);
  }
}
