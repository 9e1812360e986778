#include "core/io/csv.h"

#include <gtest/gtest.h>

#include <random>

using tsunagu::io::CsvResult;
using tsunagu::io::CsvTable;
using tsunagu::io::csv_escape;
using tsunagu::io::csv_line;
using tsunagu::io::parse_csv;

using Fields = std::vector<std::string>;

TEST(Csv, PlainRows) {
  CsvResult r = parse_csv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r.rows[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(r.rows[0].line, 1u);
  EXPECT_EQ(r.rows[1].line, 2u);
}

TEST(Csv, NoTrailingNewline) {
  CsvResult r = parse_csv("x,y\nz");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"z"}));
}

TEST(Csv, StripsBom) {
  CsvResult r = parse_csv("\xEF\xBB\xBF" "code,名前\r\n01,北海道\r\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].fields[0], "code");
  EXPECT_EQ(r.rows[1].fields, (Fields{"01", "北海道"}));
}

TEST(Csv, CrlfAndLoneCr) {
  CsvResult r = parse_csv("a,b\r\nc,d\re,f\n");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(r.rows[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(r.rows[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(r.rows[2].line, 3u);
}

TEST(Csv, QuotedCommaAndDoubledQuotes) {
  CsvResult r = parse_csv("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"a,b", "say \"hi\"", ""}));
}

TEST(Csv, EmbeddedNewlineKeepsLineNumbers) {
  CsvResult r = parse_csv("id,note\r\n1,\"line1\r\nline2\nline3\"\r\n2,after\r\n");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].fields[1], "line1\r\nline2\nline3");
  EXPECT_EQ(r.rows[1].line, 2u);
  EXPECT_EQ(r.rows[2].line, 5u);
  EXPECT_EQ(r.rows[2].fields, (Fields{"2", "after"}));
}

TEST(Csv, EmptyTrailingFields) {
  CsvResult r = parse_csv("a,,\n,\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"a", "", ""}));
  EXPECT_EQ(r.rows[1].fields, (Fields{"", ""}));
}

TEST(Csv, BlankLinesSkipped) {
  CsvResult r = parse_csv("\n\r\na\n\n\r\nb\r\r\n");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"a"}));
  EXPECT_EQ(r.rows[0].line, 3u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"b"}));
  EXPECT_EQ(r.rows[1].line, 6u);
}

TEST(Csv, UnterminatedQuoteReportsStartLine) {
  CsvResult r = parse_csv("a,b\nc,\"open\nmore\n");
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_EQ(r.errors[0].message_ja, "引用符が閉じられていません");
}

TEST(Csv, StrayQuoteInUnquotedFieldSkipsOnlyThatLine) {
  CsvResult r = parse_csv("a,b\nx,ab\"c\ny,z\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_FALSE(r.errors[0].message_ja.empty());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"y", "z"}));
  EXPECT_EQ(r.rows[1].line, 3u);
}

TEST(Csv, TextAfterClosingQuoteIsError) {
  CsvResult r = parse_csv("\"ab\"c,d\nok\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 1u);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"ok"}));
}

TEST(Csv, EscapeOnlyWhenNeeded) {
  EXPECT_EQ(csv_escape("plain あ"), "plain あ");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_escape("a\nb"), "\"a\nb\"");
  EXPECT_EQ(csv_escape("a\rb"), "\"a\rb\"");
  EXPECT_EQ(csv_line({"1", "a,b", ""}), "1,\"a,b\",\r\n");
}

TEST(Csv, EscapeRoundTrip) {
  std::vector<Fields> records = {
      {"plain", "with,comma", "with \"quote\"", "multi\r\nline", ""},
      {""},
      {"", ""},
      {"\"", ",", "\n", "\r", "東京都千代田区"},
  };
  std::string text;
  for (const auto& rec : records) text += csv_line(rec);
  CsvResult r = parse_csv(text);
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.rows.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(r.rows[i].fields, records[i]) << i;
}

TEST(Csv, TableLookupByHeader) {
  auto table = CsvTable::with_header(parse_csv("code,name\n131016,千代田区\n352012\n"));
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->column("name"), std::optional<std::size_t>(1));
  EXPECT_FALSE(table->column("missing").has_value());
  ASSERT_EQ(table->rows().size(), 2u);
  EXPECT_EQ(table->get(table->rows()[0], "name"), "千代田区");
  EXPECT_EQ(table->get(table->rows()[0], "code"), "131016");
  EXPECT_EQ(table->get(table->rows()[1], "name"), "");  // short row
  EXPECT_EQ(table->get(table->rows()[0], "missing"), "");
  EXPECT_EQ(table->rows()[1].line, 3u);
}

TEST(Csv, TableNeedsHeader) {
  EXPECT_FALSE(CsvTable::with_header(parse_csv("")).has_value());
  EXPECT_FALSE(CsvTable::with_header(parse_csv("\xEF\xBB\xBF\r\n\r\n")).has_value());
}

TEST(Csv, FuzzNeverCrashesOrLoops) {
  const std::vector<std::string> alphabet = {",", "\"", "\n", "\r", "a", "あ"};
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  std::size_t total_rows = 0, total_errors = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string input;
    for (int n = length(rng); n > 0; --n) input += alphabet[pick(rng)];
    CsvResult r = parse_csv(input);
    std::size_t last_line = 0;
    for (const auto& row : r.rows) {
      ASSERT_FALSE(row.fields.empty()) << input;
      ASSERT_GT(row.line, last_line) << input;
      last_line = row.line;
      for (const auto& f : row.fields) {
        ASSERT_NE(f.c_str(), nullptr);
        ASSERT_LE(f.size(), input.size());
      }
    }
    for (const auto& e : r.errors) {
      ASSERT_GE(e.line, 1u);
      ASSERT_FALSE(e.message_ja.empty());
    }
    total_rows += r.rows.size();
    total_errors += r.errors.size();
  }
  // Both paths must have been exercised for the loop to mean anything.
  EXPECT_GT(total_rows, 0u);
  EXPECT_GT(total_errors, 0u);
}
