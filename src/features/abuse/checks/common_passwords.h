// The 10,000 most common passwords (ASVS 2.1.7), shipped inside the binary:
// zxcvbn's ranked list of leaked passwords (MIT), generated at build time from
// Debian's python3-zxcvbn by cmake/common_passwords.py (docs/operations.md,
// "Common passwords"). Unlike the breached-password check it needs no network
// and no index file, so it is on by default (common_password_check).
// Thread-safety: the table is immutable; every function is safe to call
// concurrently.
#ifndef LK_FEATURES_ABUSE_CHECKS_COMMON_PASSWORDS_H_
#define LK_FEATURES_ABUSE_CHECKS_COMMON_PASSWORDS_H_

#include <span>
#include <string_view>

namespace latchkey::abuse {

// The list, sorted bytewise (std::string_view order), duplicates removed.
// Entries are lower-case. Defined in the generated common_passwords_data.cc.
std::span<const std::string_view> CommonPasswordTable();

// True when `normalized` (the NFKC form the password is hashed in) is on the
// list, as typed or with ASCII letters lower-cased: "Password1" is as easy to
// guess as "password1" (guessing tools try capitalised forms first). Two
// binary searches at most.
bool IsCommonPassword(std::string_view normalized);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_COMMON_PASSWORDS_H_
