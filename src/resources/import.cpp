#include "resources/import.h"

#include <algorithm>

#include "census/codes.h"
#include "core/text/kana.h"
#include "core/text/normalize.h"
#include "core/text/number.h"
#include "core/text/utf8.h"

namespace tsunagu::resources {

const std::vector<ImportField> kImportFields = {
    {"name", "施設名", true, {"施設名", "事業所名", "名称", "name"}},
    {"kana", "ふりがな", false, {"ふりがな", "フリガナ", "施設名ふりがな", "カナ", "kana"}},
    {"municipality", "市区町村（コードまたは名前）", true, {"市区町村", "市町村", "市区町村名", "市町村名", "市区町村コード", "municipality"}},
    {"postal_code", "郵便番号", false, {"郵便番号", "〒", "postal_code"}},
    {"address", "住所", false, {"住所", "所在地", "address"}},
    {"phone", "電話番号", false, {"電話番号", "電話", "tel", "phone"}},
    {"website", "ウェブサイト", false, {"ウェブサイト", "ホームページ", "url", "website"}},
    {"hours", "営業時間", false, {"営業時間", "営業日時", "hours"}},
    {"lat", "緯度", false, {"緯度", "lat", "latitude"}},
    {"lng", "経度", false, {"経度", "lng", "lon", "longitude"}},
    {"service_type", "サービスの種類", true, {"サービスの種類", "サービス種別", "サービス", "種別", "service_type"}},
    {"age_min", "対象年齢（下限）", false, {"対象年齢下限", "年齢下限", "age_min"}},
    {"age_max", "対象年齢（上限）", false, {"対象年齢上限", "年齢上限", "age_max"}},
    {"care_items", "受け入れる医療的ケア", false, {"受け入れる医療的ケア", "医療的ケア", "対応可能な医療的ケア", "care_items"}},
    {"features", "特徴（送迎・入浴など）", false, {"特徴", "設備", "features"}},
    {"capacity", "定員", false, {"定員", "capacity"}},
    {"vacancy", "空き", false, {"空き", "空き状況", "空き人数", "vacancy"}},
    {"notes", "備考", false, {"備考", "notes"}},
};

namespace {

std::string key(std::string_view s) {
  std::string k = text::name_key(text::trim(s));
  std::string out;
  for (char c : k)
    if (c != '_' && c != '(' && c != ')') out += c;
  return out;
}

std::optional<std::string> field_of_header(std::string_view header) {
  std::string k = key(header);
  if (k.empty()) return std::nullopt;
  for (const ImportField& f : kImportFields)
    for (std::string_view h : f.headers)
      if (k == key(h)) return std::string(f.key);
  return std::nullopt;
}

std::optional<std::string> service_type_of(std::string_view cell) {
  std::string k = key(cell);
  const Code* best = nullptr;
  for (const Code& c : kServiceTypes) {
    if (k == key(c.ja) || k == key(c.code)) return std::string(c.code);
    std::string label = key(c.ja);
    if (k.find(label) != std::string::npos && (!best || label.size() > key(best->ja).size())) best = &c;
  }
  if (best) return std::string(best->code);
  if (k.find(key("短期入所")) != std::string::npos) return std::string("short_stay_welfare");
  return std::nullopt;
}

std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> parts;
  std::string cur;
  std::string s(cell);
  for (std::string_view sep : {"、", "，", "／", "；"})  // not ・, which is inside 夜間・休日
    for (std::size_t at; (at = s.find(sep)) != std::string::npos;) s.replace(at, sep.size(), ",");
  for (char c : s) {
    if (c == ',' || c == '/' || c == ';' || c == '\n') {
      if (!text::trim(cur).empty()) parts.push_back(text::trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!text::trim(cur).empty()) parts.push_back(text::trim(cur));
  return parts;
}

std::optional<int> age_or_number(std::string_view cell) {
  std::string k = key(cell);
  for (std::string_view unit : {"歳", "人", "名"})
    if (k.size() >= unit.size() && k.compare(k.size() - unit.size(), unit.size(), unit) == 0) k.resize(k.size() - unit.size());
  auto v = text::parse_decimal(k, 6);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<double> decimal(std::string_view cell) {
  std::string k = key(cell);
  if (k.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(k.c_str(), &end);
  if (end != k.c_str() + k.size()) return std::nullopt;
  return v;
}

}  // namespace

ImportTable import_table(std::string_view bytes) {
  ImportTable t;
  t.table = census::read_table(bytes);
  std::optional<std::size_t> header, first_filled;
  for (std::size_t i = 0; i < t.table.rows.size() && i < 20 && !header; ++i) {
    int known = 0;
    bool filled = false;
    for (const std::string& c : t.table.rows[i].cells) {
      filled = filled || !text::trim(c).empty();
      known += field_of_header(c).has_value();
    }
    if (filled && !first_filled) first_filled = i;
    if (known >= 2) header = i;
  }
  if (!header) header = first_filled;
  if (!header) throw std::invalid_argument("見出しの行が見つかりません。");
  t.header_index = *header;
  for (const std::string& c : t.table.rows[t.header_index].cells) t.headers.push_back(text::trim(c));
  return t;
}

ColumnMapping guess_mapping(const ImportTable& t) {
  ColumnMapping m;
  for (std::size_t i = 0; i < t.headers.size(); ++i)
    if (auto f = field_of_header(t.headers[i]); f && !m.count(*f)) m[*f] = i;
  return m;
}

ImportCheck check_import(const ImportTable& t, const ColumnMapping& mapping, const master::MasterData& md,
                         const std::string& prefecture_code) {
  ImportCheck out;
  census::CareItemNames care(md.care_items());
  census::MunicipalityNames municipalities(md);
  for (const ImportField& f : kImportFields)
    if (f.required && !mapping.count(std::string(f.key)))
      out.issues.push_back({0, std::string(f.label), "「" + std::string(f.label) + "」に当たる列を選んでください。"});
  if (!out.issues.empty()) return out;

  std::map<std::string, std::size_t> facility_at;  // name|address → index in out.facilities
  for (std::size_t r = t.header_index + 1; r < t.table.rows.size(); ++r) {
    const census::RawRow& row = t.table.rows[r];
    if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return text::trim(c).empty(); })) continue;
    ++out.rows;
    std::size_t before = out.issues.size();
    auto cell = [&](const char* field) -> std::string {
      auto it = mapping.find(field);
      if (it == mapping.end() || it->second >= row.cells.size()) return "";
      return text::trim(row.cells[it->second]);
    };
    auto fail = [&](const char* field, std::string message) {
      auto it = mapping.find(field);
      std::string header = it != mapping.end() && it->second < t.headers.size() ? t.headers[it->second] : field;
      out.issues.push_back({row.line, header, std::move(message)});
    };
    Facility f;
    f.prefecture_code = prefecture_code;
    f.name = cell("name");
    if (f.name.empty()) fail("name", "施設名がありません。");
    f.name_kana = cell("kana");
    if (!f.name_kana.empty()) {
      f.name_kana = text::to_katakana(f.name_kana);
      if (!text::is_katakana_name(f.name_kana)) fail("kana", "ふりがなは、ひらがなかカタカナで書いてください。");
    }
    std::string m = cell("municipality");
    census::MunicipalityLookup found =
        !m.empty() && std::isdigit(static_cast<unsigned char>(m[0])) ? municipalities.by_code(m) : municipalities.by_name(m, prefecture_code);
    if (m.empty()) fail("municipality", "市区町村がありません。");
    else if (!found.code) fail("municipality", found.error);
    else if (found.code->compare(0, 2, prefecture_code) != 0) fail("municipality", "市区町村「" + m + "」はこの都道府県にありません。");
    else f.municipality_code = *found.code;
    f.postal_code = cell("postal_code");
    f.address = cell("address");
    f.phone = cell("phone");
    f.website = cell("website");
    f.hours = cell("hours");
    std::string lat = cell("lat"), lng = cell("lng");
    if (!lat.empty() || !lng.empty()) {
      f.lat = decimal(lat);
      f.lng = decimal(lng);
      if (!f.lat || !f.lng || *f.lat < 20 || *f.lat > 46 || *f.lng < 122 || *f.lng > 154)
        fail(f.lat ? "lng" : "lat", "緯度・経度が読めないか、日本の範囲にありません。");
    }
    Service s;
    std::string type = cell("service_type");
    if (auto code = service_type_of(type)) s.service_type = *code;
    else fail("service_type", "サービスの種類「" + type + "」が分かりません。");
    for (auto [field, target] : {std::pair{"age_min", &s.age_min}, {"age_max", &s.age_max}, {"capacity", &s.capacity},
                                 {"vacancy", &s.vacancy}}) {
      std::string v = cell(field);
      if (v.empty()) continue;
      if (auto n = age_or_number(v)) *target = *n;
      else fail(field, "「" + v + "」は数として読めません。");
    }
    if (s.age_min && s.age_max && *s.age_min > *s.age_max) fail("age_max", "対象年齢の上限が下限より小さくなっています。");
    std::vector<std::string> unknown;
    for (const std::string& code : care.parse_list(cell("care_items"), unknown)) s.care_items.push_back({code, ""});
    for (const std::string& u : unknown) fail("care_items", "医療的ケア「" + u + "」が分かりません。");
    for (const std::string& part : split_list(cell("features"))) {
      std::string k = key(part);
      const Code* found_feature = nullptr;
      for (const Code& c : kFeatures)
        if (k.find(key(c.ja)) != std::string::npos || k == key(c.code)) found_feature = &c;
      if (found_feature) s.features.emplace_back(found_feature->code);
      else fail("features", "特徴「" + part + "」が分かりません（送迎、入浴、看護師常駐、夜間・休日、重症心身障害児対応）。");
    }
    s.notes = cell("notes");
    for (const std::string& v : {f.name, f.address, f.phone, f.website, f.hours, s.notes})
      if (!text::valid_utf8(v) || text::has_control_chars(v) || text::char_count(v) > 500)
        fail("name", "長すぎるか、使えない文字を含む欄があります。");
    if (out.issues.size() > before) {
      ++out.invalid_rows;
      continue;
    }
    std::string id = text::name_key(f.name) + "|" + text::name_key(f.address);
    auto [it, fresh] = facility_at.emplace(id, out.facilities.size());
    if (fresh) out.facilities.push_back(std::move(f));
    out.facilities[it->second].services.push_back(std::move(s));
  }
  if (out.rows == 0) out.issues.push_back({0, "", "見出しの下にデータの行がありません。"});
  return out;
}

}  // namespace tsunagu::resources
