// The common sheet's template, to download: an .xlsx whose first sheet has only the header row (what the
// importer reads), a sheet of instructions for each column and a sheet of examples; and a CSV (UTF-8 with BOM,
// so that Excel opens it in Japanese) with the header row.
#pragma once
#include <string>

namespace tsunagu::census {

std::string template_workbook();
std::string template_csv_text();

}  // namespace tsunagu::census
