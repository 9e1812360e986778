// Dates as Japanese staff write them: 和暦 (令和3年4月1日, R3.4.1, H31.4.30)
// and 西暦 (2021-04-01, 2021/4/1, 2021年4月1日), read into ISO "YYYY-MM-DD"
// and written back as 和暦 for display.
//
// Eras come from a fixed table rather than ICU's Japanese calendar: the
// result must not depend on the ICU version, the locale or the current time,
// and the table makes each era boundary visible and testable. ICU is used
// only for NFKC (full-width digits, ㋿ → 令和, ㍻ → 平成, ...).
//
// 明治 is treated as starting on 1868-01-01 with Gregorian dates throughout:
// Japan used a lunisolar calendar until 明治5年12月2日, so dates before
// 1873 are not historically exact. Nothing in this registry needs them.
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::text {

struct Ymd {
  int y = 0;
  int m = 0;
  int d = 0;
  auto operator<=>(const Ymd&) const = default;
};

// Either `iso` ("YYYY-MM-DD") or a Japanese message to show next to the field.
struct DateParse {
  std::optional<std::string> iso;
  std::string error;
  bool ok() const { return iso.has_value(); }
};

bool is_leap_year(int y);

// Days in month `m` (1..12) of year `y`, or 0 for a month outside 1..12.
int days_in_month(int y, int m);

// Strict "YYYY-MM-DD" (years 0001..9999, a real Gregorian date); nothing else.
std::optional<Ymd> parse_iso(std::string_view iso);
bool valid_iso_date(std::string_view iso);

// "YYYY-MM-DD" for a date with 1 <= y <= 9999; no validation of m and d.
std::string format_iso(const Ymd& date);

// Days since 1970-01-01 in the proleptic Gregorian calendar, and back (H. Hinnant's civil algorithms): for date
// differences and for walking days. No validation: 2021-02-30 is 2021-03-02.
long long days_from_civil(const Ymd& date);
Ymd civil_from_days(long long days);

// Reads user input in any of the forms above (after NFKC and trimming).
// Accepted: 2021-04-01, 2021/4/1, 2021.4.1, 2021年4月1日, 令和3年4月1日,
// 令和元年5月1日, R3.4.1, R03.04.01, r3/4/1, R3-4-1, with era initials
// M T S H R (either case) or 明治 大正 昭和 平成 令和. Dates before 1868 and
// dates outside the era written (H31.5.1) are errors.
DateParse parse_date(std::string_view input);

// "2021-04-01" → "令和3年4月1日", "2019-05-01" → "令和元年5月1日".
// Empty for anything that is not a valid ISO date on or after 1868-01-01.
std::string format_wareki(std::string_view iso);

}  // namespace tsunagu::text
