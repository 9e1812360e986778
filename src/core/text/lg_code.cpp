#include "core/text/lg_code.h"

#include <algorithm>

namespace tsunagu::text {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_ascii_digit); }

bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Kept local rather than using text::trim so this file links on its own.
std::string_view trim_spaces(std::string_view s) {
  for (;;) {
    if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
    else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
    else if (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    else if (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    else return s;
  }
}

// Full-width ０..９ are U+FF10..U+FF19, i.e. EF BC 90..99 in UTF-8.
std::optional<std::string> fold_digits(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (is_ascii_digit(s[i])) {
      out += s[i++];
      continue;
    }
    std::string_view rest = s.substr(i);
    if (rest.size() < 3 || !rest.starts_with("\xEF\xBC")) return std::nullopt;
    auto third = static_cast<unsigned char>(rest[2]);
    if (third < 0x90 || third > 0x99) return std::nullopt;
    out += static_cast<char>('0' + (third - 0x90));
    i += 3;
  }
  return out;
}

}  // namespace

int check_digit(std::string_view code5) {
  if (code5.size() != 5 || !all_digits(code5)) return -1;
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (code5[i] - '0') * (6 - i);
  return (11 - sum % 11) % 10;
}

bool valid_lg_code(std::string_view code6) {
  if (code6.size() != 6 || !all_digits(code6)) return false;
  return check_digit(code6.substr(0, 5)) == code6[5] - '0';
}

std::optional<std::string> normalize_lg_code(std::string_view input) {
  auto digits = fold_digits(trim_spaces(input));
  if (!digits) return std::nullopt;
  if (digits->size() == 5) {
    *digits += static_cast<char>('0' + check_digit(*digits));
    return digits;
  }
  if (digits->size() == 6 && valid_lg_code(*digits)) return digits;
  return std::nullopt;
}

}  // namespace tsunagu::text
