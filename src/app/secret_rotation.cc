#include "app/secret_rotation.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "app/commands.h"
#include "app/config_loader.h"
#include "core/settings.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "features/sessions/session_settings.h"

namespace latchkey::app {
namespace {

using settings::ConfigError;

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Writes `text` to `path` through a temporary file (0600, fsync'd, renamed
// over it), so a crash leaves either the old file or the new one.
Result<void> ReplaceFile(const std::string& path, const std::string& text) {
  const std::string temp = path + ".new";
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Fail(ConfigError("cannot create " + temp + ": " + std::strerror(errno)));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = (::fsync(fd) == 0) && ok;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return Fail(ConfigError("cannot write " + path));
  }
  return {};
}

std::string Joined(const std::vector<std::string>& items, std::string_view separator,
                   std::string_view quote) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out.append(quote).append(item).append(quote);
  }
  return out;
}

std::string TomlQuoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// When the previous secret may be dropped: once every cookie it signed has
// expired (sessions are the longest-lived thing signed with it; sealed JWT
// keys are resealed at the first start).
std::string DropAfter(const Config& config) {
  const std::time_t when =
      std::time(nullptr) + config.Get<sessions::SessionSettings>().session_expires_in_s;
  char text[32] = {};
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
  return text;
}

}  // namespace

Result<void> CheckPreviousSecrets(Config& config, const std::string& var_dir) {
  if (config.dev && config.secret.empty() && config.previous_secrets.empty()) {
    config.previous_secrets = ReadLines(var_dir + "/previous_secrets");
  }
  for (std::size_t i = 0; i < config.previous_secrets.size(); ++i) {
    const std::size_t size = config.previous_secrets[i].size();
    if (size < kMinSecretBytes) {
      return Fail(ConfigError("previous_secrets: entry " + std::to_string(i + 1) + " is " +
                              std::to_string(size) +
                              " bytes; a previous secret was once the secret, so it has at "
                              "least 32. Check the list (comma-separated, newest first)"));
    }
  }
  return {};
}

RotatedSecret RotatedKeyring(const Config& config) {
  RotatedSecret out{crypto::Base64Encode(crypto::RandomBytes(32)), {config.secret}};
  for (const std::string& older : config.previous_secrets) {
    if (older != config.secret) out.previous.push_back(older);
  }
  return out;
}

Result<RotatedSecret> RotateSecretFiles(const std::string& var_dir) {
  const std::string secret_path = var_dir + "/secret";
  const std::vector<std::string> current = ReadLines(secret_path);
  if (current.empty() || current.front().size() < kMinSecretBytes) {
    return Fail(
        ConfigError("no usable " + secret_path + " to rotate; `latchkey serve --dev` creates one"));
  }
  Config config;
  config.secret = current.front();
  config.previous_secrets = ReadLines(var_dir + "/previous_secrets");
  RotatedSecret rotated = RotatedKeyring(config);
  // The previous list first: a crash between the two writes leaves the old
  // secret both current and previous, which is harmless.
  LK_TRY(ReplaceFile(var_dir + "/previous_secrets", Joined(rotated.previous, "\n", "") + "\n"));
  LK_TRY(ReplaceFile(secret_path, rotated.secret + "\n"));
  return rotated;
}

int RunSecretRotate(Config config, const std::string& format) {
  crypto::InitCrypto();
  if (config.dev && config.secret.empty()) {
    auto rotated = RotateSecretFiles(kVarDir);
    if (!rotated) {
      std::fprintf(stderr, "latchkey: secret rotate: %s\n", rotated.error().detail.c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "rotated %s/secret; the old secret is kept in %s/previous_secrets (%zu in "
                 "all). Restart the server: cookies and links signed before stay valid.\n",
                 kVarDir, kVarDir, rotated->previous.size());
    return 0;
  }
  if (auto checked = RequireSecret(config, kVarDir); !checked) {
    std::fprintf(stderr, "latchkey: secret rotate: %s\n", checked.error().detail.c_str());
    return 1;
  }
  const RotatedSecret rotated = RotatedKeyring(config);
  if (format == "toml") {
    std::vector<std::string> quoted;
    for (const std::string& s : rotated.previous) quoted.push_back(TomlQuoted(s));
    std::printf("secret = %s\nprevious_secrets = [%s]\n", TomlQuoted(rotated.secret).c_str(),
                Joined(quoted, ", ", "").c_str());
  } else {
    for (const std::string& s : rotated.previous) {
      if (s.find(',') != std::string::npos) {
        std::fprintf(stderr,
                     "latchkey: secret rotate: a secret holds a ',', which the comma-separated "
                     "LATCHKEY_PREVIOUS_SECRETS cannot carry; use --format toml\n");
        return 1;
      }
    }
    std::printf("LATCHKEY_SECRET=%s\nLATCHKEY_PREVIOUS_SECRETS=%s\n", rotated.secret.c_str(),
                Joined(rotated.previous, ",", "").c_str());
  }
  std::fprintf(stderr,
               "Set both values on every node and restart them (docs/operations.md, \"Rotating "
               "the server secret\"). New cookies, links and sealed keys use the new secret; "
               "those made before stay valid while the old one is in previous_secrets. Drop it "
               "from the list once the sessions it signed have expired: after %s "
               "(session_expires_in).\n",
               DropAfter(config).c_str());
  return 0;
}

}  // namespace latchkey::app
