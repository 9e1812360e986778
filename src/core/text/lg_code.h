// 全国地方公共団体コード (local government code): 5 digits (2-digit prefecture +
// 3-digit municipality) followed by a check digit.
//
// Check digit rule (総務省, modulus 11 with weights 6..2):
//   S = d1*6 + d2*5 + d3*4 + d4*3 + d5*2, r = S % 11
//   check digit = last digit of (11 - r), i.e. (11 - r) % 10
// so r == 0 gives 1 and r == 1 gives 0 (a "0 when r == 0" variant is wrong:
// 宇部市 35202 has r == 0 and the real code is 352021).
// e.g. 13101 → S = 27, r = 5 → 131016 (千代田区).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::text {

// Check digit for a 5-digit code, or -1 unless `code5` is exactly 5 ASCII digits.
int check_digit(std::string_view code5);

// True for exactly 6 ASCII digits whose last digit is the check digit of the first 5.
bool valid_lg_code(std::string_view code6);

// Accepts user input: trims ASCII and full-width spaces, folds full-width digits
// to ASCII, then takes 5 digits (check digit appended) or 6 valid digits.
// Returns the 6-digit code, or nullopt for anything else.
std::optional<std::string> normalize_lg_code(std::string_view input);

}  // namespace tsunagu::text
