// HOTP (RFC 4226 Appendix D), TOTP (RFC 6238 Appendix B), the TOTP window,
// base32 (RFC 4648 §10), and agreement with Debian's oathtool when installed.
#include "crypto/otp.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/random.h"

namespace latchkey::crypto {
namespace {

constexpr std::string_view kRfcKey = "12345678901234567890";

// RFC 4226 Appendix D: HOTP values of kRfcKey for counters 0..9.
TEST(HotpTest, Rfc4226AppendixD) {
  const char* const kExpected[] = {"755224", "287082", "359152", "969429", "338314",
                                   "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    auto code = Hotp(kRfcKey, counter);
    ASSERT_TRUE(code) << code.error().detail;
    EXPECT_EQ(*code, kExpected[counter]) << "counter " << counter;
  }
}

TEST(HotpTest, DigitsOutsideSixToEightAreRefused) {
  for (int digits : {0, 5, 9, -1}) {
    auto code = Hotp(kRfcKey, 0, digits);
    ASSERT_FALSE(code) << digits;
    EXPECT_EQ(code.error().code, "INVALID_OTP_PARAMS");
  }
  EXPECT_EQ(Hotp(kRfcKey, 0, 8).value().size(), 8u);
}

// RFC 6238 Appendix B, the SHA-1 rows (key kRfcKey, 30 s steps, 8 digits).
TEST(TotpTest, Rfc6238AppendixBSha1) {
  struct Row {
    std::int64_t time;
    std::int64_t step;
    const char* code;
  };
  const Row kRows[] = {
      {59, 0x1, "94287082"},
      {1111111109, 0x23523EC, "07081804"},
      {1111111111, 0x23523ED, "14050471"},
      {1234567890, 0x273EF07, "89005924"},
      {2000000000, 0x3F940AA, "69279037"},
      {20000000000, 0x27BC86AA, "65353130"},
  };
  const TotpParams params{.digits = 8};
  for (const Row& row : kRows) {
    EXPECT_EQ(TotpStep(row.time, params), row.step) << row.time;
    auto code = TotpAtStep(kRfcKey, row.step, params);
    ASSERT_TRUE(code) << code.error().detail;
    EXPECT_EQ(*code, row.code) << row.time;
    auto matched = MatchTotp(kRfcKey, row.code, row.time, params);
    ASSERT_TRUE(matched);
    EXPECT_EQ(*matched, row.step) << row.time;
  }
}

TEST(TotpTest, StepRoundsDownBeforeTheEpochToo) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(-1), -1);
  EXPECT_EQ(TotpStep(-30), -1);
  EXPECT_EQ(TotpStep(-31), -2);
  EXPECT_EQ(TotpStep(100, {.period_s = 60}), 1);
}

TEST(TotpTest, ParamsOutOfRangeAreRefused) {
  const TotpParams kBad[] = {{.digits = 5},
                             {.digits = 9},
                             {.period_s = 0},
                             {.window = -1},
                             {.window = kMaxTotpWindow + 1}};
  for (const TotpParams& params : kBad) {
    auto code = TotpAtStep(kRfcKey, 1, params);
    ASSERT_FALSE(code);
    EXPECT_EQ(code.error().code, "INVALID_OTP_PARAMS");
    auto matched = MatchTotp(kRfcKey, "123456", 1000, params);
    ASSERT_FALSE(matched);
    EXPECT_EQ(matched.error().code, "INVALID_OTP_PARAMS");
  }
  auto negative = TotpAtStep(kRfcKey, -1);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, "INVALID_OTP_PARAMS");
}

// A code from one step earlier, the same step or one step later is accepted
// (RFC 6238 §5.2, one step of skew each way) and reports its own step; two
// steps away is refused.
TEST(MatchTotpTest, WindowEdges) {
  const std::int64_t now = 1111111111;
  const std::int64_t step = TotpStep(now);
  for (std::int64_t offset = -1; offset <= 1; ++offset) {
    const std::string code = TotpAtStep(kRfcKey, step + offset).value();
    auto matched = MatchTotp(kRfcKey, code, now);
    ASSERT_TRUE(matched);
    EXPECT_EQ(*matched, step + offset) << offset;
  }
  for (std::int64_t offset : {-2, 2}) {
    const std::string code = TotpAtStep(kRfcKey, step + offset).value();
    // The neighbouring steps' codes differ here, so a refusal is the window.
    ASSERT_NE(code, TotpAtStep(kRfcKey, step).value());
    auto matched = MatchTotp(kRfcKey, code, now);
    ASSERT_TRUE(matched);
    EXPECT_EQ(*matched, std::nullopt) << offset;
  }
}

TEST(MatchTotpTest, WindowZeroAcceptsOnlyTheCurrentStep) {
  const std::int64_t now = 1234567890;
  const std::int64_t step = TotpStep(now);
  const TotpParams params{.window = 0};
  EXPECT_EQ(MatchTotp(kRfcKey, TotpAtStep(kRfcKey, step).value(), now, params).value(), step);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpAtStep(kRfcKey, step - 1).value(), now, params).value(),
            std::nullopt);
}

TEST(MatchTotpTest, MalformedCodesAreRefused) {
  const std::int64_t now = 1111111111;
  const std::string code = TotpAtStep(kRfcKey, TotpStep(now)).value();
  const std::string kMalformed[] = {
      "",
      code.substr(0, 5),        // 5 digits
      code + "0",               // 7 digits
      code.substr(0, 5) + "a",  // a letter
      " " + code.substr(1),     // a space
      code.substr(0, 5) + std::string(1, '\0'),
      std::string("\xD9\xA1") + code.substr(2),  // Arabic-Indic digit one
  };
  for (const std::string& bad : kMalformed) {
    auto matched = MatchTotp(kRfcKey, bad, now);
    ASSERT_TRUE(matched);
    EXPECT_EQ(*matched, std::nullopt) << bad;
  }
  EXPECT_EQ(MatchTotp(kRfcKey, code, now).value(), TotpStep(now));
}

TEST(MatchTotpTest, StepsBeforeZeroNeverMatch) {
  // At t = 0 the window is {-1, 0, 1}; step -1 has no code.
  auto matched = MatchTotp(kRfcKey, TotpAtStep(kRfcKey, 0).value(), 0);
  ASSERT_TRUE(matched);
  EXPECT_EQ(*matched, 0);
  EXPECT_EQ(MatchTotp(kRfcKey, "000000", -1000).value(), std::nullopt);
}

// The window is clipped at both ends of int64 instead of overflowing (the
// sanitizer build would flag signed overflow).
TEST(MatchTotpTest, ExtremeTimesDoNotOverflow) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  const TotpParams params{.period_s = 1, .window = kMaxTotpWindow};
  const std::string code = TotpAtStep(kRfcKey, kMax, params).value();
  EXPECT_EQ(MatchTotp(kRfcKey, code, kMax, params).value(), kMax);
  EXPECT_EQ(TotpStep(kMin, params), kMin);
  EXPECT_EQ(MatchTotp(kRfcKey, code, kMin, params).value(), std::nullopt);
  EXPECT_EQ(TotpStep(kMin), kMin / 30 - 1);
}

TEST(MatchTotpTest, TheWrongKeyDoesNotMatch) {
  const std::int64_t now = 2000000000;
  const std::string code = TotpAtStep(kRfcKey, TotpStep(now)).value();
  EXPECT_EQ(MatchTotp("another key of 20 by", code, now).value(), std::nullopt);
}

// RFC 4648 §10 test vectors, without the padding we do not emit.
TEST(Base32Test, Rfc4648Section10Vectors) {
  struct Case {
    std::string_view bytes, unpadded, padded;
  };
  const Case kCases[] = {
      {"", "", ""},
      {"f", "MY", "MY======"},
      {"fo", "MZXQ", "MZXQ===="},
      {"foo", "MZXW6", "MZXW6==="},
      {"foob", "MZXW6YQ", "MZXW6YQ="},
      {"fooba", "MZXW6YTB", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(Base32Encode(c.bytes), c.unpadded);
    EXPECT_EQ(Base32Decode(c.unpadded).value(), c.bytes) << c.unpadded;
    EXPECT_EQ(Base32Decode(c.padded).value(), c.bytes) << c.padded;
    std::string lower(c.unpadded);
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(Base32Decode(lower).value(), c.bytes) << lower;
  }
  // The RFC 4226 key as authenticator apps are given it.
  EXPECT_EQ(Base32Encode(kRfcKey), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32Test, RoundTripsEveryByteAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string bytes = all.substr(256 - n) + RandomBytes(n);
    const std::string text = Base32Encode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    auto decoded = Base32Decode(text);
    ASSERT_TRUE(decoded) << text;
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(Base32Decode(Base32Encode(all)).value(), all);
}

TEST(Base32Test, MalformedTextIsRefused) {
  const std::string_view kBad[] = {
      "M",                 // 5 bits: no byte count encodes to 1 character
      "MZX",               // nor 3
      "MZXW6Y",            // nor 6
      "MZ",                // 'Z' leaves non-zero trailing bits
      "MY=",               // padding that does not fill the block
      "MY=======",         // too much padding
      "========",          // padding alone
      "MZXW6YTB========",  // a whole block of padding
      "MY==MY==",          // padding inside
      "MZXW 6YTB",         // whitespace
      "MZXW-6YTB",         // a separator
      "MZXW1YTB",          // '1' is not base32
      "MZXW8YTB",          // nor '8'
      "MZXW0YTB",          // nor '0'
      "MZXW\xC6YTB",       // a byte >= 0x80
      std::string_view("MZXW\0YTB", 8),
  };
  for (std::string_view bad : kBad) {
    auto decoded = Base32Decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, "INVALID_ENCODING");
  }
}

// --- Debian's oathtool as an independent implementation ---------------------

std::optional<std::filesystem::path> FindOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(rest.substr(0, colon)) / std::string(name);
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

// The command's standard output; only our own base32 and numbers go into it.
std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[256];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(TotpTest, AgreesWithOathtool) {
  const auto oathtool = FindOnPath("oathtool");
  if (!oathtool) GTEST_SKIP() << "oathtool is not on PATH (Debian package oathtool)";
  const std::string key = RandomBytes(20);
  for (std::int64_t now : {std::int64_t{59}, std::int64_t{1111111109}, std::int64_t{1700000000}}) {
    for (int digits : {6, 8}) {
      const TotpParams params{.digits = digits};
      const std::string command = oathtool->string() + " --totp -b -d " + std::to_string(digits) +
                                  " -N @" + std::to_string(now) + " " + Base32Encode(key);
      const std::string expected = TotpAtStep(key, TotpStep(now, params), params).value();
      EXPECT_EQ(RunCommand(command), expected + "\n") << command;
    }
  }
}

}  // namespace
}  // namespace latchkey::crypto
