// Tests for pwned_index.h: import from the HIBP download format, lookups,
// and rejection of corrupt files (ASVS 2.1.7 breached passwords, offline).
#include "features/abuse/checks/pwned_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::abuse {
namespace {

namespace fs = std::filesystem;

class PwnedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lk_pwned_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  fs::path dir_;
};

std::string Hex(std::string_view password, bool upper) {
  std::string h = crypto::HexEncode(crypto::Sha1(password));
  if (upper) {
    for (char& c : h) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return h;
}

TEST_F(PwnedIndexTest, ImportsAndFindsPresentNotAbsent) {
  std::string corpus;
  for (int i = 0; i < 500; ++i)
    corpus += Hex("pw" + std::to_string(i), true) + ":" + std::to_string(i + 1) + "\r\n";
  auto stats = PwnedIndex::Import(Write("in.txt", corpus), Path("idx"));
  ASSERT_TRUE(stats) << stats.error().detail;
  EXPECT_EQ(stats->records, 500u);
  auto index = PwnedIndex::Open(Path("idx"));
  ASSERT_TRUE(index) << index.error().detail;
  EXPECT_EQ((*index)->size(), 500u);
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ((*index)->CountPassword("pw" + std::to_string(i)), static_cast<unsigned>(i + 1));
  }
  EXPECT_FALSE((*index)->Contains(crypto::Sha1("pw500")));
  EXPECT_EQ((*index)->CountPassword("not in the corpus"), 0u);
  EXPECT_EQ((*index)->Count("short"), 0u);
  // Atomic write: no temporary file is left beside the index.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

// Subsets in any order, lower-case hex, bare hashes, duplicates (the larger
// count wins) and zero counts (skipped: 0 means "not breached").
TEST_F(PwnedIndexTest, UnsortedDuplicateLowercaseAndBareLines) {
  std::string corpus = Hex("zeta", false) + ":5\n" + Hex("alpha", true) + "\n\n" +
                       Hex("zeta", true) + ":9\n" + Hex("zeta", false) + ":2\n" +
                       Hex("zero", true) + ":0\n" + Hex("mid", false) + ":4";
  auto stats = PwnedIndex::Import(Write("in.txt", corpus), Path("idx"));
  ASSERT_TRUE(stats) << stats.error().detail;
  EXPECT_EQ(stats->lines, 6u);
  EXPECT_EQ(stats->records, 3u);
  EXPECT_EQ(stats->duplicates, 2u);
  EXPECT_EQ(stats->zero_counts, 1u);
  auto index = PwnedIndex::Open(Path("idx"));
  ASSERT_TRUE(index) << index.error().detail;
  EXPECT_EQ((*index)->CountPassword("zeta"), 9u);
  EXPECT_EQ((*index)->CountPassword("alpha"), 1u);
  EXPECT_EQ((*index)->CountPassword("mid"), 4u);
  EXPECT_EQ((*index)->CountPassword("zero"), 0u);
}

// Bounded memory: with a tiny in-memory chunk the import spills sorted runs
// and merges them; the result equals the in-memory import.
TEST_F(PwnedIndexTest, ExternalMergeMatchesInMemoryImport) {
  std::string corpus;
  for (int i = 0; i < 2000; ++i)
    corpus += Hex("m" + std::to_string(i % 1500), i % 2 == 0) + ":" + std::to_string(i + 1) + "\n";
  std::string in = Write("in.txt", corpus);
  PwnedImportOptions small;
  small.max_records_in_memory = 37;
  auto merged = PwnedIndex::Import(in, Path("a"), small);
  auto single = PwnedIndex::Import(in, Path("b"));
  ASSERT_TRUE(merged) << merged.error().detail;
  ASSERT_TRUE(single) << single.error().detail;
  EXPECT_EQ(merged->records, 1500u);
  EXPECT_EQ(merged->duplicates, 500u);
  std::ifstream fa(Path("a"), std::ios::binary), fb(Path("b"), std::ios::binary);
  std::string a((std::istreambuf_iterator<char>(fa)), {}),
      b((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_EQ(a, b);
  auto index = PwnedIndex::Open(Path("a"));
  ASSERT_TRUE(index);
  EXPECT_EQ((*index)->CountPassword("m499"), 2000u);  // i = 499 (500) and i = 1999 (2000)
}

// A wrong-format corpus (for example the NTLM download, 32 hex digits) is
// refused with the offending line, and the existing index is untouched.
TEST_F(PwnedIndexTest, MalformedLineIsReportedWithLineNumber) {
  ASSERT_TRUE(PwnedIndex::Import(Write("ok.txt", Hex("a", true) + ":1\n"), Path("idx")));
  for (const std::string& bad :
       {std::string("8846F7EAEE8FB117AD06BDD830B7586C:3"), Hex("b", true) + ":x",
        Hex("b", true) + ":", "G" + Hex("b", true).substr(1) + ":1", Hex("b", true) + ":1:2"}) {
    auto r =
        PwnedIndex::Import(Write("bad.txt", Hex("c", true) + ":1\n\n" + bad + "\n"), Path("idx"));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "PWNED_IMPORT_MALFORMED_LINE");
    EXPECT_NE(r.error().detail.find(":3:"), std::string::npos) << r.error().detail;
  }
  auto index = PwnedIndex::Open(Path("idx"));
  ASSERT_TRUE(index);
  EXPECT_EQ((*index)->CountPassword("a"), 1u);
}

TEST_F(PwnedIndexTest, MissingInputIsIoError) {
  auto r = PwnedIndex::Import(Path("nope.txt"), Path("idx"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "PWNED_INDEX_IO");
  auto o = PwnedIndex::Open(Path("nope.idx"));
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, "PWNED_INDEX_IO");
}

TEST_F(PwnedIndexTest, EmptyCorpusGivesEmptyIndex) {
  ASSERT_TRUE(PwnedIndex::Import(Write("in.txt", ""), Path("idx")));
  auto index = PwnedIndex::Open(Path("idx"));
  ASSERT_TRUE(index) << index.error().detail;
  EXPECT_EQ((*index)->size(), 0u);
  EXPECT_EQ((*index)->CountPassword("password"), 0u);
}

// A corrupt or truncated index must fail at Open (startup), never answer
// "not breached" for passwords it has lost.
TEST_F(PwnedIndexTest, CorruptFilesAreRejected) {
  std::string corpus;
  for (int i = 0; i < 50; ++i) corpus += Hex("c" + std::to_string(i), true) + ":1\n";
  ASSERT_TRUE(PwnedIndex::Import(Write("in.txt", corpus), Path("idx")));
  std::ifstream f(Path("idx"), std::ios::binary);
  const std::string good((std::istreambuf_iterator<char>(f)), {});

  auto expect_corrupt = [&](std::string bytes, const char* what) {
    std::string p = Write("bad.idx", bytes);
    auto r = PwnedIndex::Open(p);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code, "PWNED_INDEX_CORRUPT") << what;
  };
  expect_corrupt(good.substr(0, good.size() - 1), "truncated record");
  expect_corrupt(good.substr(0, 100), "truncated table");
  expect_corrupt(good + "x", "trailing garbage");
  expect_corrupt("", "empty");
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  expect_corrupt(bad_magic, "magic");
  std::string bad_version = good;
  bad_version[8] = 2;
  expect_corrupt(bad_version, "version");
  std::string bad_table = good;
  bad_table[64 + 8 * 3] = 0x7f;  // table[3] jumps ahead of table[4]
  expect_corrupt(bad_table, "table");
  std::string bad_record = good;
  bad_record[64 + 8 * 65537] ^= 0x80;  // first record leaves its bucket
  expect_corrupt(bad_record, "record bucket");
}

}  // namespace
}  // namespace latchkey::abuse
