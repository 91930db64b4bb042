#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ (committed; rerun after
editing this file). Each seed is a small valid or nearly valid input in the
layout its target reads (see the comment at the top of fuzz/targets/<t>.cc),
so the fuzzer starts from the interesting shapes instead of from nothing.
Deterministic: no randomness, no network."""
import base64
import hashlib
import json
import os
import shutil
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def write(target: str, seeds: dict) -> None:
    folder = os.path.join(ROOT, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, data in seeds.items():
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def strict_json():
    depth = b"\x20"  # first byte: max depth (1 + b % 40)
    docs = {
        "object": '{"email":"a@example.test","password":"hunter2","rememberMe":true}',
        "nested": '{"a":[1,2.5,-3e10,{"b":null,"c":[[]]}],"d":"\\u00e9\\ud83d\\ude00"}',
        "duplicate": '{"role":"user","role":"admin"}',
        "nested_duplicate": '{"a":{"x":1,"y":2,"x":3}}',
        "many_keys": "{" + ",".join(f'"k{i}":{i}' for i in range(12)) + "}",
        "many_keys_dup": "{" + ",".join(f'"k{i % 11}":{i}' for i in range(12)) + "}",
        "deep": "[" * 33 + "]" * 33,
        "numbers": "[0,-0,1e999,18446744073709551615,-9223372036854775808,1.5e-400]",
        "string": '"plain \\" escaped \\n"',
        "comment": '{"a":1 /* no */}',
        "trailing": '{"a":1} x',
        "bad_utf8": b'{"a":"\xff\xfe"}',
    }
    seeds = {}
    for name, doc in docs.items():
        doc = doc.encode() if isinstance(doc, str) else doc
        seeds[name] = depth + doc
    seeds["shallow_limit"] = b"\x00" + b'{"a":{"b":1}}'
    write("strict_json", seeds)


def jose_jws():
    header = {"alg": "EdDSA", "kid": "ed", "typ": "JWT"}
    claims = {"sub": "user-1", "iss": "https://issuer.test", "aud": ["aud-1", "x"],
              "exp": 1_700_000_600, "iat": 1_700_000_000, "nbf": 1_699_999_990}

    def forged(mode, h, c, leeway=0):
        return bytes([mode | 1, leeway]) + json.dumps(h).encode() + b"\0" + json.dumps(c).encode()

    def raw(mode, token):
        return bytes([mode & ~1, 0]) + token.encode()

    seeds = {
        "forged_valid": forged(2 | 4 | 8, header, claims),
        "forged_at_jwt": forged(16, dict(header, typ="application/at+jwt"), claims),
        "forged_expired": forged(2, header, dict(claims, exp=1_600_000_000), 30),
        "forged_alg_none": forged(2, dict(header, alg="none"), claims),
        "forged_alg_confusion": forged(2, dict(header, alg="RS256"), claims),
        "forged_jku": forged(2, dict(header, jku="https://evil.test/jwks"), claims),
        "forged_crit": forged(2, dict(header, crit=["b64"], b64=False), claims),
        "forged_unknown_kid": forged(2, dict(header, kid="nope"), claims),
        "forged_exp_string": forged(2, header, dict(claims, exp="soon")),
        "forged_dup_header": bytes([3, 0]) + b'{"alg":"EdDSA","kid":"ed","kid":"es"}\0{}',
        "forged_not_object": bytes([3, 0]) + b'["alg"]\0{}',
        "raw_es256": raw(2, b64url(b'{"alg":"ES256","kid":"es"}') + "." +
                     b64url(b'{"exp":1}') + "." + b64url(b"\x01" * 64)),
        "raw_rs256": raw(2, b64url(b'{"alg":"RS256","kid":"rs"}') + "." +
                     b64url(b'{"exp":1}') + "." + b64url(b"\x02" * 256)),
        "raw_two_segments": raw(0, "eyJhbGciOiJub25lIn0.eyJ9"),
        "raw_padding": raw(0, "eyJhbGciOiJFZERTQSJ9==.e30.AA"),
        "raw_empty_sig": raw(0, b64url(b'{"alg":"none","kid":"ed"}') + "." + b64url(b"{}") + "."),
    }
    write("jose_jws", seeds)


def jose_jwk():
    x = b64url(bytes(range(32)))
    keys = {
        "okp": {"kty": "OKP", "crv": "Ed25519", "x": b64url(hashlib.sha256(b"k").digest()),
                "alg": "EdDSA", "use": "sig", "kid": "k1"},
        "okp_small_order": {"kty": "OKP", "crv": "Ed25519", "x": b64url(b"\x01" + b"\x00" * 31)},
        "ec_off_curve": {"kty": "EC", "crv": "P-256", "x": x, "y": x, "alg": "ES256"},
        # The P-256 generator point: on the curve.
        "ec_generator": {"kty": "EC", "crv": "P-256",
                         "x": "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY",
                         "y": "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU"},
        "rsa_short": {"kty": "RSA", "n": b64url(b"\xc1" * 128), "e": "AQAB"},
        "rsa_2048": {"kty": "RSA", "n": b64url(b"\xc1" + b"\x37" * 255), "e": "AQAB",
                     "alg": "RS256"},
        "private_member": {"kty": "OKP", "crv": "Ed25519", "x": x, "d": x},
        "wrong_use": {"kty": "OKP", "crv": "Ed25519", "x": x, "use": "enc"},
    }
    seeds = {}
    for name, key in keys.items():
        seeds["key_" + name] = b"\x00" + json.dumps(key).encode()
    seeds["set_two"] = b"\x01" + json.dumps({"keys": [keys["okp"], keys["ec_generator"]]}).encode()
    seeds["set_dup_kid"] = b"\x01" + json.dumps(
        {"keys": [keys["okp"], dict(keys["ec_generator"], kid="k1")]}).encode()
    seeds["set_empty"] = b'\x01{"keys":[]}'
    seeds["set_not_array"] = b'\x01{"keys":{}}'
    write("jose_jwk", seeds)


def signed_value():
    import hmac
    secret = b"fuzz-secret-0123456789abcdef0123456789"

    def sign(value: bytes) -> bytes:
        mac = hmac.new(secret, value, hashlib.sha256).digest()
        return value + b"." + base64.b64encode(mac)

    seeds = {
        "signed": sign(b"session-token-abc"),
        "signed_with_dots": sign(b"a.b.c"),
        "bad_signature": b"session-token-abc." + b"A" * 43 + b"=",
        "no_dot": b"session-token-abc",
        "empty_value": b"." + base64.b64encode(b"\0" * 32),
        "base64": base64.b64encode(b"\xfb\xff\x00hello"),
        "base64url": base64.urlsafe_b64encode(b"\xfb\xff\x00hello"),
        "base64_nonzero_bits": b"QR==",
        "hex": b"DeadBeef00",
        "percent": b"abc%2Edef.xyz%3D",
    }
    write("signed_value", seeds)


def http_body():
    # First byte: Content-Type index (0 json, 1 form, 2 JSON+charset, 3 form+
    # charset, 4 text/plain, 5 none); high bit = forms allowed.
    seeds = {
        "json_sign_in": b"\x00" + b'{"email":"a@example.test","password":"pw","rememberMe":false}',
        "json_array": b"\x00[1,2]",
        "json_dup": b"\x02" + b'{"email":"a@example.test","email":"b@example.test"}',
        "json_int": b"\x00" + b'{"expiresIn":3600,"rememberMe":"yes"}',
        "form": b"\x81email=a%40example.test&password=p+w&rememberMe=true",
        "form_dup": b"\x83a=1&a=2",
        "form_not_allowed": b"\x01email=a%40example.test",
        "form_bad_escape": b"\x81name=%E2%82&x=%zz&=empty&flag",
        "form_utf8": b"\x81name=%C3%A9l%C3%A8ve&city=M%C3%BCnchen",
        "form_invalid_utf8": b"\x81name=%FF%FE&email=a%40example.test",
        "text_plain": b"\x04" + b'{"email":"a@example.test"}',
        "no_type": b"\x05" + b"anything",
    }
    write("http_body", seeds)


def http_request():
    def seed(cookie, auth, query, name):
        return b"\0".join([cookie, auth, query, name])

    seeds = {
        "session": seed(b'better-auth.session_token=abc.def%3D; theme="dark"; x',
                        b"Bearer abc.def", b"token=abc&callbackURL=%2Fhome", b"theme"),
        "secure_prefix": seed(b"__Secure-better-auth.session_token=t; a=1;;=2; b",
                              b"bearer  spaced", b"a+b=c+d&%74oken=x", b"a"),
        "quoted": seed(b'a=""; b="x"; c="unterminated', b"Basic dXNlcjpwYXNz", b"&&=&", b"c"),
        "bad_escape": seed(b"a=%zz%4; b=%", b"Bearer ", b"q=%E2%82%AC%", b"b"),
        "empty": seed(b"", b"", b"", b""),
    }
    write("http_request", seeds)


def client_address():
    def seed(peer, xff, fwd):
        return b"\0".join([peer, xff, fwd])

    seeds = {
        "untrusted": seed(b"203.0.113.9", b"1.2.3.4", b"for=1.2.3.4"),
        "chain": seed(b"10.0.0.1", b"198.51.100.7, 10.0.0.2, 10.0.0.3",
                      b'for=198.51.100.7;proto=https, for="[2001:db8::1]:4711"'),
        "ipv6_peer": seed(b"::1", b"2001:db8:1:2::5, ::ffff:10.1.2.3", b'for="[::1]"'),
        "zone": seed(b"fe80::1%eth0", b"1.2.3.4", b""),
        "garbage": seed(b"127.0.0.1", b"unknown, 1.2.3.4:80, [::1], , 300.1.1.1",
                        b"for=_hidden, for=unknown, for=\"1.2.3.4:8080\", by=x"),
        "mapped": seed(b"::ffff:127.0.0.1", b"fd00::7", b'For="[fd00::7]";By=1.1.1.1'),
        "unix": seed(b"/run/latchkey.sock", b"1.2.3.4", b""),
        "cidr_peer": seed(b"10.0.0.0/8", b"", b""),
        "long_chain": seed(b"10.0.0.1", b", ".join([b"10.0.0.%d" % i for i in range(40)]), b""),
    }
    write("client_address", seeds)


def rate_rules():
    seeds = {
        "custom": b"/sign-in/email=3/10s; /foo/*=100/1m; /bar=off\0/api/auth/foo/x",
        "global": b"*=50/1s\0/Sign-In//Email/?x=1#y",
        "units": b"/a=1/1ms;/b=1000000/7d;/c=5/2h\0/a",
        "bad_count": b"/a=0/1s\0/a",
        "bad_unit": b"/a=1/1w\0/a",
        "too_long": b"/a=1/8d\0/a",
        "dup": b"/a=1/1s;/A/=2/1s\0/a",
        "empty_items": b";;  ; /x = 3 / 10s ;\0/x",
        "bad_pattern": b"/a b=1/1s;/a?b=1/1s;a=1/1s\0/",
    }
    write("rate_rules", seeds)


def smtp_reply():
    ok = (b"220 mail.example.test ESMTP\r\n250-mail.example.test\r\n250-AUTH PLAIN LOGIN\r\n"
          b"250 8BITMIME\r\n235 ok\r\n250 sender ok\r\n250 rcpt ok\r\n354 go\r\n250 queued\r\n"
          b"221 bye\r\n")
    seeds = {
        "success_auth": b"\x01" + ok,
        "success_plain": b"\x00" + ok.replace(b"235 ok\r\n", b""),
        "greeting_refused": b"\x00554 no service\r\n",
        "auth_fails_echo": b"\x01220 x\r\n250-x\r\n250 AUTH PLAIN\r\n"
                           b"535 bad password Fuzz-Smtp-Pa55word\r\n",
        "rcpt_refused": b"\x00220 x\r\n250 x\r\n250 ok\r\n550 no such user\r\n",
        "multiline_garbage": b"\x00220-a\r\n220-b\n22\r\n\r\n999 what\r\n",
        "starttls_offer": b"\x00220 x\r\n250-x\r\n250 STARTTLS\r\n220 go ahead\r\n",
        "truncated": b"\x00220 x",
    }
    write("smtp_reply", seeds)


def pwned_index():
    # Layout (fuzz/targets/pwned_index.cc): flags, table slot (2 bytes), table
    # delta, header byte, header xor, length delta, then 24-byte records.
    def record(password: bytes, count: int) -> bytes:
        return hashlib.sha1(password).digest() + struct.pack("<I", count)

    records = b"".join(record(p, c) for p, c in
                       [(b"password", 9_000_000), (b"123456", 40), (b"hunter2", 17),
                        (b"letmein", 3), (b"password", 1)])
    params = b"\x00\x12\x34\x01\x08\x01\x18"
    seeds = {
        "valid": b"\x00" + params + records,
        "empty_index": b"\x00" + params,
        "unsorted": b"\x02" + params + records,
        "table_damage": b"\x04" + params + records,
        "header_damage": b"\x08" + params + records,
        "length_damage": b"\x10" + params + records,
        "raw_short": b"\x01" + params + b"LKPWNDX1",
    }
    write("pwned_index", seeds)


def pwned_import():
    def line(password: bytes, count=None, lower=False) -> bytes:
        h = hashlib.sha1(password).hexdigest()
        h = h if lower else h.upper()
        return h.encode() + (b"" if count is None else b":%d" % count)

    seeds = {
        "sorted": b"\x00" + b"\n".join(sorted(line(p, c) for p, c in
                                              [(b"a", 5), (b"b", 3), (b"c", 1)])) + b"\n",
        "crlf_mixed_case": b"\x01" + b"\r\n".join(
            [line(b"x", 2, lower=True), line(b"y"), line(b"x", 9)]) + b"\r\n",
        "duplicates_and_zero": b"\x02" + b"\n".join(
            [line(b"p", 1), line(b"p", 0), line(b"q", 0), line(b"p", 4)]),
        "saturate": b"\x03" + line(b"big", 999_999_999_999),
        "malformed": b"\x00" + line(b"a", 1) + b"\nnot-a-hash:3\n",
        "too_many_digits": b"\x00" + line(b"a") + b":1234567890123",
        "blank_lines": b"\x04\n\n\r\n" + line(b"z", 7) + b"\n\n",
    }
    write("pwned_import", seeds)


def hibp_range():
    suffix = b"1E4C9B93F3F0682250B6CF8331B7EE68FD8"  # SHA-1("password")[5:]
    other = b"0018A45C4D1DEF81644B54AB7F969B88D65"
    seeds = {
        "found": b"\r\n".join([other + b":1", suffix + b":9545824", b"FFFFF" + other[5:] + b":0"]),
        "found_lower_lf": other + b":2\n" + suffix.lower() + b":3\n",
        "padding_only": suffix + b":0\r\n" + other + b":0",
        "absent": other + b":12\r\n",
        "html": b"<html><body>captive portal</body></html>",
        "no_count": suffix + b":\r\n",
        "huge_count": suffix + b":18446744073709551616",
        "empty": b"",
    }
    write("hibp_range", seeds)


def captcha_reply():
    # First byte: provider (b % 3: Turnstile, reCAPTCHA v3, hCaptcha), 4 =
    # expect hostname "app.example.test", 8 = expect action "login".
    def seed(selector, reply):
        return bytes([selector]) + (reply if isinstance(reply, bytes) else json.dumps(reply).encode())

    seeds = {
        "turnstile_ok": seed(4 | 8, {"success": True, "hostname": "app.example.test",
                                     "action": "login", "error-codes": []}),
        "turnstile_internal": seed(0, {"success": False, "error-codes": ["internal-error"]}),
        "turnstile_wrong_host": seed(4, {"success": True, "hostname": "evil.test"}),
        "recaptcha_ok": seed(1 | 8, {"success": True, "score": 0.9, "action": "login",
                                     "hostname": "app.example.test"}),
        "recaptcha_low": seed(1, {"success": True, "score": 0.1}),
        "recaptcha_v2": seed(1, {"success": True}),
        "hcaptcha_risk": seed(2, {"success": True, "score": 0.95}),
        "not_bool": seed(0, {"success": "true"}),
        "array": seed(0, b"[true]"),
        "garbage": seed(0, b"<html>502</html>"),
        "dup_success": seed(0, b'{"success":false,"success":true}'),
    }
    write("captcha_reply", seeds)


def webauthn():
    # Mode byte (webauthn.cc: 0 raw registration, 1 raw assertion, 2 signed
    # assertion, 3 wrapped registration; 0x10 requires UV), then fields, each
    # a 2-byte big-endian length and its bytes.
    def field(b):
        b = b.encode() if isinstance(b, str) else b
        return struct.pack(">H", len(b)) + b

    def client_data(typ, challenge="AAAA", origin="http://localhost:3000"):
        return json.dumps({"type": typ, "challenge": challenge, "origin": origin,
                           "crossOrigin": False}, separators=(",", ":"))

    def cbor_bytes(b):
        return bytes([0x58, len(b)]) + b if len(b) < 256 else b"\x59" + struct.pack(">H", len(b)) + b

    # The P-256 generator as an ES256 COSE key (a valid point, no private key
    # needed: seeds never sign with it).
    gx = bytes.fromhex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
    gy = bytes.fromhex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
    es256 = b"\xa5\x01\x02\x03\x26\x20\x01\x21" + cbor_bytes(gx) + b"\x22" + cbor_bytes(gy)
    # The harness's fixed Ed25519 key (seed 0x42 x 32) as an EdDSA COSE key.
    ed_x = bytes.fromhex("2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12")
    eddsa = b"\xa4\x01\x01\x03\x27\x20\x06\x21" + cbor_bytes(ed_x)
    rp_hash = hashlib.sha256(b"localhost").digest()
    cred_id = b"credential-0001"

    def auth_data(flags, count=0, key=None, extensions=b""):
        out = rp_hash + bytes([flags]) + struct.pack(">I", count)
        if key is not None:
            out += b"\x2a" * 16 + struct.pack(">H", len(cred_id)) + cred_id + key
        return out + extensions

    def att_object(fmt, data, statement=b"\xa0"):
        return (b"\xa3\x63fmt" + bytes([0x60 + len(fmt)]) + fmt.encode() + b"\x67attStmt" +
                statement + b"\x68authData" + cbor_bytes(data))

    reg = client_data("webauthn.create")
    get = client_data("webauthn.get")
    none_es = att_object("none", auth_data(0x45, 0, es256))
    seeds = {
        "raw_none_es256": b"\x00" + field(reg) + field(none_es) + field(cred_id),
        "raw_none_ed25519": b"\x00" + field(reg) + field(att_object("none", auth_data(0x5d, 3, eddsa)))
        + field(cred_id),
        "raw_dup_key": b"\x00" + field(reg) + field(b"\xa2\x63fmt\x64none\x63fmt\x64none") + field(cred_id),
        "raw_indefinite": b"\x00" + field(reg) + field(b"\xbf\x63fmt\x64none\xff") + field(cred_id),
        "raw_packed_x5c_garbage": b"\x00" + field(reg) + field(att_object(
            "packed", auth_data(0x45, 0, es256),
            b"\xa3\x63alg\x26\x63sig\x41\x00\x63x5c\x81\x43abc")) + field(cred_id),
        "raw_assertion": b"\x01" + field(get) + field(auth_data(0x05, 9)) + field(b"\x30\x06\x02\x01\x01\x02\x01\x01")
        + field(es256) + field(cred_id) + b"\x05",
        "signed_assertion": b"\x02" + field(get) + field(auth_data(0x05, 1)),
        "signed_assertion_ext": b"\x02" + field(get) + field(auth_data(0x85, 2, None, b"\xa1\x63abc\xf5")),
        "signed_assertion_uv": b"\x12" + field(get) + field(auth_data(0x1d, 2)),
        "wrapped_none": b"\x03\x00" + field(reg) + field(auth_data(0x45, 0, es256)),
        "wrapped_packed_self": b"\x03\x01" + field(reg) + field(auth_data(0x45, 0, eddsa)),
        "wrapped_packed_ext": b"\x03\x01" + field(reg) + field(auth_data(0xc5, 0, eddsa, b"\xa1\x6bcredProtect\x02")),
        "wrong_origin": b"\x03\x00" + field(client_data("webauthn.create", origin="https://evil.test"))
        + field(auth_data(0x45, 0, es256)),
    }
    write("webauthn", seeds)


if __name__ == "__main__":
    for make in (strict_json, jose_jws, jose_jwk, signed_value, http_body, http_request,
                 client_address, rate_rules, smtp_reply, pwned_index, pwned_import,
                 hibp_range, captcha_reply, webauthn):
        make()
    print("seed corpora written to", ROOT)
