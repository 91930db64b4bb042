#include "app/serve_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace latchkey {
namespace {

TEST(RouteFamilyTest, NamesTheFamilyOfEachKindOfRoute) {
  EXPECT_EQ(RouteFamily("/api/auth/sign-in/email"), "sign-in");
  EXPECT_EQ(RouteFamily("/api/auth/sign-up/email"), "sign-up");
  EXPECT_EQ(RouteFamily("/api/auth/callback/:provider"), "social");
  EXPECT_EQ(RouteFamily("/api/auth/refresh-token"), "social");  // a linked account's tokens
  EXPECT_EQ(RouteFamily("/api/auth/refresh-token/issue"), "tokens");
  EXPECT_EQ(RouteFamily("/api/auth/refresh"), "tokens");
  EXPECT_EQ(RouteFamily("/api/auth/get-session"), "session");
  EXPECT_EQ(RouteFamily("/api/auth/multi-session/set-active"), "session");
  EXPECT_EQ(RouteFamily("/api/auth/two-factor/verify-totp"), "two-factor");
  EXPECT_EQ(RouteFamily("/api/auth/passkey/verify-authentication"), "passkey");
  EXPECT_EQ(RouteFamily("/api/auth/admin/list-users"), "admin");
  EXPECT_EQ(RouteFamily("/api/auth/reset-password/:token"), "password");
  EXPECT_EQ(RouteFamily("/api/auth/delete-user/callback"), "account");
  EXPECT_EQ(RouteFamily("/api/auth/ok"), "meta");
  EXPECT_EQ(RouteFamily("/metrics"), "ops");
  EXPECT_EQ(RouteFamily("/account/:section"), "web");
  EXPECT_EQ(RouteFamily("-"), "none");
  // A prefix is a path segment, never part of a longer name.
  EXPECT_EQ(RouteFamily("/api/auth/tokenizer"), "meta");
  EXPECT_EQ(RouteFamily("/api/auth/sign-in-extra"), "meta");
}

TEST(RouteFamilyTest, EveryAnswerIsOneOfTheDeclaredFamilies) {
  const auto families = RouteFamilies();
  for (std::string_view route : {"/api/auth/jwks", "/api/auth/oauth2/token", "/x", "-", "",
                                 "/api/auth/organization/create", "/api/auth/ws"}) {
    EXPECT_NE(std::find(families.begin(), families.end(), RouteFamily(route)), families.end())
        << route;
  }
}

TEST(RequestMetricsTest, CountsByFamilyAndClassAndTimesPerFamily) {
  metrics::Registry registry;
  RequestMetrics recorder(registry);
  recorder.Record("/api/auth/sign-in/email", 200, 3.0);
  recorder.Record("/api/auth/sign-in/email", 401, 2.0);
  recorder.Record("/api/auth/sign-in/email", 401, 2.0);
  recorder.Record("-", 404, 0.1);
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("latchkey_http_requests_total{family=\"sign-in\",code=\"2xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("latchkey_http_requests_total{family=\"sign-in\",code=\"4xx\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("latchkey_http_requests_total{family=\"none\",code=\"4xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("latchkey_http_request_duration_seconds_count{family=\"sign-in\"} 3\n"),
            std::string::npos);
  // Every family is there from the start, so a dashboard's series exist at 0.
  EXPECT_NE(text.find("latchkey_http_requests_total{family=\"passkey\",code=\"5xx\"} 0\n"),
            std::string::npos);
}

TEST(RequestMetricsTest, CountsErrorAnswersByFamilyAndCodeWithABoundedLabel) {
  metrics::Registry registry;
  RequestMetrics recorder(registry);
  recorder.Record("/api/auth/sign-in/email", 401, 2.0, "INVALID_EMAIL_OR_PASSWORD");
  recorder.Record("/api/auth/sign-in/email", 401, 2.0, "INVALID_EMAIL_OR_PASSWORD");
  recorder.Record("/api/auth/sign-in/email", 200, 2.0);
  recorder.Record("/api/auth/sign-in/email", 400, 2.0, "bad \"code\"\n");
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("latchkey_http_errors_total{family=\"sign-in\",error=\"INVALID_EMAIL_OR_"
                      "PASSWORD\"} 2\n"),
            std::string::npos);
  // A code that is not a plain identifier never reaches the label.
  EXPECT_NE(text.find("latchkey_http_errors_total{family=\"sign-in\",error=\"other\"} 1\n"),
            std::string::npos);
  // Past the cap, new codes share "other": the series count stays bounded.
  for (std::size_t i = 0; i < RequestMetrics::kMaxErrorSeries + 10; ++i) {
    recorder.Record("/api/auth/get-session", 400, 1.0, "CODE_" + std::to_string(i));
  }
  text = registry.RenderPrometheus();
  std::size_t series = 0;
  for (std::size_t at = text.find("latchkey_http_errors_total{"); at != std::string::npos;
       at = text.find("latchkey_http_errors_total{", at + 1)) {
    ++series;
  }
  EXPECT_LE(series, RequestMetrics::kMaxErrorSeries + 1);
  EXPECT_NE(text.find("latchkey_http_errors_total{family=\"session\",error=\"other\"}"),
            std::string::npos);
}

TEST(BaseUrlInsecureTest, PlainHttpOffLoopbackOnly) {
  EXPECT_TRUE(BaseUrlInsecure("http://auth.example.com"));
  EXPECT_TRUE(BaseUrlInsecure("http://10.0.0.5:3000/"));
  EXPECT_TRUE(BaseUrlInsecure("http://127.example.com"));
  EXPECT_FALSE(BaseUrlInsecure("https://auth.example.com"));
  EXPECT_FALSE(BaseUrlInsecure("http://127.0.0.1:3000"));
  EXPECT_FALSE(BaseUrlInsecure("http://localhost:3000"));
  EXPECT_FALSE(BaseUrlInsecure("http://[::1]:3000"));
  EXPECT_FALSE(BaseUrlInsecure("http://app.localhost"));
}

// docs/operations.md "Metrics": the process's memory and build, the store's
// pools (read at scrape time) and the shed counters (read from their owners).
TEST(ServeGaugesTest, ProcessStoreAndServerSeries) {
  metrics::Registry registry;
  RegisterProcessGauges(registry, "9.8.7");
  auto store = store::Store::Open({"sqlite::memory:"});
  ASSERT_TRUE(store) << store.error().detail;
  RegisterStoreGauges(registry, **store);
  double shed = 2;
  RegisterServerGauges(
      registry, [] { return 3.0; }, [&shed] { return shed; }, [] { return 0.0; });
  shed = 4;
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("latchkey_build_info{version=\"9.8.7\"} 1\n"), std::string::npos) << text;
  const auto rss = text.find("\nprocess_resident_memory_bytes ");
  ASSERT_NE(rss, std::string::npos) << text;
  EXPECT_GT(std::stod(text.substr(rss + 31)), 1e6);  // bytes, not pages
  EXPECT_NE(text.find("latchkey_db_pool_size{pool=\"sqlite_writer\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("latchkey_db_pool_in_use{pool=\"sqlite_writer\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE latchkey_shed_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("latchkey_shed_total{reason=\"worker_queue\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("latchkey_http_connections_open 3\n"), std::string::npos);
}

}  // namespace
}  // namespace latchkey
