// `?` to $n rewriting: a small scanner that knows just enough SQL lexing to
// leave literals, quoted identifiers and comments untouched.
#include "store/postgres/placeholders.h"

namespace latchkey::store::postgres {
namespace {

enum class State { kCode, kLiteral, kIdentifier, kLineComment, kBlockComment };

class Scanner {
 public:
  // Consumes sql[i], or sql[i..i+1] for "/*" and "*/" (single tokens:
  // "/*/" opens a comment), appending the rewrite to `out`. Returns how
  // many characters it consumed.
  std::size_t Step(std::string_view sql, std::size_t i, RewrittenSql& out) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    std::size_t consumed = 1;
    switch (state_) {
      case State::kCode:
        if (c == '?') {
          out.text += '$';
          out.text += std::to_string(++out.placeholders);
          return 1;
        }
        if (c == '\'') state_ = State::kLiteral;
        if (c == '"') state_ = State::kIdentifier;
        if (c == '-' && next == '-') state_ = State::kLineComment;
        if (c == '/' && next == '*') {
          state_ = State::kBlockComment;
          comment_depth_ = 1;
          consumed = 2;
        }
        break;
      case State::kLiteral:  // '' inside a literal reads as leave + re-enter.
        if (c == '\'') state_ = State::kCode;
        break;
      case State::kIdentifier:
        if (c == '"') state_ = State::kCode;
        break;
      case State::kLineComment:
        if (c == '\n') state_ = State::kCode;
        break;
      case State::kBlockComment:  // Postgres block comments nest.
        if (c == '/' && next == '*') {
          ++comment_depth_;
          consumed = 2;
        } else if (c == '*' && next == '/') {
          if (--comment_depth_ == 0) state_ = State::kCode;
          consumed = 2;
        }
        break;
    }
    out.text.append(sql.substr(i, consumed));
    return consumed;
  }

 private:
  State state_ = State::kCode;
  int comment_depth_ = 0;
};

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.text.reserve(sql.size() + 16);
  Scanner scanner;
  for (std::size_t i = 0; i < sql.size();) i += scanner.Step(sql, i, out);
  return out;
}

}  // namespace latchkey::store::postgres
