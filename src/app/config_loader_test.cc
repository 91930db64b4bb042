#include "app/config_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "app/redact.h"
#include "features/abuse/abuse_settings.h"
#include "features/social/social_settings.h"

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

// Key families (core/settings.h KeyFamily): the social providers' oidc_<id>_*
// keys from a TOML table [oidc.<id>] and from LATCHKEY_OIDC_<ID>_<FIELD>,
// with the client secret redacted by config check.
TEST(LoadConfigTest, KeyFamiliesFromTomlTablesAndEnvironment) {
  auto dir = std::filesystem::temp_directory_path() / "lk_config_family_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "c.toml") << "oidc_providers = [\"kc\", \"my_idp\"]\n"
                                   "[oidc.kc]\nissuer = \"https://kc.example/realms/a\"\n"
                                   "client_id = \"app\"\nclient_secret = \"file-secret\"\n"
                                   "scopes = [\"openid\", \"email\"]\n";
  ConfigSources sources;
  sources.file = (dir / "c.toml").string();
  sources.env = {{"LATCHKEY_OIDC_MY_IDP_ISSUER", "https://idp.example"},
                 {"LATCHKEY_OIDC_MY_IDP_CLIENT_ID", "c2"},
                 {"LATCHKEY_OIDC_MY_IDP_CLIENT_SECRET", "env-secret"},
                 {"LATCHKEY_OIDC_MY_IDP_DISABLE_SIGN_UP", "true"}};
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().detail;
  const auto& social = config->Get<social::SocialSettings>();
  ASSERT_EQ(social.providers.size(), 2u);
  EXPECT_EQ(social.providers.at("kc").issuer, "https://kc.example/realms/a");
  EXPECT_EQ(social.providers.at("kc").scopes, (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ(social.providers.at("my_idp").client_secret, "env-secret");
  EXPECT_TRUE(social.providers.at("my_idp").disable_sign_up);
  const std::string described = DescribeConfig(*config);
  EXPECT_EQ(described.find("env-secret"), std::string::npos);
  EXPECT_EQ(described.find("file-secret"), std::string::npos);
  EXPECT_NE(described.find("oidc_kc_client_secret = \"<redacted>\""), std::string::npos);

  sources.env = {{"LATCHKEY_OIDC_OTHER_CLIENT_ID", "x"}};  // not in oidc_providers
  EXPECT_FALSE(LoadConfig(sources));
  sources.env = {{"LATCHKEY_OIDC_KC_NOPE", "x"}};  // no such member
  EXPECT_FALSE(LoadConfig(sources));
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

// ASVS 2.10.4 / docs/operations.md: no insecure fallback secret, ever.
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

// ASVS 14.3.3: config check prints no credential, wherever a URL hides it.
TEST(DescribeConfigTest, RedactsPasswordsInQueriesAndCredentialsInServiceUrls) {
  Config config;
  config.database_url = "postgres://db:5432/auth?sslmode=require&password=hunter2";
  // Keys of a feature's table are redacted as the server's are.
  auto& abuse = config.Mutable<abuse::AbuseSettings>();
  abuse.hibp_url = "https://proxyuser:proxypass@hibp.internal/range?api_key=k3y-value";
  abuse.captcha_verify_url = "https://verify.internal/siteverify?token=t0ken-value&v=2";
  const std::string text = DescribeConfig(config);
  for (std::string_view leaked : {"hunter2", "proxypass", "k3y-value", "t0ken-value"}) {
    EXPECT_EQ(text.find(leaked), std::string::npos) << leaked << "\n" << text;
  }
  EXPECT_NE(text.find("postgres://db:5432/auth?sslmode=require&password=<redacted>"),
            std::string::npos);
  EXPECT_NE(text.find("https://proxyuser:<redacted>@hibp.internal/range?api_key=<redacted>"),
            std::string::npos);
  EXPECT_NE(text.find("https://verify.internal/siteverify?token=<redacted>&v=2"),
            std::string::npos);
}

TEST(RedactUrlTest, UserinfoQueryAndKeywordValueForms) {
  EXPECT_EQ(RedactUrl("postgres://app:hunter2@db/auth"), "postgres://app:<redacted>@db/auth");
  EXPECT_EQ(RedactUrl("postgres://app@db/auth"), "postgres://app@db/auth");
  // A password holding '@' and '/' (not percent-encoded) is still hidden.
  EXPECT_EQ(RedactUrl("postgresql://app:p@ss/w0rd@db/auth").find("w0rd"), std::string::npos);
  EXPECT_EQ(RedactUrl("postgresql://db/auth?user=app&sslpassword=k&PASSWORD=p#x"),
            "postgresql://db/auth?user=app&sslpassword=<redacted>&PASSWORD=<redacted>#x");
  EXPECT_EQ(RedactUrl("sqlite:var/auth.db"), "sqlite:var/auth.db");
  EXPECT_EQ(RedactUrl("host=db password=hunter2 dbname=auth"),
            "host=db password=<redacted> dbname=auth");
  EXPECT_EQ(RedactUrl("host=db password = 'hun ter\\'2' dbname=auth"),
            "host=db password = <redacted> dbname=auth");
}

// The error for an unsupported database_url echoes it, redacted.
TEST(LoadConfigTest, DatabaseUrlErrorHidesThePassword) {
  ConfigSources sources;
  sources.env = {{"LATCHKEY_DATABASE_URL", "host=db user=app password=hunter2"}};
  auto config = LoadConfig(sources);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().detail.find("hunter2"), std::string::npos) << config.error().detail;
  sources.env = {{"LATCHKEY_DATABASE_URL", "mysql://app:hunter2@db/auth"}};
  config = LoadConfig(sources);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().detail.find("hunter2"), std::string::npos) << config.error().detail;
}

// ASVS 3.5.3 / 5.1.5: a catch-all trusted origin would switch off the CSRF
// and redirect checks; it is refused with what to write instead.
TEST(LoadConfigTest, RefusesTrustedOriginsThatMatchEverySite) {
  for (std::string_view list : {"*", "https://app.example.com,*", "http://*", "https://*", "*://*",
                                "*.*", "https://*:*", "https://*/"}) {
    ConfigSources sources;
    sources.env = {{"LATCHKEY_TRUSTED_ORIGINS", std::string(list)}};
    auto config = LoadConfig(sources);
    ASSERT_FALSE(config) << list;
    EXPECT_NE(config.error().detail.find("trusts every site"), std::string::npos) << list;
    EXPECT_NE(config.error().detail.find("https://*.example.com"), std::string::npos);
  }
  for (std::string_view list : {"https://*.example.com", "*.example.com", "https://app.example.com",
                                "http://localhost:*"}) {
    ConfigSources sources;
    sources.env = {{"LATCHKEY_TRUSTED_ORIGINS", std::string(list)}};
    auto config = LoadConfig(sources);
    EXPECT_TRUE(config) << list << ": " << config.error().detail;
  }
}

}  // namespace
}  // namespace latchkey::app
