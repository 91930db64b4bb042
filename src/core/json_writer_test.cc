#include "core/json_writer.h"

#include <gtest/gtest.h>

namespace latchkey::json {
namespace {

TEST(JsonWriterTest, EscapesLikeRfc8259) {
  std::string out;
  AppendString(out, std::string_view("a\"b\\c\n\x01\x7f\xc3\xa9", 10));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\\u007f\xc3\xa9\"");
}

TEST(JsonWriterTest, WritesObjects) {
  std::string out;
  ObjectWriter(out)
      .String("s", "x")
      .NullableString("n", std::nullopt)
      .Bool("b", true)
      .Int("i", -42)
      .Raw("o", "{}")
      .Close();
  EXPECT_EQ(out, R"({"s":"x","n":null,"b":true,"i":-42,"o":{}})");
}

TEST(JsonWriterTest, WritesStringArrays) {
  EXPECT_EQ(StringArray({}), "[]");
  EXPECT_EQ(StringArray({"a", "b\"c"}), R"(["a","b\"c"])");
}

}  // namespace
}  // namespace latchkey::json
