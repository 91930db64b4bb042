// Error codes of the outbound HTTP client (outbound_http.h). All but the
// URL error are kUnavailable: the remote side is at fault, and security
// decisions fail closed on them.
#ifndef LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_ERRORS_H_
#define LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_ERRORS_H_

#include "core/error.h"

namespace latchkey::outbound {

inline constexpr ErrorInfo kOutboundTimeout{"OUTBOUND_TIMEOUT", ErrorKind::kUnavailable,
                                            "Upstream service timed out"};
inline constexpr ErrorInfo kOutboundUnreachable{"OUTBOUND_UNREACHABLE", ErrorKind::kUnavailable,
                                                "Upstream service unreachable"};
inline constexpr ErrorInfo kOutboundTls{"OUTBOUND_TLS_FAILED", ErrorKind::kUnavailable,
                                        "Upstream service failed TLS verification"};
inline constexpr ErrorInfo kOutboundTooLarge{"OUTBOUND_RESPONSE_TOO_LARGE", ErrorKind::kUnavailable,
                                             "Upstream response too large"};
inline constexpr ErrorInfo kOutboundRefused{"OUTBOUND_ADDRESS_REFUSED", ErrorKind::kUnavailable,
                                            "Upstream address not allowed"};
inline constexpr ErrorInfo kOutboundBadUrl{"OUTBOUND_INVALID_URL", ErrorKind::kInvalidArgument,
                                           "Invalid upstream URL"};

}  // namespace latchkey::outbound

#endif  // LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_ERRORS_H_
