#include "core/io/xlsx_format.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/text/wareki.h"

namespace tsunagu::io {

namespace {

constexpr long long kSecondsPerDay = 86400;
// Excel's fictitious 1900-02-29: serials before it are one day off from a real calendar.
constexpr long long kFictitiousLeapDay = 60;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// [h], [hh], [mm], [ss]: a duration that may pass 24 hours.
bool is_elapsed_time(std::string_view bracket) {
  if (bracket.empty()) return false;
  char first = lower(bracket.front());
  if (first != 'h' && first != 'm' && first != 's') return false;
  for (char c : bracket)
    if (lower(c) != first) return false;
  return true;
}

bool starts_with_general(std::string_view rest) {
  constexpr std::string_view kGeneral = "general";
  if (rest.size() < kGeneral.size()) return false;
  for (std::size_t i = 0; i < kGeneral.size(); ++i)
    if (lower(rest[i]) != kGeneral[i]) return false;
  return true;
}

bool is_date_letter(std::string_view code, std::size_t i) {
  char c = lower(code[i]);
  if (c == 'e') return i + 1 >= code.size() || (code[i + 1] != '+' && code[i + 1] != '-');
  return c == 'y' || c == 'd' || c == 'g' || c == 'h' || c == 's';
}

bool is_builtin_date(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || id == 45 || id == 47 || (id >= 50 && id <= 58);
}

// "000000": a code shown with leading zeros.
int zero_pad_width(std::string_view code) {
  if (code.empty() || code.size() > 15) return 0;
  for (char c : code)
    if (c != '0') return 0;
  return static_cast<int>(code.size());
}

std::string time_text(long long seconds) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return buf;
}

std::optional<text::Ymd> date_of(long long days, bool date1904) {
  namespace chr = std::chrono;
  if (!date1904 && days == kFictitiousLeapDay) return text::Ymd{1900, 2, 29};
  if (!date1904 && days < kFictitiousLeapDay) ++days;
  chr::sys_days epoch = date1904 ? chr::sys_days{chr::year{1904} / 1 / 1} : chr::sys_days{chr::year{1899} / 12 / 30};
  chr::year_month_day ymd{epoch + chr::days{days}};
  int y = static_cast<int>(ymd.year());
  if (y > 9999) return std::nullopt;
  return text::Ymd{y, static_cast<int>(static_cast<unsigned>(ymd.month())), static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string chars(double value, std::chars_format format) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, format);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace

bool is_date_format_code(std::string_view code) {
  bool date = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      std::size_t close = code.find('"', i + 1);
      i = close == std::string_view::npos ? code.size() : close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is a literal, a space width or a fill
    } else if (c == '[') {
      std::size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return date;
      if (is_elapsed_time(code.substr(i + 1, close - i - 1))) return false;
      i = close;
    } else if (starts_with_general(code.substr(i))) {
      i += 6;
    } else if (is_date_letter(code, i)) {
      date = true;
    }
  }
  return date;
}

NumberFormat classify_number_format(int id, const std::optional<std::string>& custom_code) {
  if (!custom_code) return {is_builtin_date(id) ? NumberFormat::Kind::date : NumberFormat::Kind::plain, 0};
  if (int width = zero_pad_width(*custom_code)) return {NumberFormat::Kind::zero_padded, width};
  return {is_date_format_code(*custom_code) ? NumberFormat::Kind::date : NumberFormat::Kind::plain, 0};
}

std::optional<std::string> excel_date_text(double serial, bool date1904) {
  // 3e6 days is past 9999-12-31 in either system; the bound keeps the arithmetic below in range.
  if (!(serial >= 0) || serial > 3e6) return std::nullopt;
  long long total = std::llround(serial * kSecondsPerDay);
  long long days = total / kSecondsPerDay, seconds = total % kSecondsPerDay;
  if (days == 0) return time_text(seconds);
  std::optional<text::Ymd> date = date_of(days, date1904);
  if (!date) return std::nullopt;
  std::string out = text::format_iso(*date);
  if (seconds != 0) out.append("T").append(time_text(seconds));
  return out;
}

std::string excel_number_text(double value) {
  if (!std::isfinite(value)) return chars(value, std::chars_format::general);
  double rounded = value;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, 14);
  if (ec == std::errc()) std::from_chars(buf, end, rounded);
  if (rounded == 0) return "0";
  double magnitude = std::fabs(rounded);
  bool fixed = magnitude >= 1e-9 && magnitude < 1e15;
  return chars(rounded, fixed ? std::chars_format::fixed : std::chars_format::general);
}

std::string format_number(double value, const NumberFormat& format, bool date1904) {
  if (format.kind == NumberFormat::Kind::date)
    if (std::optional<std::string> date = excel_date_text(value, date1904)) return *date;
  if (format.kind == NumberFormat::Kind::zero_padded && value >= 0 && value < 1e15 && value == std::floor(value)) {
    std::string digits = chars(value, std::chars_format::fixed);
    if (digits.size() < static_cast<std::size_t>(format.width)) digits.insert(0, format.width - digits.size(), '0');
    return digits;
  }
  return excel_number_text(value);
}

}  // namespace tsunagu::io
