// Wire error codes the store can return, and constructors for them. Features
// match on `code` (e.g. turn STORE_CONFLICT into USER_ALREADY_EXISTS); the
// backend's own message only ever goes into `detail`.
#ifndef LK_STORE_ERRORS_H_
#define LK_STORE_ERRORS_H_

#include <string>
#include <utility>

#include "core/error.h"

namespace latchkey::store {

// A unique, foreign-key, NOT NULL or CHECK constraint refused the write.
inline constexpr ErrorInfo kStoreConflict{"STORE_CONFLICT", ErrorKind::kConflict,
                                          "The request conflicts with existing data."};
// Postgres gave up on a serializable transaction or broke a deadlock; the
// caller may retry the whole transaction once.
inline constexpr ErrorInfo kStoreSerializationFailure{
    "STORE_SERIALIZATION_FAILURE", ErrorKind::kConflict,
    "The request conflicted with a concurrent request. Please retry."};
// StoreOptions::url names no known backend.
inline constexpr ErrorInfo kInvalidDatabaseUrl{"INVALID_DATABASE_URL", ErrorKind::kInvalidArgument,
                                               "The database URL is not supported."};
// A text argument holds a NUL byte: Postgres cannot store it and would
// silently truncate it, so both backends refuse it.
inline constexpr ErrorInfo kStoreInvalidText{"STORE_INVALID_TEXT", ErrorKind::kInvalidArgument,
                                             "Text values must not contain NUL characters."};

// Transaction::Notify / Store::Subscribe: the channel name is not
// [a-z_][a-z0-9_]{0,62} (which keeps it a valid, unquoted-safe identifier).
inline constexpr ErrorInfo kStoreInvalidChannel{"STORE_INVALID_CHANNEL",
                                                ErrorKind::kInvalidArgument,
                                                "The notification channel name is not valid."};
// Transaction::Notify: the payload is too long for PostgreSQL or holds a NUL.
inline constexpr ErrorInfo kStoreInvalidNotification{
    "STORE_INVALID_NOTIFICATION", ErrorKind::kInvalidArgument,
    "The notification payload is too long or holds a NUL character."};

inline Error ConflictError(std::string detail) {
  return MakeError(kStoreConflict, std::move(detail));
}
inline Error SerializationError(std::string detail) {
  return MakeError(kStoreSerializationFailure, std::move(detail));
}

}  // namespace latchkey::store

#endif  // LK_STORE_ERRORS_H_
