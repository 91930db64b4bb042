// Single-use, expiring tokens bound to a user and a purpose, stored hashed.
// Every function runs inside the caller's transaction.
#ifndef LK_FEATURES_VERIFICATION_VERIFICATION_STORE_H_
#define LK_FEATURES_VERIFICATION_VERIFICATION_STORE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "features/feature.h"
#include "store/store.h"

namespace latchkey::verification {

// Creates a token of `length` random [A-Za-z0-9] characters for user_id,
// valid for ttl_ms; returns the clear token (shown once, in the mail).
Result<std::string> CreateToken(store::Transaction& tx, const Clock& clock,
                                std::string_view purpose, std::string_view user_id, TimeMs ttl_ms,
                                std::size_t length);
// The user a live token belongs to, without using it up.
Result<std::optional<std::string>> PeekToken(store::Transaction& tx, const Clock& clock,
                                             std::string_view purpose, std::string_view token);
// Uses the token up: returns its user if it was live, and deletes it either
// way. Of two concurrent consumers only one gets the user (the DELETE's
// row count decides).
Result<std::optional<std::string>> ConsumeToken(store::Transaction& tx, const Clock& clock,
                                                std::string_view purpose, std::string_view token);
// Deletes every token of the user for `purpose` (a new reset link voids the old).
Result<void> DeleteUserTokens(store::Transaction& tx, std::string_view purpose,
                              std::string_view user_id);

class VerificationFeature final : public Feature {
 public:
  std::string_view id() const override { return "verification"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  Result<void> RegisterRoutes(platform::RouteTable&) override { return {}; }
};

}  // namespace latchkey::verification

#endif  // LK_FEATURES_VERIFICATION_VERIFICATION_STORE_H_
