#include "core/text/kana.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "core/text/utf8.h"

namespace tsunagu::text {

namespace {

icu::Transliterator& katakana_transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(
        icu::Transliterator::createInstance("NFKC; Hiragana-Katakana", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU transliterator unavailable");
    return made;
  }();
  return *t;
}

bool is_space(UChar32 c) { return c == 0x20 || c == 0x3000 || c == 0x09; }

}  // namespace

std::string to_katakana(std::string_view s) {
  if (!valid_utf8(s)) return {};
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  katakana_transliterator().transliterate(u);
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (is_space(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar32>(0x3000));
    pending_space = false;
    out.append(c);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

bool is_katakana_name(std::string_view s) {
  std::string k = to_katakana(s);
  if (k.empty()) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(k);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    bool ok = (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FB || c == 0x3000;
    if (!ok) return false;
  }
  return true;
}

std::size_t char_count(std::string_view s) {
  if (!valid_utf8(s)) return s.size();
  std::size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace tsunagu::text
