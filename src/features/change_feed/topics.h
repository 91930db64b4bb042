// Every topic announced on the change feed, in one place so two features
// never pick the same one. A topic is a short name and ':'; the id after it
// is the feature's business (docs/architecture.md, "Caches and the change
// feed").
#ifndef LK_FEATURES_CHANGE_FEED_TOPICS_H_
#define LK_FEATURES_CHANGE_FEED_TOPICS_H_

#include <string_view>

namespace latchkey::change_feed::topics {

// sessions: one session, by the SHA-256 of its token (crypto::HashToken).
inline constexpr std::string_view kSessionToken = "t:";
// sessions: one session, by id: "<session id>[:<user id>]".
inline constexpr std::string_view kSession = "s:";
// sessions, for everything cached about a user: the user row changed, or
// the user's sessions were deleted in bulk. Id: the user id.
inline constexpr std::string_view kUser = "u:";
// api_keys: one key, by id.
inline constexpr std::string_view kApiKey = "k:";
// api_keys: every key of an owner (their keys were deleted), by user id.
// Unlike kUser it leaves the owner's sessions cached.
inline constexpr std::string_view kApiKeyOwner = "o:";

}  // namespace latchkey::change_feed::topics

#endif  // LK_FEATURES_CHANGE_FEED_TOPICS_H_
