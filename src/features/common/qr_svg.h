// QR codes as SVG, for the otpauth:// URI a user scans into an authenticator
// app when turning on two-factor authentication. Encoded by libqrencode
// (docs/architecture.md), drawn here; only numbers and path commands go into
// the SVG, so nothing the caller passes needs escaping.
// Thread-safety: both functions are safe to call concurrently.
#ifndef LK_FEATURES_COMMON_QR_SVG_H_
#define LK_FEATURES_COMMON_QR_SVG_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/result.h"

namespace latchkey::qr {

// The text does not fit in the largest QR code (version 40) at level M.
inline constexpr ErrorInfo kQrTooLong{"QR_TOO_LONG", ErrorKind::kInvalidArgument,
                                      "Text too long for a QR code"};

// The modules drawn around the code on every side (ISO/IEC 18004 asks for 4).
inline constexpr int kQuietZone = 4;

// The QR code (error correction level M, 8-bit mode, smallest version that
// fits) of `text` as a standalone SVG document: a white background, a
// kQuietZone-module quiet zone, one <path> of the dark modules, a viewBox in
// modules, shape-rendering="crispEdges", and width/height of module_px
// pixels per module (quiet zone included). Deterministic.
// Errors: kInvalidArgument QR_TOO_LONG when `text` does not fit; kInternal
// when `text` is empty or module_px is outside 1..64 (a caller's bug), or
// libqrencode fails.
Result<std::string> QrSvg(std::string_view text, int module_px = 4);

// The module matrix [row][column] (true = dark), without the quiet zone:
// what QrSvg draws. For tests. Errors: as QrSvg.
Result<std::vector<std::vector<bool>>> QrModules(std::string_view text);

}  // namespace latchkey::qr

#endif  // LK_FEATURES_COMMON_QR_SVG_H_
