#include "core/text/lg_code.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/io/csv.h"

using tsunagu::text::check_digit;
using tsunagu::text::normalize_lg_code;
using tsunagu::text::valid_lg_code;

namespace {

// 山口県, 下関市, 宇部市, 山口市, 萩市, 岩国市, 和木町, 札幌市, 札幌市中央区, 千代田区, 北海道
const std::vector<std::string> kRealCodes = {"350001", "352012", "352021", "352039",
                                             "352047", "352080", "353213", "011002",
                                             "011011", "131016", "010006"};

std::optional<std::filesystem::path> find_municipalities_csv() {
  const std::filesystem::path rel = "shared/reference/municipalities.csv";
  std::vector<std::filesystem::path> candidates;
#ifdef TSUNAGU_SOURCE_DIR
  candidates.push_back(std::filesystem::path(TSUNAGU_SOURCE_DIR) / ".." / rel);
#endif
  candidates.push_back(std::filesystem::path("..") / rel);
  candidates.push_back(std::filesystem::path("../..") / rel);
  for (const auto& p : candidates)
    if (std::filesystem::is_regular_file(p)) return p;
  return std::nullopt;
}

}  // namespace

TEST(LgCode, RealCodesValidate) {
  for (const auto& code : kRealCodes) {
    EXPECT_TRUE(valid_lg_code(code)) << code;
    EXPECT_EQ(check_digit(code.substr(0, 5)), code[5] - '0') << code;
  }
}

TEST(LgCode, ChangedLastDigitRejected) {
  for (const auto& code : kRealCodes) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == code[5]) continue;
      std::string wrong = code.substr(0, 5) + d;
      EXPECT_FALSE(valid_lg_code(wrong)) << wrong;
      EXPECT_FALSE(normalize_lg_code(wrong).has_value()) << wrong;
    }
  }
}

TEST(LgCode, RemainderEdgeCases) {
  EXPECT_EQ(check_digit("20000"), 0);  // S = 12, r = 1 → 10 → 0
  EXPECT_EQ(check_digit("35202"), 1);  // S = 55, r = 0 → 11 → 1 (宇部市 352021)
  EXPECT_EQ(check_digit("01101"), 1);  // S = 11, r = 0 (札幌市中央区 011011)
  EXPECT_EQ(check_digit("00000"), 1);
  EXPECT_EQ(check_digit("13101"), 6);  // S = 27, r = 5
}

TEST(LgCode, FiveDigitsGetCheckDigit) {
  for (const auto& code : kRealCodes)
    EXPECT_EQ(normalize_lg_code(code.substr(0, 5)), std::optional<std::string>(code)) << code;
}

TEST(LgCode, NormalizesFullWidthAndSpaces) {
  EXPECT_EQ(normalize_lg_code("３５２０１２"), std::optional<std::string>("352012"));
  EXPECT_EQ(normalize_lg_code("　３５２０１ "), std::optional<std::string>("352012"));
  EXPECT_EQ(normalize_lg_code(" \t131016\r\n"), std::optional<std::string>("131016"));
  EXPECT_EQ(normalize_lg_code("35２01"), std::optional<std::string>("352012"));
}

TEST(LgCode, RejectsMalformedInput) {
  for (std::string_view bad : {"", " ", "　", "3520", "3520123", "35201a", "abcde", "35 201",
                               "３５２０", "-35201", "35201\xEF\xBC", "\xEF\xBC\x9A" "5201"}) {
    EXPECT_FALSE(normalize_lg_code(bad).has_value()) << bad;
  }
  EXPECT_EQ(check_digit("3520"), -1);
  EXPECT_EQ(check_digit("3520a"), -1);
  EXPECT_EQ(check_digit("３５２"), -1);
  EXPECT_FALSE(valid_lg_code("35201"));
  EXPECT_FALSE(valid_lg_code("35201x"));
  EXPECT_FALSE(valid_lg_code(""));
}

TEST(LgCode, AllMasterCodesValidate) {
  auto path = find_municipalities_csv();
  if (!path) GTEST_SKIP() << "shared/reference/municipalities.csv not found";
  std::ifstream in(*path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  auto parsed = tsunagu::io::parse_csv(buf.str());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].line << ": " << parsed.errors[0].message_ja;
  auto table = tsunagu::io::CsvTable::with_header(parsed);
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->column("code"), std::optional<std::size_t>(0));
  ASSERT_TRUE(table->column("code5").has_value());
  ASSERT_GE(table->rows().size(), 1900u);
  for (const auto& row : table->rows()) {
    std::string code = table->get(row, "code");
    ASSERT_EQ(code.size(), 6u) << "line " << row.line;
    EXPECT_TRUE(valid_lg_code(code)) << "line " << row.line << ": " << code;
    EXPECT_EQ(code.substr(0, 5), table->get(row, "code5")) << "line " << row.line;
  }
}
