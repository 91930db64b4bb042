// The test authenticator (test_authenticator.h). Aborts on an OpenSSL
// failure: a test that cannot build its input has nothing to check.
#include "crypto/webauthn/test_authenticator.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdlib>

#include "crypto/hash.h"

namespace latchkey::crypto::webauthn::testing {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

const unsigned char* U8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

EvpPkeyPtr Copy(EVP_PKEY* key) {
  EVP_PKEY_up_ref(key);
  return EvpPkeyPtr(key);
}

std::string Bn(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  Check(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

}  // namespace

namespace cb {

std::string Head(int major, std::uint64_t argument) {
  std::string out;
  const auto initial = static_cast<char>(major << 5);
  if (argument < 24) {
    out.push_back(static_cast<char>(initial | static_cast<char>(argument)));
    return out;
  }
  int bytes = argument <= 0xff ? 1 : argument <= 0xffff ? 2 : argument <= 0xffffffffULL ? 4 : 8;
  const int info = bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27;
  out.push_back(static_cast<char>(initial | info));
  for (int i = bytes - 1; i >= 0; --i)
    out.push_back(static_cast<char>((argument >> (8 * i)) & 0xff));
  return out;
}

std::string Int(std::int64_t value) {
  if (value >= 0) return Head(0, static_cast<std::uint64_t>(value));
  return Head(1, static_cast<std::uint64_t>(-1 - value));
}

std::string Bytes(std::string_view bytes) { return Head(2, bytes.size()) + std::string(bytes); }
std::string Text(std::string_view text) { return Head(3, text.size()) + std::string(text); }

std::string Array(const std::vector<std::string>& items) {
  std::string out = Head(4, items.size());
  for (const auto& item : items) out += item;
  return out;
}

std::string Map(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = Head(5, pairs.size());
  for (const auto& [key, value] : pairs) out += key + value;
  return out;
}

}  // namespace cb

TestKey TestKey::Generate(int alg) {
  if (alg == kRs256) {
    static EVP_PKEY* rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
    Check(rsa != nullptr);
    return TestKey(alg, Copy(rsa));
  }
  EVP_PKEY* key = alg == kEs256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  Check(key != nullptr);
  return TestKey(alg, EvpPkeyPtr(key));
}

std::string TestKey::RawPublic() const {
  if (alg_ == kEs256) {
    std::string point(65, '\0');
    std::size_t len = 0;
    Check(EVP_PKEY_get_octet_string_param(pkey_.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                          reinterpret_cast<unsigned char*>(point.data()),
                                          point.size(), &len) == 1 &&
          len == 65);
    return point;
  }
  std::string raw(32, '\0');
  std::size_t len = raw.size();
  Check(EVP_PKEY_get_raw_public_key(pkey_.get(), reinterpret_cast<unsigned char*>(raw.data()),
                                    &len) == 1);
  return raw;
}

std::string TestKey::CoseKey() const {
  if (alg_ == kEs256) {
    const std::string point = RawPublic();
    return cb::Map({{cb::Int(1), cb::Int(2)},
                    {cb::Int(3), cb::Int(kEs256)},
                    {cb::Int(-1), cb::Int(1)},
                    {cb::Int(-2), cb::Bytes(point.substr(1, 32))},
                    {cb::Int(-3), cb::Bytes(point.substr(33, 32))}});
  }
  if (alg_ == kEdDsa) {
    return cb::Map({{cb::Int(1), cb::Int(1)},
                    {cb::Int(3), cb::Int(kEdDsa)},
                    {cb::Int(-1), cb::Int(6)},
                    {cb::Int(-2), cb::Bytes(RawPublic())}});
  }
  return cb::Map({{cb::Int(1), cb::Int(3)},
                  {cb::Int(3), cb::Int(kRs256)},
                  {cb::Int(-1), cb::Bytes(Bn(pkey_.get(), OSSL_PKEY_PARAM_RSA_N))},
                  {cb::Int(-2), cb::Bytes(Bn(pkey_.get(), OSSL_PKEY_PARAM_RSA_E))}});
}

std::string TestKey::Sign(std::string_view data) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const EVP_MD* md = alg_ == kEdDsa ? nullptr : EVP_sha256();
  std::size_t len = 0;
  Check(EVP_DigestSignInit(ctx, nullptr, md, nullptr, pkey_.get()) == 1 &&
        EVP_DigestSign(ctx, nullptr, &len, U8(data), data.size()) == 1);
  std::string sig(len, '\0');
  Check(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, U8(data),
                       data.size()) == 1);
  EVP_MD_CTX_free(ctx);
  sig.resize(len);
  return sig;
}

RelyingParty DefaultRp() {
  RelyingParty rp;
  rp.rp_id = std::string(kRpId);
  rp.origins = {std::string(kOrigin)};
  return rp;
}

std::string ClientDataJson(std::string_view type, std::string_view challenge,
                           std::string_view origin) {
  return R"({"type":")" + std::string(type) + R"(","challenge":")" + std::string(challenge) +
         R"(","origin":")" + std::string(origin) + R"(","crossOrigin":false})";
}

std::string AuthData(const AuthDataSpec& spec) {
  std::string out = Sha256(spec.rp_id);
  std::uint8_t flags = spec.flags;
  if (spec.attested) flags |= kFlagAt;
  if (!spec.extensions.empty()) flags |= kFlagEd;
  out.push_back(static_cast<char>(flags));
  for (int i = 3; i >= 0; --i)
    out.push_back(static_cast<char>((spec.sign_count >> (8 * i)) & 0xff));
  if (spec.attested) {
    out += spec.aaguid;
    out.push_back(static_cast<char>((spec.credential_id.size() >> 8) & 0xff));
    out.push_back(static_cast<char>(spec.credential_id.size() & 0xff));
    out += spec.credential_id;
    out += spec.cose_key;
  }
  out += spec.extensions;
  return out;
}

std::string AttestationObject(std::string_view fmt, std::string_view auth_data,
                              std::string_view statement_map) {
  return cb::Map({{cb::Text("fmt"), cb::Text(fmt)},
                  {cb::Text("attStmt"), std::string(statement_map)},
                  {cb::Text("authData"), cb::Bytes(auth_data)}});
}

RegistrationInput MakeRegistration(const TestKey& key, std::string_view fmt,
                                   const StatementFn& statement, const AuthDataSpec& spec) {
  AuthDataSpec with_key = spec;
  if (with_key.cose_key.empty()) with_key.cose_key = key.CoseKey();
  RegistrationInput in;
  in.credential_id = with_key.credential_id;
  in.client_data_json = ClientDataJson("webauthn.create");
  const std::string auth_data = AuthData(with_key);
  in.attestation_object =
      AttestationObject(fmt, auth_data, statement(auth_data, Sha256(in.client_data_json)));
  in.expected_challenge = std::string(kChallenge);
  return in;
}

RegistrationInput NoneRegistration(const TestKey& key, const AuthDataSpec& spec) {
  return MakeRegistration(
      key, "none", [](std::string_view, std::string_view) { return cb::Map({}); }, spec);
}

StatementFn PackedSelf(const TestKey& key) {
  return [&key](std::string_view auth_data, std::string_view hash) {
    return cb::Map(
        {{cb::Text("alg"), cb::Int(key.alg())},
         {cb::Text("sig"), cb::Bytes(key.Sign(std::string(auth_data) + std::string(hash)))}});
  };
}

StatementFn PackedX5c(const TestKey& attestation_key, const CertSpec& cert) {
  return [&attestation_key, cert](std::string_view auth_data, std::string_view hash) {
    X509Ptr x509 = MakeCertificate(attestation_key.pkey(), attestation_key.pkey(), cert);
    const std::string sig = attestation_key.Sign(std::string(auth_data) + std::string(hash));
    return cb::Map({{cb::Text("alg"), cb::Int(attestation_key.alg())},
                    {cb::Text("sig"), cb::Bytes(sig)},
                    {cb::Text("x5c"), cb::Array({cb::Bytes(CertificateDer(x509.get()))})}});
  };
}

StatementFn FidoU2f(const TestKey& attestation_key, const TestKey& credential_key) {
  return [&attestation_key, &credential_key](std::string_view auth_data, std::string_view hash) {
    X509Ptr x509 = MakeCertificate(attestation_key.pkey(), attestation_key.pkey(),
                                   CertSpec{{{"CN", "U2F Test"}}, {}, false, X509_VERSION_3});
    // authData: rpIdHash (32), flags, count (4), aaguid (16), id length (2), id.
    const std::size_t id_length =
        (static_cast<std::uint8_t>(auth_data[53]) << 8) | static_cast<std::uint8_t>(auth_data[54]);
    std::string message(1, '\0');
    message += std::string(auth_data.substr(0, 32)) + std::string(hash) +
               std::string(auth_data.substr(55, id_length)) + credential_key.RawPublic();
    return cb::Map({{cb::Text("sig"), cb::Bytes(attestation_key.Sign(message))},
                    {cb::Text("x5c"), cb::Array({cb::Bytes(CertificateDer(x509.get()))})}});
  };
}

namespace {

std::string U16(std::uint16_t v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}
std::string U32(std::uint32_t v) {
  return U16(static_cast<std::uint16_t>(v >> 16)) + U16(v & 0xffff);
}
std::string Sized(std::string_view bytes) {
  return U16(static_cast<std::uint16_t>(bytes.size())) + std::string(bytes);
}

}  // namespace

CertSpec AikCertSpec() {
  CertSpec spec;
  // tcg-kp-AIKCertificate (2.23.133.8.3) in an ExtendedKeyUsage SEQUENCE.
  spec.extensions.push_back(
      {"2.5.29.37", false, std::string("\x30\x07\x06\x05\x67\x81\x05\x08\x03", 9)});
  return spec;
}

TpmParts MakeTpmParts(const TestKey& credential_key, const TestKey& aik, std::string_view auth_data,
                      std::string_view client_data_hash) {
  TpmParts parts;
  // TPMT_PUBLIC: type, nameAlg SHA-256, objectAttributes, empty authPolicy,
  // then the parameters and unique of an RSA or ECC key (TPM_ALG_NULL
  // symmetric, scheme and kdf).
  parts.pub_area = U16(credential_key.alg() == kRs256 ? 0x0001 : 0x0023) + U16(0x000B) +
                   U32(0x00060472) + Sized("");
  if (credential_key.alg() == kRs256) {
    parts.pub_area += U16(0x0010) + U16(0x0010) + U16(2048) + U32(0) +
                      Sized(Bn(credential_key.pkey(), OSSL_PKEY_PARAM_RSA_N));
  } else {
    const std::string point = credential_key.RawPublic();
    parts.pub_area += U16(0x0010) + U16(0x0018) + U16(0x000B) + U16(0x0003) + U16(0x0010) +
                      Sized(point.substr(1, 32)) + Sized(point.substr(33, 32));
  }
  // TPMS_ATTEST: magic, TPM_ST_ATTEST_CERTIFY, qualifiedSigner, extraData,
  // clockInfo (17), firmwareVersion (8), then TPMS_CERTIFY_INFO.
  parts.cert_info = U32(0xff544347) + U16(0x8017) + Sized("signer") +
                    Sized(Sha256(std::string(auth_data) + std::string(client_data_hash))) +
                    std::string(17, '\x01') + std::string(8, '\x02') +
                    Sized(U16(0x000B) + Sha256(parts.pub_area)) + Sized("qualified");
  parts.alg = aik.alg();
  parts.sig = aik.Sign(parts.cert_info);
  X509Ptr cert = MakeCertificate(aik.pkey(), aik.pkey(), AikCertSpec());
  parts.aik_certificate = CertificateDer(cert.get());
  return parts;
}

std::string TpmStatement(const TpmParts& parts) {
  return cb::Map({{cb::Text("ver"), cb::Text("2.0")},
                  {cb::Text("alg"), cb::Int(parts.alg)},
                  {cb::Text("x5c"), cb::Array({cb::Bytes(parts.aik_certificate)})},
                  {cb::Text("sig"), cb::Bytes(parts.sig)},
                  {cb::Text("certInfo"), cb::Bytes(parts.cert_info)},
                  {cb::Text("pubArea"), cb::Bytes(parts.pub_area)}});
}

std::string KeyDescription(std::string_view challenge, bool all_applications) {
  // teeEnforced: purpose [1] SET OF INTEGER {SIGN}, origin [702] INTEGER GENERATED.
  std::string tee = DerTlv(0xa1, DerTlv(0x31, DerInt(2))) + DerTlvHighTag(702, DerInt(0));
  if (all_applications) tee += DerTlvHighTag(600, DerTlv(0x05, ""));
  const std::string fields = DerInt(3) + DerTlv(0x0a, "\x01") + DerInt(4) + DerTlv(0x0a, "\x01") +
                             DerTlv(0x04, challenge) + DerTlv(0x04, "") + DerTlv(0x30, "") +
                             DerTlv(0x30, tee);
  return DerTlv(0x30, fields);
}

StatementFn AndroidKey(const TestKey& credential_key, const TestKey& issuer,
                       const std::function<std::string(std::string_view)>& key_description) {
  return [&credential_key, &issuer, key_description](std::string_view auth_data,
                                                     std::string_view hash) {
    CertSpec spec{{{"CN", "Android Keystore Key"}}, {}, false, X509_VERSION_3};
    spec.extensions.push_back({"1.3.6.1.4.1.11129.2.1.17", false, key_description(hash)});
    X509Ptr leaf = MakeCertificate(credential_key.pkey(), issuer.pkey(), spec);
    const std::string sig = credential_key.Sign(std::string(auth_data) + std::string(hash));
    return cb::Map({{cb::Text("alg"), cb::Int(credential_key.alg())},
                    {cb::Text("sig"), cb::Bytes(sig)},
                    {cb::Text("x5c"), cb::Array({cb::Bytes(CertificateDer(leaf.get()))})}});
  };
}

AuthDataSpec AssertionSpec() {
  AuthDataSpec spec;
  spec.attested = false;
  return spec;
}

AuthenticationInput Assertion(const TestKey& key, std::string_view auth_data,
                              std::string_view client_data_json) {
  AuthenticationInput in;
  in.credential_id = std::string(kCredentialId);
  in.client_data_json = std::string(client_data_json);
  in.authenticator_data = std::string(auth_data);
  in.signature = key.Sign(in.authenticator_data + Sha256(in.client_data_json));
  in.expected_challenge = std::string(kChallenge);
  in.public_key = key.CoseKey();
  return in;
}

X509Ptr MakeCertificate(EVP_PKEY* subject_key, EVP_PKEY* issuer_key, const CertSpec& spec) {
  X509Ptr cert(X509_new());
  Check(cert && X509_set_version(cert.get(), spec.version) == 1);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24 * 365);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : spec.subject) {
    Check(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8, U8(value),
                                     static_cast<int>(value.size()), -1, 0) == 1);
  }
  Check(X509_set_issuer_name(cert.get(), name) == 1);
  Check(X509_set_pubkey(cert.get(), subject_key) == 1);
  std::vector<Extension> extensions = spec.extensions;
  // Basic Constraints: CA:TRUE is SEQUENCE { BOOLEAN TRUE }, CA:FALSE the empty SEQUENCE.
  extensions.push_back(
      {"2.5.29.19", true,
       spec.ca ? std::string("\x30\x03\x01\x01\xff", 5) : std::string("\x30\x00", 2)});
  for (const Extension& e : extensions) {
    ASN1_OBJECT* oid = OBJ_txt2obj(e.oid.c_str(), 1);
    ASN1_OCTET_STRING* value = ASN1_OCTET_STRING_new();
    Check(oid != nullptr && value != nullptr &&
          ASN1_OCTET_STRING_set(value, U8(e.der), static_cast<int>(e.der.size())) == 1);
    X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, oid, e.critical ? 1 : 0, value);
    Check(ext != nullptr && X509_add_ext(cert.get(), ext, -1) == 1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(value);
    ASN1_OBJECT_free(oid);
  }
  const EVP_MD* md = EVP_PKEY_is_a(issuer_key, "ED25519") ? nullptr : EVP_sha256();
  Check(X509_sign(cert.get(), issuer_key, md) > 0);
  return cert;
}

std::string CertificateDer(X509* cert) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  Check(len > 0);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

CertSpec PackedCertSpec(std::string_view aaguid) {
  CertSpec spec;
  spec.subject = {{"C", "US"},
                  {"O", "Latchkey Test Authenticators"},
                  {"OU", "Authenticator Attestation"},
                  {"CN", "Latchkey Test Batch 1"}};
  spec.extensions.push_back({"1.3.6.1.4.1.45724.1.1.4", false, DerTlv(0x04, aaguid)});
  return spec;
}

std::string DerTlv(std::uint8_t tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  const std::size_t n = content.size();
  if (n < 128) {
    out.push_back(static_cast<char>(n));
  } else if (n < 256) {
    out += "\x81";
    out.push_back(static_cast<char>(n));
  } else {
    out += "\x82";
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  }
  return out + std::string(content);
}

std::string DerTlvHighTag(std::uint32_t tag_number, std::string_view content) {
  // Context-specific, constructed, high-tag-number form (ITU-T X.690, 8.1.2.4).
  std::string tag = "\xbf";
  std::string digits;
  for (std::uint32_t n = tag_number; n > 0; n >>= 7) {
    digits.insert(digits.begin(), static_cast<char>((n & 0x7f) | (digits.empty() ? 0 : 0x80)));
  }
  tag += digits;
  std::string tlv = DerTlv(0, content);
  return tag + tlv.substr(1);
}

std::string DerInt(std::uint8_t value) {
  std::string content;
  if (value >= 0x80) content.push_back('\0');
  content.push_back(static_cast<char>(value));
  return DerTlv(0x02, content);
}

}  // namespace latchkey::crypto::webauthn::testing
