// Who is calling: the session (or the credential standing for one) that the
// route pipeline resolved for a request, once (docs/design.md "Credentials").
#ifndef LK_FEATURES_PLATFORM_PRINCIPAL_H_
#define LK_FEATURES_PLATFORM_PRINCIPAL_H_

#include <string>

#include "features/sessions/session.h"

namespace latchkey::platform {

// What the caller presented. Features that add credentials add a kind here.
enum class CredentialKind {
  kSessionToken,      // the session cookie or "Authorization: Bearer <session token>"
  kApiKey,            // an API key standing for its owner (api_key_session)
  kOAuthAccessToken,  // the OpenID provider's access token, for the session it was granted in
};

struct Principal {
  sessions::SessionWithUser caller;  // the session (or its stand-in) and its user
  CredentialKind kind = CredentialKind::kSessionToken;
  std::string credential_id;  // the API key's or access token's id; "" for session tokens

  const users::User& user() const { return caller.user; }
  const sessions::Session& session() const { return caller.session; }
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_PRINCIPAL_H_
