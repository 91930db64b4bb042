// hiredis behind store/redis/redis_client.h: a bounded pool of blocking
// connections, each with connect and command timeouts, and a backoff that
// keeps a dead server from costing every caller a timeout.
#include "store/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>

#include "store/redis/redis_errors.h"

namespace latchkey::store::redis {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kFirstBackoff{250};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{.tv_sec = static_cast<time_t>(ms.count() / 1000),
                 .tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

Reply Convert(const redisReply& r) {
  Reply out;
  switch (r.type) {
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::kInteger;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.type = r.type == REDIS_REPLY_STRING ? Reply::Type::kString : Reply::Type::kStatus;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::kArray;
      for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(Convert(*r.element[i]));
      break;
    default:
      break;  // nil
  }
  return out;
}

// The outcome of one command on one connection.
struct Outcome {
  ReplyPtr reply;       // null: the connection failed (I/O error or timeout)
  std::string failure;  // the connection's error when reply is null
};

Outcome Run(redisContext& c, std::span<const std::string_view> argv) {
  std::vector<const char*> args;
  std::vector<std::size_t> lens;
  for (std::string_view a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  void* raw = redisCommandArgv(&c, static_cast<int>(args.size()), args.data(), lens.data());
  Outcome out{.reply = ReplyPtr(static_cast<redisReply*>(raw)), .failure = {}};
  if (!out.reply) out.failure = c.errstr[0] != 0 ? c.errstr : "connection lost";
  return out;
}

class HiredisClient final : public Client {
 public:
  HiredisClient(RedisUrl url, const RedisOptions& options)
      : url_(std::move(url)),
        timeout_(options.timeout),
        pool_size_(std::max(1, options.pool_size)) {}
  ~HiredisClient() override = default;

  Result<Reply> Command(std::span<const std::string_view> argv) override {
    LK_ASSIGN_OR_RETURN(ContextPtr c, Acquire(/*probe_anyway=*/false));
    Outcome out = Run(*c, argv);
    return Finish(std::move(c), std::move(out));
  }

  Result<Reply> Eval(const Script& script, std::span<const std::string_view> keys,
                     std::span<const std::string_view> args) override {
    const std::string numkeys = std::to_string(keys.size());
    std::vector<std::string_view> argv = {"EVALSHA", script.sha1(), numkeys};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    LK_ASSIGN_OR_RETURN(ContextPtr c, Acquire(/*probe_anyway=*/false));
    Outcome out = Run(*c, argv);
    if (out.reply && out.reply->type == REDIS_REPLY_ERROR &&
        std::string_view(out.reply->str, out.reply->len).starts_with("NOSCRIPT")) {
      // A restarted or flushed server forgot the script: send its source
      // once; EVAL caches it again for the next EVALSHA.
      argv[0] = "EVAL";
      argv[1] = script.source();
      out = Run(*c, argv);
    }
    return Finish(std::move(c), std::move(out));
  }

  Result<void> Ping() override {
    LK_ASSIGN_OR_RETURN(ContextPtr c, Acquire(/*probe_anyway=*/true));
    const std::array<std::string_view, 1> argv = {"PING"};
    Outcome out = Run(*c, argv);
    LK_TRY(Finish(std::move(c), std::move(out)));
    return {};
  }

  bool Available() const override {
    std::lock_guard lock(mu_);
    return SteadyClock::now() >= down_until_;
  }

  std::string LastError() const override {
    std::lock_guard lock(mu_);
    return last_error_;
  }

 private:
  // A connection: an idle one, a new one while the pool has room, or one
  // released within the timeout. While backing off, fails at once (except
  // for Ping()); once the backoff has passed, callers connect again.
  Result<ContextPtr> Acquire(bool probe_anyway) {
    std::unique_lock lock(mu_);
    const auto backing_off = [&] { return SteadyClock::now() < down_until_ && !probe_anyway; };
    // A slot frees when a connection comes back or is dropped; a failure
    // elsewhere meanwhile ends the wait too.
    const bool woken = released_.wait_for(
        lock, timeout_, [&] { return backing_off() || !idle_.empty() || open_ < pool_size_; });
    if (backing_off()) return Fail(MakeError(kRedisUnavailable, "backing off: " + last_error_));
    if (!woken) return Fail(MakeError(kRedisUnavailable, "no free connection within the timeout"));
    if (!idle_.empty()) {
      ContextPtr c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    Result<ContextPtr> c = Connect();
    if (!c) {
      lock.lock();
      --open_;
      MarkDownLocked(c.error().detail);
    }
    return c;
  }

  Result<ContextPtr> Connect() {
    ContextPtr c(redisConnectWithTimeout(url_.host.c_str(), url_.port, ToTimeval(timeout_)));
    if (!c) return Fail(MakeError(kRedisUnavailable, "cannot allocate a connection"));
    if (c->err != 0)
      return Fail(MakeError(kRedisUnavailable, std::string("connect: ") + c->errstr));
    if (redisSetTimeout(c.get(), ToTimeval(timeout_)) != REDIS_OK) {
      return Fail(MakeError(kRedisUnavailable, "cannot set the command timeout"));
    }
    if (!url_.password.empty()) {
      std::vector<std::string_view> auth = {"AUTH"};
      if (!url_.user.empty()) auth.emplace_back(url_.user);
      auth.emplace_back(url_.password);
      LK_TRY(Handshake(*c, auth, "AUTH"));
    }
    if (url_.database != 0) {
      const std::string db = std::to_string(url_.database);
      const std::array<std::string_view, 2> select = {"SELECT", db};
      LK_TRY(Handshake(*c, select, "SELECT"));
    }
    return c;
  }

  // AUTH or SELECT; the reply's text is logged, never the arguments.
  static Result<void> Handshake(redisContext& c, std::span<const std::string_view> argv,
                                std::string_view what) {
    Outcome out = Run(c, argv);
    if (!out.reply)
      return Fail(MakeError(kRedisUnavailable, std::string(what) + ": " + out.failure));
    if (out.reply->type == REDIS_REPLY_ERROR) {
      return Fail(MakeError(kRedisUnavailable, std::string(what) + " refused: " +
                                                   std::string(out.reply->str, out.reply->len)));
    }
    return {};
  }

  // Returns the connection to the pool (or drops it on an I/O error) and
  // turns the reply into a Result.
  Result<Reply> Finish(ContextPtr c, Outcome out) {
    std::unique_lock lock(mu_);
    if (!out.reply) {
      --open_;
      c.reset();
      MarkDownLocked(out.failure);
      return Fail(MakeError(kRedisUnavailable, out.failure));  // MarkDownLocked woke the waiters
    }
    down_until_ = {};
    backoff_ = kFirstBackoff;
    last_error_.clear();
    idle_.push_back(std::move(c));
    lock.unlock();
    released_.notify_one();
    if (out.reply->type == REDIS_REPLY_ERROR) {
      return Fail(MakeError(kRedisCommandFailed, std::string(out.reply->str, out.reply->len)));
    }
    return Convert(*out.reply);
  }

  // REQUIRES: mu_ held. Idle connections go too: they lead to the same
  // server, and the probe after the backoff opens a fresh one.
  void MarkDownLocked(const std::string& why) {
    open_ -= static_cast<int>(idle_.size());
    idle_.clear();
    last_error_ = why;
    down_until_ = SteadyClock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    released_.notify_all();  // waiters fail fast now
  }

  const RedisUrl url_;
  const std::chrono::milliseconds timeout_;
  const int pool_size_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  std::vector<ContextPtr> idle_;                      // GUARDED_BY(mu_)
  int open_ = 0;                                      // GUARDED_BY(mu_): idle + in use
  SteadyClock::time_point down_until_{};              // GUARDED_BY(mu_)
  std::chrono::milliseconds backoff_{kFirstBackoff};  // GUARDED_BY(mu_)
  std::string last_error_;                            // GUARDED_BY(mu_)
};

std::string Sha1Hex(std::string_view data) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

}  // namespace

Script::Script(std::string source) : source_(std::move(source)), sha1_(Sha1Hex(source_)) {}

Result<std::unique_ptr<Client>> Client::Open(const RedisOptions& options) {
  LK_ASSIGN_OR_RETURN(RedisUrl url, ParseRedisUrl(options.url));
  if (url.tls) {
    // Debian 12's hiredis (0.14) has no TLS; docs/operations.md "Several
    // nodes" shows a local TLS tunnel instead.
    return Fail(MakeError(kRedisTlsUnsupported, "rediss:// with hiredis 0.14"));
  }
  return std::unique_ptr<Client>(std::make_unique<HiredisClient>(std::move(url), options));
}

}  // namespace latchkey::store::redis
