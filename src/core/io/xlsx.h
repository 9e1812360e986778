// Excel (.xlsx) output, because Excel is what every municipality works in. A workbook is a list of sheets,
// each a header row and data rows of text or numbers; the header is bold, frozen and filterable, and column
// widths follow the content. Text is always written as text, never as a formula, so a cell starting with
// "=" cannot run anything when the file is opened.
// Thread-safe: each call writes its own temporary file.
#pragma once
#include <string>
#include <variant>
#include <vector>

namespace tsunagu::io {

using Cell = std::variant<std::monostate, std::string, double>;

struct Sheet {
  std::string name;  // at most 31 characters; []:*?/\ are replaced
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

// The .xlsx file's bytes; throws std::runtime_error when the library fails.
std::string write_xlsx(const std::vector<Sheet>& sheets);

// Neutralises a CSV cell that Excel would read as a formula (=, +, -, @, tab, CR at the start).
std::string csv_safe(std::string value);

}  // namespace tsunagu::io
