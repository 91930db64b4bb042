// QR codes: the SVG's shape, determinism, the limits, and agreement with
// Debian's qrencode CLI (same library, its own front end) when installed.
#include "features/common/qr_svg.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::qr {
namespace {

// 120 characters, the shape of the URI the two-factor routes hand out.
constexpr std::string_view kOtpauthUri =
    "otpauth://totp/Latchkey:ada.lovelace%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=Latchkey&digits=6&period=30";

TEST(QrSvgTest, IsAStandaloneSvgSizedInModules) {
  auto modules = QrModules(kOtpauthUri);
  ASSERT_TRUE(modules) << modules.error().detail;
  const std::size_t width = modules->size();
  // Version v is 17 + 4v modules wide.
  ASSERT_GE(width, 21u);
  EXPECT_EQ((width - 17) % 4, 0u);
  for (const auto& row : *modules) EXPECT_EQ(row.size(), width);

  auto svg = QrSvg(kOtpauthUri, 5);
  ASSERT_TRUE(svg) << svg.error().detail;
  EXPECT_TRUE(svg->starts_with("<svg ")) << *svg;
  EXPECT_TRUE(svg->ends_with("</svg>\n"));
  const std::string size = std::to_string(width + 8);
  const std::string px = std::to_string((width + 8) * 5);
  EXPECT_NE(svg->find("viewBox=\"0 0 " + size + " " + size + "\""), std::string::npos);
  EXPECT_NE(svg->find("width=\"" + px + "\" height=\"" + px + "\""), std::string::npos);
  EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
  // One path, whose data is only move/line commands and numbers.
  const std::size_t path = svg->find("<path ");
  ASSERT_NE(path, std::string::npos);
  EXPECT_EQ(svg->find("<path ", path + 1), std::string::npos);
  const std::size_t d = svg->find(" d=\"", path) + 4;
  const std::string data = svg->substr(d, svg->find('"', d) - d);
  EXPECT_TRUE(std::regex_match(data, std::regex("(M[0-9]+ [0-9]+h[0-9]+v1h-[0-9]+z)+")));
  // Nothing of the text is in the document.
  EXPECT_EQ(svg->find("otpauth"), std::string::npos);
  EXPECT_EQ(svg->find("secret"), std::string::npos);
}

// The path covers exactly the dark modules, shifted by the quiet zone.
TEST(QrSvgTest, PathDrawsTheDarkModules) {
  const auto modules = QrModules(kOtpauthUri).value();
  const std::string svg = QrSvg(kOtpauthUri).value();
  std::vector<std::vector<bool>> drawn(modules.size(), std::vector<bool>(modules.size()));
  const std::regex run("M([0-9]+) ([0-9]+)h([0-9]+)v1h-([0-9]+)z");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]) - kQuietZone;
    const int y = std::stoi((*it)[2]) - kQuietZone;
    const int length = std::stoi((*it)[3]);
    ASSERT_EQ(length, std::stoi((*it)[4]));
    ASSERT_GE(x, 0);
    ASSERT_GE(y, 0);
    ASSERT_LE(static_cast<std::size_t>(x + length), modules.size());
    ASSERT_LT(static_cast<std::size_t>(y), modules.size());
    for (int i = 0; i < length; ++i) drawn[y][x + i] = true;
  }
  EXPECT_EQ(drawn, modules);
}

TEST(QrSvgTest, IsDeterministic) {
  EXPECT_EQ(QrSvg(kOtpauthUri).value(), QrSvg(kOtpauthUri).value());
  EXPECT_NE(QrSvg(kOtpauthUri).value(), QrSvg("otpauth://totp/other").value());
}

TEST(QrSvgTest, TextWithMarkupOrNulIsEncodedNotEmbedded) {
  const std::string text("<script>\"&'\0tail", 16);
  auto svg = QrSvg(text);
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->find("script"), std::string::npos);
  // The NUL and what follows it are encoded: the code differs from the prefix's.
  EXPECT_NE(QrModules(text).value(), QrModules(text.substr(0, 11)).value());
}

TEST(QrSvgTest, TooLongTextIsAnErrorNotACrash) {
  // Version 40-M holds 2331 bytes in 8-bit mode.
  EXPECT_TRUE(QrModules(std::string(2331, 'x')));
  for (std::size_t n : {std::size_t{2332}, std::size_t{8000}}) {
    auto svg = QrSvg(std::string(n, 'x'));
    ASSERT_FALSE(svg) << n;
    EXPECT_EQ(svg.error().code, "QR_TOO_LONG");
    auto modules = QrModules(std::string(n, 'x'));
    ASSERT_FALSE(modules);
    EXPECT_EQ(modules.error().code, "QR_TOO_LONG");
  }
}

TEST(QrSvgTest, EmptyTextIsRefused) {
  auto svg = QrSvg("");
  ASSERT_FALSE(svg);
  EXPECT_EQ(svg.error().kind, ErrorKind::kInternal);
}

TEST(QrSvgTest, ModuleSizeOutOfRangeIsRefused) {
  for (int px : {0, -1, 65}) EXPECT_FALSE(QrSvg(kOtpauthUri, px)) << px;
  EXPECT_TRUE(QrSvg(kOtpauthUri, 1));
  EXPECT_TRUE(QrSvg(kOtpauthUri, 64));
}

// --- Debian's qrencode CLI as an independent front end ----------------------

std::optional<std::filesystem::path> FindOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(rest.substr(0, colon)) / std::string(name);
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

// `qrencode -t ASCII` draws a dark module as "##" and a light one as two
// spaces, one line per row; -m 0 leaves the quiet zone out.
std::vector<std::vector<bool>> ParseAscii(const std::string& out) {
  std::vector<std::vector<bool>> rows;
  std::size_t start = 0;
  for (std::size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string_view line(out.data() + start, end - start);
    std::vector<bool> row;
    for (std::size_t i = 0; i < line.size(); i += 2) row.push_back(line[i] == '#');
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(QrSvgTest, ModulesMatchTheQrencodeCli) {
  const auto qrencode = FindOnPath("qrencode");
  if (!qrencode) GTEST_SKIP() << "qrencode is not on PATH (Debian package qrencode)";
  // The input goes through a file (-r), so no text reaches a shell.
  const std::filesystem::path input =
      std::filesystem::temp_directory_path() /
      ("latchkey_qr_svg_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  for (std::string_view text : {kOtpauthUri, std::string_view("a"),
                                std::string_view("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ")}) {
    if (FILE* f = std::fopen(input.c_str(), "wb")) {
      std::fwrite(text.data(), 1, text.size(), f);
      std::fclose(f);
    }
    const std::string command =
        qrencode->string() + " -l M -8 -m 0 -t ASCII -o - -r " + input.string();
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
      }
      pclose(pipe);
    }
    EXPECT_EQ(ParseAscii(out), QrModules(text).value()) << text << "\n" << out;
  }
  std::filesystem::remove(input);
}

}  // namespace
}  // namespace latchkey::qr
