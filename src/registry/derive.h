// Facts derived from the registry record, never typed by staff: age, school grade, life-stage transitions
// (就園・就学・…・18歳), the 医療的ケア判定スコア and electricity dependence. Pure functions of the record,
// the master data and a reference date passed in by the caller ("today" is never read from the clock),
// so the same record gives the same answer in a census run, a report and a test. Bad input gives nullopt or
// an entry in Score::errors, never an exception. Dates are ISO "YYYY-MM-DD".
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "master/master_data.h"
#include "registry/child.h"

namespace tsunagu::registry {

// Full years on `on_iso`. Birthday reached → one year more; a 29 February birthday is reached on
// 1 March in common years (the legal reckoning: the age is attained at the end of 28 February).
// nullopt for a malformed date or when `on_iso` is before the birth.
std::optional<int> age_on(std::string_view birth_iso, std::string_view on_iso);

// The grade for the school year (1 April – 31 March) containing the date. Children born 2 April of year Y
// to 1 April of Y+1 share a grade. stage: "preschool" (year = nursery class age 0..5, e.g. 5 = 年長),
// "elementary" (1..6), "junior_high" (1..3), "high_school" (1..3), "post_high_school" (years since
// leaving high school, 1 = the first school year after).
struct SchoolGrade {
  std::string stage;
  int year = 0;
  bool operator==(const SchoolGrade&) const = default;
};

// nullopt for a malformed date or a date before the birth.
std::optional<SchoolGrade> school_grade(std::string_view birth_iso, std::string_view on_iso);

// "小学2年", "中学1年", "高校3年", "年長（5歳児クラス）", "2歳児クラス", "高校卒業後"; empty for an unknown stage.
std::string school_grade_label_ja(const SchoolGrade& grade);

// Points of one scored care item. `watch` is the table's 見守りスコア for the recorded level; it is added
// to the total only when `watch_counted` (not for a tracheostomy scored together with a ventilator).
struct CareItemScore {
  std::string code;
  int basic = 0;
  int watch = 0;
  bool watch_counted = true;
};

// The 医療的ケア判定スコア. band: 0 below 3, 1 from 3 (医療的ケア児), 2 from 16, 3 from 32.
// errors: Japanese messages for items that could not be scored or look inconsistent.
struct Score {
  int total = 0;
  std::vector<CareItemScore> items;
  bool meets_threshold = false;
  int band = 0;
  std::vector<std::string> errors;
};

inline constexpr int kScoreThreshold = 3;
inline constexpr int kScoreBand2 = 16;
inline constexpr int kScoreBand3 = 32;

// Scores the child's care items against the master table (see derive.cpp for the rules).
Score compute_score(const std::vector<ChildCareItem>& care_items, const std::vector<master::CareItem>& master);

// Whether any device needs mains power (individual evacuation planning).
bool electricity_dependent(const std::vector<Device>& devices);

// kind: "preschool_entry" (就園: the school year in the 3歳児クラス), "school_entry" (就学),
// "junior_high_entry", "high_school_entry" (all on 1 April), "adulthood" (the 18th birthday).
struct Transition {
  std::string kind;
  std::string date;
  bool operator==(const Transition&) const = default;
};

// Every transition in date order; empty for a malformed birth date.
std::vector<Transition> transitions(std::string_view birth_iso);

// The first transition strictly after `on_iso`; nullopt when none is left or a date is malformed.
std::optional<Transition> next_transition(std::string_view birth_iso, std::string_view on_iso);

// 就園, 就学, 中学校入学, 高校入学, 18歳（成人期への移行）; empty for an unknown kind.
std::string transition_label_ja(std::string_view kind);

}  // namespace tsunagu::registry
