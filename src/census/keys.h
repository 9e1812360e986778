// Comparison keys for one census row, computed once at import and stored with it: name keys
// (core/text/normalize: NFKC, width, hiragana/katakana and common 異体字 folded) for the whole name and, when
// the name was written with a space, for the family and given names apart; the same for the reading; and an
// address key.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include <vector>

namespace tsunagu::census {

struct NameKeys {
  std::string family, given, whole;  // family/given empty when the name has no space between them
};

// Splits at the first run of spaces (ASCII or U+3000); "" halves when there is none.
NameKeys name_keys(std::string_view name);

// Address key: name key without 丁目/番地/番/号/の and with hyphens and kanji numerals as digits, so that
// "中央2丁目3番4号", "中央二丁目3-4" and "中央2-3-4" compare equal. `drop_prefixes` are removed from the start,
// the first that matches (the prefecture's and municipality's names, which some staff write in the address).
std::string address_key(std::string_view address, const std::vector<std::string>& drop_prefixes = {});

}  // namespace tsunagu::census
