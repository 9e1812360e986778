#include "core/io/xlsx_format.h"

#include <gtest/gtest.h>

namespace io = tsunagu::io;

TEST(XlsxFormat, DateFormatCodes) {
  for (const char* code : {"yyyy/m/d", "yyyy-mm-dd hh:mm:ss", "m/d/yy", "d-mmm", "ggge\"年\"m\"月\"d\"日\"",
                           "[$-411]ge.m.d", "[$-ja-JP-x-gannen]ggge年m月d日;@", "h:mm", "mm:ss", "YYYY/MM/DD",
                           "[Red]yyyy/m/d", "ee/m/d"})
    EXPECT_TRUE(io::is_date_format_code(code)) << code;
  for (const char* code : {"General", "0", "0.00", "#,##0", "0%", "0.00E+00", "##0.0e-0", "[h]:mm", "[h]:mm:ss",
                           "[mm]:ss", "\"day\"0", "\\d0", "_d0", "*d0", "[$-411]#,##0", "@", "m", "mm", "000000",
                           "#,##0_);[Red](#,##0)", "[$\xE2\x82\xAC-x-euro2] #,##0.00"})
    EXPECT_FALSE(io::is_date_format_code(code)) << code;
}

TEST(XlsxFormat, BuiltInIds) {
  using Kind = io::NumberFormat::Kind;
  for (int id : {14, 15, 17, 20, 22, 27, 31, 36, 45, 47, 50, 55, 58})
    EXPECT_EQ(io::classify_number_format(id, std::nullopt).kind, Kind::date) << id;
  for (int id : {0, 1, 2, 9, 10, 11, 12, 13, 23, 26, 37, 44, 46, 48, 49, 59, 164})
    EXPECT_EQ(io::classify_number_format(id, std::nullopt).kind, Kind::plain) << id;
  // A custom code under a built-in id wins.
  EXPECT_EQ(io::classify_number_format(14, std::string("0.00")).kind, Kind::plain);
  io::NumberFormat padded = io::classify_number_format(180, std::string("00000"));
  EXPECT_EQ(padded.kind, Kind::zero_padded);
  EXPECT_EQ(padded.width, 5);
}

TEST(XlsxFormat, SerialDates) {
  EXPECT_EQ(io::excel_date_text(1, false), "1900-01-01");
  EXPECT_EQ(io::excel_date_text(59, false), "1900-02-28");
  EXPECT_EQ(io::excel_date_text(60, false), "1900-02-29");
  EXPECT_EQ(io::excel_date_text(61, false), "1900-03-01");
  EXPECT_EQ(io::excel_date_text(43586, false), "2019-05-01");
  EXPECT_EQ(io::excel_date_text(45352, false), "2024-03-01");  // after a leap day
  EXPECT_EQ(io::excel_date_text(2958465, false), "9999-12-31");
  EXPECT_EQ(io::excel_date_text(2958466, false), std::nullopt);
  EXPECT_EQ(io::excel_date_text(-1, false), std::nullopt);
  EXPECT_EQ(io::excel_date_text(0, true), "00:00:00");
  EXPECT_EQ(io::excel_date_text(1, true), "1904-01-02");
  EXPECT_EQ(io::excel_date_text(42124, true), "2019-05-01");
  EXPECT_EQ(io::excel_date_text(43586.5, false), "2019-05-01T12:00:00");
  EXPECT_EQ(io::excel_date_text(0.75, false), "18:00:00");
  // Rounded to the second: a hair under midnight is the next day.
  EXPECT_EQ(io::excel_date_text(43586.999999999, false), "2019-05-02");
  EXPECT_EQ(io::excel_date_text(43586 + 1.0 / 86400, false), "2019-05-01T00:00:01");
}

TEST(XlsxFormat, Numbers) {
  EXPECT_EQ(io::excel_number_text(12345), "12345");
  EXPECT_EQ(io::excel_number_text(352012), "352012");
  EXPECT_EQ(io::excel_number_text(0.1 + 0.2), "0.3");
  EXPECT_EQ(io::excel_number_text(1.0 / 3), "0.333333333333333");
  EXPECT_EQ(io::excel_number_text(-2.5), "-2.5");
  EXPECT_EQ(io::excel_number_text(-0.0), "0");
  EXPECT_EQ(io::excel_number_text(1e-5), "0.00001");
  EXPECT_EQ(io::excel_number_text(1.5e-12), "1.5e-12");
  EXPECT_EQ(io::excel_number_text(123456789012345.0), "123456789012345");
  EXPECT_EQ(io::excel_number_text(1e20), "1e+20");
  io::NumberFormat padded{io::NumberFormat::Kind::zero_padded, 6};
  EXPECT_EQ(io::format_number(11002, padded, false), "011002");
  EXPECT_EQ(io::format_number(1234567, padded, false), "1234567");
  EXPECT_EQ(io::format_number(1.5, padded, false), "1.5");
  EXPECT_EQ(io::format_number(-1, {io::NumberFormat::Kind::date, 0}, false), "-1");
}
