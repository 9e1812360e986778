// Importing a facility list (an Excel or CSV file a prefecture or an association already keeps) into the
// directory. The file's columns are mapped to the directory's fields in a step of their own — guessed from the
// headers, confirmed by the person importing — then every row is checked and every problem reported with its row,
// column and a Japanese reason; the importer chooses all valid rows or nothing, in one transaction.
// One row is one service of a facility: rows with the same facility name and address are one facility.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "census/sheet.h"
#include "master/master_data.h"
#include "resources/facility.h"

namespace tsunagu::resources {

struct ImportField {
  std::string_view key, label;
  bool required;
  std::vector<std::string_view> headers;  // header texts that map to it without asking
};
extern const std::vector<ImportField> kImportFields;

// field key → column index in the header row (absent: not mapped)
using ColumnMapping = std::map<std::string, std::size_t>;

struct ImportTable {
  census::RawTable table;
  std::size_t header_index = 0;  // into table.rows
  std::vector<std::string> headers;
};

// Finds the header row (the first row with two or more recognisable headers, else the first non-empty row).
ImportTable import_table(std::string_view bytes);
ColumnMapping guess_mapping(const ImportTable& t);

struct ImportIssue {
  std::size_t line = 0;
  std::string column, message;  // column: the file's header
};

struct ImportCheck {
  std::vector<Facility> facilities;  // from the valid rows, merged by name and address
  std::vector<ImportIssue> issues;
  std::size_t rows = 0, invalid_rows = 0;
};

ImportCheck check_import(const ImportTable& t, const ColumnMapping& mapping, const master::MasterData& md,
                         const std::string& prefecture_code);

}  // namespace tsunagu::resources
