// MIME formatting. Bodies are base64 so that long lines, non-ASCII text and
// lines starting with "." or "From " survive every relay unchanged.
#include "mail/format.h"

#include <ctime>
#include <string>

#include "crypto/encoding.h"
#include "crypto/random.h"

namespace latchkey::mail {
namespace {

bool IsPlainAscii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

std::string RfcDate(TimeMs now) {
  std::time_t secs = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return std::string(buf, n);
}

// Base64 of `body`, wrapped at 76 characters per RFC 2045.
std::string Base64Lines(std::string_view body) {
  std::string b64 = crypto::Base64Encode(body);
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) {
    out.append(b64, i, 76);
    out += "\r\n";
  }
  return out;
}

void AppendPart(std::string& out, std::string_view type, std::string_view body) {
  out += "Content-Type: ";
  out += type;
  out += "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(body);
}

}  // namespace

std::string EncodeHeaderValue(std::string_view value) {
  if (IsPlainAscii(value)) return std::string(value);
  // Each encoded word holds at most 45 input bytes (60 base64 chars, under
  // the 75-char limit) and never splits a UTF-8 sequence.
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t end = std::min(value.size(), i + 45);
    while (end < value.size() && end > i + 1 &&
           (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::Base64Encode(value.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string EnvelopeAddress(std::string_view from) {
  std::size_t open = from.rfind('<');
  std::size_t close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(from.substr(open + 1, close - open - 1));
  }
  return std::string(from);
}

std::string FirstLink(std::string_view text) {
  std::size_t pos = text.find("http");
  while (pos != std::string_view::npos) {
    std::string_view rest = text.substr(pos);
    if (rest.starts_with("https://") || rest.starts_with("http://")) {
      std::size_t end = rest.find_first_of(" \t\r\n<>\"");
      return std::string(rest.substr(0, end));
    }
    pos = text.find("http", pos + 4);
  }
  return {};
}

std::string FormatMessage(const Message& m, std::string_view from, std::string_view idempotency_key,
                          TimeMs now) {
  std::string out;
  out += "From: " + EncodeHeaderValue(from) + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += "Subject: " + EncodeHeaderValue(m.subject) + "\r\n";
  out += "Date: " + RfcDate(now) + "\r\n";
  out += "Message-ID: <" + std::string(idempotency_key) + "@latchkey>\r\n";
  out += "X-Latchkey-Idempotency-Key: " + std::string(idempotency_key) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (m.html.empty()) {
    AppendPart(out, "text/plain", m.text);
    return out;
  }
  // A random boundary cannot collide with base64 content ("=_" never occurs
  // inside base64 lines).
  std::string boundary = "=_lk_" + crypto::RandomAlnum(24);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  AppendPart(out, "text/plain", m.text);
  out += "--" + boundary + "\r\n";
  AppendPart(out, "text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace latchkey::mail
