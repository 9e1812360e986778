// Name keys: one comparison form for names typed by different staff on
// different machines, so that duplicate checks and searches find
// "ﾔﾏｸﾞﾁ　タロウ", "やまぐち たろう" and "髙橋" / "高橋" as the same person.
//
// The key is built in three steps:
//   1. ICU NFKC_Casefold: half-width kana → full-width, full-width Latin and
//      digits → ASCII, case folded, compatibility ideographs (U+F900..) →
//      unified form, default-ignorables (e.g. variation selectors for 異体字)
//      dropped.
//   2. Katakana → hiragana, code point by code point. ICU's "Katakana-Hiragana"
//      transliterator is not used: it rewrites the long-vowel mark (タロー →
//      たろお), and a name key must keep ー.
//   3. Whitespace and name separators (・, hyphens, ＝) removed, and common
//      異体字 in Japanese names mapped to their everyday form (table in
//      normalize.cpp).
// The ICU normalizer is an immutable process-wide singleton owned by ICU, so
// this module keeps no mutable state and is safe to call from any thread.
//
// A key is for comparison only: never show it to users or store it in place
// of the name as written.
#pragma once
#include <string>
#include <string_view>

namespace tsunagu::text {

// Comparison key for a personal or place name. Ill-formed UTF-8 bytes are
// dropped (the key is built from the well-formed parts); never throws.
std::string name_key(std::string_view s);

// Escapes '\', '%' and '_' with a backslash, for use inside a SQL
// `LIKE ? ESCAPE '\'` pattern (the caller adds its own '%' wildcards).
std::string like_pattern_escape(std::string_view key);

}  // namespace tsunagu::text
