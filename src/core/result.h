// Result<T>: a value or an Error (tl::expected, the C++23 std::expected API),
// plus the propagation macros LK_TRY and LK_ASSIGN_OR_RETURN.
#ifndef LK_CORE_RESULT_H_
#define LK_CORE_RESULT_H_

#include <tl/expected.hpp>

#include "core/error.h"

namespace latchkey {

template <class T>
using Result = tl::expected<T, Error>;

using Unexpected = tl::unexpected<Error>;

inline Unexpected Fail(Error error) { return Unexpected(std::move(error)); }

}  // namespace latchkey

// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` is a declaration and
// `expr` an expression used once; parentheses would break the former.
#define LK_CONCAT_INNER_(a, b) a##b
#define LK_CONCAT_(a, b) LK_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<...>); returns its error from the enclosing
// function if it holds one.
#define LK_TRY(expr)                                                                 \
  do {                                                                               \
    auto&& lk_try_result_ = (expr);                                                  \
    if (!lk_try_result_) return ::latchkey::Fail(std::move(lk_try_result_).error()); \
  } while (0)

// `LK_ASSIGN_OR_RETURN(auto x, F());` declares x from the value of F() or
// returns its error. Expands to several statements: do not use it as the body
// of an unbraced if.
#define LK_ASSIGN_OR_RETURN(lhs, expr) \
  LK_ASSIGN_OR_RETURN_IMPL_(LK_CONCAT_(lk_result_, __LINE__), lhs, expr)
#define LK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)            \
  auto tmp = (expr);                                         \
  if (!tmp) return ::latchkey::Fail(std::move(tmp).error()); \
  lhs = std::move(tmp).value()

// NOLINTEND(bugprone-macro-parentheses)

#endif  // LK_CORE_RESULT_H_
