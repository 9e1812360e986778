#include "core/text/number.h"

#include <gtest/gtest.h>

using tsunagu::text::parse_decimal;
using tsunagu::text::parse_id;

TEST(Number, DigitsWithinTheLimitParse) {
  EXPECT_EQ(parse_decimal("0", 4), 0);
  EXPECT_EQ(parse_decimal("0042", 4), 42);
  EXPECT_EQ(parse_id("999999999999999999"), 999999999999999999LL);
}

TEST(Number, AnythingElseIsRefused) {
  for (const char* s : {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "１２", "0x10", "12a"})
    EXPECT_FALSE(parse_decimal(s, 6).has_value()) << s;
  EXPECT_FALSE(parse_decimal("12345", 4).has_value());
  EXPECT_FALSE(parse_id("1000000000000000000").has_value());  // 19 digits would overflow past the limit
  EXPECT_FALSE(parse_decimal("1", 19).has_value());           // a limit that could overflow is refused
}
