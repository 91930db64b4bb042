// redis:// URL parsing (the scheme Redis' own tools use).
#include <charconv>

#include "store/redis/redis_client.h"
#include "store/redis/redis_errors.h"

namespace latchkey::store::redis {
namespace {

Error BadUrl(std::string detail) { return MakeError(kInvalidRedisUrl, std::move(detail)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes in the user name and password (a password may hold '@' or ':').
Result<std::string> PercentDecode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return Fail(BadUrl("bad % escape"));
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return Fail(BadUrl("bad % escape"));
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

bool ParseInt(std::string_view s, int min, int max, int& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out >= min && out <= max;
}

}  // namespace

Result<RedisUrl> ParseRedisUrl(std::string_view url) {
  RedisUrl out;
  constexpr std::string_view kPlain = "redis://";
  constexpr std::string_view kTls = "rediss://";
  if (url.starts_with(kPlain)) {
    url.remove_prefix(kPlain.size());
  } else if (url.starts_with(kTls)) {
    url.remove_prefix(kTls.size());
    out.tls = true;
  } else {
    return Fail(BadUrl("scheme must be redis:// or rediss://"));
  }
  std::string_view path;
  if (auto slash = url.find('/'); slash != std::string_view::npos) {
    path = url.substr(slash + 1);
    url = url.substr(0, slash);
  }
  if (auto at = url.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = url.substr(0, at);
    url.remove_prefix(at + 1);
    auto colon = userinfo.find(':');
    LK_ASSIGN_OR_RETURN(out.user, PercentDecode(userinfo.substr(0, colon)));
    if (colon != std::string_view::npos) {
      LK_ASSIGN_OR_RETURN(out.password, PercentDecode(userinfo.substr(colon + 1)));
    } else {
      // redis://secret@host: the userinfo alone is the password, as redis-cli reads it.
      out.password = std::move(out.user);
      out.user.clear();
    }
  }
  std::string_view host = url;
  if (host.starts_with('[')) {  // [::1]:6379
    auto close = host.find(']');
    if (close == std::string_view::npos) return Fail(BadUrl("unclosed [ in host"));
    std::string_view rest = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!rest.empty()) {
      if (rest.front() != ':' || !ParseInt(rest.substr(1), 1, 65535, out.port)) {
        return Fail(BadUrl("bad port"));
      }
    }
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    if (!ParseInt(host.substr(colon + 1), 1, 65535, out.port)) return Fail(BadUrl("bad port"));
    host = host.substr(0, colon);
  }
  if (host.empty()) return Fail(BadUrl("empty host"));
  out.host = std::string(host);
  if (auto query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  if (!path.empty() && !ParseInt(path, 0, 1023, out.database)) {
    return Fail(BadUrl("database must be a number"));
  }
  return out;
}

}  // namespace latchkey::store::redis
