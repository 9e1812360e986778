#include "core/text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>

namespace tsunagu::text {
namespace {

struct Variant {
  char32_t from;
  char32_t to;
};

// 異体字 that NFKC leaves alone, mapped to the form most people type.
// To add one: append {U'異', U'常'} to the group it belongs to. Entries must
// already be NFKC-normal (CJK compatibility ideographs U+F900..U+FAFF mostly
// are not and need no entry: NFKC maps 隆 U+F9DC → 隆, 塚 U+FA10 → 塚).
constexpr Variant kVariants[] = {
    // 旧字体: pre-1946 forms, still written in many 戸籍 and on old certificates.
    {U'邊', U'辺'}, {U'齋', U'斎'}, {U'齊', U'斉'}, {U'濱', U'浜'}, {U'澤', U'沢'},
    {U'櫻', U'桜'}, {U'國', U'国'}, {U'廣', U'広'}, {U'德', U'徳'}, {U'眞', U'真'},
    {U'瀨', U'瀬'}, {U'惠', U'恵'}, {U'壽', U'寿'}, {U'黑', U'黒'}, {U'淸', U'清'},
    {U'實', U'実'}, {U'彌', U'弥'}, {U'榮', U'栄'}, {U'靜', U'静'}, {U'藏', U'蔵'},
    {U'驒', U'騨'}, {U'髮', U'髪'},
    // 俗字 and name variants in JIS X 0212/0213 and vendor sets (IBM/NEC
    // extensions), common in surnames: はしごだか, たつさき, etc.
    {U'髙', U'高'}, {U'嵜', U'崎'}, {U'邉', U'辺'}, {U'濵', U'浜'}, {U'嶋', U'島'},
    {U'嶌', U'島'}, {U'冨', U'富'}, {U'栁', U'柳'}, {U'曻', U'昇'}, {U'桒', U'桑'},
    // One of the twelve "unified" ideographs in the compatibility block
    // (U+FA0E..U+FA29): no NFKC decomposition, so it needs an entry.
    {U'\uFA11', U'崎'},  // 﨑
    // Outside the BMP (Unicode 3.1 CJK Extension B).
    {U'\U00020BB7', U'吉'},  // 𠮷 つちよし
};

// Separators inside a name: middle dots and hyphens/dashes (ASCII '-' and
// full-width forms arrive here as '-' after NFKC). ー (U+30FC) is a long-vowel
// mark inside kana names and is deliberately not listed.
constexpr char32_t kSeparators[] = {
    U'-', U'=', U'\u00B7', U'\u2010', U'\u2012', U'\u2013', U'\u2014', U'\u2015',
    U'\u2027', U'\u2212', U'\u30A0', U'\u30FB',
};

bool is_dropped(char32_t c) {
  if (c == U'\uFFFD') return true;  // stands for ill-formed input bytes
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return true;
  return std::find(std::begin(kSeparators), std::end(kSeparators), c) != std::end(kSeparators);
}

char32_t fold_variant(char32_t c) {
  for (const auto& v : kVariants)
    if (v.from == c) return v.to;
  return c;
}

bool has_hiragana_twin(char32_t c) {
  return (c >= U'\u30A1' && c <= U'\u30F6') || c == U'\u30FD' || c == U'\u30FE';
}

// Appends the hiragana for katakana `c`, the common form of a variant, or `c`.
void append_folded(icu::UnicodeString& out, char32_t c) {
  constexpr char32_t kKanaOffset = 0x60;  // ア U+30A2 - あ U+3042
  if (has_hiragana_twin(c)) {
    out.append(static_cast<UChar32>(c - kKanaOffset));
  } else if (c >= U'\u30F7' && c <= U'\u30FA') {
    // ヷヸヹヺ have no precomposed hiragana: わ゙ ゐ゙ ゑ゙ を゙.
    out.append(static_cast<UChar32>(c - U'\u30F7' + U'\u308F'));
    out.append(static_cast<UChar32>(U'\u3099'));
  } else {
    out.append(static_cast<UChar32>(fold_variant(c)));
  }
}

icu::UnicodeString fold(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
    auto c = static_cast<char32_t>(in.char32At(i));
    if (!is_dropped(c)) append_folded(out, c);
  }
  return out;
}

// NFKC_Casefold, then folding, then NFC so that a detached ゛ (NFKC turns it
// into space + U+3099) recombines with its kana once the space is gone.
std::string build_key(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return {};
  auto src = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString key = nfc->normalize(fold(nfkc_cf->normalize(src, status)), status);
  if (U_FAILURE(status)) return {};
  std::string out;
  key.toUTF8String(out);
  return out;
}

}  // namespace

std::string name_key(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(INT32_MAX)) return {};
  return build_key(s);
}

std::string like_pattern_escape(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace tsunagu::text
