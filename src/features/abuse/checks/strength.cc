// zxcvbn-c returns total entropy and a linked list of the matches it used.
// The score reuses zxcvbn's guess thresholds so clients that already know
// the JS library read our score the same way; the feedback is derived from
// the match types, following the wording of zxcvbn's own feedback.
#include "features/abuse/checks/strength.h"

#include <zxcvbn.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/ascii.h"

namespace latchkey::abuse {
namespace {

constexpr int kMinUserWordLength = 3;  // shorter words match everywhere

std::vector<std::string> UserWords(std::span<const std::string> inputs) {
  std::set<std::string> words;
  for (const std::string& input : inputs) {
    std::string whole = ascii::Lowered(input);
    if (static_cast<int>(whole.size()) >= kMinUserWordLength) words.insert(whole);
    std::string token;
    for (char c : whole + ' ') {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0 ||
          (static_cast<unsigned char>(c) & 0x80) != 0) {
        token += c;
      } else {
        if (static_cast<int>(token.size()) >= kMinUserWordLength) words.insert(token);
        token.clear();
      }
    }
  }
  return {words.begin(), words.end()};
}

int ScoreFromEntropy(double bits) {
  const double log10_guesses = bits * std::log10(2.0);
  if (log10_guesses < 3) return 0;
  if (log10_guesses < 6) return 1;
  if (log10_guesses < 8) return 2;
  if (log10_guesses < 10) return 3;
  return 4;
}

constexpr char kWarnUser[] = "Avoid words related to you, such as your name or email";
constexpr char kWarnRepeats[] =
    "Repeated characters or words like \"aaa\" or \"abcabc\" are easy to guess";
constexpr char kWarnSequence[] = "Sequences like \"abc\" or \"6543\" are easy to guess";
constexpr char kWarnSpatial[] = "Straight rows of keys like \"qwerty\" are easy to guess";
constexpr char kWarnDate[] = "Dates and years are often easy to guess";

struct MatchSummary {
  bool user = false, dictionary = false, leet = false, repeats = false, sequence = false,
       spatial = false, date = false;
  int primary = NON_MATCH;  // base type of the longest match: it leads the warning
  int primary_length = 0;
};

// The warning for the longest match, so "aaaaaaaaaaaa" is called a repeat
// even though zxcvbn-c also finds "aaa" in its dictionary.
const char* PrimaryWarning(int type) {
  switch (type) {
    case USER_MATCH:
    case USER_LEET_MATCH:
      return kWarnUser;
    case REPEATS_MATCH:
      return kWarnRepeats;
    case SEQUENCE_MATCH:
      return kWarnSequence;
    case SPATIAL_MATCH:
      return kWarnSpatial;
    case DATE_MATCH:
    case YEAR_MATCH:
      return kWarnDate;
    default:
      return nullptr;  // dictionary: decided by the ordered list below
  }
}

MatchSummary Summarise(const ZxcMatch_t* info) {
  MatchSummary s;
  for (const ZxcMatch_t* m = info; m != nullptr; m = m->Next) {
    const int type = static_cast<int>(m->Type) & ~static_cast<int>(MULTIPLE_MATCH);
    if (m->Length > s.primary_length) {
      // zxcvbn-c reports "aaaaaaaaaaaa" as dictionary word "aaa" repeated
      // (MULTIPLE_MATCH): the repetition is what the user should hear about.
      const bool repeated = (static_cast<int>(m->Type) & MULTIPLE_MATCH) != 0;
      s.primary = repeated ? REPEATS_MATCH : type;
      s.primary_length = m->Length;
    }
    switch (type) {
      case USER_LEET_MATCH:
        s.leet = true;
        [[fallthrough]];
      case USER_MATCH:
        s.user = true;
        break;
      case DICT_LEET_MATCH:
        s.leet = true;
        [[fallthrough]];
      case DICTIONARY_MATCH:
        s.dictionary = true;
        break;
      case REPEATS_MATCH:
        s.repeats = true;
        break;
      case SEQUENCE_MATCH:
        s.sequence = true;
        break;
      case SPATIAL_MATCH:
        s.spatial = true;
        break;
      case DATE_MATCH:
      case YEAR_MATCH:
        s.date = true;
        break;
      default:
        break;
    }
    // A part repeated inside the password ("abcabc") is a repeat too.
    if ((static_cast<int>(m->Type) & MULTIPLE_MATCH) != 0) s.repeats = true;
  }
  return s;
}

void AddFeedback(const MatchSummary& s, PasswordStrength& out) {
  auto warn = [&out](const char* text) {
    if (out.warning.empty()) out.warning = text;
  };
  if (const char* primary = PrimaryWarning(s.primary)) warn(primary);
  // Ordered by how much the problem helps an attacker.
  if (s.user) {
    warn(kWarnUser);
    out.suggestions.emplace_back("Avoid your name, email or other personal details");
  }
  if (s.dictionary) {
    warn(out.score <= 1 ? "This is a very common password"
                        : "This is similar to a common password");
    out.suggestions.emplace_back("Avoid common passwords and single dictionary words");
  }
  if (s.repeats) {
    warn(kWarnRepeats);
    out.suggestions.emplace_back("Avoid repeated characters and words");
  }
  if (s.sequence) {
    warn(kWarnSequence);
    out.suggestions.emplace_back("Avoid sequences");
  }
  if (s.spatial) {
    warn(kWarnSpatial);
    out.suggestions.emplace_back("Avoid keyboard patterns");
  }
  if (s.date) {
    warn(kWarnDate);
    out.suggestions.emplace_back("Avoid dates and years that are associated with you");
  }
  if (s.leet) {
    out.suggestions.emplace_back(
        "Predictable substitutions like \"@\" instead of \"a\" don't help very much");
  }
  out.suggestions.emplace_back("Add another word or two. Uncommon words are better.");
}

}  // namespace

PasswordStrength EvaluateStrength(std::string_view password,
                                  std::span<const std::string> user_inputs) {
  const std::string pwd(password.substr(0, password.find('\0')));
  const std::vector<std::string> words = UserWords(user_inputs);
  std::vector<const char*> dict;
  dict.reserve(words.size() + 1);
  for (const std::string& w : words) dict.push_back(w.c_str());
  dict.push_back(nullptr);

  ZxcMatch_t* info = nullptr;
  PasswordStrength out;
  out.entropy_bits = ZxcvbnMatch(pwd.c_str(), dict.data(), &info);
  out.score = ScoreFromEntropy(out.entropy_bits);
  if (out.score < 3) AddFeedback(Summarise(info), out);
  ZxcvbnFreeInfo(info);
  return out;
}

}  // namespace latchkey::abuse
