#include "core/io/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/text/kana.h"

namespace tsunagu::io {

namespace {

std::string sheet_name(const std::string& name) {
  std::string out;
  for (char c : name) out += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  // 31 characters is Excel's limit; cut on a UTF-8 boundary.
  std::size_t count = 0, i = 0;
  for (; i < out.size(); ++i)
    if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80 && ++count > 31) break;
  out.resize(i);
  return out.empty() ? "Sheet" : out;
}

// Width in Excel character units: wide (CJK) characters count double.
double width_of(const Cell& cell) {
  if (const std::string* s = std::get_if<std::string>(&cell)) {
    std::size_t chars = text::char_count(*s), bytes = s->size();
    std::size_t wide = bytes > chars ? (bytes - chars) / 2 : 0;
    return static_cast<double>(chars + wide);
  }
  if (std::holds_alternative<double>(cell)) return 8;
  return 0;
}

std::filesystem::path temp_path() {
  std::random_device rd;
  return std::filesystem::temp_directory_path() / ("tsunagu-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
}

void write_sheet(lxw_workbook* wb, const Sheet& s, lxw_format* bold) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(s.name).c_str());
  if (!ws) throw std::runtime_error("xlsx: could not add sheet");
  std::vector<double> widths(s.header.size(), 4);
  for (std::size_t c = 0; c < s.header.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), s.header[c].c_str(), bold);
    widths[c] = std::max(widths[c], width_of(Cell(s.header[c])));
  }
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const auto& row = s.rows[r];
    for (std::size_t c = 0; c < row.size(); ++c) {
      auto rr = static_cast<lxw_row_t>(r + 1);
      auto cc = static_cast<lxw_col_t>(c);
      if (const std::string* v = std::get_if<std::string>(&row[c])) worksheet_write_string(ws, rr, cc, v->c_str(), nullptr);
      else if (const double* d = std::get_if<double>(&row[c])) worksheet_write_number(ws, rr, cc, *d, nullptr);
      if (c >= widths.size()) widths.resize(c + 1, 4);
      widths[c] = std::max(widths[c], width_of(row[c]));
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(widths[c] + 2, 60.0), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (!s.header.empty())
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(s.rows.size()), static_cast<lxw_col_t>(s.header.size() - 1));
}

}  // namespace

std::string write_xlsx(const std::vector<Sheet>& sheets) {
  std::filesystem::path path = temp_path();
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  std::string tmpdir = std::filesystem::temp_directory_path().string();
  options.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) throw std::runtime_error("xlsx: could not create workbook");
  try {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (const Sheet& s : sheets) write_sheet(wb, s, bold);
  } catch (...) {
    workbook_close(wb);
    std::filesystem::remove(path);
    throw;
  }
  lxw_error err = workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::filesystem::remove(path);
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + lxw_strerror(err));
  return bytes.str();
}

std::string csv_safe(std::string value) {
  if (!value.empty() && std::string("=+-@\t\r").find(value.front()) != std::string::npos) value.insert(value.begin(), '\'');
  return value;
}

}  // namespace tsunagu::io
