// Kana as stored: names' readings are kept in full-width katakana (JP Core's SYL names use katakana),
// whatever the family typed: hiragana, half-width katakana or full-width.
// Thread-safe: each thread builds its own ICU transliterator on first use.
#pragma once
#include <string>
#include <string_view>

namespace tsunagu::text {

// NFKC, then hiragana to katakana; ideographic and ASCII spaces become one U+3000 between words.
std::string to_katakana(std::string_view s);

// True when `s` (after to_katakana) is only katakana, the long-vowel mark, the middle dot and spaces.
bool is_katakana_name(std::string_view s);

// Number of Unicode code points (for length limits); invalid UTF-8 counts bytes.
std::size_t char_count(std::string_view s);

}  // namespace tsunagu::text
