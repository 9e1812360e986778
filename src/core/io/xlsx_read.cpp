#include "core/io/xlsx_read.h"

#include <pugixml.hpp>
#include <zip.h>

#include <charconv>
#include <map>
#include <memory>
#include <optional>

#include "core/io/xlsx_format.h"
#include "core/text/number.h"
#include "core/text/utf8.h"

namespace tsunagu::io {

namespace {

constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;
constexpr std::string_view kZipSignature{"PK\x03\x04", 4};
// Old .xls files and password-protected .xlsx files are OLE compound files, not ZIP archives.
constexpr std::string_view kCompoundFileSignature{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

[[noreturn]] void unreadable(const std::string& why) {
  throw XlsxReadError("Excelファイルとして読み取れません（" + why + "）");
}

[[noreturn]] void too_large(const std::string& why) { throw XlsxReadError("Excelファイルが大きすぎます（" + why + "）"); }

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// A part name for a message: names come from the file, so a long or ill-formed one is not repeated.
std::string shown(const std::string& part) {
  return part.size() <= 100 && text::valid_utf8(part) && !text::has_control_chars(part) ? part : "ファイル内の部品";
}

// ---- The archive

class Archive {
 public:
  Archive(std::string_view bytes, std::uint64_t part_bytes);

  // The entry's bytes, or nullopt when there is none. Names compare case-insensitively, as Excel's do.
  std::optional<std::string> read(const std::string& name);

 private:
  struct Discard {
    void operator()(zip_t* zip) const { zip_discard(zip); }
  };
  struct Close {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
  };
  std::unique_ptr<zip_t, Discard> zip_;
  std::uint64_t limit_;
  std::uint64_t left_;  // what the parts still to be read may declare, so a small file cannot expand to gigabytes
};

Archive::Archive(std::string_view bytes, std::uint64_t part_bytes) : limit_(part_bytes), left_(part_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  if (zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error)) {
    zip_.reset(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!zip_) zip_source_free(source);
  }
  zip_error_fini(&error);
  if (!zip_) unreadable("ZIP形式として開けません。ファイルが壊れているか、途中までしかありません");
}

std::optional<std::string> Archive::read(const std::string& name) {
  zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
    unreadable(shown(name) + " の情報が読めません");
  if (stat.size > left_) too_large("展開後の大きさが " + mib(limit_) + " を超えます");
  left_ -= stat.size;
  std::unique_ptr<zip_file_t, Close> file(zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) unreadable(shown(name) + " を展開できません");
  std::string bytes(stat.size, '\0');
  char probe;  // reading past the declared size must find the end: libzip checks the CRC there
  if (zip_fread(file.get(), bytes.data(), stat.size) != static_cast<zip_int64_t>(stat.size) ||
      zip_fread(file.get(), &probe, 1) != 0)
    unreadable(shown(name) + " を展開できません");
  return bytes;
}

// ---- XML

// Element names without a namespace prefix ("x:row" → "row"): some writers prefix SpreadsheetML.
std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node node : parent.children())
    if (local_name(node) == name) return node;
  return {};
}

// One XML part, parsed in place: the document points into bytes_.
class Part {
 public:
  // A missing optional part reads as an empty document.
  Part(Archive& archive, const std::string& name, bool required) {
    std::optional<std::string> bytes = archive.read(name);
    if (!bytes && required) unreadable(shown(name) + " がありません");
    if (!bytes) return;
    bytes_ = std::move(*bytes);
    if (!doc_.load_buffer_inplace(bytes_.data(), bytes_.size(), pugi::parse_default | pugi::parse_ws_pcdata_single))
      unreadable(shown(name) + " のXMLが壊れています");
  }
  pugi::xml_node root() const { return doc_.document_element(); }

 private:
  std::string bytes_;
  pugi::xml_document doc_;
};

std::string checked_text(std::string s) {
  if (!text::valid_utf8(s)) unreadable("文字コードが正しくない文字列があります");
  return s;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// OOXML writes characters XML cannot hold as _xHHHH_ (a CR typed in a cell is _x000D_), and a literal
// "_x0041_" as _x005F_x0041_. Surrogate code points are left as written.
std::string decode_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned cp = 0;
    bool escape = s.compare(i, 2, "_x") == 0 && i + 7 <= s.size() && s[i + 6] == '_';
    if (escape) {
      auto [end, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
      escape = ec == std::errc() && end == s.data() + i + 6 && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (escape) {
      append_utf8(out, cp);
      i += 7;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// The text of an <si> or <is>: its <t>, or its runs' <t>s. <rPh> runs are ふりがな, not shown in the cell.
std::string rich_text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node part : node.children()) {
    std::string_view name = local_name(part);
    if (name == "t") out += part.child_value();
    else if (name == "r") out += child(part, "t").child_value();
  }
  return checked_text(decode_escapes(out));
}

// ---- The workbook

struct Relationship {
  std::string type;
  std::string target;  // a part name in the archive
};
using Relationships = std::map<std::string, Relationship, std::less<>>;

bool has_type(const Relationship& r, std::string_view type) {
  return r.type.size() > type.size() && r.type.ends_with(type) && r.type[r.type.size() - type.size() - 1] == '/';
}

const Relationship* find_type(const Relationships& rels, std::string_view type) {
  for (const auto& [id, r] : rels)
    if (has_type(r, type)) return &r;
  return nullptr;
}

std::string folder_of(const std::string& part) { return part.substr(0, part.rfind('/') + 1); }

// A target relative to the source part's folder ("worksheets/sheet1.xml", "../x.xml") or absolute ("/xl/...").
std::string resolve(const std::string& folder, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1)) : folder + std::string(target);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = std::min(path.find('/', start), path.size());
    std::string segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(std::move(segment));
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

// The part's relationships (xl/workbook.xml → xl/_rels/workbook.xml.rels; the package's own: "" → _rels/.rels).
Relationships read_relationships(Archive& archive, const std::string& part) {
  std::string folder = folder_of(part);
  Part rels(archive, folder + "_rels/" + part.substr(folder.size()) + ".rels", false);
  Relationships out;
  for (pugi::xml_node r : rels.root().children()) {
    if (local_name(r) != "Relationship" || std::string_view(r.attribute("TargetMode").value()) == "External") continue;
    out[r.attribute("Id").value()] = {r.attribute("Type").value(), resolve(folder, r.attribute("Target").value())};
  }
  return out;
}

// <sheet r:id="rId1">: the prefix is whatever the file bound to the relationships namespace.
std::string_view relationship_id(pugi::xml_node sheet) {
  for (pugi::xml_attribute a : sheet.attributes())
    if (std::string_view(a.name()).ends_with(":id")) return a.value();
  return {};
}

struct Workbook {
  std::string sheet_name;
  std::string sheet_part;
  std::string styles_part;   // "" when there is none
  std::string strings_part;  // "" when there is none
  bool date1904 = false;
};

Workbook read_workbook(Archive& archive) {
  const Relationships package = read_relationships(archive, "");
  const Relationship* office = find_type(package, "officeDocument");
  const std::string part = office ? office->target : "xl/workbook.xml";
  Part workbook(archive, part, true);
  const Relationships rels = read_relationships(archive, part);
  Workbook out;
  std::string_view date1904 = child(workbook.root(), "workbookPr").attribute("date1904").value();
  out.date1904 = date1904 == "1" || date1904 == "true";
  for (pugi::xml_node sheet : child(workbook.root(), "sheets").children()) {
    auto it = rels.find(relationship_id(sheet));
    if (local_name(sheet) != "sheet" || it == rels.end() || !has_type(it->second, "worksheet")) continue;
    out.sheet_name = checked_text(sheet.attribute("name").value());
    out.sheet_part = it->second.target;
    break;
  }
  if (out.sheet_part.empty()) unreadable("ワークシートがありません");
  if (const Relationship* styles = find_type(rels, "styles")) out.styles_part = styles->target;
  if (const Relationship* strings = find_type(rels, "sharedStrings")) out.strings_part = strings->target;
  return out;
}

// The number format of each cell style (the cell's s attribute indexes cellXfs).
std::vector<NumberFormat> read_cell_formats(Archive& archive, const std::string& part) {
  if (part.empty()) return {};
  Part styles(archive, part, false);
  std::map<int, std::string> custom;
  for (pugi::xml_node f : child(styles.root(), "numFmts").children())
    if (local_name(f) == "numFmt") custom[f.attribute("numFmtId").as_int(-1)] = f.attribute("formatCode").value();
  std::vector<NumberFormat> out;
  for (pugi::xml_node xf : child(styles.root(), "cellXfs").children()) {
    if (local_name(xf) != "xf") continue;
    int id = xf.attribute("numFmtId").as_int();
    auto it = custom.find(id);
    out.push_back(classify_number_format(id, it == custom.end() ? std::nullopt : std::optional(it->second)));
  }
  return out;
}

std::vector<std::string> read_shared_strings(Archive& archive, const std::string& part) {
  if (part.empty()) return {};
  Part strings(archive, part, false);
  std::vector<std::string> out;
  for (pugi::xml_node si : strings.root().children())
    if (local_name(si) == "si") out.push_back(rich_text(si));
  return out;
}

// ---- The sheet

// What the result may still hold (XlsxLimits::cells and text_bytes).
class ResultBudget {
 public:
  explicit ResultBudget(const XlsxLimits& limits) : cells_(limits.cells), text_(limits.text_bytes) {}
  void take_cells(std::size_t n) {
    if (n > cells_) too_large("セルが多すぎます");
    cells_ -= n;
  }
  void take_text(std::size_t n) {
    if (n > text_) too_large("文字が多すぎます");
    text_ -= n;
  }

 private:
  std::size_t cells_;
  std::size_t text_;
};

struct SheetContext {
  const std::vector<std::string>& strings;
  const std::vector<NumberFormat>& formats;
  bool date1904;
};

std::string row_label(std::size_t row) { return std::to_string(row) + "行目"; }

std::size_t row_number(std::string_view r) {
  std::optional<long long> n = text::parse_decimal(r, 7);
  if (!n || *n < 1 || static_cast<std::size_t>(*n) > kMaxRows)
    unreadable("行番号が正しくないか、Excelの上限（1,048,576行）を超えています");
  return static_cast<std::size_t>(*n);
}

// "C7" → 2 (0-based). The row part is not needed: the <row> element gives it.
std::size_t column_of(std::string_view ref, std::size_t row) {
  std::size_t column = 0, i = 0;
  for (; i < ref.size() && column <= kMaxColumns; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  if (i == 0) unreadable(row_label(row) + "のセル番地が正しくありません");
  if (column > kMaxColumns) unreadable(row_label(row) + "にExcelの上限（16,384列）を超える列があります");
  return column - 1;
}

std::string shared_string(const SheetContext& ctx, std::string_view index, std::size_t row) {
  std::optional<long long> i = text::parse_decimal(index, 18);
  if (!i || static_cast<unsigned long long>(*i) >= ctx.strings.size())
    unreadable(row_label(row) + "のセルが存在しない共有文字列を指しています");
  return ctx.strings[static_cast<std::size_t>(*i)];
}

// t="d" (ISO 8601, rare): "2021-04-01T00:00:00" is shown as a date.
std::string iso_date_cell(std::string_view value) {
  std::size_t t = value.find('T');
  if (t != std::string_view::npos && value.find_first_not_of("0:.Z", t + 1) == std::string_view::npos)
    value = value.substr(0, t);
  return checked_text(std::string(value));
}

std::string number_cell(pugi::xml_node cell, std::string_view value, const SheetContext& ctx) {
  double number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return checked_text(std::string(value));
  std::size_t style = cell.attribute("s").as_uint();
  return format_number(number, style < ctx.formats.size() ? ctx.formats[style] : NumberFormat{}, ctx.date1904);
}

std::string boolean_cell(std::string_view value) {
  if (value == "1" || value == "true") return "TRUE";
  if (value == "0" || value == "false") return "FALSE";
  return checked_text(std::string(value));
}

std::string cell_text(pugi::xml_node cell, const SheetContext& ctx, std::size_t row) {
  std::string_view type = cell.attribute("t").value();
  std::string_view value = child(cell, "v").child_value();
  if (type == "s") return shared_string(ctx, value, row);
  if (type == "inlineStr") return rich_text(child(cell, "is"));
  if (type == "str" || type == "e") return checked_text(decode_escapes(value));
  if (type == "b") return boolean_cell(value);
  if (type == "d") return iso_date_cell(value);
  return number_cell(cell, value, ctx);
}

XlsxRow read_row(pugi::xml_node row, std::size_t number, const SheetContext& ctx, ResultBudget& budget) {
  XlsxRow out{number, {}};
  std::size_t column = 0;  // a cell without r follows the one before it
  for (pugi::xml_node cell : row.children()) {
    if (local_name(cell) != "c") continue;
    if (pugi::xml_attribute ref = cell.attribute("r")) column = column_of(ref.value(), number);
    if (column >= kMaxColumns) unreadable(row_label(number) + "にExcelの上限（16,384列）を超える列があります");
    std::string text = cell_text(cell, ctx, number);
    if (!text.empty()) {
      if (out.cells.size() <= column) {
        budget.take_cells(column + 1 - out.cells.size());
        out.cells.resize(column + 1);
      }
      budget.take_text(text.size());
      out.cells[column] = std::move(text);
    }
    ++column;
  }
  return out;
}

std::vector<XlsxRow> read_rows(pugi::xml_node worksheet, const SheetContext& ctx, ResultBudget& budget) {
  std::vector<XlsxRow> rows;
  std::size_t number = 0;  // a row without r follows the one before it
  for (pugi::xml_node row : child(worksheet, "sheetData").children()) {
    if (local_name(row) != "row") continue;
    pugi::xml_attribute r = row.attribute("r");
    number = r ? row_number(r.value()) : number + 1;
    if (number > kMaxRows) unreadable("行番号が正しくないか、Excelの上限（1,048,576行）を超えています");
    XlsxRow read = read_row(row, number, ctx, budget);
    if (!read.cells.empty()) rows.push_back(std::move(read));
  }
  return rows;
}

}  // namespace

XlsxRead read_xlsx_first_sheet(std::string_view bytes) { return read_xlsx_first_sheet(bytes, XlsxLimits{}); }

XlsxRead read_xlsx_first_sheet(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.starts_with(kCompoundFileSignature))
    unreadable("パスワード付きのファイルか、古い形式（.xls）のファイルです。パスワードを外し、.xlsx 形式で保存し直してください");
  Archive archive(bytes, limits.part_bytes);
  const Workbook workbook = read_workbook(archive);
  const std::vector<NumberFormat> formats = read_cell_formats(archive, workbook.styles_part);
  const std::vector<std::string> strings = read_shared_strings(archive, workbook.strings_part);
  Part sheet(archive, workbook.sheet_part, true);
  ResultBudget budget(limits);
  return {workbook.sheet_name, read_rows(sheet.root(), {strings, formats, workbook.date1904}, budget)};
}

bool looks_like_xlsx(std::string_view bytes) { return bytes.starts_with(kZipSignature); }

}  // namespace tsunagu::io
