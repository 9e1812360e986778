// Reading an uploaded Excel (.xlsx) file: the first worksheet's cells as the text a person sees in Excel,
// so an import treats a typed "12345", a date cell and a text cell alike. Shared strings (rich text without
// its ふりがな runs), inline strings, cached formula results, booleans, errors, numbers without float noise,
// and date-formatted numbers as ISO dates (see xlsx_format.h; 1900 and 1904 date systems).
// The file comes from the internet: the archive is read from memory, the parts read may together expand to
// at most 256 MiB, the result is bounded, and anything malformed is an XlsxReadError, never a crash.
// No state: safe from any thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::io {

struct XlsxRow {
  std::size_t row;                 // 1-based Excel row number as in the file (r attribute), so messages can say "N行目"
  std::vector<std::string> cells;  // by column: A=0, B=1, ...; missing cells are ""; trailing empties are trimmed
};

struct XlsxRead {
  std::string sheet_name;
  std::vector<XlsxRow> rows;  // rows with at least one non-empty cell, in file order
};

// The message is Japanese, for the user: "Excelファイルとして読み取れません（…）".
class XlsxReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds on what one file may cost; the defaults suit uploads. Excel's own limits (1,048,576 rows,
// 16,384 columns) always apply.
struct XlsxLimits {
  std::uint64_t part_bytes = std::uint64_t{256} << 20;  // uncompressed size declared by the parts read, together
  std::size_t cells = std::size_t{1} << 23;             // cells in the result, counting the "" that pad each row
  std::size_t text_bytes = std::size_t{256} << 20;      // text in the result (a shared string counts each use)
};

// The first worksheet in workbook order (workbook.xml and its relationships, whatever the part is called).
// Throws XlsxReadError for anything that is not a readable .xlsx within the limits.
XlsxRead read_xlsx_first_sheet(std::string_view bytes);
XlsxRead read_xlsx_first_sheet(std::string_view bytes, const XlsxLimits& limits);

// True when the bytes start with a ZIP local file header ("PK\x03\x04"), as every .xlsx does.
bool looks_like_xlsx(std::string_view bytes);

}  // namespace tsunagu::io
