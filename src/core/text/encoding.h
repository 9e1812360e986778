// Text files from Windows machines: CSV exported by Excel or by a municipality's system is UTF-8 or
// Shift_JIS, and nothing in the file says which. Valid UTF-8 is taken as UTF-8 (Shift_JIS Japanese text is
// almost never valid UTF-8); anything else is CP932 (Windows-31J), the Shift_JIS that Windows writes, with
// the NEC and IBM extensions (①, ㈱, 髙, 﨑).
//
// ICU's converter "windows-31j" (ICU's ibm-943_P15A-2003, which on ICU 72 is also what "Shift_JIS" and
// "cp932" name) maps as Windows does: 0x5C → '\', 0x7E → '~', 0x815F → U+FF3C '＼', 0x8160 → U+FF5E '～'
// (not U+301C '〜' as JIS X 0208 and ibm-943_P130-1999 do), 0x8161 → U+2225 '∥', 0x817C → U+FF0D '－'.
// Bytes it cannot decode become U+FFFD (ICU's default would write U+001A for single bytes).
// Thread-safe: each call opens its own converters.
#pragma once
#include <string>
#include <string_view>

namespace tsunagu::text {

enum class Encoding { utf8, cp932 };

struct Decoded {
  std::string utf8;
  Encoding encoding;
};

// Strips a UTF-8 BOM. Valid UTF-8 (pure ASCII included) is returned as it is; anything else is decoded as
// CP932, with undecodable bytes as U+FFFD. A file with a UTF-8 BOM says it is UTF-8: its ill-formed
// sequences become U+FFFD rather than the whole file being read as CP932. Never throws (but std::bad_alloc).
Decoded decode_text(std::string_view bytes);

// "UTF-8", "Shift_JIS (CP932)": for messages such as "文字コード: Shift_JIS (CP932) として読み込みました".
const char* encoding_name(Encoding e);

}  // namespace tsunagu::text
