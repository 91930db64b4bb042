// VerifyRegistration and VerifyAuthentication: WebAuthn L2 §7.1 and §7.2,
// one step after another, in the specification's order.
#include "crypto/webauthn/webauthn.h"

#include <algorithm>

#include "crypto/constant_time.h"
#include "crypto/hash.h"
#include "crypto/webauthn/attestation.h"
#include "crypto/webauthn/auth_data.h"
#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/client_data.h"
#include "crypto/webauthn/cose_key.h"
#include "crypto/webauthn/errors.h"

namespace latchkey::crypto::webauthn {
namespace {

Result<void> CheckSize(std::string_view bytes, std::size_t max, const char* what) {
  if (bytes.size() > max) return Fail(MakeError(kInputTooLarge, what));
  return {};
}

Result<void> CheckCredentialId(std::string_view id) {
  if (id.empty() || id.size() > kMaxCredentialIdBytes) {
    return Fail(MakeError(kInvalidCredentialId, "not 1..1023 bytes"));
  }
  return {};
}

// The policy steps both ceremonies share (registration: WebAuthn L2 §7.1
// steps 13-15; authentication: WebAuthn L2 §7.2 steps 15-17), and the backup
// flags' consistency (BS only with BE, WebAuthn L2 §6.1 "BS").
Result<void> CheckAuthenticatorData(const RelyingParty& rp, const AuthenticatorData& data) {
  if (!ConstantTimeEquals(data.rp_id_hash, Sha256(rp.rp_id))) {
    return Fail(MakeError(kRpIdHashMismatch));
  }
  if (!data.Has(kFlagUp)) return Fail(MakeError(kUserNotPresent));
  if (rp.require_user_verification && !data.Has(kFlagUv)) return Fail(MakeError(kUserNotVerified));
  if (data.Has(kFlagBs) && !data.Has(kFlagBe)) return Fail(MakeError(kBackupStateInvalid));
  return {};
}

// WebAuthn L2 §7.1 step 16: the key's alg is one the options offered.
Result<void> CheckAlgorithmAllowed(const RelyingParty& rp, int alg) {
  if (std::find(rp.algorithms.begin(), rp.algorithms.end(), alg) == rp.algorithms.end()) {
    return Fail(MakeError(kAlgorithmNotAllowed, "COSE alg " + std::to_string(alg)));
  }
  return {};
}

struct AttestationObject {
  cbor::ItemPtr root;
  std::string_view fmt;
  std::string_view auth_data;
  const cbor_item_t* statement = nullptr;
};

// WebAuthn L2 §7.1 step 12 (first half): {fmt: text, attStmt: map,
// authData: bytes} and nothing else.
Result<AttestationObject> DecodeAttestationObject(std::string_view bytes) {
  AttestationObject object;
  LK_ASSIGN_OR_RETURN(object.root, cbor::Parse(bytes));
  const cbor_item_t* root = object.root.get();
  auto fmt = cbor::Text(cbor::Find(root, "fmt"));
  auto auth_data = cbor::Bytes(cbor::Find(root, "authData"));
  object.statement = cbor::Find(root, "attStmt");
  if (!cbor_isa_map(root) || cbor_map_size(root) != 3 || !fmt || !auth_data ||
      object.statement == nullptr || !cbor_isa_map(object.statement)) {
    return Fail(MakeError(kMalformedAttestationObject));
  }
  object.fmt = *fmt;
  object.auth_data = *auth_data;
  return object;
}

}  // namespace

Result<RegisteredCredential> VerifyRegistration(const RelyingParty& rp,
                                                const RegistrationInput& in) {
  LK_TRY(CheckSize(in.client_data_json, kMaxClientDataBytes, "clientDataJSON"));
  LK_TRY(CheckSize(in.attestation_object, kMaxAttestationObjectBytes, "attestationObject"));
  LK_TRY(CheckCredentialId(in.credential_id));
  RegisteredCredential out;
  // Steps 5-10: clientDataJSON.
  LK_ASSIGN_OR_RETURN(out.origin, CheckClientData(in.client_data_json, "webauthn.create",
                                                  in.expected_challenge, rp.origins));
  // Step 11.
  const std::string client_data_hash = Sha256(in.client_data_json);
  // Step 12: the attestation object and its authenticator data.
  LK_ASSIGN_OR_RETURN(AttestationObject object, DecodeAttestationObject(in.attestation_object));
  LK_ASSIGN_OR_RETURN(AuthenticatorData data,
                      ParseAuthenticatorData(object.auth_data, /*attested=*/true));
  // Steps 13-15, and the backup flags.
  LK_TRY(CheckAuthenticatorData(rp, data));
  // The credential id the client reported is the one the authenticator made.
  if (!ConstantTimeEquals(data.credential_id, in.credential_id)) {
    return Fail(MakeError(kCredentialIdMismatch));
  }
  // Step 16: the credential public key, every member checked, and its alg.
  LK_TRY(CheckSize(data.public_key, kMaxPublicKeyBytes, "credential public key"));
  LK_ASSIGN_OR_RETURN(CoseKey key, ParseCoseKey(data.public_key));
  LK_TRY(CheckAlgorithmAllowed(rp, key.alg));
  // Step 17: we request no extensions; their outputs were checked for form
  // only (ParseAuthenticatorData). Steps 18-19: the attestation statement.
  LK_TRY(VerifyAttestation(object.fmt, object.statement,
                           AttestationInput{object.auth_data, client_data_hash, data, key}));
  // Steps 20-21 (trust anchors) are skipped: see webauthn.h. Step 22 is the
  // caller's (a credential id registered already).
  out.credential_id.assign(data.credential_id);
  out.public_key.assign(data.public_key);
  out.algorithm = key.alg;
  out.sign_count = data.sign_count;
  out.aaguid = FormatAaguid(data.aaguid);
  out.user_verified = data.Has(kFlagUv);
  out.backup_eligible = data.Has(kFlagBe);
  out.backed_up = data.Has(kFlagBs);
  out.attestation_format.assign(object.fmt);
  return out;
}

Result<AuthenticationResult> VerifyAuthentication(const RelyingParty& rp,
                                                  const AuthenticationInput& in) {
  LK_TRY(CheckSize(in.client_data_json, kMaxClientDataBytes, "clientDataJSON"));
  LK_TRY(CheckSize(in.authenticator_data, kMaxAuthenticatorDataBytes, "authenticatorData"));
  LK_TRY(CheckSize(in.signature, kMaxSignatureBytes, "signature"));
  LK_TRY(CheckSize(in.public_key, kMaxPublicKeyBytes, "stored public key"));
  LK_TRY(CheckCredentialId(in.credential_id));
  // Step 7: the stored key (checked as at registration: a key that no
  // longer parses or whose alg was dropped from the allow-list fails).
  LK_ASSIGN_OR_RETURN(CoseKey key, ParseCoseKey(in.public_key));
  LK_TRY(CheckAlgorithmAllowed(rp, key.alg));
  // Steps 9-14: clientDataJSON.
  LK_TRY(CheckClientData(in.client_data_json, "webauthn.get", in.expected_challenge, rp.origins));
  // Steps 15-17, and the backup flags.
  LK_ASSIGN_OR_RETURN(AuthenticatorData data,
                      ParseAuthenticatorData(in.authenticator_data, /*attested=*/false));
  LK_TRY(CheckAuthenticatorData(rp, data));
  // Step 18: extensions checked for form only. Steps 19-20: the signature
  // over authenticatorData || SHA-256(clientDataJSON).
  const std::string signed_data = in.authenticator_data + Sha256(in.client_data_json);
  if (!VerifySignature(key.alg, key.pkey.get(), signed_data, in.signature)) {
    return Fail(MakeError(kBadSignature));
  }
  // Step 21: the counter. Either one nonzero and the new one not above the
  // stored one: flagged for the caller, who decides (and stores the new one
  // only when it is greater).
  AuthenticationResult out;
  out.sign_count = data.sign_count;
  out.counter_regressed = (data.sign_count != 0 || in.stored_sign_count != 0) &&
                          data.sign_count <= in.stored_sign_count;
  out.user_verified = data.Has(kFlagUv);
  out.backup_eligible = data.Has(kFlagBe);
  out.backed_up = data.Has(kFlagBs);
  return out;
}

}  // namespace latchkey::crypto::webauthn
