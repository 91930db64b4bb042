// Wire codes for abuse/checks. Callers usually translate these into their
// own route errors (a breach check that cannot run becomes "retry later" on
// sign-up); the codes stay stable so logs and metrics can group them.
#ifndef LK_FEATURES_ABUSE_CHECKS_ERRORS_H_
#define LK_FEATURES_ABUSE_CHECKS_ERRORS_H_

#include "core/error.h"

namespace latchkey::abuse {

// Outbound HTTP (outbound_http.h). All but the URL error are kUnavailable:
// the remote side is at fault, and security decisions fail closed on them.
inline constexpr ErrorInfo kOutboundTimeout{"OUTBOUND_TIMEOUT", ErrorKind::kUnavailable,
                                            "Upstream service timed out"};
inline constexpr ErrorInfo kOutboundUnreachable{"OUTBOUND_UNREACHABLE", ErrorKind::kUnavailable,
                                                "Upstream service unreachable"};
inline constexpr ErrorInfo kOutboundTls{"OUTBOUND_TLS_FAILED", ErrorKind::kUnavailable,
                                        "Upstream service failed TLS verification"};
inline constexpr ErrorInfo kOutboundTooLarge{"OUTBOUND_RESPONSE_TOO_LARGE", ErrorKind::kUnavailable,
                                             "Upstream response too large"};
inline constexpr ErrorInfo kOutboundBadUrl{"OUTBOUND_INVALID_URL", ErrorKind::kInvalidArgument,
                                           "Invalid upstream URL"};

// HIBP range API (hibp_client.h).
inline constexpr ErrorInfo kHibpBadStatus{"HIBP_BAD_STATUS", ErrorKind::kUnavailable,
                                          "Breached-password service unavailable"};
inline constexpr ErrorInfo kHibpMalformed{"HIBP_MALFORMED_RESPONSE", ErrorKind::kUnavailable,
                                          "Breached-password service sent a malformed reply"};

// Offline index (pwned_index.h).
inline constexpr ErrorInfo kPwnedImportMalformed{"PWNED_IMPORT_MALFORMED_LINE",
                                                 ErrorKind::kInvalidArgument,
                                                 "Malformed line in breached-password corpus"};
inline constexpr ErrorInfo kPwnedIo{"PWNED_INDEX_IO", ErrorKind::kInternal,
                                    "Breached-password index I/O failed"};
inline constexpr ErrorInfo kPwnedCorrupt{"PWNED_INDEX_CORRUPT", ErrorKind::kInternal,
                                         "Breached-password index is corrupt"};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_ERRORS_H_
