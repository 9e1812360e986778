// census_score: pairwise precision, recall and F1 of a census linkage against the truth of a synthetic round.
//
//   census_score TRUTH.csv LINKS.csv [DIR] [--show N]
//
// TRUTH.csv: source,record_id,child_id (census_synth's truth.csv). LINKS.csv: source,record_id,person_key
// (rows with the same person_key are one child; `tsunagu census links`). Pairs are unordered pairs of rows in
// one cluster; a true positive is a pair together in both files (census/synthetic.h, score_pairwise).
// Prints the row counts, the pair counts and P/R/F1; rows present in only one file are listed (the first 10)
// and make the exit status 1. --show N prints up to N false-positive and N false-negative pairs with both
// rows' truth ids and person keys, and with DIR (census_synth's output directory: manifest.tsv and the
// sheets, CSV in UTF-8 or CP932, or .xlsx) the rows' original cells. Exit status 0 when every row is in both
// files, 1 when some are not, 2 on an unreadable input.
#include <CLI/CLI.hpp>
#include <pugixml.hpp>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "census/synthetic.h"
#include "core/io/csv.h"
#include "core/text/utf8.h"

using namespace tsunagu;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Rows of a labelled CSV: source, record_id and the label column.
std::vector<census::LabelledRow> read_labels(const std::string& path, const std::string& label) {
  io::CsvResult csv = io::parse_csv(read_file(path));
  auto table = io::CsvTable::with_header(csv);
  if (!table || !table->column("source") || !table->column("record_id") || !table->column(label))
    throw std::runtime_error(path + ": needs the columns source, record_id, " + label);
  if (!csv.errors.empty())
    throw std::runtime_error(path + ":" + std::to_string(csv.errors.front().line) + ": " + csv.errors.front().message_ja);
  std::vector<census::LabelledRow> out;
  out.reserve(table->rows().size());
  for (const io::CsvRow& r : table->rows())
    out.push_back({table->get(r, "source"), table->get(r, "record_id"), table->get(r, label)});
  return out;
}

std::string cp932_to_utf8(const std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cv = ucnv_open("windows-31j", &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no windows-31j converter");
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cv, status);
  ucnv_close(cv);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string zip_entry(zip_t* z, const char* name) {
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) return "";
  zip_file_t* f = zip_fopen(z, name, 0);
  if (!f) return "";
  std::string data(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  data.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return data;
}

std::string text_of(const pugi::xml_node& n) {  // <t> runs of a shared or inline string, without phonetics
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (std::string_view(c.name()) == "t") out += c.text().get();
    else if (std::string_view(c.name()) == "r") out += c.child("t").text().get();
  }
  return out;
}

// The first worksheet (xl/worksheets/sheet1.xml, where Excel and libxlsxwriter put it) as rows of text.
std::vector<std::vector<std::string>> read_xlsx(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) throw std::runtime_error("cannot open " + path + " as .xlsx");
  std::string shared_xml = zip_entry(z, "xl/sharedStrings.xml"), sheet_xml = zip_entry(z, "xl/worksheets/sheet1.xml");
  zip_close(z);
  std::vector<std::string> shared;
  pugi::xml_document doc;
  if (!shared_xml.empty() && doc.load_buffer(shared_xml.data(), shared_xml.size()))
    for (pugi::xml_node si : doc.child("sst").children("si")) shared.push_back(text_of(si));
  if (!doc.load_buffer(sheet_xml.data(), sheet_xml.size())) throw std::runtime_error(path + ": no first worksheet");
  std::vector<std::vector<std::string>> rows;
  for (pugi::xml_node row : doc.child("worksheet").child("sheetData").children("row")) {
    std::size_t r = row.attribute("r").as_ullong(rows.size() + 1);
    if (r > rows.size()) rows.resize(r);
    auto& cells = rows[r - 1];
    for (pugi::xml_node c : row.children("c")) {
      std::string ref = c.attribute("r").value();
      std::size_t col = 0;
      for (char ch : ref)
        if (ch >= 'A' && ch <= 'Z') col = col * 26 + static_cast<std::size_t>(ch - 'A' + 1);
      if (col == 0) col = cells.size() + 1;
      if (col > cells.size()) cells.resize(col);
      std::string type = c.attribute("t").value();
      std::string v = c.child("v").text().get();
      if (type == "s") cells[col - 1] = v.empty() ? "" : shared.at(std::stoul(v));
      else if (type == "inlineStr") cells[col - 1] = text_of(c.child("is"));
      else cells[col - 1] = v;
    }
  }
  return rows;
}

std::vector<std::vector<std::string>> read_sheet(const std::string& path) {
  if (path.size() > 5 && path.substr(path.size() - 5) == ".xlsx") return read_xlsx(path);
  std::string bytes = read_file(path);
  if (!bytes.starts_with("\xEF\xBB\xBF") && !text::valid_utf8(bytes)) bytes = cp932_to_utf8(bytes);
  std::vector<std::vector<std::string>> rows;
  for (io::CsvRow& r : io::parse_csv(bytes).rows) rows.push_back(std::move(r.fields));
  return rows;
}

// Every row of every sheet in DIR/manifest.tsv, as "header=value" lines, by (source, record_id).
std::map<std::pair<std::string, std::string>, std::string> read_rows(const std::string& dir) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::istringstream manifest(read_file(dir + "/manifest.tsv"));
  std::string line;
  while (std::getline(manifest, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    if (f.size() < 2) continue;
    auto rows = read_sheet(dir + "/" + f[0]);
    std::size_t h = 0;  // the header: the first row with a record_id column (title rows may sit above it)
    std::optional<std::size_t> id;
    for (; h < rows.size() && !id; ++h)
      for (std::size_t c = 0; c < rows[h].size(); ++c)
        if (rows[h][c] == "記録番号" || rows[h][c] == "record_id") id = c;
    if (!id) throw std::runtime_error(f[0] + ": no 記録番号 / record_id header");
    const auto& header = rows[h - 1];
    for (std::size_t r = h; r < rows.size(); ++r) {
      std::string shown;
      for (std::size_t c = 0; c < rows[r].size() && c < header.size(); ++c)
        if (!rows[r][c].empty()) shown += (shown.empty() ? "" : " | ") + header[c] + "=" + rows[r][c];
      if (*id < rows[r].size()) out[{f[1], rows[r][*id]}] = shown;
    }
  }
  return out;
}

void show(const char* what, const std::vector<census::RowPair>& pairs,
          const std::map<std::pair<std::string, std::string>, std::string>& rows) {
  std::size_t n = 0;
  for (const census::RowPair& p : pairs) {
    std::printf("%s %zu:\n", what, ++n);
    for (const census::ScoredRow* r : {&p.a, &p.b}) {
      std::printf("  %s %s  truth %s  link %s\n", r->source.c_str(), r->record_id.c_str(), r->truth.c_str(),
                  r->link.c_str());
      auto it = rows.find({r->source, r->record_id});
      if (it != rows.end()) std::printf("    %s\n", it->second.c_str());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string truth_path, links_path, dir;
  std::size_t show_n = 0;
  CLI::App cli{"Scores a census linkage against the truth of a synthetic round (pairwise P/R/F1)", "census_score"};
  cli.add_option("truth", truth_path, "truth.csv: source,record_id,child_id")->required();
  cli.add_option("links", links_path, "links.csv: source,record_id,person_key")->required();
  cli.add_option("dir", dir, "census_synth's directory, to show the rows of the pairs");
  cli.add_option("--show", show_n, "false-positive and false-negative pairs to show (each)");
  CLI11_PARSE(cli, argc, argv);

  try {
    auto truth = read_labels(truth_path, "child_id");
    auto links = read_labels(links_path, "person_key");
    census::PairwiseScore s = census::score_pairwise(truth, links, show_n);
    std::printf("rows: truth %zu, links %zu, scored %zu", s.truth_rows, s.link_rows, s.scored_rows);
    if (s.duplicate_rows) std::printf(", listed twice %zu", s.duplicate_rows);
    std::printf("\npairs: truth %llu, linked %llu, both %llu\n", static_cast<unsigned long long>(s.truth_pairs),
                static_cast<unsigned long long>(s.link_pairs), static_cast<unsigned long long>(s.common_pairs));
    std::printf("precision %.6f\nrecall %.6f\nF1 %.6f\n", s.precision(), s.recall(), s.f1());
    auto list_missing = [](const char* what, const auto& rows) {
      if (rows.empty()) return;
      std::printf("%s: %zu rows\n", what, rows.size());
      for (std::size_t i = 0; i < rows.size() && i < 10; ++i)
        std::printf("  %s %s\n", rows[i].first.c_str(), rows[i].second.c_str());
    };
    list_missing("ERROR missing from links", s.missing_from_links);
    list_missing("ERROR missing from truth", s.missing_from_truth);
    if (show_n > 0) {
      std::map<std::pair<std::string, std::string>, std::string> rows;
      if (!dir.empty()) rows = read_rows(dir);
      show("false positive", s.false_positives, rows);
      show("false negative", s.false_negatives, rows);
    }
    return s.complete() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "census_score: %s\n", e.what());
    return 2;
  }
}
