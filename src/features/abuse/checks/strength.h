// Password strength estimate (zxcvbn-c, Debian libzxcvbn-dev) mapped onto
// zxcvbn's familiar 0–4 score, with short feedback for the sign-up strength
// meter. It complements, and never replaces, the length rule and the
// breached-password check: NIST SP 800-63B §5.1.1.2 asks for dictionary,
// repetitive/sequential and context-specific words to be rejected.
//
// Thread-safety: Evaluate is pure and may be called concurrently (zxcvbn-c
// keeps no global mutable state when built with its dictionary compiled in).
#ifndef LK_FEATURES_ABUSE_CHECKS_STRENGTH_H_
#define LK_FEATURES_ABUSE_CHECKS_STRENGTH_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::abuse {

struct PasswordStrength {
  // zxcvbn's scale on guesses = 2^entropy: 0 (< 10^3), 1 (< 10^6),
  // 2 (< 10^8), 3 (< 10^10), 4 (otherwise).
  int score = 0;
  double entropy_bits = 0;
  // Empty when score >= 3 (as in zxcvbn); otherwise the most relevant
  // problem, e.g. "This is a very common password".
  std::string warning;
  // Empty when score >= 3; otherwise one or more fixes, always including
  // "Add another word or two. Uncommon words are better."
  std::vector<std::string> suggestions;
};

// Scores `password` (UTF-8; stops at an embedded NUL, which NFKC-normalised
// user input does not contain). `user_inputs` are context words that make a
// password weak for this user: email, its local part, name, service name.
// Each is lower-cased and also split on non-alphanumerics ("ada.lovelace"
// adds "ada" and "lovelace").
PasswordStrength EvaluateStrength(std::string_view password,
                                  std::span<const std::string> user_inputs);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_STRENGTH_H_
