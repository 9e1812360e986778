#include "core/text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <iterator>
#include <memory>
#include <optional>

#include "core/text/utf8.h"

namespace tsunagu::text {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

struct CloseConverter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, CloseConverter>;

Converter open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter c(ucnv_open(name, &status));
  if (U_FAILURE(status)) c.reset();
  return c;
}

// Every illegal or unassigned byte sequence becomes one U+FFFD.
void write_replacement(const void*, UConverterToUnicodeArgs* args, const char*, int32_t,
                       UConverterCallbackReason reason, UErrorCode* status) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to write
  *status = U_ZERO_ERROR;
  const UChar replacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, status);
}

// `bytes` in encoding `from` as UTF-8, streamed through a small buffer; nullopt when ICU cannot do it.
std::optional<std::string> to_utf8(std::string_view bytes, const char* from) {
  Converter source = open_converter(from), target = open_converter("UTF-8");
  if (!source || !target) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), write_replacement, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char buffer[16384];
  UChar pivot[4096];
  UChar *pivot_source = pivot, *pivot_target = pivot;
  const char* in = bytes.data();
  const char* end = in + bytes.size();
  bool reset = true;
  do {
    status = U_ZERO_ERROR;
    char* written = buffer;
    ucnv_convertEx(target.get(), source.get(), &written, buffer + sizeof buffer, &in, end, pivot, &pivot_source,
                   &pivot_target, pivot + std::size(pivot), reset, true, &status);
    reset = false;
    out.append(buffer, written);
  } while (status == U_BUFFER_OVERFLOW_ERROR);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

// Without ICU's converter data nothing but ASCII can be trusted.
std::string ascii_only(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x80) out += c;
    else out += kReplacement;
  }
  return out;
}

}  // namespace

Decoded decode_text(std::string_view bytes) {
  bool bom = bytes.starts_with(kUtf8Bom);
  if (bom) bytes.remove_prefix(kUtf8Bom.size());
  if (valid_utf8(bytes)) return {std::string(bytes), Encoding::utf8};
  Encoding encoding = bom ? Encoding::utf8 : Encoding::cp932;
  std::optional<std::string> decoded = to_utf8(bytes, bom ? "UTF-8" : "windows-31j");
  return {decoded ? std::move(*decoded) : ascii_only(bytes), encoding};
}

const char* encoding_name(Encoding e) { return e == Encoding::cp932 ? "Shift_JIS (CP932)" : "UTF-8"; }

}  // namespace tsunagu::text
