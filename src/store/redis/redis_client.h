// The Redis client of the store layer: what several nodes share fast
// (docs/operations.md "Several nodes"). hiredis stays inside this folder;
// callers see commands, scripts and replies as plain C++ values.
//
// Bounded by design: a small pool of connections, and every connect, command
// and wait for a free connection is cut at `timeout` (50 ms by default). A
// failure marks the server down for a backoff (250 ms, doubling to 5 s);
// while down, calls fail at once without touching the network, and the first
// call after the backoff probes again. So a dead Redis costs a caller at most
// one timeout per backoff period, and the client comes back by itself.
// Thread-safety: safe for concurrent use.
#ifndef LK_STORE_REDIS_REDIS_CLIENT_H_
#define LK_STORE_REDIS_REDIS_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::store::redis {

// A parsed redis:// URL: redis://[[user]:password@]host[:port][/db].
struct RedisUrl {
  std::string host;
  int port = 6379;
  std::string user;      // empty = the default user
  std::string password;  // empty = no AUTH
  int database = 0;
  bool tls = false;  // rediss://
};

// Errors: INVALID_REDIS_URL (kInvalidArgument) for another scheme, a bad
// port or database number, or an empty host.
Result<RedisUrl> ParseRedisUrl(std::string_view url);

struct RedisOptions {
  std::string url;
  std::chrono::milliseconds timeout{50};  // connect, command and pool wait
  int pool_size = 4;                      // connections held at most
};

// One reply. Arrays hold their elements; errors never appear here (a Redis
// error reply becomes REDIS_UNAVAILABLE or REDIS_COMMAND_FAILED).
struct Reply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string str;  // kString and kStatus
  std::vector<Reply> elements;
};

// A Lua script, identified by its SHA-1 for EVALSHA.
class Script {
 public:
  explicit Script(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_;
  std::string sha1_;  // lower-case hex
};

class Client {
 public:
  // Checks the URL; connects lazily (a Redis that is down at start is a
  // degraded node, not a failed start). Errors: INVALID_REDIS_URL, and
  // REDIS_TLS_UNSUPPORTED for rediss:// (see docs/operations.md).
  static Result<std::unique_ptr<Client>> Open(const RedisOptions& options);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  virtual ~Client() = default;

  // Runs one command. Errors: REDIS_UNAVAILABLE (kUnavailable: down, backing
  // off, timed out, pool exhausted), REDIS_COMMAND_FAILED (kInternal: the
  // server answered with an error).
  virtual Result<Reply> Command(std::span<const std::string_view> argv) = 0;
  // EVALSHA, and EVAL when the server does not know the script (NOSCRIPT:
  // a restarted or flushed server). Errors as Command().
  virtual Result<Reply> Eval(const Script& script, std::span<const std::string_view> keys,
                             std::span<const std::string_view> args) = 0;
  // PING, ignoring the backoff (for /readyz). Errors as Command().
  virtual Result<void> Ping() = 0;
  // False while the client backs off after a failure.
  virtual bool Available() const = 0;
  // The last failure, for /readyz and logs ("" when none since the last
  // success). Never holds the password.
  virtual std::string LastError() const = 0;

 protected:
  Client() = default;
};

}  // namespace latchkey::store::redis

#endif  // LK_STORE_REDIS_REDIS_CLIENT_H_
