// libcurl SMTP client. Credentials are taken out of the URL and passed with
// CURLOPT_USERNAME/PASSWORD so no URL that curl might echo in an error holds
// them; error texts are scrubbed of the password anyway before they reach
// last_error or the logs.
#include "mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "mail/errors.h"

namespace latchkey::mail {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string GetPart(CURLU* u, CURLUPart part, unsigned flags) {
  char* out = nullptr;
  if (curl_url_get(u, part, &out, flags) != CURLUE_OK || out == nullptr) return {};
  std::string s(out);
  curl_free(out);
  return s;
}

struct ReadState {
  std::string_view data;
  std::size_t pos = 0;
};

std::size_t ReadCallback(char* buf, std::size_t size, std::size_t nitems, void* user) {
  auto* st = static_cast<ReadState*>(user);
  std::size_t n = std::min(size * nitems, st->data.size() - st->pos);
  std::memcpy(buf, st->data.data() + st->pos, n);
  st->pos += n;
  return n;
}

int ProgressCallback(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return (cancel != nullptr && cancel->load()) ? 1 : 0;
}

std::string Scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t p = text.find(secret); p != std::string::npos; p = text.find(secret, p + 3)) {
    text.replace(p, secret.size(), "***");
  }
  return text;
}

}  // namespace

Result<SmtpTarget> ParseSmtpUrl(std::string_view smtp_url, bool plain_ok) {
  GlobalInit();
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) return Fail(InternalError("curl_url"));
  std::string url(smtp_url);
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Fail(MakeError(kInvalidSmtpUrl, "unparsable SMTP URL"));
  }
  std::string scheme = GetPart(u.get(), CURLUPART_SCHEME, 0);
  if (scheme != "smtp" && scheme != "smtps") {
    return Fail(MakeError(kInvalidSmtpUrl, "scheme must be smtp or smtps"));
  }
  SmtpTarget t;
  t.username = GetPart(u.get(), CURLUPART_USER, CURLU_URLDECODE);
  t.password = GetPart(u.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
  curl_url_set(u.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(u.get(), CURLUPART_PASSWORD, nullptr, 0);
  t.url = GetPart(u.get(), CURLUPART_URL, 0);
  t.plain_ok = plain_ok;
  return t;
}

Result<void> SendSmtp(const SmtpTarget& target, std::string_view from, std::string_view to,
                      std::string_view data, const std::atomic<bool>* cancel) {
  GlobalInit();
  std::unique_ptr<CURL, EasyDeleter> c(curl_easy_init());
  if (!c) return Fail(UnavailableError("curl_easy_init failed"));
  std::string from_arg = "<" + std::string(from) + ">";
  std::string to_arg = "<" + std::string(to) + ">";
  std::unique_ptr<curl_slist, ListDeleter> rcpt(curl_slist_append(nullptr, to_arg.c_str()));
  ReadState state{data, 0};
  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* h = c.get();
  curl_easy_setopt(h, CURLOPT_URL, target.url.c_str());
  if (!target.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, target.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, target.password.c_str());
  }
  bool implicit_tls = target.url.starts_with("smtps:");
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   (implicit_tls || !target.plain_ok) ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_arg.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadCallback);
  curl_easy_setopt(h, CURLOPT_READDATA, &state);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(target.timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(target.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &ProgressCallback);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return {};
  std::string detail = curl_easy_strerror(rc);
  if (errbuf[0] != '\0') detail += std::string(": ") + errbuf;
  return Fail(UnavailableError(Scrub(std::move(detail), target.password)));
}

}  // namespace latchkey::mail
