// hashrate: how many Argon2id password checks per second this machine can do,
// the ceiling for latchkey's sign-in throughput.
//
// Makes one Argon2id PHC string with the given cost (m KiB, t passes, p=1,
// exactly like crypto::HashPassword), then runs libsodium's
// crypto_pwhash_str_verify on it (what crypto::VerifyPassword, hence every
// sign-in, calls) on N threads for T seconds, and prints the rate. With
// --mode hash it runs crypto_pwhash_str_alg instead (what sign-up calls).
//
//   hashrate [--threads N] [--seconds T] [--memory-kib M] [--iterations I]
//            [--mode verify|hash]
//   defaults: 2 threads, 10 s, m=65536, t=3, verify
//
// Output, one line on stdout (bench/run.sh parses it):
//   mode=verify threads=2 memory_kib=65536 iterations=3 seconds=10.12
//   ops=152 ops_per_s=15.02 ms_per_op=133.2
// ops_per_s counts every completed operation over the time until the last
// thread finished (each thread stops at its first completion past T), and
// ms_per_op is the mean time of one operation on one thread.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kPassword = "bench-password-123";  // as bench/lib/signin.lua

struct Options {
  unsigned threads = 2;
  double seconds = 10;
  std::uint32_t memory_kib = 65536;
  std::uint32_t iterations = 3;
  bool hash_mode = false;
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "hashrate: %s\n"
               "usage: hashrate [--threads N] [--seconds T] [--memory-kib M] [--iterations I]"
               " [--mode verify|hash]\n",
               why);
  std::exit(2);
}

unsigned long ParseUnsigned(const char* flag, const char* text, unsigned long min,
                            unsigned long max) {
  char* end = nullptr;
  const unsigned long v = std::strtoul(text, &end, 10);
  if (end == text || *end != '\0' || v < min || v > max) {
    std::fprintf(stderr, "hashrate: bad value for %s: %s\n", flag, text);
    std::exit(2);
  }
  return v;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") Usage("Argon2id verifies (or hashes) per second");
    if (i + 1 >= argc) Usage("missing value");
    const char* value = argv[++i];
    if (flag == "--threads") {
      o.threads = static_cast<unsigned>(ParseUnsigned("--threads", value, 1, 1024));
    } else if (flag == "--seconds") {
      char* end = nullptr;
      o.seconds = std::strtod(value, &end);
      if (end == value || *end != '\0' || !(o.seconds > 0) || o.seconds > 3600) {
        Usage("--seconds must be in (0, 3600]");
      }
    } else if (flag == "--memory-kib") {
      o.memory_kib = static_cast<std::uint32_t>(ParseUnsigned("--memory-kib", value, 8, 1u << 30));
    } else if (flag == "--iterations") {
      o.iterations = static_cast<std::uint32_t>(ParseUnsigned("--iterations", value, 1, 1u << 20));
    } else if (flag == "--mode") {
      const std::string_view mode = value;
      if (mode != "verify" && mode != "hash") Usage("--mode must be verify or hash");
      o.hash_mode = mode == "hash";
    } else {
      Usage("unknown flag");
    }
  }
  return o;
}

// One Argon2id PHC string for kPassword; false if libsodium refuses (memory).
bool HashOnce(const Options& o, char (&out)[crypto_pwhash_STRBYTES]) {
  return crypto_pwhash_str_alg(out, kPassword.data(), kPassword.size(), o.iterations,
                               std::size_t{o.memory_kib} * 1024, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

struct Worker {
  std::uint64_t ops = 0;
  Clock::time_point end;
  bool failed = false;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  if (sodium_init() < 0) {
    std::fprintf(stderr, "hashrate: sodium_init failed\n");
    return 1;
  }
  // The hash every verify checks; verifying it once also warms libsodium up.
  char phc[crypto_pwhash_STRBYTES] = {};
  if (!HashOnce(o, phc) || crypto_pwhash_str_verify(phc, kPassword.data(), kPassword.size()) != 0) {
    std::fprintf(stderr, "hashrate: argon2id m=%u t=%u failed (out of memory?)\n", o.memory_kib,
                 o.iterations);
    return 1;
  }

  std::vector<Worker> workers(o.threads);
  std::vector<std::thread> threads;
  std::latch ready(static_cast<std::ptrdiff_t>(o.threads) + 1);
  std::latch go(1);
  Clock::time_point deadline;  // written before go opens
  for (unsigned i = 0; i < o.threads; ++i) {
    threads.emplace_back([&, i] {
      Worker& w = workers[i];
      char out[crypto_pwhash_STRBYTES];
      ready.count_down();
      go.wait();
      do {
        const bool ok =
            o.hash_mode ? HashOnce(o, out)
                        : crypto_pwhash_str_verify(phc, kPassword.data(), kPassword.size()) == 0;
        if (!ok) {
          w.failed = true;
          break;
        }
        ++w.ops;
      } while (Clock::now() < deadline);
      w.end = Clock::now();
    });
  }
  ready.arrive_and_wait();  // every thread is up: start the clock
  const Clock::time_point start = Clock::now();
  deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  go.count_down();
  for (std::thread& t : threads) t.join();

  std::uint64_t ops = 0;
  Clock::time_point last = start;
  for (const Worker& w : workers) {
    if (w.failed) {
      std::fprintf(stderr, "hashrate: an argon2id call failed (out of memory?)\n");
      return 1;
    }
    ops += w.ops;
    last = std::max(last, w.end);
  }
  const double elapsed = std::chrono::duration<double>(last - start).count();
  std::printf(
      "mode=%s threads=%u memory_kib=%u iterations=%u seconds=%.2f ops=%llu ops_per_s=%.2f "
      "ms_per_op=%.1f\n",
      o.hash_mode ? "hash" : "verify", o.threads, o.memory_kib, o.iterations, elapsed,
      static_cast<unsigned long long>(ops), static_cast<double>(ops) / elapsed,
      1000.0 * elapsed * o.threads / static_cast<double>(ops));
  return 0;
}
