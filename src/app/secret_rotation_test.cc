// Secret rotation on the operator's side: the new keyring, the --dev files
// and the previous_secrets checks (issue 9; docs/operations.md).
#include "app/secret_rotation.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "app/config_loader.h"

namespace latchkey::app {
namespace {

const std::string kA(40, 'a');
const std::string kB(40, 'b');

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

unsigned Mode(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

TEST(RotatedKeyringTest, NewSecretAndTheOldOneFirstAmongThePrevious) {
  Config config;
  config.secret = kB;
  config.previous_secrets = {kA, kB};
  RotatedSecret rotated = RotatedKeyring(config);
  EXPECT_GE(rotated.secret.size(), kMinSecretBytes);
  EXPECT_NE(rotated.secret, kB);
  EXPECT_EQ(rotated.previous, (std::vector<std::string>{kB, kA}));
}

TEST(RotateSecretFilesTest, KeepsTheOldSecretAndBothFilesPrivate) {
  auto dir = std::filesystem::temp_directory_path() / "lk_rotate_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EXPECT_FALSE(RotateSecretFiles(dir.string())) << "nothing to rotate yet";
  Config first;
  first.dev = true;
  ASSERT_TRUE(RequireSecret(first, dir.string()));

  auto rotated = RotateSecretFiles(dir.string());
  ASSERT_TRUE(rotated) << rotated.error().detail;
  EXPECT_EQ(Read(dir / "secret"), rotated->secret + "\n");
  EXPECT_EQ(Read(dir / "previous_secrets"), first.secret + "\n");
  EXPECT_EQ(Mode(dir / "secret"), 0600u);
  EXPECT_EQ(Mode(dir / "previous_secrets"), 0600u);

  // The next --dev start reads both files.
  Config second;
  second.dev = true;
  ASSERT_TRUE(RequireSecret(second, dir.string()));
  EXPECT_EQ(second.secret, rotated->secret);
  EXPECT_EQ(second.previous_secrets, std::vector<std::string>{first.secret});

  auto again = RotateSecretFiles(dir.string());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->previous, (std::vector<std::string>{rotated->secret, first.secret}));
  std::filesystem::remove_all(dir);
}

TEST(CheckPreviousSecretsTest, RefusesAShortEntryWithoutPrintingIt) {
  Config config;
  config.secret = kB;
  config.previous_secrets = {kA, "short-old-value"};
  auto checked = RequireSecret(config, "/nonexistent");
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().detail.find("previous_secrets: entry 2"), std::string::npos);
  EXPECT_EQ(checked.error().detail.find("short-old-value"), std::string::npos);
  config.previous_secrets = {kA};
  EXPECT_TRUE(RequireSecret(config, "/nonexistent"));
}

TEST(CheckPreviousSecretsTest, ListFromTheEnvironmentIsCommaSeparated) {
  ConfigSources sources;
  sources.env = {{"LATCHKEY_PREVIOUS_SECRETS", kA + "," + kB}};
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().detail;
  EXPECT_EQ(config->previous_secrets, (std::vector<std::string>{kA, kB}));
  // config check prints neither.
  const std::string text = DescribeConfig(*config);
  EXPECT_EQ(text.find(kA), std::string::npos);
  EXPECT_EQ(text.find(kB), std::string::npos);
}

}  // namespace
}  // namespace latchkey::app
