#include "features/oidc_provider/pkce.h"

#include <algorithm>

#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::oidc_provider {
namespace {

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool IsValidCodeVerifier(std::string_view verifier) {
  return verifier.size() >= 43 && verifier.size() <= 128 &&
         std::all_of(verifier.begin(), verifier.end(), [](char c) {
           return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
         });
}

bool IsValidS256Challenge(std::string_view challenge) {
  return challenge.size() == 43 && std::all_of(challenge.begin(), challenge.end(), [](char c) {
           return IsAlnum(c) || c == '-' || c == '_';
         });
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier) || !IsValidS256Challenge(challenge)) return false;
  return crypto::ConstantTimeEquals(crypto::Base64UrlEncode(crypto::Sha256(verifier)), challenge);
}

}  // namespace latchkey::oidc_provider
