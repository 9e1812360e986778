#include "core/text/wareki.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using tsunagu::text::DateParse;
using tsunagu::text::days_in_month;
using tsunagu::text::format_iso;
using tsunagu::text::format_wareki;
using tsunagu::text::is_leap_year;
using tsunagu::text::parse_date;
using tsunagu::text::parse_iso;
using tsunagu::text::valid_iso_date;
using tsunagu::text::Ymd;

namespace {

std::string iso_of(std::string_view input) { return parse_date(input).iso.value_or("<error>"); }

std::string error_of(std::string_view input) {
  DateParse r = parse_date(input);
  return r.ok() ? "<ok " + *r.iso + ">" : r.error;
}

// Non-ASCII bytes in the message: a rough but locale-free "is Japanese" check.
bool has_non_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

void expect_rejected(std::string_view input) {
  DateParse r = parse_date(input);
  EXPECT_FALSE(r.ok()) << input << " → " << r.iso.value_or("");
  EXPECT_FALSE(r.error.empty()) << input;
  EXPECT_TRUE(has_non_ascii(r.error)) << input << " → " << r.error;
}

Ymd next_day(Ymd d) {
  if (++d.d > days_in_month(d.y, d.m)) d.d = 1, ++d.m;
  if (d.m > 12) d.m = 1, ++d.y;
  return d;
}

}  // namespace

// ---- 西暦 -------------------------------------------------------------------

TEST(WarekiParse, GregorianForms) {
  for (const char* in : {"2021-04-01", "2021/4/1", "2021.4.1", "2021年4月1日", "2021/04/01",
                         "2021-4-1", "2021.04.01", "2021年04月01日", " 2021-04-01 ", "2021 年 4 月 1 日"})
    EXPECT_EQ(iso_of(in), "2021-04-01") << in;
}

TEST(WarekiParse, GregorianNeedsFourDigitYear) {
  expect_rejected("21/4/1");
  expect_rejected("021-04-01");
  expect_rejected("12021-04-01");
}

// ---- 和暦 -------------------------------------------------------------------

TEST(WarekiParse, EraForms) {
  for (const char* in : {"令和3年4月1日", "R3.4.1", "R03.04.01", "r3/4/1", "R3-4-1", "r3.4.1",
                         "R3年4月1日", "令和03年04月01日", "令和 3年 4月 1日", "令和3.4.1"})
    EXPECT_EQ(iso_of(in), "2021-04-01") << in;
}

TEST(WarekiParse, GannenIsYearOne) {
  EXPECT_EQ(iso_of("令和元年5月1日"), "2019-05-01");
  EXPECT_EQ(iso_of("R元.5.1"), "2019-05-01");
  EXPECT_EQ(iso_of("平成元年1月8日"), "1989-01-08");
  EXPECT_EQ(iso_of("R1.5.1"), "2019-05-01");
  expect_rejected("2019元.5.1");
  expect_rejected("元年5月1日");
}

TEST(WarekiParse, EveryEraKanjiAndInitialBothCases) {
  struct Case {
    const char* kanji;
    const char* upper;
    const char* lower;
    const char* iso;
  };
  const std::vector<Case> cases = {
      {"明治45年7月29日", "M45.7.29", "m45.7.29", "1912-07-29"},
      {"大正15年12月24日", "T15.12.24", "t15.12.24", "1926-12-24"},
      {"昭和64年1月7日", "S64.1.7", "s64.1.7", "1989-01-07"},
      {"平成31年4月30日", "H31.4.30", "h31.4.30", "2019-04-30"},
      {"令和6年2月29日", "R6.2.29", "r6.2.29", "2024-02-29"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(iso_of(c.kanji), c.iso) << c.kanji;
    EXPECT_EQ(iso_of(c.upper), c.iso) << c.upper;
    EXPECT_EQ(iso_of(c.lower), c.iso) << c.lower;
  }
}

TEST(WarekiParse, FullWidthAndSquareEraSigns) {
  EXPECT_EQ(iso_of("令和３年４月１日"), "2021-04-01");
  EXPECT_EQ(iso_of("Ｒ３．４．１"), "2021-04-01");
  EXPECT_EQ(iso_of("ｒ３／４／１"), "2021-04-01");
  EXPECT_EQ(iso_of("２０２１－０４－０１"), "2021-04-01");
  EXPECT_EQ(iso_of("㋿3年4月1日"), "2021-04-01");
  EXPECT_EQ(iso_of("㍻31年4月30日"), "2019-04-30");
  EXPECT_EQ(iso_of("㍼64年1月7日"), "1989-01-07");
  EXPECT_EQ(iso_of("　令和３年４月１日　"), "2021-04-01");
}

TEST(WarekiParse, ImeSeparators) {
  EXPECT_EQ(iso_of("2021ー04ー01"), "2021-04-01");  // long-vowel mark typed for '-'
  EXPECT_EQ(iso_of("2021−04−01"), "2021-04-01");    // U+2212
  EXPECT_EQ(iso_of("R3。4。1"), "2021-04-01");
}

// ---- Era boundaries ---------------------------------------------------------

TEST(WarekiBoundary, BothSidesOfEveryEraChange) {
  struct Case {
    const char* iso;
    const char* wareki;
  };
  const std::vector<Case> cases = {
      {"1912-07-29", "明治45年7月29日"}, {"1912-07-30", "大正元年7月30日"},
      {"1926-12-24", "大正15年12月24日"}, {"1926-12-25", "昭和元年12月25日"},
      {"1989-01-07", "昭和64年1月7日"},  {"1989-01-08", "平成元年1月8日"},
      {"2019-04-30", "平成31年4月30日"}, {"2019-05-01", "令和元年5月1日"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(format_wareki(c.iso), c.wareki) << c.iso;
    EXPECT_EQ(iso_of(c.wareki), c.iso) << c.wareki;
    EXPECT_EQ(iso_of(c.iso), c.iso) << c.iso;
  }
}

TEST(WarekiBoundary, DateOutsideItsEraNamesTheRightOne) {
  EXPECT_EQ(error_of("H31.5.1"), "平成31年5月1日という日付はありません（令和元年5月1日です）");
  EXPECT_EQ(error_of("平成31年5月1日"), "平成31年5月1日という日付はありません（令和元年5月1日です）");
  EXPECT_EQ(error_of("S64.1.8"), "昭和64年1月8日という日付はありません（平成元年1月8日です）");
  EXPECT_EQ(error_of("R1.4.30"), "令和元年4月30日という日付はありません（平成31年4月30日です）");
  EXPECT_EQ(error_of("H1.1.7"), "平成元年1月7日という日付はありません（昭和64年1月7日です）");
  EXPECT_EQ(error_of("T15.12.25"), "大正15年12月25日という日付はありません（昭和元年12月25日です）");
  EXPECT_EQ(error_of("S1.12.24"), "昭和元年12月24日という日付はありません（大正15年12月24日です）");
  EXPECT_EQ(error_of("M45.7.30"), "明治45年7月30日という日付はありません（大正元年7月30日です）");
  EXPECT_EQ(error_of("T1.7.29"), "大正元年7月29日という日付はありません（明治45年7月29日です）");
  EXPECT_EQ(error_of("H32.1.1"), "平成32年1月1日という日付はありません（令和2年1月1日です）");
}

TEST(WarekiBoundary, MeijiStartsIn1868) {
  EXPECT_EQ(iso_of("明治元年1月1日"), "1868-01-01");
  EXPECT_EQ(format_wareki("1868-01-01"), "明治元年1月1日");
  EXPECT_EQ(format_wareki("1867-12-31"), "");
  expect_rejected("1867-12-31");
}

// ---- Calendar validity ------------------------------------------------------

TEST(WarekiCalendar, LeapDays) {
  EXPECT_EQ(iso_of("2024-02-29"), "2024-02-29");
  EXPECT_EQ(iso_of("R6.2.29"), "2024-02-29");
  EXPECT_EQ(iso_of("2000/2/29"), "2000-02-29");  // divisible by 400
  EXPECT_EQ(iso_of("H12.2.29"), "2000-02-29");
  expect_rejected("2023-02-29");
  expect_rejected("R5.2.29");
  expect_rejected("1900-02-29");  // divisible by 100, not 400
  EXPECT_EQ(error_of("2023-02-29"), "2023年は2月29日がありません（うるう年ではありません）");
  EXPECT_EQ(error_of("令和5年2月29日"), "令和5年は2月29日がありません（うるう年ではありません）");
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2023));
}

TEST(WarekiCalendar, ImpossibleDays) {
  EXPECT_EQ(error_of("令和3年2月30日"), "2月30日はありません");
  EXPECT_EQ(error_of("2021-04-31"), "4月31日はありません");
  EXPECT_EQ(error_of("2021/1/32"), "1月32日はありません");
  EXPECT_EQ(error_of("2021/1/0"), "1月0日はありません");
  EXPECT_EQ(error_of("2021-13-01"), "13月はありません");
  EXPECT_EQ(error_of("R3.0.1"), "0月はありません");
  EXPECT_EQ(error_of("令和0年4月1日"), "令和0年はありません（1年目は元年です）");
}

TEST(WarekiCalendar, LastDayOfEveryMonth) {
  const int last[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    std::string ok = "2023/" + std::to_string(m) + "/" + std::to_string(last[m - 1]);
    std::string bad = "2023/" + std::to_string(m) + "/" + std::to_string(last[m - 1] + 1);
    EXPECT_TRUE(parse_date(ok).ok()) << ok;
    expect_rejected(bad);
  }
}

// ---- Incomplete and unreadable input ---------------------------------------

TEST(WarekiErrors, Empty) {
  EXPECT_EQ(error_of(""), "日付を入力してください");
  EXPECT_EQ(error_of("   "), "日付を入力してください");
  EXPECT_EQ(error_of("　"), "日付を入力してください");
}

TEST(WarekiErrors, MissingMonthOrDay) {
  for (const char* in : {"令和元年", "R3", "2021年", "2021", "令和3年 ", "H31."})
    EXPECT_EQ(error_of(in), "月と日が入力されていません（例：令和3年4月1日）") << in;
  for (const char* in : {"令和3年4月", "R3.4", "2021-04", "2021/4/", "2021年4月"})
    EXPECT_EQ(error_of(in), "日が入力されていません（例：令和3年4月1日）") << in;
  EXPECT_EQ(error_of("4月1日"), "年が入力されていません（例：令和3年4月1日）");
}

TEST(WarekiErrors, Garbage) {
  const std::string unreadable = "日付として読めません（例：令和3年4月1日、R3.4.1、2021-04-01）";
  for (const char* in : {"abc", "X3.4.1", "令和", "R", "R3.4.1.", "R3.4/1", "2021/04-01",
                         "2021-04-01T00:00", "2021年4月1日生", "R123.4.1", "2021-004-01",
                         "2021-04-001", "令和3年4/1", "平成三十一年四月三十日", "20210401",
                         "1日", "R3..4.1", "-2021-04-01", "2021年4月1日(木)"})
    EXPECT_EQ(error_of(in), unreadable) << in;
}

TEST(WarekiErrors, InvalidUtf8AndHugeInput) {
  expect_rejected("2021-04-01\xFF");
  expect_rejected("\xE4\xBB");
  expect_rejected(std::string(10000, '1'));
  expect_rejected(std::string("2021-04-01\0", 11));
}

TEST(WarekiErrors, EveryErrorIsJapanese) {
  for (const char* in : {"", "x", "令和元年", "R3.4", "4月1日", "2月30日", "2021-02-30", "2023-02-29",
                         "2021-13-01", "H31.5.1", "令和0年1月1日", "1800-01-01"})
    expect_rejected(in);
}

// ---- ISO helpers ------------------------------------------------------------

TEST(WarekiIso, ParseIsoIsStrict) {
  auto d = parse_iso("2021-04-01");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, (Ymd{2021, 4, 1}));
  for (const char* bad : {"2021-4-1", "2021/04/01", "2021-04-01 ", "２０２１-04-01", "0000-01-01",
                          "2021-02-29", "2021-00-10", "2021-12-32", "", "2021-04-0a", "+021-04-01"})
    EXPECT_FALSE(valid_iso_date(bad)) << bad;
  EXPECT_TRUE(valid_iso_date("2024-02-29"));
  EXPECT_TRUE(valid_iso_date("0001-01-01"));
  EXPECT_TRUE(valid_iso_date("9999-12-31"));
}

TEST(WarekiIso, YmdOrdersByDate) {
  EXPECT_LT((Ymd{2019, 4, 30}), (Ymd{2019, 5, 1}));
  EXPECT_LT((Ymd{2018, 12, 31}), (Ymd{2019, 1, 1}));
  EXPECT_EQ(format_iso(Ymd{2019, 5, 1}), "2019-05-01");
  EXPECT_EQ(format_iso(Ymd{900, 1, 2}), "0900-01-02");
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(days_in_month(2023, 13), 0);
}

// ---- format_wareki ------------------------------------------------------------

TEST(WarekiFormat, Examples) {
  EXPECT_EQ(format_wareki("2021-04-01"), "令和3年4月1日");
  EXPECT_EQ(format_wareki("2019-05-01"), "令和元年5月1日");
  EXPECT_EQ(format_wareki("2020-01-01"), "令和2年1月1日");
  EXPECT_EQ(format_wareki("1989-01-08"), "平成元年1月8日");
  EXPECT_EQ(format_wareki("2000-12-31"), "平成12年12月31日");
}

TEST(WarekiFormat, InvalidGivesEmpty) {
  for (const char* bad : {"", "2021/04/01", "2021-4-1", "2023-02-29", "R3.4.1", "令和3年4月1日", "x"})
    EXPECT_EQ(format_wareki(bad), "") << bad;
}

TEST(WarekiFormat, RoundTripsEveryDay1989To2030) {
  int days = 0;
  for (Ymd d{1989, 1, 1}; d <= Ymd{2030, 12, 31}; d = next_day(d), ++days) {
    const std::string iso = format_iso(d);
    const std::string wareki = format_wareki(iso);
    ASSERT_FALSE(wareki.empty()) << iso;
    DateParse back = parse_date(wareki);
    ASSERT_TRUE(back.ok()) << iso << " → " << wareki << " → " << back.error;
    ASSERT_EQ(*back.iso, iso) << wareki;
  }
  EXPECT_EQ(days, 15340);
}
