// What features tell the hosted pages (docs/web.md "Page settings"):
// public facts a page needs before its first API call (the CAPTCHA widget's
// provider and site key, later the social providers), and the origins the
// pages' Content-Security-Policy must then allow (the CAPTCHA provider's
// script and frame). The web_ui feature reads them once its routes are
// registered; nothing here is secret, since every visitor receives it.
// Thread-safety: filled at startup (Feature::Register), read-only after.
#ifndef LK_FEATURES_PLATFORM_PAGE_SETTINGS_H_
#define LK_FEATURES_PLATFORM_PAGE_SETTINGS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::platform {

class PageSettings {
 public:
  // `json` is the serialised value the pages read under `key`; a second
  // Set of one key replaces the first.
  void Set(std::string key, std::string json) { values_[std::move(key)] = std::move(json); }
  // One more source for a CSP directive (`script-src`, `frame-src`, …).
  void AllowSource(std::string directive, std::string source);

  // Every value as one JSON object ({} when none).
  std::string Json() const;
  // `base` (directives separated by "; ") with the allowed sources appended
  // to their directives; a directive `base` lacks is added.
  std::string Csp(std::string_view base) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::vector<std::string>, std::less<>> sources_;
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_PAGE_SETTINGS_H_
