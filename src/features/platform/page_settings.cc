#include "features/platform/page_settings.h"

#include <algorithm>

#include "core/json_writer.h"

namespace latchkey::platform {

void PageSettings::AllowSource(std::string directive, std::string source) {
  std::vector<std::string>& sources = sources_[std::move(directive)];
  if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
    sources.push_back(std::move(source));
  }
}

std::string PageSettings::Json() const {
  std::string out;
  json::ObjectWriter object(out);
  for (const auto& [key, value] : values_) object.Raw(key, value);
  object.Close();
  return out;
}

std::string PageSettings::Csp(std::string_view base) const {
  std::string out;
  std::map<std::string, bool, std::less<>> seen;
  while (!base.empty()) {
    const auto end = base.find("; ");
    std::string_view directive = base.substr(0, end);
    base = end == std::string_view::npos ? std::string_view() : base.substr(end + 2);
    const std::string_view name = directive.substr(0, directive.find(' '));
    if (!out.empty()) out += "; ";
    out += directive;
    if (auto extra = sources_.find(name); extra != sources_.end()) {
      for (const std::string& source : extra->second) out += " " + source;
      seen[std::string(name)] = true;
    }
  }
  for (const auto& [name, sources] : sources_) {
    if (seen.contains(name)) continue;
    out += "; " + name;
    for (const std::string& source : sources) out += " " + source;
  }
  return out;
}

}  // namespace latchkey::platform
