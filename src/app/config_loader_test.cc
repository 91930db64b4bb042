#include "app/config_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace latchkey::app {
namespace {

TEST(LoadConfigTest, FlagsOverrideEnvOverrideFile) {
  auto dir = std::filesystem::temp_directory_path() / "lk_config_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "c.toml")
      << "port = 4000\nhost = \"0.0.0.0\"\nlog_format = \"text\"\n"
         "trusted_origins = [\"https://a.example\", \"https://b.example\"]\n";
  ConfigSources sources;
  sources.file = (dir / "c.toml").string();
  sources.env = {{"LATCHKEY_PORT", "5000"}, {"LATCHKEY_COOKIE_PREFIX", "myapp"}};
  sources.flags = {{"port", "6000"}};
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().detail;
  EXPECT_EQ(config->port, 6000);
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->log_format, "text");
  EXPECT_EQ(config->cookie_prefix, "myapp");
  EXPECT_EQ(config->trusted_origins.size(), 2u);
  EXPECT_EQ(config->base_url, "http://0.0.0.0:6000");
}

TEST(LoadConfigTest, RejectsInvalidValuesWithTheirSource) {
  ConfigSources sources;
  sources.env = {{"LATCHKEY_PORT", "70000"}};
  auto config = LoadConfig(sources);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().detail.find("LATCHKEY_PORT"), std::string::npos);
  sources.env = {{"LATCHKEY_DATABASE_URL", "mysql://x"}};
  EXPECT_FALSE(LoadConfig(sources));
  sources.env = {{"LATCHKEY_LOG_FORMAT", "xml"}};
  EXPECT_FALSE(LoadConfig(sources));
}

TEST(LoadConfigTest, HttpsBaseUrlMakesCookiesSecure) {
  ConfigSources sources;
  sources.env = {{"LATCHKEY_BASE_URL", "https://auth.example.com/"}};
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->secure_cookies);
  EXPECT_EQ(config->base_url, "https://auth.example.com");
}

// ASVS 2.10.4 / security-bar §0: no insecure fallback secret, ever.
TEST(RequireSecretTest, RefusesMissingOrShortSecret) {
  Config config;
  auto missing = RequireSecret(config, "/nonexistent");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().detail.find("LATCHKEY_SECRET"), std::string::npos);
  EXPECT_NE(missing.error().detail.find("openssl rand"), std::string::npos);
  config.secret = "too-short";
  EXPECT_FALSE(RequireSecret(config, "/nonexistent"));
  config.secret = std::string(32, 'x');
  EXPECT_TRUE(RequireSecret(config, "/nonexistent"));
}

TEST(RequireSecretTest, DevModeGeneratesAPrivateSecretOnce) {
  auto dir = std::filesystem::temp_directory_path() / "lk_secret_test";
  std::filesystem::remove_all(dir);
  Config first;
  first.dev = true;
  ASSERT_TRUE(RequireSecret(first, dir.string()));
  EXPECT_GE(first.secret.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  Config second;
  second.dev = true;
  ASSERT_TRUE(RequireSecret(second, dir.string()));
  EXPECT_EQ(first.secret, second.secret);
}

TEST(DescribeConfigTest, RedactsSecrets) {
  Config config;
  config.secret = "super-secret-value-that-must-not-print-1234";
  config.database_url = "postgres://app:hunter2@db:5432/auth";
  std::string text = DescribeConfig(config);
  EXPECT_EQ(text.find("super-secret"), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("secret = \"<redacted>\""), std::string::npos);
}

}  // namespace
}  // namespace latchkey::app
