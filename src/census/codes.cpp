#include "census/codes.h"

#include <algorithm>

#include "core/text/lg_code.h"
#include "core/text/normalize.h"
#include "core/text/utf8.h"

namespace tsunagu::census {
namespace {

std::string key(std::string_view s) { return text::name_key(text::trim(s)); }

// Everyday names for care items, as nurses and teachers write them.
constexpr std::pair<std::string_view, std::string_view> kCareAliases[] = {
    {"人工呼吸", "ventilator"}, {"呼吸器", "ventilator"}, {"NPPV", "ventilator"}, {"TPPV", "ventilator"},
    {"ハイフロー", "ventilator"}, {"排痰補助装置", "ventilator"}, {"カフアシスト", "ventilator"},
    {"気切", "tracheostomy"}, {"気管カニューレ", "tracheostomy"},
    {"エアウェイ", "nasopharyngeal_airway"},
    {"酸素", "oxygen_therapy"}, {"在宅酸素", "oxygen_therapy"}, {"在宅酸素療法", "oxygen_therapy"},
    {"HOT", "oxygen_therapy"}, {"酸素吸入", "oxygen_therapy"},
    {"たん吸引", "suction"}, {"痰吸引", "suction"}, {"喀痰吸引", "suction"}, {"痰の吸引", "suction"},
    {"口鼻腔吸引", "suction"}, {"気管内吸引", "suction"},
    {"吸入", "nebulizer"},
    {"経管", "tube_feeding"}, {"胃ろう", "tube_feeding"}, {"胃瘻", "tube_feeding"}, {"経鼻胃管", "tube_feeding"},
    {"腸ろう", "tube_feeding"}, {"腸瘻", "tube_feeding"}, {"経鼻経管栄養", "tube_feeding"},
    {"注入ポンプ", "tube_feeding_pump"},
    {"IVH", "central_venous_catheter"}, {"中心静脈栄養", "central_venous_catheter"}, {"CVカテーテル", "central_venous_catheter"},
    {"注射", "injection"}, {"インスリン注射", "subcutaneous_injection"}, {"インスリン", "subcutaneous_injection"},
    {"インスリンポンプ", "subcutaneous_pump"},
    {"血糖値測定", "blood_glucose"}, {"血糖", "blood_glucose"},
    {"透析", "dialysis"}, {"腹膜透析", "dialysis"},
    {"自己導尿", "intermittent_catheterization"},
    {"排便", "bowel_management"}, {"ストーマ", "gi_stoma"}, {"人工肛門", "gi_stoma"},
    {"摘便", "manual_evacuation_irrigation"}, {"洗腸", "manual_evacuation_irrigation"},
    {"痙攣時の対応", "seizure_management"}, {"けいれん時の対応", "seizure_management"},
    {"けいれん", "seizure_management"}, {"痙攣", "seizure_management"}, {"てんかん発作時の対応", "seizure_management"},
};

constexpr std::string_view kSeparators[] = {"、", ",", "，", ";", "；", "／", "/", "\n", "\r", "､"};

std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 0; i < cell.size();) {
    bool sep = false;
    for (std::string_view s : kSeparators) {
      if (cell.substr(i, s.size()) == s) {
        parts.push_back(cur);
        cur.clear();
        i += s.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += cell[i++];
  }
  parts.push_back(cur);
  std::vector<std::string> out;
  for (auto& p : parts)
    if (std::string t = text::trim(p); !t.empty()) out.push_back(t);
  return out;
}

bool has_separator(std::string_view s) {
  return std::any_of(std::begin(kSeparators), std::end(kSeparators),
                     [&](std::string_view sep) { return s.find(sep) != std::string_view::npos; });
}

// "人工呼吸器（…）の管理" → "人工呼吸器の管理".
std::string without_parenthesis(const std::string& s) {
  std::size_t open = s.find("（"), close = s.find("）");
  if (open == std::string::npos || close == std::string::npos || close < open) return s;
  return s.substr(0, open) + s.substr(close + std::string("）").size());
}

}  // namespace

std::optional<std::string> parse_sex(std::string_view cell) {
  std::string k = key(cell);
  if (k == "男" || k == "男性" || k == "男子" || k == "男児" || k == "m" || k == "male" || k == "1" || k == "おとこ")
    return "male";
  if (k == "女" || k == "女性" || k == "女子" || k == "女児" || k == "f" || k == "female" || k == "2" || k == "おんな")
    return "female";
  return std::nullopt;
}

std::optional<std::string> parse_affiliation(std::string_view cell) {
  std::string k = key(cell);
  for (const Affiliation& a : kAffiliations)
    if (k == key(a.label_ja) || k == a.code) return std::string(a.code);
  // Common longer forms: 保育園, 特別支援学校小学部, 高校, こども園, 児発, 自宅.
  static constexpr std::pair<std::string_view, std::string_view> kMore[] = {
      {"保育園", "nursery"}, {"こども園", "certified_center"}, {"認定こども園", "certified_center"},
      {"高校", "high_school"}, {"児発", "development_support"}, {"児童発達支援センター", "development_support"},
      {"自宅", "home"}, {"家庭", "home"}, {"未就園", "home"}, {"特別支援学校小学部", "special_needs_school"},
      {"特別支援学校中学部", "special_needs_school"}, {"特別支援学校高等部", "special_needs_school"},
      {"特支", "special_needs_school"}, {"訪問学級", "home_visit_education"}, {"義務教育学校", "elementary"}};
  for (const auto& [label, code] : kMore)
    if (k == key(label)) return std::string(code);
  // A school's or nursery's own name ("下関市立○○小学校", "△△保育園"): its kind, most specific first.
  static constexpr std::pair<std::string_view, std::string_view> kContains[] = {
      {"特別支援", "special_needs_school"}, {"養護学校", "special_needs_school"}, {"訪問", "home_visit_education"},
      {"こども園", "certified_center"}, {"児童発達", "development_support"}, {"療育", "development_support"},
      {"保育", "nursery"}, {"幼稚園", "kindergarten"}, {"小学", "elementary"}, {"中学", "junior_high"},
      {"高等学校", "high_school"}, {"高校", "high_school"}, {"在宅", "home"}, {"自宅", "home"}};
  for (const auto& [part, code] : kContains)
    if (k.find(key(part)) != std::string::npos) return std::string(code);
  return std::nullopt;
}

std::string affiliation_label(std::string_view code) {
  for (const Affiliation& a : kAffiliations)
    if (a.code == code) return std::string(a.label_ja);
  return std::string(code);
}

CareItemNames::CareItemNames(const std::vector<master::CareItem>& items) {
  auto add = [&](const std::string& name, const std::string& code) {
    if (name.empty()) return;
    if (has_separator(name)) long_names_.emplace_back(name, code);
    by_key_.emplace(key(name), code);  // emplace keeps the first: parents come before their sub-items
  };
  for (const master::CareItem& c : items) {
    const std::string* parent_short = nullptr;
    for (const master::CareItem& p : items)
      if (p.code == c.parent_code) parent_short = &p.short_name_ja;
    std::string code = parent_short && *parent_short == c.short_name_ja ? c.parent_code : c.code;
    add(c.code, c.code);
    add(c.name_ja, code);
    add(without_parenthesis(c.name_ja), code);
    add(c.short_name_ja, code);
    short_names_.emplace(c.code, c.short_name_ja);
  }
  for (const auto& [alias, code] : kCareAliases) by_key_.emplace(key(alias), std::string(code));
  std::sort(long_names_.begin(), long_names_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::optional<std::string> CareItemNames::code_for(std::string_view name) const {
  std::string k = key(name);
  if (auto it = by_key_.find(k); it != by_key_.end()) return it->second;
  // "経管栄養（胃ろう）", "人工呼吸器管理", "気管切開部の管理": the longest known name inside the text.
  const std::string* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [known, code] : by_key_) {
    if (known.size() >= 6 && known.size() > best_len && k.find(known) != std::string::npos) {  // 2+ characters
      best = &code;
      best_len = known.size();
    }
  }
  if (best) return *best;
  return std::nullopt;
}

std::string CareItemNames::short_name(std::string_view code) const {
  auto it = short_names_.find(code);
  return it == short_names_.end() ? std::string(code) : it->second;
}

std::vector<std::string> CareItemNames::parse_list(std::string_view cell, std::vector<std::string>& unknown) const {
  std::string text(cell);
  for (const auto& [name, code] : long_names_) {  // official names that contain a separator themselves
    for (std::size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), code);
  }
  std::vector<std::string> codes;
  for (const std::string& part : split_list(text)) {
    std::string k = key(part);
    if (k == "なし" || k == "無" || k == "-" || k == "ー" || k == "特になし") continue;
    if (auto code = code_for(part)) {
      if (std::find(codes.begin(), codes.end(), *code) == codes.end()) codes.push_back(*code);
    } else {
      unknown.push_back(part);
    }
  }
  return codes;
}

MunicipalityNames::MunicipalityNames(const master::MasterData& md) : md_(md) {
  for (const master::Prefecture& p : md.prefectures()) {
    for (const master::Municipality* m : md.municipalities_in(p.code)) {
      if (m->level == "prefecture") continue;
      std::string name = key(m->name), county = key(m->county), pref = key(p.name);
      by_name_.emplace(name, m->code);
      by_name_.emplace(pref + name, m->code);
      if (!county.empty()) {
        by_name_.emplace(county + name, m->code);
        by_name_.emplace(pref + county + name, m->code);
      }
    }
  }
}

std::vector<std::string> MunicipalityNames::address_prefixes(const std::string& code) const {
  const master::Municipality* m = md_.municipality(code);
  if (!m) return {};
  const master::Prefecture* p = md_.prefecture(m->prefecture_code);
  std::string pref = p ? p->name : "";
  std::vector<std::string> out{pref + m->county + m->name, pref + m->name, m->county + m->name, m->name};
  return out;
}

MunicipalityLookup MunicipalityNames::by_code(std::string_view cell) const {
  std::string digits;
  for (char c : key(cell))
    if (c != ' ') digits += c;
  bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!all_digits || (digits.size() != 5 && digits.size() != 6))
    return {std::nullopt, "市区町村コードは5桁または6桁の数字で書いてください（「" + text::trim(cell) + "」）。"};
  auto code = text::normalize_lg_code(digits);
  if (!code) return {std::nullopt, "市区町村コード「" + digits + "」の検査数字（6桁目）が正しくありません。"};
  const master::Municipality* m = md_.municipality(*code);
  if (!m || m->level == "prefecture") return {std::nullopt, "市区町村コード「" + digits + "」の市区町村が見つかりません。"};
  return {code, ""};
}

MunicipalityLookup MunicipalityNames::by_name(std::string_view cell, std::string_view preferred_prefecture) const {
  std::string k = key(cell);
  auto [lo, hi] = by_name_.equal_range(k);
  std::vector<std::string> codes;
  for (auto it = lo; it != hi; ++it)
    if (std::find(codes.begin(), codes.end(), it->second) == codes.end()) codes.push_back(it->second);
  if (codes.empty()) {  // "下関" for 下関市: the name with 市, 町 or 村 when exactly one exists
    for (const char* suffix : {"市", "町", "村"}) {
      auto [l2, h2] = by_name_.equal_range(k + key(suffix));
      for (auto it = l2; it != h2; ++it)
        if (std::find(codes.begin(), codes.end(), it->second) == codes.end()) codes.push_back(it->second);
    }
    if (codes.size() > 1) {
      std::vector<std::string> in_preferred;
      for (const std::string& c : codes)
        if (c.compare(0, 2, preferred_prefecture) == 0) in_preferred.push_back(c);
      if (in_preferred.size() == 1) return {in_preferred.front(), ""};
      codes.clear();
    }
  }
  if (codes.size() == 1) return {codes.front(), ""};
  if (codes.empty()) return {std::nullopt, "市区町村名「" + text::trim(cell) + "」が見つかりません。"};
  for (const std::string& c : codes)
    if (c.compare(0, 2, preferred_prefecture) == 0) return {c, ""};
  return {std::nullopt, "市区町村名「" + text::trim(cell) + "」は複数の都道府県にあります。都道府県名から書くか、市区町村コードを書いてください。"};
}

}  // namespace tsunagu::census
