// The chain of credential resolvers the route pipeline asks, in order, who a
// request's caller is (docs/design.md "Credentials"). Features register
// resolvers at startup: sessions (cookie, bearer session token), api_keys
// (x-api-key), and later an OAuth provider's access tokens.
// Thread-safety: Add() only at startup; Resolve() concurrently.
#ifndef LK_FEATURES_PLATFORM_CREDENTIALS_H_
#define LK_FEATURES_PLATFORM_CREDENTIALS_H_

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/platform/principal.h"
#include "http/request.h"
#include "http/route.h"

namespace latchkey::platform {

// Looks for its own credential in the request: nullopt when the request does
// not carry it (the next resolver is asked), an error when it carries a bad
// one (the request fails with it), a principal otherwise. It sees the route
// so that it can refuse its credential where the route does not accept it
// (an API key on an account-management route) without counting a use.
using CredentialResolver =
    std::function<Result<std::optional<Principal>>(const http::Request&, const http::RouteSpec&)>;

class CredentialChain {
 public:
  // Lower `order` is asked first; equal orders keep registration order.
  // Orders in use: 100 API keys (a presented key wins over a cookie, as in
  // Better Auth), 200 session tokens.
  void Add(std::string_view name, int order, CredentialResolver resolver);

  // The first resolver's answer that is not "absent"; nullopt when no
  // resolver recognised a credential. Errors: the resolver's.
  Result<std::optional<Principal>> Resolve(const http::Request& request,
                                           const http::RouteSpec& route) const;

 private:
  struct Entry {
    std::string_view name;
    int order;
    CredentialResolver resolve;
  };
  std::vector<Entry> entries_;
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_CREDENTIALS_H_
