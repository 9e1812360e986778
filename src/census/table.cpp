// read_table (census/sheet.h): a file's bytes into rows of cells.
#include <stdexcept>

#include "census/sheet.h"
#include "core/io/csv.h"
#include "core/io/xlsx_read.h"
#include "core/text/encoding.h"

namespace tsunagu::census {

RawTable read_table(std::string_view bytes) {
  RawTable t;
  if (bytes.empty()) throw std::invalid_argument("ファイルが空です。");
  if (io::looks_like_xlsx(bytes)) {
    io::XlsxRead x;
    try {
      x = io::read_xlsx_first_sheet(bytes);
    } catch (const io::XlsxReadError& e) {
      throw std::invalid_argument(e.what());
    }
    t.format = "Excel (.xlsx)";
    for (io::XlsxRow& r : x.rows) t.rows.push_back({r.row, std::move(r.cells)});
    return t;
  }
  text::Decoded d = text::decode_text(bytes);
  t.format = std::string("CSV (") + text::encoding_name(d.encoding) + ")";
  io::CsvResult csv = io::parse_csv(d.utf8);
  for (io::CsvRow& r : csv.rows) t.rows.push_back({r.line, std::move(r.fields)});
  for (const io::CsvError& e : csv.errors) t.read_errors.emplace_back(e.line, e.message_ja);
  return t;
}

}  // namespace tsunagu::census
