#include "app/error_codes.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "app/application.h"
#include "core/clock.h"

namespace latchkey::app {
namespace {

constexpr ErrorInfo kA{"INVALID_TOKEN", ErrorKind::kUnauthenticated, "Invalid token"};
constexpr ErrorInfo kSameAsA{"INVALID_TOKEN", ErrorKind::kUnauthenticated, "Invalid token"};
constexpr ErrorInfo kListedKind{"INVALID_TOKEN", ErrorKind::kNotFound, "Invalid token"};
constexpr ErrorInfo kUnlistedKind{"INVALID_TOKEN", ErrorKind::kConflict, "Invalid token"};
constexpr ErrorInfo kB{"OTHER_CODE", ErrorKind::kInvalidArgument, "Other"};
constexpr ErrorInfo kBOtherKind{"OTHER_CODE", ErrorKind::kNotFound, "Other"};
constexpr ErrorInfo kBOtherMessage{"OTHER_CODE", ErrorKind::kInvalidArgument, "Another"};

TEST(ErrorCodesTest, DistinctOrIdenticalDeclarationsPass) {
  const ErrorInfo first[] = {kA, kB};
  const ErrorInfo second[] = {kSameAsA, kB};
  EXPECT_TRUE(CheckErrorCodes({{"one", first}, {"two", second}}));
}

TEST(ErrorCodesTest, OneCodeWithTwoStatusesFailsNamingBothFeatures) {
  const ErrorInfo first[] = {kB};
  const ErrorInfo second[] = {kBOtherKind};
  auto checked = CheckErrorCodes({{"one", first}, {"two", second}});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, "DUPLICATE_ERROR_CODE");
  EXPECT_EQ(checked.error().detail, "OTHER_CODE in one and two");
}

TEST(ErrorCodesTest, OneCodeWithTwoMessagesFails) {
  const ErrorInfo first[] = {kB};
  const ErrorInfo second[] = {kBOtherMessage};
  EXPECT_FALSE(CheckErrorCodes({{"one", first}, {"two", second}}));
}

// INVALID_TOKEN is listed with Better Auth's three statuses: any of them
// passes, a fourth fails, first declaration or not.
TEST(ErrorCodesTest, AListedCodeTakesOnlyItsListedStatuses) {
  const ErrorInfo first[] = {kA};
  const ErrorInfo listed[] = {kListedKind};
  const ErrorInfo unlisted[] = {kUnlistedKind};
  EXPECT_TRUE(CheckErrorCodes({{"one", first}, {"two", listed}}));
  auto checked = CheckErrorCodes({{"one", first}, {"two", unlisted}});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().detail, "INVALID_TOKEN in one and two");
  checked = CheckErrorCodes({{"two", unlisted}});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().detail,
            "INVALID_TOKEN in two has a status app/error_codes.cc does not list");
}

TEST(ErrorCodesTest, EmptyCodesAreNotCompared) {
  const ErrorInfo first[] = {{"", ErrorKind::kRateLimited, "Too many requests"}};
  const ErrorInfo second[] = {{"", ErrorKind::kInvalidArgument, "Email is the same"}};
  EXPECT_TRUE(CheckErrorCodes({{"one", first}, {"two", second}}));
}

// The real server: every feature and shared table, as Create() checks them.
class RegisteredErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.database_url = "sqlite::memory:";
    config_.secret = std::string(kMinSecretBytes, 's');
    auto app = Application::Create(config_, clock_);
    ASSERT_TRUE(app) << app.error().code << ": " << app.error().detail;
    app_ = std::move(*app);
  }

  Config config_;
  FakeClock clock_{TimeMs{1700000000000}};
  std::unique_ptr<Application> app_;
};

TEST_F(RegisteredErrorsTest, TheFullSetPassesAtStartup) {
  EXPECT_TRUE(CheckErrorCodes(app_->DeclaredErrorCodes()));
}

TEST_F(RegisteredErrorsTest, AConflictWithARealCodeFailsStartup) {
  auto declared = app_->DeclaredErrorCodes();
  const ErrorInfo rogue[] = {{"INVALID_EMAIL", ErrorKind::kNotFound, "Invalid email"}};
  declared.push_back({"rogue", rogue});
  auto checked = CheckErrorCodes(declared);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().detail, "INVALID_EMAIL in common and rogue");
}

// The conflicts the allowances in error_codes.cc exist for are real: the
// registered set holds each listed status.
TEST_F(RegisteredErrorsTest, InvalidTokenAndInvalidApiKeyCarrySeveralStatuses) {
  std::map<std::string_view, std::set<ErrorKind>> kinds;
  for (const auto& group : app_->DeclaredErrorCodes()) {
    for (const ErrorInfo& info : group.errors) kinds[info.code].insert(info.kind);
  }
  EXPECT_EQ(kinds["INVALID_TOKEN"], (std::set{ErrorKind::kNotFound, ErrorKind::kInvalidArgument,
                                              ErrorKind::kUnauthenticated}));
  EXPECT_EQ(kinds["INVALID_API_KEY"],
            (std::set{ErrorKind::kUnauthenticated, ErrorKind::kPermissionDenied}));
}

// --- Every ErrorInfo defined under src/ is registered. ----------------------

using Declaration = std::tuple<std::string, std::string, std::string>;  // code, kind, message

std::string KindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "kInvalidArgument";
    case ErrorKind::kUnauthenticated:
      return "kUnauthenticated";
    case ErrorKind::kPermissionDenied:
      return "kPermissionDenied";
    case ErrorKind::kNotFound:
      return "kNotFound";
    case ErrorKind::kMethodNotAllowed:
      return "kMethodNotAllowed";
    case ErrorKind::kConflict:
      return "kConflict";
    case ErrorKind::kFailedPrecondition:
      return "kFailedPrecondition";
    case ErrorKind::kUnprocessable:
      return "kUnprocessable";
    case ErrorKind::kPaymentRequired:
      return "kPaymentRequired";
    case ErrorKind::kPayloadTooLarge:
      return "kPayloadTooLarge";
    case ErrorKind::kUnsupportedMedia:
      return "kUnsupportedMedia";
    case ErrorKind::kRateLimited:
      return "kRateLimited";
    case ErrorKind::kUnavailable:
      return "kUnavailable";
    case ErrorKind::kInternal:
      return "kInternal";
  }
  return "?";
}

// A small reader for `ErrorInfo kName{"CODE", ErrorKind::kKind, "message"}`
// (the message may be several adjacent literals). Tables (`kErrors[]`) are
// skipped.
class DefinitionScanner {
 public:
  explicit DefinitionScanner(std::string text) : text_(std::move(text)) {}

  // False when a definition does not have the expected shape.
  bool Scan(std::vector<Declaration>& out) {
    for (std::size_t at = text_.find("ErrorInfo k"); at != std::string::npos;
         at = text_.find("ErrorInfo k", at + 1)) {
      pos_ = at + 10;
      while (pos_ < text_.size() && (std::isalnum(Byte()) || text_[pos_] == '_')) ++pos_;
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == '[') continue;  // a table of them
      std::string code, kind, message;
      if (!Take('{') || !Literals(code) || !Take(',') || !Kind(kind) || !Take(',') ||
          !Literals(message) || !Take('}')) {
        return false;
      }
      out.emplace_back(code, kind, message);
    }
    return true;
  }

 private:
  unsigned char Byte() const { return static_cast<unsigned char>(text_[pos_]); }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(Byte())) ++pos_;
  }
  bool Take(char c) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool Literals(std::string& out) {
    bool any = false;
    while (Take('"')) {
      any = true;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\') ++pos_;
        out += text_[pos_++];
      }
      if (!Take('"')) return false;
    }
    return any;
  }
  bool Kind(std::string& out) {
    SkipSpace();
    constexpr std::string_view kPrefix = "ErrorKind::";
    if (text_.compare(pos_, kPrefix.size(), kPrefix) != 0) return false;
    pos_ += kPrefix.size();
    while (pos_ < text_.size() && std::isalnum(Byte())) out += text_[pos_++];
    return !out.empty();
  }

  std::string text_;
  std::size_t pos_ = 0;
};

// app/ is left out: its codes (INVALID_CONFIG, FEATURE_DEPENDENCY,
// DUPLICATE_ERROR_CODE) stop startup and never reach the wire. Tests and
// testing/ helpers declare codes of their own.
bool Scanned(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const std::string generic = path.generic_string();
  if (path.extension() != ".cc" && path.extension() != ".h") return false;
  if (name.ends_with("_test.cc") || generic.find("/testing/") != std::string::npos) return false;
  return generic.find("/app/") == std::string::npos;
}

TEST_F(RegisteredErrorsTest, EveryErrorInfoDefinedUnderSrcIsRegistered) {
  std::set<Declaration> registered;
  for (const auto& group : app_->DeclaredErrorCodes()) {
    for (const ErrorInfo& info : group.errors) {
      registered.emplace(info.code, KindName(info.kind), info.message);
    }
  }
  const std::filesystem::path root(LK_SOURCE_DIR);
  std::size_t defined = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !Scanned(entry.path())) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::vector<Declaration> found;
    EXPECT_TRUE(DefinitionScanner(text.str()).Scan(found))
        << entry.path() << ": an ErrorInfo definition this scanner cannot read";
    for (const auto& declaration : found) {
      ++defined;
      EXPECT_TRUE(registered.contains(declaration))
          << std::get<0>(declaration) << " (" << entry.path().lexically_relative(root).string()
          << ") is in no feature's Errors() and not in app/shared_errors.cc";
    }
  }
  EXPECT_GT(defined, 100u);  // the scanner found the definitions at all
}

}  // namespace
}  // namespace latchkey::app
