#include "census/sheet.h"

#include <algorithm>
#include <map>
#include <optional>

#include "census/keys.h"
#include "core/text/kana.h"
#include "core/text/normalize.h"
#include "core/text/utf8.h"
#include "core/text/wareki.h"

namespace tsunagu::census {

const ColumnSpec kColumns[12] = {
    {"記録番号", "record_id", true},        {"氏名", "name", true},
    {"ふりがな", "kana", false},            {"生年月日", "birth_date", false},
    {"性別", "sex", false},                 {"市区町村コード", "municipality_code", false},
    {"市区町村名", "municipality_name", false}, {"住所", "address", false},
    {"医療的ケア", "care", false},          {"所属", "affiliation", false},
    {"主な疾患", "diagnosis", false},       {"備考", "note", false},
};

namespace {

enum Col { kRecordId, kName, kKana, kBirth, kSex, kMunCode, kMunName, kAddress, kCare, kAffiliation, kDiagnosis, kNote };
constexpr std::size_t kColumnCount = 12;
constexpr std::size_t kHeaderSearchRows = 20;
constexpr std::size_t kMaxText = 1000;

// Other headers seen on real sheets, for each column.
constexpr std::pair<std::string_view, Col> kSynonyms[] = {
    {"番号", kRecordId}, {"no", kRecordId}, {"id", kRecordId}, {"管理番号", kRecordId},
    {"名前", kName}, {"児童氏名", kName}, {"児童名", kName}, {"氏名漢字", kName}, {"子どもの氏名", kName},
    {"フリガナ", kKana}, {"よみがな", kKana}, {"カナ", kKana}, {"かな", kKana}, {"氏名カナ", kKana},
    {"氏名ふりがな", kKana}, {"カナ氏名", kKana}, {"reading", kKana},
    {"誕生日", kBirth}, {"birthday", kBirth}, {"dob", kBirth},
    {"gender", kSex},
    {"市町村コード", kMunCode}, {"団体コード", kMunCode}, {"自治体コード", kMunCode},
    {"市町村名", kMunName}, {"市区町村", kMunName}, {"市町村", kMunName}, {"自治体名", kMunName}, {"municipality", kMunName},
    {"住所", kAddress},
    {"医療的ケアの内容", kCare}, {"ケア内容", kCare}, {"必要な医療的ケア", kCare}, {"医療的ケアの種類", kCare},
    {"所属先", kAffiliation}, {"通園通学先", kAffiliation},
    {"疾患名", kDiagnosis}, {"診断名", kDiagnosis}, {"病名", kDiagnosis}, {"主病名", kDiagnosis},
};

// "不明", "-", "未記入": nothing to read.
bool is_unknown(std::string_view v) {
  std::string k = text::name_key(v);
  return k.empty() || k == "不明" || k == "未記入" || k == "未確認" || k == "なし" || k == "ー" || k == "―";
}

// "2019/04/01 0:00:00", "2019-04-01T00:00:00" (a date cell exported with its time) → the date alone.
std::string without_time(const std::string& v) {
  std::size_t cut = v.find_first_of(" T");
  if (cut == std::string::npos || cut < 6) return v;
  std::string rest = text::trim(v.substr(cut + 1));
  bool time = !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) { return (c >= '0' && c <= '9') || c == ':' || c == '.'; }) &&
              rest.find(':') != std::string::npos;
  return time ? v.substr(0, cut) : v;
}

std::string header_key(std::string_view cell) {
  std::string k = text::name_key(text::trim(cell));
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < k.size();) {
    std::string_view rest(k.data() + i, k.size() - i);
    if (rest.starts_with("(") || rest.starts_with("（")) ++depth;
    std::size_t len = rest.starts_with("(") || rest.starts_with(")") || rest.starts_with("_") ? 1
                      : rest.starts_with("（") || rest.starts_with("）")                   ? 3
                                                                                          : 0;
    if (len == 0) {
      if (depth == 0) out += k[i];
      ++i;
      continue;
    }
    if (rest.starts_with(")") || rest.starts_with("）")) depth = std::max(0, depth - 1);
    i += len;
  }
  return out;
}

std::optional<Col> column_of(std::string_view cell) {
  std::string k = header_key(cell);
  if (k.empty()) return std::nullopt;
  for (std::size_t c = 0; c < kColumnCount; ++c)
    if (k == header_key(kColumns[c].ja) || k == header_key(kColumns[c].en)) return static_cast<Col>(c);
  for (const auto& [name, c] : kSynonyms)
    if (k == header_key(name)) return c;
  return std::nullopt;
}

bool blank(const RawRow& r) {
  return std::all_of(r.cells.begin(), r.cells.end(), [](const std::string& c) { return text::trim(c).empty(); });
}

struct Header {
  std::size_t index = 0;                          // into table.rows
  std::vector<std::optional<std::size_t>> at;    // Col → cell index
  std::vector<std::pair<std::size_t, std::string>> unknown;  // (cell index, header)
  std::vector<std::string> duplicates;
};

std::optional<Header> find_header(const RawTable& table) {
  for (std::size_t i = 0; i < table.rows.size() && i < kHeaderSearchRows; ++i) {
    const RawRow& row = table.rows[i];
    Header h;
    h.index = i;
    h.at.assign(kColumnCount, std::nullopt);
    int known = 0;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      if (text::trim(row.cells[c]).empty()) continue;
      if (auto col = column_of(row.cells[c])) {
        if (h.at[*col]) {
          h.duplicates.push_back(text::trim(row.cells[c]));
          continue;
        }
        h.at[*col] = c;
        ++known;
      } else {
        h.unknown.emplace_back(c, text::trim(row.cells[c]));
      }
    }
    if (known >= 2) return h;
  }
  return std::nullopt;
}

class RowReader {
 public:
  RowReader(const Header& h, const RawRow& header_row, const RawRow& row, const SheetContext& ctx,
            const std::string& preferred, Sheet& sheet)
      : h_(h), header_row_(header_row), row_(row), ctx_(ctx), preferred_(preferred), sheet_(sheet) {}

  std::optional<SheetRow> read(std::map<std::string, std::size_t>& seen_ids) {
    SheetRow out;
    out.line = row_.line;
    out.record_id = cell(kRecordId);
    if (out.record_id.empty()) {
      fail(kRecordId, "記録番号がありません。");
    } else if (auto [it, fresh] = seen_ids.emplace(out.record_id, row_.line); !fresh) {
      fail(kRecordId, "記録番号「" + out.record_id + "」は" + std::to_string(it->second) + "行目と重複しています。");
    }
    out.name = cell(kName);
    if (out.name.empty()) fail(kName, "氏名がありません。");
    read_kana(out);
    read_birth_date(out);
    read_sex(out);
    read_municipality(out);
    out.address = cell(kAddress);
    if (!out.address.empty())
      out.address_key = address_key(out.address, ctx_.municipalities.address_prefixes(out.municipality_code));
    read_care(out);
    read_affiliation(out);
    out.diagnosis = cell(kDiagnosis);
    out.note = cell(kNote);
    for (Col c : {kName, kKana, kAddress, kDiagnosis, kNote, kRecordId}) check_text(c);
    for (const auto& [index, header] : h_.unknown)
      if (index < row_.cells.size() && !text::trim(row_.cells[index]).empty())
        out.extra.emplace_back(header, text::trim(row_.cells[index]));
    if (errors_ > 0) return std::nullopt;
    return out;
  }

 private:
  std::string cell(Col c) const {
    auto at = h_.at[c];
    if (!at || *at >= row_.cells.size()) return {};
    return text::trim(row_.cells[*at]);
  }
  // The column's header as the file has it (for messages), or the template's name when the column is absent.
  std::string header(Col c) const {
    auto at = h_.at[c];
    return at ? text::trim(header_row_.cells[*at]) : std::string(kColumns[c].ja);
  }

  void fail(Col c, std::string message) {
    ++errors_;
    sheet_.issues.push_back({row_.line, header(c), std::move(message), true});
  }
  // A value that cannot be read but need not stop the row: it is left out and the row is kept.
  void warn(Col c, std::string message) { sheet_.issues.push_back({row_.line, header(c), std::move(message), false}); }

  void check_text(Col c) {
    std::string v = cell(c);
    if (!text::valid_utf8(v) || text::has_control_chars(v)) {
      fail(c, "読み取れない文字（制御文字など）が含まれています。");
    } else if (text::char_count(v) > kMaxText) {
      fail(c, "長すぎます（" + std::to_string(kMaxText) + "文字まで）。");
    }
  }

  void read_kana(SheetRow& out) {
    std::string v = cell(kKana);
    if (v.empty()) return;
    out.kana = text::to_katakana(v);
    if (!text::is_katakana_name(out.kana)) {
      out.kana.clear();
      warn(kKana, "ふりがなにかな以外の文字があるため、ふりがなは空欄として読みました（「" + v + "」）。");
    }
  }

  void read_birth_date(SheetRow& out) {
    std::string v = cell(kBirth);
    out.birth_date_raw = v;
    if (v.empty()) return;
    text::DateParse d = text::parse_date(without_time(v));
    if (!d.ok()) return fail(kBirth, d.error);
    if (!ctx_.today.empty() && *d.iso > ctx_.today) return fail(kBirth, "生年月日「" + v + "」が今日より後です。");
    out.birth_date = *d.iso;
  }

  void read_sex(SheetRow& out) {
    std::string v = cell(kSex);
    if (v.empty()) return;
    if (auto s = parse_sex(v)) {
      out.sex = *s;
    } else if (!is_unknown(v)) {
      warn(kSex, "性別「" + v + "」が分からないため、空欄として読みました。男・女（M・F、1・2 も可）で書いてください。");
    }
  }

  void read_municipality(SheetRow& out) {
    std::string code_cell = cell(kMunCode), name_cell = cell(kMunName);
    std::optional<std::string> by_code, by_name;
    if (!code_cell.empty()) {
      MunicipalityLookup m = ctx_.municipalities.by_code(code_cell);
      if (!m.code) return fail(kMunCode, m.error);
      by_code = m.code;
    }
    if (!name_cell.empty()) {
      MunicipalityLookup m = ctx_.municipalities.by_name(name_cell, preferred_);
      if (!m.code && !by_code) return fail(kMunName, m.error);
      by_name = m.code;
    }
    if (by_code && by_name && *by_code != *by_name) {
      const master::Municipality* m = ctx_.municipalities.get(*by_code);
      return fail(kMunName, "市区町村名「" + name_cell + "」が市区町村コード「" + code_cell + "」（" +
                                (m ? m->name : std::string("?")) + "）と一致しません。");
    }
    if (by_code || by_name) {
      out.municipality_code = by_code ? *by_code : *by_name;
    } else if (!ctx_.default_municipality.empty()) {
      out.municipality_code = ctx_.default_municipality;
    } else {
      fail(kMunName, "市区町村コードか市区町村名を書いてください。");
    }
  }

  void read_care(SheetRow& out) {
    std::vector<std::string> unknown;
    out.care_items = ctx_.care.parse_list(cell(kCare), unknown);
    for (const std::string& u : unknown)
      fail(kCare, "医療的ケア「" + u + "」が分かりません。項目名（例: 人工呼吸器、気管切開、吸引、経管栄養）で書いてください。");
  }

  void read_affiliation(SheetRow& out) {
    std::string v = cell(kAffiliation);
    if (v.empty()) return;
    if (auto a = parse_affiliation(v)) {
      out.affiliation = *a;
    } else if (!is_unknown(v)) {
      warn(kAffiliation, "所属「" + v + "」が分からないため、空欄として読みました。在宅、保育所、幼稚園、認定こども園、"
                         "児童発達支援、小学校、中学校、高等学校、特別支援学校、訪問教育、その他のどれかで書いてください。");
    }
  }

 private:
  const Header& h_;
  const RawRow& header_row_;
  const RawRow& row_;
  const SheetContext& ctx_;
  const std::string& preferred_;
  Sheet& sheet_;
  int errors_ = 0;
};

// The prefecture most rows name, by code or by a name found in one prefecture only: bare municipality names that
// several prefectures have (朝日町, 府中市) are looked up there first.
std::string preferred_prefecture(const RawTable& table, const Header& h, const SheetContext& ctx) {
  std::map<std::string, int> votes;
  for (std::size_t i = h.index + 1; i < table.rows.size(); ++i) {
    const RawRow& r = table.rows[i];
    MunicipalityLookup m;
    if (h.at[kMunCode] && *h.at[kMunCode] < r.cells.size()) m = ctx.municipalities.by_code(r.cells[*h.at[kMunCode]]);
    if (!m.code && h.at[kMunName] && *h.at[kMunName] < r.cells.size())
      m = ctx.municipalities.by_name(r.cells[*h.at[kMunName]], "");
    if (m.code) ++votes[m.code->substr(0, 2)];
  }
  if (votes.empty()) return ctx.prefecture_code;
  return std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

}  // namespace

Sheet read_sheet(const RawTable& table, const SheetContext& ctx) {
  Sheet sheet;
  sheet.format = table.format;
  for (const auto& [line, message] : table.read_errors) sheet.issues.push_back({line, "", message, true});
  std::optional<Header> h = find_header(table);
  if (!h) {
    sheet.file_error = true;
    sheet.issues.push_back({0, "", "見出し行が見つかりません。1行目（表題がある場合はその下）に「記録番号」「氏名」などの列名を書いてください。", true});
    return sheet;
  }
  const RawRow& header_row = table.rows[h->index];
  sheet.header_line = header_row.line;
  for (Col c : {kRecordId, kName}) {
    if (!h->at[c]) {
      sheet.file_error = true;
      sheet.issues.push_back({header_row.line, std::string(kColumns[c].ja),
                              "必須の列「" + std::string(kColumns[c].ja) + "」（" + std::string(kColumns[c].en) + "）がありません。", true});
    }
  }
  for (const std::string& d : h->duplicates)
    sheet.issues.push_back({header_row.line, d, "列「" + d + "」が二つあります。二つ目の列は読みません。", false});
  for (const auto& [index, name] : h->unknown)
    sheet.issues.push_back({header_row.line, name, "列「" + name + "」は共通シートにない列です。追加の情報として保存します。", false});
  if (sheet.file_error) return sheet;

  std::string preferred = preferred_prefecture(table, *h, ctx);
  std::map<std::string, std::size_t> seen_ids;
  for (std::size_t i = h->index + 1; i < table.rows.size(); ++i) {
    const RawRow& row = table.rows[i];
    if (blank(row)) continue;
    ++sheet.data_rows;
    RowReader reader(*h, header_row, row, ctx, preferred, sheet);
    if (auto r = reader.read(seen_ids)) {
      sheet.rows.push_back(std::move(*r));
    } else {
      ++sheet.invalid_rows;
    }
  }
  if (sheet.data_rows == 0) {
    sheet.file_error = true;
    sheet.issues.push_back({0, "", "見出し行の下にデータの行がありません。", true});
  }
  return sheet;
}

}  // namespace tsunagu::census
