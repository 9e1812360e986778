// UTF-8 checks and HTML escaping shared by the HTTP layer, views and imports.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view s);

// True when `s` contains a C0 control character other than tab, LF or CR, or DEL.
bool has_control_chars(std::string_view s);

std::string html_escape(std::string_view s);

// Decodes %XX escapes (and '+' as a space when asked); nothing for a bad escape or a result that is not UTF-8.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Code points of UTF-8 text, for comparing and editing character by character. Expects well-formed UTF-8 (check
// with valid_utf8 first when the text comes from outside); never reads past the end.
std::u32string to_utf32(std::string_view s);
// UTF-8 of code points; appends one code point to `out`.
std::string to_utf8(std::u32string_view s);
void append_utf8(std::string& out, char32_t c);

// Removes leading and trailing ASCII whitespace and U+3000 (ideographic space).
std::string trim(std::string_view s);

}  // namespace tsunagu::text
