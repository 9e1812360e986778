// RFC 4180 CSV reading and writing for imports, exports and master data.
// Parsing is lenient about line ends (LF, CRLF, lone CR) because files come from
// Excel, Windows tools and hand edits alike; malformed records are reported with
// their line number and skipped, so one bad line never hides the rest of a file.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::io {

struct CsvRow {
  std::size_t line;  // 1-based physical line where the record starts ("N行目")
  std::vector<std::string> fields;
};

struct CsvError {
  std::size_t line;
  std::string message_ja;
};

struct CsvResult {
  std::vector<CsvRow> rows;
  std::vector<CsvError> errors;
};

// Strips a UTF-8 BOM and skips completely empty lines. Never throws on malformed
// input (only on allocation failure) and always terminates.
CsvResult parse_csv(std::string_view text);

// Quotes the field only when it contains a comma, quote, CR or LF.
std::string csv_escape(std::string_view field);

// One record, fields joined with commas, terminated by "\r\n".
std::string csv_line(const std::vector<std::string>& fields);

// Data rows addressed by header name; the first row of the result is the header.
class CsvTable {
 public:
  // nullopt when there is no row to use as a header.
  static std::optional<CsvTable> with_header(const CsvResult& result);

  std::optional<std::size_t> column(std::string_view name) const;
  // Empty when the column is unknown or the row is shorter than the header.
  std::string get(const CsvRow& row, std::string_view name) const;
  const std::vector<CsvRow>& rows() const { return rows_; }
  const std::vector<std::string>& headers() const { return headers_; }

 private:
  std::vector<std::string> headers_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<CsvRow> rows_;
};

}  // namespace tsunagu::io
