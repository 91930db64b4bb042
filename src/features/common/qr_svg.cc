// QrModules over libqrencode's QRcode_encodeData (8-bit mode with an explicit
// length, so a NUL byte in the text is encoded, not an end), QrSvg drawing
// each row's runs of dark modules as rectangles of one path.
#include "features/common/qr_svg.h"

#include <qrencode.h>

#include <cerrno>
#include <climits>
#include <memory>

namespace latchkey::qr {
namespace {

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<std::vector<std::vector<bool>>> QrModules(std::string_view text) {
  // libqrencode refuses empty input (EINVAL); nothing worth scanning is empty.
  if (text.empty()) return Fail(InternalError("QrModules of empty text"));
  if (text.size() > INT_MAX) return Fail(MakeError(kQrTooLong, "text over INT_MAX bytes"));
  errno = 0;
  // Version 0: the smallest version the text fits in.
  const std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (code == nullptr) {
    if (errno == ERANGE) {
      return Fail(MakeError(kQrTooLong, std::to_string(text.size()) + " bytes"));
    }
    return Fail(InternalError("QRcode_encodeData failed, errno " + std::to_string(errno)));
  }
  const int width = code->width;
  std::vector<std::vector<bool>> modules(width, std::vector<bool>(width));
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) modules[y][x] = (code->data[y * width + x] & 1) != 0;
  }
  return modules;
}

Result<std::string> QrSvg(std::string_view text, int module_px) {
  if (module_px < 1 || module_px > 64) {
    return Fail(InternalError("QrSvg module_px " + std::to_string(module_px) + " not in 1..64"));
  }
  LK_ASSIGN_OR_RETURN(const auto modules, QrModules(text));
  const int width = static_cast<int>(modules.size());
  const std::string size = std::to_string(width + 2 * kQuietZone);
  const std::string px = std::to_string((width + 2 * kQuietZone) * module_px);
  std::string svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" + px + R"(" height=")" +
                    px + R"(" viewBox="0 0 )" + size + " " + size +
                    R"(" shape-rendering="crispEdges"><rect width=")" + size + R"(" height=")" +
                    size + R"(" fill="#fff"/><path fill="#000" d=")";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      if (!modules[y][x]) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && modules[y][x + run]) ++run;
      // A run of `run` dark modules: move, right, down one, back, close.
      svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
             std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace latchkey::qr
