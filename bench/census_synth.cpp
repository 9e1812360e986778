// census_synth: writes one synthetic census round (census/synthetic.h) as files, for bench/census.sh.
//
//   census_synth --children N --seed S --round YEAR --out DIR [--format csv|xlsx|mixed] [--prefecture 35]
//                [--registry]
//
// DIR gets one file per source (mun-352012.csv, education.xlsx, …), manifest.tsv (one line per file:
// file<TAB>source<TAB>kind<TAB>municipality code or empty) and truth.csv (source,record_id,child_id).
// --format csv: every sheet as CSV in UTF-8 with a BOM; xlsx: every sheet as .xlsx; mixed (the default): the
// form the generator drew for each sheet — CSV UTF-8 with or without BOM, CSV in CP932 (windows-31j; a
// character CP932 lacks is written as its everyday form, 𠮷 as 吉, or as 〓 as Windows users do), .xlsx, or
// .xlsx with two title rows above the header. In .xlsx files, cells of plain digits (record numbers,
// municipality codes) are numbers, as Excel makes them. The same options write the same files, but for the
// creation time inside each .xlsx. Master data: the compiled-in copy, loaded through a temporary SQLite
// database. Progress and a summary go to standard error.
#include <CLI/CLI.hpp>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "census/synthetic.h"
#include "core/db/migrate.h"
#include "core/io/csv.h"
#include "core/io/xlsx.h"
#include "master/master_data.h"

using namespace tsunagu;
namespace fs = std::filesystem;

namespace {

std::string utf8_to_cp932(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cv = ucnv_open("windows-31j", &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no windows-31j converter");
  const UChar geta = 0x3013;  // 〓, what stands for a character the code page lacks
  ucnv_setSubstString(cv, &geta, 1, &status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  u.findAndReplace(icu::UnicodeString::fromUTF8("𠮷"), icu::UnicodeString::fromUTF8("吉"));
  std::string out(static_cast<std::size_t>(u.length()) * 2 + 16, '\0');
  int32_t n = ucnv_fromUChars(cv, out.data(), static_cast<int32_t>(out.size()), u.getBuffer(), u.length(), &status);
  ucnv_close(cv);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("CP932 conversion failed: ") + u_errorName(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Plain digits without a leading zero: Excel would have stored the cell as a number.
bool numeric(const std::string& s) {
  return !s.empty() && s.size() <= 9 && s[0] != '0' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_csv(const fs::path& path, const census::SyntheticSheet& s, census::FileForm form) {
  std::string text = form == census::FileForm::csv_utf8_bom ? "\xEF\xBB\xBF" : "";
  text += io::csv_line(s.header);
  for (const auto& row : s.rows) text += io::csv_line(row);
  write_file(path, form == census::FileForm::csv_cp932 ? utf8_to_cp932(text) : text);
}

std::string sheet_name(const census::SyntheticSheet& s) { return s.kind == "education" ? "教育委員会" : "共通シート"; }

void write_xlsx_plain(const fs::path& path, const census::SyntheticSheet& s) {
  io::Sheet sheet{sheet_name(s), s.header, {}};
  sheet.rows.reserve(s.rows.size());
  for (const auto& row : s.rows) {
    std::vector<io::Cell> cells;
    for (const std::string& v : row) {
      if (v.empty()) cells.emplace_back(std::monostate{});
      else if (numeric(v)) cells.emplace_back(std::stod(v));
      else cells.emplace_back(v);
    }
    sheet.rows.push_back(std::move(cells));
  }
  write_file(path, io::write_xlsx({sheet}));
}

// io::write_xlsx puts the header on the first row; a sheet with title rows above it is written here.
void write_xlsx_titled(const fs::path& path, const census::SyntheticSheet& s) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows are written in order: no need to hold the sheet in memory
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) throw std::runtime_error("cannot create " + path.string());
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(s).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_row_t r = 0;
  for (const std::string& title : s.title_rows) {
    worksheet_write_string(ws, r, 0, title.c_str(), r == 0 ? bold : nullptr);
    ++r;
  }
  for (std::size_t c = 0; c < s.header.size(); ++c)
    worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), s.header[c].c_str(), bold);
  for (const auto& row : s.rows) {
    ++r;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      if (numeric(row[c])) worksheet_write_number(ws, r, static_cast<lxw_col_t>(c), std::stod(row[c]), nullptr);
      else worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), row[c].c_str(), nullptr);
    }
  }
  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
    throw std::runtime_error("xlsx: " + path.string() + ": " + lxw_strerror(err));
}

master::MasterData load_master_data() {
  fs::path tmp = fs::temp_directory_path() / ("census_synth-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  master::MasterData md;
  try {
    auto db = db::Database::open("sqlite://" + (tmp / "master.db").string(), 1);
    db::migrate(*db);
    master::seed_master_data(*db);
    md.load(*db);
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  fs::remove_all(tmp);
  return md;
}

}  // namespace

int main(int argc, char** argv) {
  census::CensusOptions o;
  std::string out, format = "mixed";
  CLI::App cli{"Writes a synthetic census round (common sheets with their truth) for benchmarks", "census_synth"};
  cli.add_option("--children", o.children, "children in the round (default 20000)");
  cli.add_option("--seed", o.seed, "generator seed (default 1)");
  cli.add_option("--round", o.round_year, "round year; the reference date is its 1 April (default 2026)");
  cli.add_option("--out", out, "directory for the files (created if missing)")->required();
  cli.add_option("--format", format, "csv, xlsx or mixed (default)")->check(CLI::IsMember({"csv", "xlsx", "mixed"}));
  cli.add_option("--prefecture", o.prefecture_code, "2-digit prefecture code (default 35, 山口県)");
  cli.add_flag("--registry", o.registry, "also a registry sheet");
  CLI11_PARSE(cli, argc, argv);

  try {
    auto started = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    master::MasterData md = load_master_data();
    census::CensusRound round = census::synthetic_census(md, o);
    double generated = seconds();

    fs::path dir(out);
    fs::create_directories(dir);
    std::ofstream manifest(dir / "manifest.tsv", std::ios::binary);
    std::map<std::string, std::size_t> rows_by_kind;
    for (const census::SyntheticSheet& s : round.sheets) {
      census::FileForm form = format == "csv" ? census::FileForm::csv_utf8_bom
                              : format == "xlsx" ? census::FileForm::xlsx
                                                 : s.form;
      bool xlsx = form == census::FileForm::xlsx || form == census::FileForm::xlsx_titled;
      std::string file = s.source + (xlsx ? ".xlsx" : ".csv");
      if (form == census::FileForm::xlsx_titled) write_xlsx_titled(dir / file, s);
      else if (xlsx) write_xlsx_plain(dir / file, s);
      else write_csv(dir / file, s, form);
      manifest << file << '\t' << s.source << '\t' << s.kind << '\t' << s.municipality_code << '\n';
      rows_by_kind[s.kind] += s.rows.size();
    }
    std::string truth = io::csv_line({"source", "record_id", "child_id"});
    for (const census::TruthRow& t : round.truth()) truth += io::csv_line({t.source, t.record_id, t.child_id});
    write_file(dir / "truth.csv", truth);
    manifest.close();
    if (!manifest) throw std::runtime_error("cannot write manifest.tsv");

    std::cerr << "census_synth: " << round.children.size() << " children (reference date " << round.reference_date
              << "), " << round.sheets.size() << " files, " << round.row_count() << " rows (";
    const char* sep = "";
    for (const auto& [kind, n] : rows_by_kind) std::cerr << sep << kind << " " << n, sep = ", ";
    std::cerr << "); generated in " << generated << " s, written in " << seconds() - generated << " s to " << out
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "census_synth: " << e.what() << "\n";
    return 1;
  }
}
