// mail/smtp SendSmtp(): what an SMTP server says back. Latchkey does not parse
// SMTP replies itself, libcurl does; this target checks how the whole
// exchange behaves when the server is hostile or broken. A loopback server
// in this process answers one connection with the fuzz bytes (all replies at
// once, then end of stream) and drains what the client sends. libcurl is a
// system library without coverage instrumentation, so the fuzzer is guided
// only by our side of the exchange. Properties: no crash, no hang (bounded
// timeouts), and the SMTP password never appears in the error detail even
// when the server echoes it back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

#include "fuzz_input.h"
#include "mail/smtp.h"

namespace {

constexpr std::string_view kPassword = "Fuzz-Smtp-Pa55word";

struct Listener {
  int fd = -1;
  int port = 0;
};

const Listener& TheListener() {
  static const Listener listener = [] {
    Listener l;
    l.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (l.fd < 0 || bind(l.fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(l.fd, 4) != 0 || getsockname(l.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      std::abort();
    }
    l.port = ntohs(addr.sin_port);
    return l;
  }();
  return listener;
}

bool WaitReadable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1;
}

// Accepts one connection, sends `reply`, closes its sending side and reads
// until the client hangs up (or goes quiet for a second).
void ServeOnce(int listen_fd, std::string_view reply) {
  if (!WaitReadable(listen_fd, 3000)) return;
  int fd = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  std::size_t sent = 0;
  while (sent < reply.size()) {
    ssize_t n = send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  char buf[4096];
  while (WaitReadable(fd, 1000) && recv(fd, buf, sizeof(buf), 0) > 0) {
  }
  close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;  // replies, not bulk data
  latchkey::fuzz::FuzzInput in(data, size);
  const bool with_auth = (in.Byte() & 1) != 0;
  const std::string reply(in.Rest());
  const Listener& listener = TheListener();

  latchkey::mail::SmtpTarget target;
  target.url = "smtp://127.0.0.1:" + std::to_string(listener.port);
  if (with_auth) {
    target.username = "fuzz-user";
    target.password = std::string(kPassword);
  }
  target.plain_ok = true;
  target.timeout = std::chrono::milliseconds(2000);

  std::thread server(ServeOnce, listener.fd, std::string_view(reply));
  auto result = latchkey::mail::SendSmtp(target, "sender@example.test", "rcpt@example.test",
                                         "Subject: fuzz\r\n\r\nbody\r\n", nullptr);
  server.join();
  if (!result) {
    LK_FUZZ_CHECK(result.error().detail.find(kPassword) == std::string::npos);
  }
  return 0;
}
