// Decimal numbers typed in paths, query strings and forms: digits only, no sign, no spaces, bounded length.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace tsunagu::text {

// The value of 1 to `max_digits` ASCII digits (max_digits at most 18, so it fits a long long); nothing else.
std::optional<long long> parse_decimal(std::string_view s, std::size_t max_digits);

// A database id in a path or form.
inline std::optional<long long> parse_id(std::string_view s) { return parse_decimal(s, 18); }

}  // namespace tsunagu::text
