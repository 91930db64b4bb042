// Tests for strength.h: NIST SP 800-63B §5.1.1.2 asks that dictionary words,
// repetitive or sequential strings and context-specific words be caught.
#include "features/abuse/checks/strength.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace latchkey::abuse {
namespace {

bool HasSuggestion(const PasswordStrength& s, std::string_view text) {
  return std::any_of(s.suggestions.begin(), s.suggestions.end(),
                     [&](const std::string& x) { return x.find(text) != std::string::npos; });
}

TEST(StrengthTest, CommonPasswordScoresZero) {
  for (const char* pw : {"password", "123456", "qwerty", "letmein"}) {
    PasswordStrength s = EvaluateStrength(pw, {});
    EXPECT_EQ(s.score, 0) << pw << " entropy " << s.entropy_bits;
    EXPECT_FALSE(s.warning.empty()) << pw;
    EXPECT_TRUE(HasSuggestion(s, "Add another word or two")) << pw;
  }
  EXPECT_TRUE(HasSuggestion(EvaluateStrength("password", {}), "Avoid common passwords"));
}

TEST(StrengthTest, LongRandomPassphraseScoresFour) {
  PasswordStrength s = EvaluateStrength("quartz-Lantern-bicycle-Mosaic-47-orbit", {});
  EXPECT_EQ(s.score, 4) << s.entropy_bits;
  EXPECT_TRUE(s.warning.empty());
  EXPECT_TRUE(s.suggestions.empty());
  EXPECT_EQ(EvaluateStrength("vX9#qL2!mZ7@wR4$tK8%", {}).score, 4);
}

TEST(StrengthTest, EmptyPasswordScoresZero) { EXPECT_EQ(EvaluateStrength("", {}).score, 0); }

// NIST SP 800-63B §5.1.1.2 "context-specific words, such as the username": the same
// password scores lower once it is known to contain the user's name.
TEST(StrengthTest, UserInputsLowerTheScore) {
  const std::string pw = "Thelonius.Brackwater";
  const std::vector<std::string> inputs = {"thelonius.brackwater@example.com",
                                           "Thelonius Brackwater"};
  PasswordStrength without = EvaluateStrength(pw, {});
  PasswordStrength with = EvaluateStrength(pw, inputs);
  EXPECT_LT(with.entropy_bits, without.entropy_bits);
  EXPECT_LT(with.score, without.score) << without.entropy_bits << " vs " << with.entropy_bits;
  EXPECT_LE(with.score, 2);
  EXPECT_NE(with.warning.find("related to you"), std::string::npos) << with.warning;
}

// NIST SP 800-63B §5.1.1.2 "repetitive or sequential characters".
TEST(StrengthTest, RepeatsAndSequencesAreNamed) {
  PasswordStrength rep = EvaluateStrength("aaaaaaaaaaaa", {});
  EXPECT_LE(rep.score, 1);
  EXPECT_TRUE(HasSuggestion(rep, "repeated")) << rep.warning;
  EXPECT_NE(rep.warning.find("Repeated"), std::string::npos) << rep.warning;
  PasswordStrength seq = EvaluateStrength("abcdefghijklmnop", {});
  EXPECT_LE(seq.score, 2);
  EXPECT_TRUE(HasSuggestion(seq, "sequences")) << seq.warning;
  EXPECT_NE(seq.warning.find("Sequences"), std::string::npos) << seq.warning;
}

TEST(StrengthTest, DatesAreNamed) {
  PasswordStrength s = EvaluateStrength("19871214", {});
  EXPECT_LE(s.score, 2);
  EXPECT_TRUE(HasSuggestion(s, "dates")) << s.warning;
}

}  // namespace
}  // namespace latchkey::abuse
