// Wire codes for abuse/checks. Callers usually translate these into their
// own route errors (a breach check that cannot run becomes "retry later" on
// sign-up); the codes stay stable so logs and metrics can group them.
#ifndef LK_FEATURES_ABUSE_CHECKS_ERRORS_H_
#define LK_FEATURES_ABUSE_CHECKS_ERRORS_H_

#include "core/error.h"
#include "features/common/outbound/outbound_errors.h"

namespace latchkey::abuse {

// Outbound HTTP (features/common/outbound/outbound_errors.h).
using outbound::kOutboundBadUrl;
using outbound::kOutboundTimeout;
using outbound::kOutboundTls;
using outbound::kOutboundTooLarge;
using outbound::kOutboundUnreachable;

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
