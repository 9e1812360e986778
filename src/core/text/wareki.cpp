#include "core/text/wareki.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdio>
#include <variant>

#include "core/text/utf8.h"

namespace tsunagu::text {
namespace {

struct Era {
  std::string_view name;
  char initial;
  Ymd start;
};

// First day of each era (Gregorian). 明治 from 1868-01-01: see wareki.h.
constexpr std::array<Era, 5> kEras = {{
    {"明治", 'M', {1868, 1, 1}},
    {"大正", 'T', {1912, 7, 30}},
    {"昭和", 'S', {1926, 12, 25}},
    {"平成", 'H', {1989, 1, 8}},
    {"令和", 'R', {2019, 5, 1}},
}};

constexpr int kFirstYear = 1868;
constexpr std::size_t kMaxInputBytes = 200;

constexpr std::string_view kEmpty = "日付を入力してください";
constexpr std::string_view kUnreadable = "日付として読めません（例：令和3年4月1日、R3.4.1、2021-04-01）";
constexpr std::string_view kNoYear = "年が入力されていません（例：令和3年4月1日）";
constexpr std::string_view kNoMonthDay = "月と日が入力されていません（例：令和3年4月1日）";
constexpr std::string_view kNoDay = "日が入力されていません（例：令和3年4月1日）";
constexpr std::string_view kTooEarly = "1868年（明治元年）より前の日付は扱えません";

const Era* era_of(const Ymd& date) {
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it)
    if (it->start <= date) return &*it;
  return nullptr;
}

std::string year_label(int era_year) { return era_year == 1 ? "元" : std::to_string(era_year); }

std::string wareki_text(const Era& era, int era_year, int m, int d) {
  return std::string(era.name) + year_label(era_year) + "年" + std::to_string(m) + "月" +
         std::to_string(d) + "日";
}

std::string wareki_text(const Ymd& date) {
  const Era* era = era_of(date);
  if (!era) return {};
  return wareki_text(*era, date.y - era->start.y + 1, date.m, date.d);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ---- Input clean-up -------------------------------------------------------

std::optional<std::string> nfkc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::nullopt;
  auto src = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString dst = norm->normalize(src, status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  dst.toUTF8String(out);
  return out;
}

struct Replacement {
  std::string_view from;
  char to;
};

// Separators a Japanese IME produces in place of '-' and '.' (NFKC already
// turned full-width －．／ into ASCII).
constexpr Replacement kSeparatorFolds[] = {
    {"‐", '-'}, {"‒", '-'}, {"–", '-'}, {"—", '-'}, {"―", '-'},
    {"−", '-'}, {"ー", '-'}, {"。", '.'},
};

std::string fold_separators(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    bool replaced = false;
    for (const auto& r : kSeparatorFolds) {
      if (!s.starts_with(r.from)) continue;
      out += r.to;
      s.remove_prefix(r.from.size());
      replaced = true;
      break;
    }
    if (!replaced) {
      out += s.front();
      s.remove_prefix(1);
    }
  }
  return out;
}

// ---- Tokens -----------------------------------------------------------------

struct Number {
  int value = 0;
  int digits = 0;
};

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool at_end() {
    skip_spaces();
    return s_.empty();
  }

  bool eat(std::string_view token) {
    skip_spaces();
    if (!s_.starts_with(token)) return false;
    s_.remove_prefix(token.size());
    return true;
  }

  // Up to 6 digits; digits == 0 when there is none.
  Number number() {
    skip_spaces();
    Number n;
    while (!s_.empty() && is_digit(s_.front()) && n.digits < 6) {
      n.value = n.value * 10 + (s_.front() - '0');
      ++n.digits;
      s_.remove_prefix(1);
    }
    return n;
  }

  // 令和 or R / r, ...; nullptr when the input does not start with an era.
  const Era* era() {
    for (const auto& e : kEras)
      if (eat(e.name)) return &e;
    for (const auto& e : kEras)
      if (!s_.empty() && ascii_upper(s_.front()) == e.initial) {
        s_.remove_prefix(1);
        return &e;
      }
    return nullptr;
  }

 private:
  void skip_spaces() {
    while (!s_.empty() && (s_.front() == ' ' || s_.front() == '\t')) s_.remove_prefix(1);
  }

  std::string_view s_;
};

// ---- Fields -----------------------------------------------------------------

struct YearPart {
  const Era* era = nullptr;  // nullptr for 西暦
  int year = 0;              // era year or Gregorian year
  std::string_view unit;     // "年", ".", "/" or "-"
};

struct MonthDay {
  int month = 0;
  int day = 0;
};

template <typename T>
using OrError = std::variant<T, std::string_view>;

OrError<YearPart> read_year(Cursor& c) {
  YearPart p{c.era(), 0, {}};
  Number n = (p.era && c.eat("元")) ? Number{1, 1} : c.number();
  if (n.digits == 0) return kUnreadable;
  if (!p.era && c.eat("月")) return kNoYear;  // "4月1日"
  if (p.era ? n.digits > 2 : n.digits != 4) return kUnreadable;
  p.year = n.value;
  for (std::string_view unit : {"年", ".", "/", "-"}) {
    if (!c.eat(unit)) continue;
    p.unit = unit;
    break;
  }
  if (c.at_end()) return kNoMonthDay;
  if (p.unit.empty()) return kUnreadable;
  return p;
}

// After the year: "4月1日" when the year ended in 年, else "4.1" with the
// same separator as after the year.
OrError<MonthDay> read_month_day(Cursor& c, std::string_view unit) {
  const bool kanji = unit == "年";
  Number m = c.number();
  if (m.digits == 0 || m.digits > 2) return kUnreadable;
  const bool closed = c.eat(kanji ? "月" : unit);
  if (c.at_end()) return kNoDay;
  if (!closed) return kUnreadable;
  Number d = c.number();
  if (d.digits == 0 || d.digits > 2) return kUnreadable;
  if (kanji) c.eat("日");
  if (!c.at_end()) return kUnreadable;
  return MonthDay{m.value, d.value};
}

// ---- Validation -------------------------------------------------------------

DateParse fail(std::string message) { return {std::nullopt, std::move(message)}; }

std::string bad_day_message(const YearPart& p, int gregorian_year, const MonthDay& md) {
  if (md.month == 2 && md.day == 29) {
    std::string year = p.era ? std::string(p.era->name) + year_label(p.year) : std::to_string(gregorian_year);
    return year + "年は2月29日がありません（うるう年ではありません）";
  }
  return std::to_string(md.month) + "月" + std::to_string(md.day) + "日はありません";
}

DateParse check(const YearPart& p, const MonthDay& md) {
  if (p.era && p.year == 0) return fail(std::string(p.era->name) + "0年はありません（1年目は元年です）");
  if (md.month < 1 || md.month > 12) return fail(std::to_string(md.month) + "月はありません");
  const int y = p.era ? p.era->start.y + p.year - 1 : p.year;
  if (y < kFirstYear) return fail(std::string(kTooEarly));
  if (md.day < 1 || md.day > days_in_month(y, md.month)) return fail(bad_day_message(p, y, md));
  const Ymd date{y, md.month, md.day};
  if (p.era && era_of(date) != p.era)
    return fail(wareki_text(*p.era, p.year, md.month, md.day) + "という日付はありません（" +
                wareki_text(date) + "です）");
  return {format_iso(date), {}};
}

DateParse parse_clean(std::string_view s) {
  Cursor c(s);
  auto year = read_year(c);
  if (auto* e = std::get_if<std::string_view>(&year)) return fail(std::string(*e));
  const auto& p = std::get<YearPart>(year);
  auto md = read_month_day(c, p.unit);
  if (auto* e = std::get_if<std::string_view>(&md)) return fail(std::string(*e));
  return check(p, std::get<MonthDay>(md));
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

std::optional<Ymd> parse_iso(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  std::string_view ys = iso.substr(0, 4), ms = iso.substr(5, 2), ds = iso.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
  Ymd date{to_int(ys), to_int(ms), to_int(ds)};
  if (date.y < 1 || date.d < 1 || date.d > days_in_month(date.y, date.m)) return std::nullopt;
  return date;
}

bool valid_iso_date(std::string_view iso) { return parse_iso(iso).has_value(); }

std::string format_iso(const Ymd& date) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.y, date.m, date.d);
  return buf;
}

long long days_from_civil(const Ymd& date) {
  long long y = date.y - (date.m <= 2 ? 1 : 0);
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (date.m + (date.m > 2 ? -3 : 9)) + 2) / 5 + date.d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd civil_from_days(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

DateParse parse_date(std::string_view input) {
  if (input.size() > kMaxInputBytes || !valid_utf8(input)) return fail(std::string(kUnreadable));
  auto normalized = nfkc(input);
  if (!normalized) return fail(std::string(kUnreadable));
  std::string s = fold_separators(trim(*normalized));
  if (s.empty()) return fail(std::string(kEmpty));
  return parse_clean(s);
}

std::string format_wareki(std::string_view iso) {
  auto date = parse_iso(iso);
  if (!date) return {};
  return wareki_text(*date);
}

}  // namespace tsunagu::text
