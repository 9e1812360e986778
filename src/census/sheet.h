// Reading a common sheet (共通シート): one header row, then one row per child. Headers are Japanese or their
// English aliases, in any order; the header row may sit below a few title rows (an .xlsx with a title).
// Every cell is checked and every problem is reported with its row, column and a Japanese reason; the caller
// decides whether to keep the valid rows or nothing.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "census/codes.h"

namespace tsunagu::census {

// One row of cells as read from a CSV or an .xlsx sheet.
struct RawRow {
  std::size_t line;  // 1-based row in the file
  std::vector<std::string> cells;
};

struct RawTable {
  std::string format;  // "CSV (UTF-8)", "CSV (Shift_JIS)", "Excel (.xlsx)"
  std::vector<RawRow> rows;
  std::vector<std::pair<std::size_t, std::string>> read_errors;  // (line, Japanese message): unreadable records
};

// Reads a file's bytes: .xlsx by its ZIP signature (the first sheet), otherwise CSV in UTF-8 or Shift_JIS.
// Throws std::invalid_argument with a Japanese message when the file cannot be read at all.
RawTable read_table(std::string_view bytes);

struct Issue {
  std::size_t line = 0;   // row in the file; 0 for the file as a whole
  std::string column;     // the column's header ("" for the whole row or file)
  std::string message;    // Japanese
  bool error = true;      // false: a warning (the row is still valid)
};

// A valid row, normalised.
struct SheetRow {
  std::size_t line = 0;
  std::string record_id, name, kana, birth_date, birth_date_raw, sex, municipality_code, address;
  std::vector<std::string> care_items;  // codes
  std::string affiliation, diagnosis, note;
  std::vector<std::pair<std::string, std::string>> extra;  // unknown columns: (header, value)
  std::string address_key;  // census/keys.h, without the prefecture and municipality names
};

struct Sheet {
  std::string format;
  std::size_t header_line = 0;
  std::size_t data_rows = 0;        // rows below the header that are not blank
  std::vector<SheetRow> rows;       // the valid ones
  std::vector<Issue> issues;        // errors and warnings, in file order
  std::size_t invalid_rows = 0;     // rows with at least one error
  bool file_error = false;          // nothing can be imported (no header, …)
};

struct SheetContext {
  const CareItemNames& care;
  const MunicipalityNames& municipalities;
  std::string prefecture_code;          // the round's prefecture: preferred for bare municipality names
  std::string default_municipality;     // for rows without one (a municipality's own sheet); may be empty
  std::string today;                    // ISO; birth dates after it are errors
};

Sheet read_sheet(const RawTable& table, const SheetContext& ctx);

// The columns in the template's order: Japanese header, English alias.
struct ColumnSpec {
  std::string_view ja, en;
  bool required;
};
extern const ColumnSpec kColumns[12];

}  // namespace tsunagu::census
