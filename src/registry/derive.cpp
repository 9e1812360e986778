#include "registry/derive.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/text/wareki.h"

namespace tsunagu::registry {

namespace {

// ---- Dates: Ymd, parse_iso and format_iso come from core/text/wareki.h; day counts from 1970-01-01
// (H. Hinnant's civil algorithms) are for comparing and stepping dates.

using text::Ymd;
using text::format_iso;
using text::parse_iso;
using text::civil_from_days;
using text::days_from_civil;



bool before(Ymd a, Ymd b) { return days_from_civil(a) < days_from_civil(b); }

// The birthday in `year`; 29 February falls on 1 March in common years.
Ymd birthday_in(Ymd birth, int year) {
  if (birth.m == 2 && birth.d == 29 && !text::is_leap_year(year)) return {year, 3, 1};
  return {year, birth.m, birth.d};
}

// The school (and fiscal) year a date belongs to, named by the year of its 1 April.
int school_year_of(Ymd c) { return c.m >= 4 ? c.y : c.y - 1; }

// Children born 2 April of Y to 1 April of Y+1 form cohort Y: legally one is a year older at the end of the
// day before the birthday, so a child born 1 April is already 6 on 31 March and goes with the earlier year.
// Cohort Y enters elementary school on 1 April of Y+7.
int cohort_of(Ymd birth) { return school_year_of(civil_from_days(days_from_civil(birth) - 1)); }

// School years since the cohort's: 0 in the birth year (for most), 7 in the first elementary year.
std::optional<int> school_years_since_cohort(std::string_view birth_iso, std::string_view on_iso) {
  auto birth = parse_iso(birth_iso), on = parse_iso(on_iso);
  if (!birth || !on || before(*on, *birth)) return std::nullopt;
  return school_year_of(*on) - cohort_of(*birth);
}

SchoolGrade grade_for(int k) {
  if (k <= 6) return {"preschool", std::max(0, k - 1)};  // born mid-year: 0歳児クラス until the next April too
  if (k <= 12) return {"elementary", k - 6};
  if (k <= 15) return {"junior_high", k - 12};
  if (k <= 18) return {"high_school", k - 15};
  return {"post_high_school", k - 18};
}

struct Dated {
  std::string_view kind;
  Ymd date;
};

std::vector<Dated> transition_dates(Ymd birth) {
  int cohort = cohort_of(birth);
  return {{"preschool_entry", {cohort + 4, 4, 1}},
          {"school_entry", {cohort + 7, 4, 1}},
          {"junior_high_entry", {cohort + 13, 4, 1}},
          {"high_school_entry", {cohort + 16, 4, 1}},
          {"adulthood", birthday_in(birth, birth.y + 18)}};
}

Transition to_transition(const Dated& t) { return {std::string(t.kind), format_iso(t.date)}; }

// ---- Score.

std::string_view level_ja(std::string_view level) {
  if (level == "high") return "高";
  if (level == "mid") return "中";
  if (level == "low") return "低";
  return level;
}

std::string item_name(const master::CareItem& item) {
  return "「" + (item.short_name_ja.empty() ? item.code : item.short_name_ja) + "」";
}

const master::CareItem* find_item(const std::vector<master::CareItem>& master, std::string_view code) {
  auto it = std::find_if(master.begin(), master.end(), [&](const master::CareItem& c) { return c.code == code; });
  return it == master.end() ? nullptr : &*it;
}

std::string item_name(const std::vector<master::CareItem>& master, const std::string& code) {
  const master::CareItem* item = find_item(master, code);
  return item ? item_name(*item) : "「" + code + "」";
}

// An item whose every watch score is 0 (ネブライザー, 間欠的導尿, 摘便・洗腸, 浣腸) needs no level.
bool watch_always_zero(const master::CareItem& item) {
  for (const auto& w : {item.watch_score_high, item.watch_score_mid, item.watch_score_low})
    if (w && *w != 0) return false;
  return true;
}

std::optional<int> watch_points(const master::CareItem& item, std::string_view level, std::vector<std::string>& errors) {
  if (level.empty() && watch_always_zero(item)) return 0;
  if (level.empty()) {
    errors.push_back(item_name(item) + "の見守りの程度が未入力のため、点数に含めていません。");
    return std::nullopt;
  }
  std::optional<int> points = level == "high" ? item.watch_score_high
                              : level == "mid" ? item.watch_score_mid
                              : level == "low" ? item.watch_score_low
                                               : std::nullopt;
  if (!points)
    errors.push_back(item_name(item) + "の見守りの程度「" + std::string(level_ja(level)) +
                     "」は判定スコア表にないため、点数に含めていません（「中」は人工呼吸器のみ）。");
  return points;
}

std::optional<CareItemScore> score_item(const ChildCareItem& ci, const std::vector<master::CareItem>& master,
                                        std::vector<std::string>& errors) {
  const master::CareItem* item = find_item(master, ci.code);
  if (!item) {
    errors.push_back("医療的ケアの項目" + item_name(master, ci.code) + "はマスタにないため、点数に含めていません。");
    return std::nullopt;
  }
  if (!item->basic_score) {
    errors.push_back(item_name(*item) + "は区分の見出しで点数がありません。下位の項目を選んでください。");
    return std::nullopt;
  }
  auto watch = watch_points(*item, ci.watch_level, errors);
  if (!watch) return std::nullopt;
  return CareItemScore{item->code, *item->basic_score, *watch, true};
}

// Each code is scored once: the first occurrence that can be scored; a later one with another level is reported.
std::vector<CareItemScore> score_items(const std::vector<ChildCareItem>& care_items,
                                       const std::vector<master::CareItem>& master, std::vector<std::string>& errors) {
  std::vector<CareItemScore> scored;
  std::map<std::string, std::string, std::less<>> level_of;
  for (const ChildCareItem& ci : care_items) {
    auto seen = level_of.find(ci.code);
    if (seen != level_of.end()) {
      if (seen->second != ci.watch_level)
        errors.push_back(item_name(master, ci.code) + "が重複しています。最初の見守りの程度「" +
                         std::string(level_ja(seen->second)) + "」で計算しました。");
      continue;
    }
    if (auto s = score_item(ci, master, errors)) {
      level_of.emplace(ci.code, ci.watch_level);
      scored.push_back(*s);
    }
  }
  return scored;
}

bool has(const std::vector<CareItemScore>& items, std::string_view code) {
  return std::any_of(items.begin(), items.end(), [&](const CareItemScore& s) { return s.code == code; });
}

// Rules between items: the tracheostomy 見守りスコア is not added when a ventilator is scored; the feeding pump
// (7-(2)) is an addition to 7-(1). A pump without the route is still scored (the pump is real care; the route
// is most likely missing from the record) but reported so that staff complete the record.
void apply_combination_rules(std::vector<CareItemScore>& items, std::vector<std::string>& errors) {
  if (has(items, "ventilator"))
    for (CareItemScore& s : items)
      if (s.code == "tracheostomy") s.watch_counted = false;
  if (has(items, "tube_feeding_pump") && !has(items, "tube_feeding_route"))
    errors.push_back("「持続経管注入ポンプ」は経管栄養（経鼻胃管・胃瘻・腸瘻等）への加算項目ですが、"
                     "経管栄養の項目がありません。記録を確認してください（ポンプの点数は含めています）。");
}

int band_of(int total) {
  if (total >= kScoreBand3) return 3;
  if (total >= kScoreBand2) return 2;
  return total >= kScoreThreshold ? 1 : 0;
}

}  // namespace

// A default for a new device of this kind; staff change it per device (e.g. a battery-only pump).
bool device_needs_power_by_default(std::string_view kind) {
  static constexpr std::string_view kPowered[] = {"ventilator",   "suction_unit", "oxygen_concentrator",
                                                  "feeding_pump", "infusion_pump", "humidifier",
                                                  "cough_assist", "nebulizer",    "pulse_oximeter"};
  return one_of(kind, kPowered);
}

std::optional<int> age_on(std::string_view birth_iso, std::string_view on_iso) {
  auto birth = parse_iso(birth_iso), on = parse_iso(on_iso);
  if (!birth || !on || before(*on, *birth)) return std::nullopt;
  int age = on->y - birth->y;
  return before(*on, birthday_in(*birth, on->y)) ? age - 1 : age;
}

std::optional<SchoolGrade> school_grade(std::string_view birth_iso, std::string_view on_iso) {
  auto k = school_years_since_cohort(birth_iso, on_iso);
  if (!k) return std::nullopt;
  return grade_for(*k);
}

std::string school_grade_label_ja(const SchoolGrade& g) {
  const std::string n = std::to_string(g.year);
  if (g.stage == "preschool") {
    std::string cls = n + "歳児クラス";
    if (g.year == 5) return "年長（" + cls + "）";
    if (g.year == 4) return "年中（" + cls + "）";
    if (g.year == 3) return "年少（" + cls + "）";
    return cls;
  }
  if (g.stage == "elementary") return "小学" + n + "年";
  if (g.stage == "junior_high") return "中学" + n + "年";
  if (g.stage == "high_school") return "高校" + n + "年";
  if (g.stage == "post_high_school") return "高校卒業後";
  return "";
}

// Σ(basic + watch) over the recorded items; see score_items and apply_combination_rules for the rules.
Score compute_score(const std::vector<ChildCareItem>& care_items, const std::vector<master::CareItem>& master) {
  Score score;
  score.items = score_items(care_items, master, score.errors);
  apply_combination_rules(score.items, score.errors);
  for (const CareItemScore& s : score.items) score.total += s.basic + (s.watch_counted ? s.watch : 0);
  score.meets_threshold = score.total >= kScoreThreshold;
  score.band = band_of(score.total);
  return score;
}

bool electricity_dependent(const std::vector<Device>& devices) {
  return std::any_of(devices.begin(), devices.end(), [](const Device& d) { return d.needs_power; });
}

std::vector<Transition> transitions(std::string_view birth_iso) {
  auto birth = parse_iso(birth_iso);
  if (!birth) return {};
  std::vector<Transition> out;
  for (const Dated& t : transition_dates(*birth)) out.push_back(to_transition(t));
  return out;
}

std::optional<Transition> next_transition(std::string_view birth_iso, std::string_view on_iso) {
  auto birth = parse_iso(birth_iso), on = parse_iso(on_iso);
  if (!birth || !on) return std::nullopt;
  for (const Dated& t : transition_dates(*birth))
    if (before(*on, t.date)) return to_transition(t);
  return std::nullopt;
}

std::string transition_label_ja(std::string_view kind) {
  if (kind == "preschool_entry") return "就園";
  if (kind == "school_entry") return "就学";
  if (kind == "junior_high_entry") return "中学校入学";
  if (kind == "high_school_entry") return "高校入学";
  if (kind == "adulthood") return "18歳（成人期への移行）";
  return "";
}

}  // namespace tsunagu::registry
