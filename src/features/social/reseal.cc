// Resealing stored provider tokens after a secret rotation (docs/social.md
// "Tokens", docs/operations.md "Rotating the server secret"): at start, a
// row any of whose columns opens only under a previous secret is sealed
// again under the current one, a page of rows per transaction.
#include "features/social/social_service.h"
#include "observability/log.h"

namespace latchkey::social {
namespace {

constexpr int kPageRows = 200;

struct Column {
  std::string_view name;
  std::string social_store::StoredTokens::*member;
};

constexpr Column kSealedColumns[] = {
    {"access_token", &social_store::StoredTokens::access_token},
    {"refresh_token", &social_store::StoredTokens::refresh_token},
    {"id_token", &social_store::StoredTokens::id_token},
    {"profile", &social_store::StoredTokens::profile},
};

}  // namespace

Result<std::size_t> SocialService::ResealUnderCurrentSecret() const {
  if (deps_.services.config.previous_secrets.empty()) return std::size_t{0};
  store::Store& db = deps_.services.store;
  std::size_t resealed = 0;
  std::string after;
  for (;;) {
    LK_ASSIGN_OR_RETURN(auto page, store::InReadTransaction(db, [&](store::Transaction& tx) {
                          return social_store::ListTokens(tx, after, kPageRows);
                        }));
    if (page.empty()) break;
    after = page.back().account_row_id;
    std::vector<std::pair<const social_store::TokenRow*, social_store::StoredTokens>> changes;
    for (const social_store::TokenRow& row : page) {
      social_store::StoredTokens fresh = row.tokens;
      bool under_previous = false;
      for (const Column& c : kSealedColumns) {
        auto opened = OpenSealed(row.account_row_id, c.name, row.tokens.*(c.member));
        // Under no secret still configured: left as it is (unreadable
        // until the user signs in with the provider again).
        if (!opened || opened->secret_index == 0) continue;
        under_previous = true;
        LK_ASSIGN_OR_RETURN(fresh.*(c.member), Seal(row.account_row_id, c.name, opened->plaintext));
      }
      if (under_previous) changes.emplace_back(&row, std::move(fresh));
    }
    if (changes.empty()) continue;
    LK_TRY(store::InTransaction(db, [&](store::Transaction& tx) -> Result<void> {
      for (const auto& [row, fresh] : changes) {
        LK_ASSIGN_OR_RETURN(bool replaced, social_store::ReplaceSealed(tx, *row, fresh));
        if (replaced) ++resealed;
      }
      return {};
    }));
  }
  if (resealed > 0) {
    log::Info("social provider tokens resealed under the current secret",
              {{"rows", static_cast<std::int64_t>(resealed)}});
  }
  return resealed;
}

}  // namespace latchkey::social
