// Pieces shared by the routes of refresh_feature.cc and the rotation in
// refresh_rotate.cc. Not for use outside this folder.
#ifndef LK_FEATURES_REFRESH_TOKENS_REFRESH_INTERNAL_H_
#define LK_FEATURES_REFRESH_TOKENS_REFRESH_INTERNAL_H_

#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"
#include "store/store.h"

namespace latchkey::refresh_tokens::internal {

inline constexpr ErrorInfo kInvalid{"INVALID_REFRESH_TOKEN", ErrorKind::kUnauthenticated,
                                    "Invalid refresh token"};
inline constexpr ErrorInfo kExpired{"REFRESH_TOKEN_EXPIRED", ErrorKind::kUnauthenticated,
                                    "Refresh token expired"};
inline constexpr ErrorInfo kReused{
    "REFRESH_TOKEN_REUSED", ErrorKind::kUnauthenticated,
    "Refresh token already used; every token of its family is revoked"};

struct Family {
  std::string id;
  std::string session_id;
  std::string user_id;
  TimeMs expires_at = 0;
};

// Inserts a fresh token of `family` (`parent` empty for a family's first)
// and returns the token itself, which exists nowhere else from now on.
Result<std::string> Mint(store::Transaction& tx, const Family& family, const std::string& parent,
                         TimeMs now);

// The "refresh_token" member of a JSON or form body.
Result<std::string> ReadToken(const http::Request& request);

// {"access_token","token_type":"Bearer","expires_in","refresh_token",
//  "refresh_token_expires_in"}, Cache-Control: no-store.
http::Response PairResponse(const std::string& access, std::int64_t access_ttl_s,
                            const std::string& refresh, TimeMs family_expires_at, TimeMs now);

}  // namespace latchkey::refresh_tokens::internal

#endif  // LK_FEATURES_REFRESH_TOKENS_REFRESH_INTERNAL_H_
