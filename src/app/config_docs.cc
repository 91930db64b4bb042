// README's keys table, generated from the declarations so that it cannot
// drift from them (`latchkey config keys --markdown`; scripts/test.sh
// compares README.md with it).
#include <cctype>
#include <sstream>

#include "app/config_loader.h"

namespace latchkey::app {
namespace {

// A '|' would end the table cell.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string Code(std::string_view text) { return "`" + std::string(text) + "`"; }

// The default as a reader wants it: the key's own wording when it is
// computed, else the value of a default-constructed Config.
std::string ShownDefault(const settings::Key& key) {
  if (!key.default_shown.empty()) return key.default_shown;
  struct Shown {
    std::string operator()(const std::string& v) const { return v.empty() ? "—" : Code(v); }
    std::string operator()(bool v) const { return Code(v ? "true" : "false"); }
    std::string operator()(long long v) const { return Code(std::to_string(v)); }
    std::string operator()(const std::vector<std::string>& items) const {
      std::string joined;
      for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
      return joined.empty() ? "—" : Code(joined);
    }
  };
  static const Config kDefaults;
  return std::visit(Shown{}, key.get(kDefaults));
}

}  // namespace

std::string DescribeKeys(bool markdown) {
  std::ostringstream out;
  if (!markdown) {
    for (const settings::Table& table : ConfigTables()) {
      for (const settings::Key& key : table.keys) {
        out << key.name << "\t" << key.env << "\t" << ShownDefault(key) << "\t" << key.help << "\n";
      }
    }
    return out.str();
  }
  bool first = true;
  for (const settings::Table& table : ConfigTables()) {
    if (!first) out << "\n";
    first = false;
    out << "### " << table.title << "\n\n";
    out << (table.owner == "server" ? std::string("Declared in `src/app/config_keys.cc`.")
                                    : "Declared by `src/features/" + table.owner + "/`.")
        << "\n\n";
    out << "| key | env | default | meaning |\n|---|---|---|---|\n";
    for (const settings::Key& key : table.keys) {
      std::string meaning = key.help;
      if (key.type == settings::Type::kInt) {
        meaning += "; " + std::to_string(key.min) + "–" + std::to_string(key.max);
      }
      out << "| " << Code(key.name) << " | " << Code(key.env) << " | " << Cell(ShownDefault(key))
          << " | " << Cell(meaning) << " |\n";
    }
    for (const settings::KeyFamily& family : table.families) {
      for (const settings::FamilyMember& member : family.members) {
        std::string upper = family.prefix + "_<ID>_" + member.field;
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        out << "| " << Code("[" + family.prefix + ".<id>] " + member.field) << " | "
            << Code("LATCHKEY_" + upper) << " | — | " << Cell(member.help) << " |\n";
      }
    }
  }
  return out.str();
}

}  // namespace latchkey::app
