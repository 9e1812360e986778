#include "core/io/xlsx_read.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "core/io/xlsx.h"

namespace io = tsunagu::io;
using io::read_xlsx_first_sheet;
using io::XlsxLimits;
using io::XlsxRead;
using io::XlsxReadError;
using Cells = std::vector<std::string>;

namespace {

// ---- Files written by libxlsxwriter (through io::write_xlsx or directly)

std::string workbook_bytes(const std::function<void(lxw_workbook*)>& fill) {
  std::random_device rd;
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("tsunagu-test-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  fill(wb);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::stringstream bytes;
  bytes << std::ifstream(path, std::ios::binary).rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

lxw_format* number_format(lxw_workbook* wb, const char* code) {
  lxw_format* f = workbook_add_format(wb);
  format_set_num_format(f, code);
  return f;
}

// ---- Hand-built packages, for what libxlsxwriter does not write

// A zip archive in memory with these entries, in this order.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* zip = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer_create(data.data(), data.size(), 0, &error);
    EXPECT_GE(zip_file_add(zip, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  std::string bytes(static_cast<std::size_t>(zip_source_tell(out)), '\0');
  zip_source_seek(out, 0, SEEK_SET);
  zip_source_read(out, bytes.data(), bytes.size());
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string relationships(const std::vector<std::array<std::string, 3>>& rels) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (const auto& [id, type, target] : rels)
    out += "<Relationship Id=\"" + id + "\" Type=\"" + kRel + "/" + type + "\" Target=\"" + target + "\"/>";
  return out + "</Relationships>";
}

struct Package {
  std::string rows = {};            // the <sheetData> content
  std::string shared_strings = {};  // <si> elements; no part when empty
  std::string styles = {};          // the <styleSheet> content; no part when empty
  std::string workbook_pr = {};     // e.g. <workbookPr date1904="1"/>
};

std::string sheet_xml(const std::string& rows) {
  return std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

std::string package(const Package& p) {
  std::vector<std::array<std::string, 3>> rels = {{"rId1", "worksheet", "worksheets/sheet1.xml"}};
  std::vector<std::pair<std::string, std::string>> entries = {
      {"_rels/.rels", relationships({{"rId1", "officeDocument", "xl/workbook.xml"}})},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\">" + p.workbook_pr +
                              "<sheets><sheet name=\"名簿\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/worksheets/sheet1.xml", sheet_xml(p.rows)}};
  if (!p.shared_strings.empty()) {
    rels.push_back({"rId2", "sharedStrings", "sharedStrings.xml"});
    entries.push_back({"xl/sharedStrings.xml", std::string("<sst xmlns=\"") + kMain + "\">" + p.shared_strings + "</sst>"});
  }
  if (!p.styles.empty()) {
    rels.push_back({"rId3", "styles", "styles.xml"});
    entries.push_back({"xl/styles.xml", std::string("<styleSheet xmlns=\"") + kMain + "\">" + p.styles + "</styleSheet>"});
  }
  entries.push_back({"xl/_rels/workbook.xml.rels", relationships(rels)});
  return zip_of(entries);
}

std::string error_of(std::string_view bytes, const XlsxLimits& limits = {}) {
  try {
    read_xlsx_first_sheet(bytes, limits);
  } catch (const XlsxReadError& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Sets the uncompressed size that the local and central headers declare for `name`.
void declare_size(std::string& zip, const std::string& name, std::uint32_t size) {
  auto patch = [&](std::string_view signature, std::size_t size_at, std::size_t name_length_at, std::size_t name_at) {
    int patched = 0;
    for (std::size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 1)) {
      auto length = static_cast<unsigned char>(zip[at + name_length_at]) |
                    static_cast<unsigned char>(zip[at + name_length_at + 1]) << 8;
      if (zip.compare(at + name_at, length, name) != 0 || static_cast<std::size_t>(length) != name.size()) continue;
      for (int i = 0; i < 4; ++i) zip[at + size_at + i] = static_cast<char>(size >> (8 * i));
      ++patched;
    }
    EXPECT_EQ(patched, 1);
  };
  patch(std::string_view("PK\x03\x04", 4), 22, 26, 30);
  patch(std::string_view("PK\x01\x02", 4), 24, 28, 46);
}

}  // namespace

// ---- Files from io::write_xlsx

TEST(XlsxRead, WriterFileRoundTrip) {
  io::Sheet sheet{"児童一覧", {"番号", "氏名", "市町村コード", "値", "備考"}, {}};
  sheet.rows.push_back({std::string("1"), std::string("山口　太郎"), 352012.0, 0.3, std::string("=SUM(A1)")});
  sheet.rows.push_back({std::string("2"), std::string("髙橋 﨑子"), 12345.0, 0.1 + 0.2, {}});
  sheet.rows.push_back({std::string("3"), {}, -2.5, 1e-5, std::string("ｱｲｳ ①㈱")});
  XlsxRead read = read_xlsx_first_sheet(io::write_xlsx({sheet}));
  EXPECT_EQ(read.sheet_name, "児童一覧");
  ASSERT_EQ(read.rows.size(), 4u);
  EXPECT_EQ(read.rows[0].row, 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"番号", "氏名", "市町村コード", "値", "備考"}));
  EXPECT_EQ(read.rows[1].cells, (Cells{"1", "山口　太郎", "352012", "0.3", "=SUM(A1)"}));
  // 0.1 + 0.2 is 0.30000000000000004 in the file; Excel shows 15 significant digits.
  EXPECT_EQ(read.rows[2].cells, (Cells{"2", "髙橋 﨑子", "12345", "0.3"}));
  EXPECT_EQ(read.rows[3].cells, (Cells{"3", "", "-2.5", "0.00001", "ｱｲｳ ①㈱"}));
  EXPECT_EQ(read.rows[3].row, 4u);
}

TEST(XlsxRead, FirstOfSeveralSheets) {
  std::string bytes = io::write_xlsx({{"一覧", {"a"}, {{std::string("first")}}}, {"集計", {"b"}, {{std::string("second")}}}});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  EXPECT_EQ(read.sheet_name, "一覧");
  ASSERT_EQ(read.rows.size(), 2u);
  EXPECT_EQ(read.rows[1].cells, (Cells{"first"}));
}

TEST(XlsxRead, LooksLikeXlsx) {
  EXPECT_TRUE(io::looks_like_xlsx(io::write_xlsx({{"s", {"a"}, {}}})));
  EXPECT_TRUE(io::looks_like_xlsx(std::string_view("PK\x03\x04", 4)));
  EXPECT_FALSE(io::looks_like_xlsx("PK"));
  EXPECT_FALSE(io::looks_like_xlsx(""));
  EXPECT_FALSE(io::looks_like_xlsx("番号,氏名\r\n1,山口\r\n"));
  EXPECT_FALSE(io::looks_like_xlsx("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
}

// ---- Files from libxlsxwriter

TEST(XlsxRead, DateFormattedNumbers) {
  std::string bytes = workbook_bytes([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "日付");
    lxw_format* builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14);  // m/d/yyyy (Japanese Excel: yyyy/m/d)
    lxw_datetime day = {2024, 1, 31, 0, 0, 0};
    lxw_datetime moment = {2024, 1, 31, 9, 30, 15};
    worksheet_write_number(ws, 0, 0, 43586, builtin);
    worksheet_write_datetime(ws, 0, 1, &day, number_format(wb, "yyyy/mm/dd"));
    worksheet_write_datetime(ws, 0, 2, &moment, number_format(wb, "yyyy-mm-dd hh:mm:ss"));
    worksheet_write_number(ws, 0, 3, 43586, number_format(wb, "ggge\"年\"m\"月\"d\"日\""));
    worksheet_write_number(ws, 0, 4, 43586, number_format(wb, "[$-ja-JP]yyyy\"年\"m\"月\"d\"日\";@"));
    worksheet_write_number(ws, 0, 5, 0.75, number_format(wb, "h:mm"));
    worksheet_write_number(ws, 1, 0, 59, builtin);
    worksheet_write_number(ws, 1, 1, 60, builtin);
    worksheet_write_number(ws, 1, 2, 61, builtin);
    worksheet_write_number(ws, 1, 3, 1, builtin);
    worksheet_write_number(ws, 1, 4, -1, builtin);  // Excel shows ####; the number is kept
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 2u);
  EXPECT_EQ(read.rows[0].cells,
            (Cells{"2019-05-01", "2024-01-31", "2024-01-31T09:30:15", "2019-05-01", "2019-05-01", "18:00:00"}));
  // Excel's 1900 system has a 29 February 1900 (serial 60); serials before it are a day off a real calendar.
  EXPECT_EQ(read.rows[1].cells, (Cells{"1900-02-28", "1900-02-29", "1900-03-01", "1900-01-01", "-1"}));
}

TEST(XlsxRead, NumberFormatsThatAreNotDates) {
  std::string bytes = workbook_bytes([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "数");
    worksheet_write_number(ws, 0, 0, 1.5, number_format(wb, "[h]:mm"));          // elapsed time
    worksheet_write_number(ws, 0, 1, 3.14159, number_format(wb, "0.00"));        // decoration not applied
    worksheet_write_number(ws, 0, 2, 1234567, number_format(wb, "#,##0"));
    worksheet_write_number(ws, 0, 3, 0.25, number_format(wb, "0%"));
    worksheet_write_number(ws, 0, 4, 12345, number_format(wb, "0.00E+00"));
    worksheet_write_number(ws, 0, 5, 7, number_format(wb, "\"day \"0"));        // quoted text
    worksheet_write_number(ws, 0, 6, 11002, number_format(wb, "000000"));       // 札幌市 011002
    worksheet_write_number(ws, 0, 7, 352012, number_format(wb, "000000"));
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"1.5", "3.14159", "1234567", "0.25", "12345", "7", "011002", "352012"}));
}

TEST(XlsxRead, HeaderBelowTitleRowsKeepsRowNumbers) {
  std::string bytes = workbook_bytes([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "調査票");
    lxw_format* bordered = workbook_add_format(wb);
    format_set_border(bordered, LXW_BORDER_THIN);
    worksheet_write_string(ws, 0, 0, "令和6年度 医療的ケア児実態調査", nullptr);
    worksheet_write_string(ws, 1, 3, "山口県", nullptr);
    worksheet_write_string(ws, 3, 0, "番号", nullptr);
    worksheet_write_string(ws, 3, 1, "氏名", nullptr);
    worksheet_write_number(ws, 4, 0, 1, nullptr);
    worksheet_write_string(ws, 4, 1, "山口 花子", nullptr);
    worksheet_write_blank(ws, 5, 0, bordered);  // formatted but empty: not a row
    worksheet_write_number(ws, 7, 0, 2, nullptr);
    worksheet_write_string(ws, 7, 1, "山口 花子", nullptr);  // a shared string used twice
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  EXPECT_EQ(read.sheet_name, "調査票");
  ASSERT_EQ(read.rows.size(), 5u);
  EXPECT_EQ(read.rows[0].row, 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"令和6年度 医療的ケア児実態調査"}));
  EXPECT_EQ(read.rows[1].row, 2u);
  EXPECT_EQ(read.rows[1].cells, (Cells{"", "", "", "山口県"}));
  EXPECT_EQ(read.rows[2].row, 4u);
  EXPECT_EQ(read.rows[2].cells, (Cells{"番号", "氏名"}));
  EXPECT_EQ(read.rows[3].row, 5u);
  EXPECT_EQ(read.rows[4].row, 8u);
  EXPECT_EQ(read.rows[4].cells, (Cells{"2", "山口 花子"}));
}

TEST(XlsxRead, RichStringFormulaAndBooleanFromLibxlsxwriter) {
  std::string bytes = workbook_bytes([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_rich_string_tuple first = {bold, const_cast<char*>("山口")};
    lxw_rich_string_tuple second = {nullptr, const_cast<char*>("太郎")};
    lxw_rich_string_tuple* runs[] = {&first, &second, nullptr};
    worksheet_write_rich_string(ws, 0, 0, runs, nullptr);
    worksheet_write_formula_str(ws, 0, 1, "=\"A\"&\"B\"", nullptr, "AB");
    worksheet_write_boolean(ws, 0, 2, 1, nullptr);
    worksheet_write_boolean(ws, 0, 3, 0, nullptr);
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"山口太郎", "AB", "TRUE", "FALSE"}));
}

// ---- Hand-built files

TEST(XlsxRead, InlineStrings) {
  std::string bytes = package({.rows = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>氏名</t></is></c>)"
                                       R"(<c r="B1" t="inlineStr"><is><t xml:space="preserve"> 前後に空白 </t></is></c>)"
                                       R"(<c r="C1" t="inlineStr"><is><t>一行目_x000D_
二行目</t></is></c>)"
                                       R"(<c r="D1" t="inlineStr"><is><t>_x005F_x0041_</t></is></c></row>)"});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  EXPECT_EQ(read.sheet_name, "名簿");
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"氏名", " 前後に空白 ", "一行目\r\n二行目", "_x0041_"}));
}

TEST(XlsxRead, SharedRichTextWithoutPhoneticRuns) {
  std::string bytes = package(
      {.rows = R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>0</v></c></row>)",
       .shared_strings = R"(<si><r><t>山口</t></r><r><rPr><b/></rPr><t>太郎</t></r>)"
                         R"(<rPh sb="0" eb="2"><t>ヤマグチ</t></rPh><rPh sb="2" eb="4"><t>タロウ</t></rPh>)"
                         R"(<phoneticPr fontId="1"/></si>)"
                         R"(<si><t>髙橋</t><rPh sb="0" eb="2"><t>タカハシ</t></rPh></si>)"});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"山口太郎", "髙橋", "山口太郎"}));
}

TEST(XlsxRead, FormulaResultsBooleansErrorsAndIsoDates) {
  std::string bytes = package({.rows = R"(<row r="2"><c r="A2" t="str"><f>B9&amp;"x"</f><v>abcx</v></c>)"
                                       R"(<c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c>)"
                                       R"(<c r="D2" t="e"><f>NA()</f><v>#N/A</v></c>)"
                                       R"(<c r="E2"><f>1+1</f><v>2</v></c><c r="F2"><f>1+1</f></c>)"
                                       R"(<c r="G2" t="d"><v>2021-04-01T00:00:00Z</v></c>)"
                                       R"(<c r="H2" t="e"><v>#DIV/0!</v></c></row>)"});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].row, 2u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"abcx", "TRUE", "FALSE", "#N/A", "2", "", "2021-04-01", "#DIV/0!"}));
}

TEST(XlsxRead, CellsAndRowsWithoutReferences) {
  std::string bytes = package({.rows = R"(<row r="3"><c><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c>)"
                                       R"(<c r="E3"><v>5</v></c><c><v>6</v></c></row>)"
                                       R"(<row><c><v>7</v></c></row>)"
                                       R"(<row r="10"><c r="AA10"><v>27</v></c></row>)"});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 3u);
  EXPECT_EQ(read.rows[0].row, 3u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"1", "x", "", "", "5", "6"}));
  EXPECT_EQ(read.rows[1].row, 4u);
  EXPECT_EQ(read.rows[1].cells, (Cells{"7"}));
  EXPECT_EQ(read.rows[2].row, 10u);
  ASSERT_EQ(read.rows[2].cells.size(), 27u);
  EXPECT_EQ(read.rows[2].cells[26], "27");
}

TEST(XlsxRead, NumbersAsExcelShowsThem) {
  std::string bytes = package({.rows = R"(<row r="1"><c><v>0.30000000000000004</v></c><c><v>12345.0</v></c>)"
                                       R"(<c><v>352012</v></c><c><v>1.0E-3</v></c><c><v>-0</v></c>)"
                                       R"(<c><v>123456789012</v></c><c><v>2.5E-12</v></c><c><v>not a number</v></c></row>)"});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"0.3", "12345", "352012", "0.001", "0", "123456789012", "2.5e-12", "not a number"}));
}

TEST(XlsxRead, CustomWarekiFormatsAndStyles) {
  std::string styles =
      R"(<numFmts count="4">)"
      R"(<numFmt numFmtId="176" formatCode="[$-ja-JP-x-gannen]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>)"
      R"(<numFmt numFmtId="177" formatCode="[$-411]ge.m.d"/>)"
      R"(<numFmt numFmtId="178" formatCode="[h]:mm:ss"/>)"
      R"(<numFmt numFmtId="179" formatCode="&quot;第&quot;0&quot;号&quot;"/></numFmts>)"
      R"(<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/>)"
      R"(<xf numFmtId="179"/><xf numFmtId="57"/></cellXfs>)";
  std::string bytes = package({.rows = R"(<row r="1"><c s="1"><v>43586</v></c><c s="2"><v>32516</v></c>)"
                                       R"(<c s="3"><v>1.5</v></c><c s="4"><v>12</v></c><c s="5"><v>45292</v></c>)"
                                       R"(<c s="99"><v>43586</v></c></row>)",
                               .styles = styles});
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  // 57 is a built-in 和暦 format of Japanese Excel; a style index outside cellXfs is General.
  EXPECT_EQ(read.rows[0].cells, (Cells{"2019-05-01", "1989-01-08", "1.5", "12", "2024-01-01", "43586"}));
}

TEST(XlsxRead, Date1904System) {
  std::string styles = R"(<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>)";
  std::string rows = R"(<row r="1"><c s="1"><v>42124</v></c><c s="1"><v>1.5</v></c><c><v>42124</v></c></row>)";
  for (const char* flag : {"1", "true"}) {
    std::string bytes =
        package({.rows = rows, .styles = styles, .workbook_pr = std::string("<workbookPr date1904=\"") + flag + "\"/>"});
    XlsxRead read = read_xlsx_first_sheet(bytes);
    ASSERT_EQ(read.rows.size(), 1u);
    EXPECT_EQ(read.rows[0].cells, (Cells{"2019-05-01", "1904-01-02T12:00:00", "42124"})) << flag;
  }
  XlsxRead in1900 = read_xlsx_first_sheet(package({.rows = rows, .styles = styles}));
  EXPECT_EQ(in1900.rows[0].cells[0], "2015-04-30");
}

TEST(XlsxRead, FirstSheetInWorkbookOrderNotByPartName) {
  // The workbook lists the sheet stored as sheet2.xml first (sheets were reordered in Excel), after a
  // chart sheet, which has no cells. The sheet's target is absolute.
  std::string bytes = zip_of({
      {"_rels/.rels", relationships({{"rId1", "officeDocument", "/xl/workbook.xml"}})},
      {"xl/workbook.xml",
       std::string("<workbook xmlns=\"") + kMain + "\" xmlns:rel=\"" + kRel +
           "\"><sheets><sheet name=\"グラフ\" sheetId=\"3\" rel:id=\"rId9\"/>"
           "<sheet name=\"先頭\" sheetId=\"2\" rel:id=\"rId2\"/><sheet name=\"二番目\" sheetId=\"1\" rel:id=\"rId1\"/>"
           "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", relationships({{"rId1", "worksheet", "worksheets/sheet1.xml"},
                                                    {"rId2", "worksheet", "/xl/worksheets/sheet2.xml"},
                                                    {"rId9", "chartsheet", "chartsheets/sheet1.xml"}})},
      {"xl/chartsheets/sheet1.xml", "<chartsheet/>"},
      {"xl/worksheets/sheet1.xml", sheet_xml(R"(<row r="1"><c t="inlineStr"><is><t>second</t></is></c></row>)")},
      {"xl/worksheets/sheet2.xml", sheet_xml(R"(<row r="1"><c t="inlineStr"><is><t>first</t></is></c></row>)")},
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  EXPECT_EQ(read.sheet_name, "先頭");
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"first"}));
}

TEST(XlsxRead, NamespacePrefixedElements) {
  std::string bytes = zip_of({
      {"_rels/.rels", relationships({{"rId1", "officeDocument", "xl/workbook.xml"}})},
      {"xl/workbook.xml", std::string("<x:workbook xmlns:x=\"") + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"},
      {"xl/_rels/workbook.xml.rels", relationships({{"rId1", "worksheet", "worksheets/sheet1.xml"}})},
      {"xl/worksheets/sheet1.xml",
       std::string("<x:worksheet xmlns:x=\"") + kMain +
           "\"><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>b</x:t></x:is></x:c>"
           "<x:c r=\"C1\"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>"},
  });
  XlsxRead read = read_xlsx_first_sheet(bytes);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].cells, (Cells{"", "b", "3"}));
}

// ---- Refusals

TEST(XlsxRead, ExcelGridLimits) {
  auto one_cell = [](const std::string& row, const std::string& ref) {
    return package({.rows = "<row r=\"" + row + "\"><c r=\"" + ref + "\"><v>1</v></c></row>"});
  };
  XlsxRead corner = read_xlsx_first_sheet(one_cell("1048576", "XFD1048576"));
  ASSERT_EQ(corner.rows.size(), 1u);
  EXPECT_EQ(corner.rows[0].row, 1048576u);
  EXPECT_EQ(corner.rows[0].cells.size(), 16384u);
  EXPECT_TRUE(contains(error_of(one_cell("1048577", "A1048577")), "1,048,576行"));
  EXPECT_TRUE(contains(error_of(one_cell("0", "A1")), "行番号"));
  EXPECT_TRUE(contains(error_of(one_cell("1", "XFE1")), "16,384列"));
  EXPECT_TRUE(contains(error_of(one_cell("1", "AAAAAAAAAAAAAAAAAAAAAAAAAAA1")), "16,384列"));
  EXPECT_TRUE(contains(error_of(one_cell("1", "11")), "セル番地"));
  // A cell without r after the last column.
  std::string past = package({.rows = R"(<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)"});
  EXPECT_TRUE(contains(error_of(past), "16,384列"));
  // A row without r after the last row.
  std::string after = package({.rows = R"(<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>)"});
  EXPECT_TRUE(contains(error_of(after), "1,048,576行"));
}

TEST(XlsxRead, DeclaredSizeOver256MiBRefused) {
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"_rels/.rels", relationships({{"rId1", "officeDocument", "xl/workbook.xml"}})},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", relationships({{"rId1", "worksheet", "worksheets/sheet1.xml"}})},
      {"xl/worksheets/sheet1.xml", sheet_xml(R"(<row r="1"><c><v>1</v></c></row>)")},
  };
  const std::string bytes = zip_of(parts);
  ASSERT_EQ(read_xlsx_first_sheet(bytes).rows.size(), 1u);

  // A small entry that says it expands past the limit is refused before anything is inflated.
  std::string bomb = bytes;
  declare_size(bomb, "xl/worksheets/sheet1.xml", (256u << 20) + 1);
  std::string message = error_of(bomb);
  EXPECT_TRUE(contains(message, "Excelファイルが大きすぎます（")) << message;
  EXPECT_TRUE(contains(message, "256 MiB")) << message;

  // The limit is for all the parts read together, not each.
  std::uint64_t total = 0;
  for (const auto& part : parts) total += part.second.size();
  XlsxLimits limits;
  limits.part_bytes = total;
  EXPECT_EQ(read_xlsx_first_sheet(bytes, limits).rows.size(), 1u);
  limits.part_bytes = total - 1;
  EXPECT_TRUE(contains(error_of(bytes, limits), "大きすぎます"));
}

TEST(XlsxRead, ResultLimits) {
  std::string wide = package({.rows = R"(<row r="1"><c r="ZZ1"><v>1</v></c></row><row r="2"><c r="ZZ2"><v>1</v></c></row>)"});
  XlsxLimits limits;
  limits.cells = 1000;  // 702 cells a row
  EXPECT_TRUE(contains(error_of(wide, limits), "セルが多すぎます"));
  limits.cells = 1404;
  EXPECT_EQ(read_xlsx_first_sheet(wide, limits).rows.size(), 2u);

  // One shared string used many times costs its length each time.
  std::string rows;
  for (int r = 1; r <= 10; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c t=\"s\"><v>0</v></c></row>";
  std::string repeated = package({.rows = rows, .shared_strings = "<si><t>" + std::string(100, 'x') + "</t></si>"});
  limits = XlsxLimits{};
  limits.text_bytes = 999;
  EXPECT_TRUE(contains(error_of(repeated, limits), "文字が多すぎます"));
  limits.text_bytes = 1000;
  EXPECT_EQ(read_xlsx_first_sheet(repeated, limits).rows.size(), 10u);
}

TEST(XlsxRead, MalformedContentRefused) {
  std::string broken_xml = package({.rows = R"(<row r="1"><c><v>1</v></c>)"});  // </row> missing
  EXPECT_TRUE(contains(error_of(broken_xml), "XMLが壊れています"));
  std::string bad_index = package({.rows = R"(<row r="1"><c t="s"><v>5</v></c></row>)", .shared_strings = "<si><t>a</t></si>"});
  EXPECT_TRUE(contains(error_of(bad_index), "共有文字列"));
  std::string bad_utf8 = package({.rows = "<row r=\"1\"><c t=\"inlineStr\"><is><t>\x82\xA0</t></is></c></row>"});
  EXPECT_TRUE(contains(error_of(bad_utf8), "文字コード"));
  std::string no_workbook = zip_of({{"xl/worksheets/sheet1.xml", sheet_xml("")}});
  EXPECT_TRUE(contains(error_of(no_workbook), "xl/workbook.xml がありません"));
  std::string no_sheet = zip_of({
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\"><sheets/></workbook>"},
  });
  EXPECT_TRUE(contains(error_of(no_sheet), "ワークシートがありません"));
}

TEST(XlsxRead, LegacyOrEncryptedFileExplained) {
  std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  cfb += std::string(504, '\0');
  std::string message = error_of(cfb);
  EXPECT_TRUE(contains(message, "Excelファイルとして読み取れません（")) << message;
  EXPECT_TRUE(contains(message, ".xls")) << message;
}

TEST(XlsxRead, GarbageNeverCrashes) {
  std::mt19937 rng(20240401);
  auto expect_refused = [](std::string_view bytes) {
    try {
      read_xlsx_first_sheet(bytes);
      ADD_FAILURE() << "garbage was read";
    } catch (const XlsxReadError& e) {
      EXPECT_TRUE(contains(e.what(), "Excelファイル")) << e.what();
    }
  };
  expect_refused("");
  expect_refused("番号,氏名\r\n1,山口\r\n");
  expect_refused(std::string_view("PK\x03\x04", 4));
  for (int round = 0; round < 200; ++round) {
    std::string bytes(rng() % 2000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (round % 2) bytes.replace(0, std::min<std::size_t>(4, bytes.size()), "PK\x03\x04", 4);
    expect_refused(bytes);
  }
}

TEST(XlsxRead, TruncatedAndCorruptedFilesRefusedOrRead) {
  io::Sheet sheet{"s", {"番号", "氏名"}, {}};
  for (int i = 0; i < 30; ++i) sheet.rows.push_back({static_cast<double>(i), std::string("山口 太郎")});
  const std::string good = io::write_xlsx({sheet});
  ASSERT_EQ(read_xlsx_first_sheet(good).rows.size(), 31u);
  for (std::size_t length = 0; length < good.size(); length += 7) {
    EXPECT_THROW(read_xlsx_first_sheet(std::string_view(good).substr(0, length)), XlsxReadError) << length;
  }
  // Flipped bytes anywhere: a read that works or an XlsxReadError, nothing else.
  std::mt19937 rng(35);
  for (int round = 0; round < 300; ++round) {
    std::string bytes = good;
    for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    try {
      read_xlsx_first_sheet(bytes);
    } catch (const XlsxReadError&) {
    }
  }
}
