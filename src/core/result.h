// Result<T>: a value or an Error (tl::expected, the C++23 std::expected API),
// plus the propagation macros LK_TRY and LK_ASSIGN_OR_RETURN.
//
// Result is [[nodiscard]]: with -Werror, a call whose Result is dropped does
// not compile. Handle the error (LK_TRY, log it), or write `(void)` with a
// comment saying why ignoring it is right (docs/testing.md).
#ifndef LK_CORE_RESULT_H_
#define LK_CORE_RESULT_H_

#include <tl/expected.hpp>
#include <type_traits>
#include <utility>

#include "core/error.h"

namespace latchkey {

// A class rather than an alias, so that it can carry [[nodiscard]]; it adds
// nothing else. The monadic helpers (and_then, map, ...) return the base type,
// which converts back implicitly.
template <class T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  using Base::operator=;
  Result() = default;
  Result(Base base) : Base(std::move(base)) {}  // NOLINT(google-explicit-constructor)
};

using Unexpected = tl::unexpected<Error>;

inline Unexpected Fail(Error error) { return Unexpected(std::move(error)); }

}  // namespace latchkey

// tl's and_then/or_else accept a callable only if it returns an expected;
// one returning Result does.
template <class T>
struct tl::detail::is_expected_impl<latchkey::Result<T>> : std::true_type {};

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
