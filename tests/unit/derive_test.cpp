#include "registry/derive.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "core/io/csv.h"
#include "core/view/resources.h"

using namespace tsunagu::registry;
using tsunagu::master::CareItem;

namespace {

std::optional<int> opt_int(const std::string& s) { return s.empty() ? std::nullopt : std::optional<int>(std::stoi(s)); }

// The care items exactly as compiled into the binary from data/master/care_items.csv.
std::vector<CareItem> load_care_items() {
  auto text = tsunagu::resources::find("data/master/care_items.csv");
  if (!text) return {};
  auto table = tsunagu::io::CsvTable::with_header(tsunagu::io::parse_csv(*text));
  if (!table) return {};
  std::vector<CareItem> items;
  for (const auto& r : table->rows()) {
    CareItem c;
    c.code = table->get(r, "code");
    c.parent_code = table->get(r, "parent_code");
    c.short_name_ja = table->get(r, "short_name_ja");
    c.electricity_dependent = table->get(r, "electricity_dependent") == "true";
    c.basic_score = opt_int(table->get(r, "basic_score"));
    c.watch_score_high = opt_int(table->get(r, "watch_score_high"));
    c.watch_score_mid = opt_int(table->get(r, "watch_score_mid"));
    c.watch_score_low = opt_int(table->get(r, "watch_score_low"));
    items.push_back(c);
  }
  return items;
}

const std::vector<CareItem>& master() {
  static const std::vector<CareItem> items = load_care_items();
  return items;
}

Score score(const std::vector<ChildCareItem>& items) { return compute_score(items, master()); }

// Dates for the property tests, computed with <chrono> as an independent check of derive.cpp's own helpers.
std::string iso(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::chrono::sys_days day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

const std::chrono::days kOneDay{1};

}  // namespace

// ---- Age

TEST(DeriveAge, DayBeforeAndDayOfBirthday) {
  EXPECT_EQ(age_on("2018-04-01", "2018-04-01"), 0);
  EXPECT_EQ(age_on("2018-04-01", "2019-03-31"), 0);
  EXPECT_EQ(age_on("2018-04-01", "2019-04-01"), 1);
  EXPECT_EQ(age_on("2018-04-01", "2024-03-31"), 5);
  EXPECT_EQ(age_on("2018-04-01", "2024-04-01"), 6);
  EXPECT_EQ(age_on("2006-12-31", "2024-12-30"), 17);
  EXPECT_EQ(age_on("2006-12-31", "2024-12-31"), 18);
  EXPECT_EQ(age_on("2007-01-01", "2024-12-31"), 17);
}

TEST(DeriveAge, LeapDayBirthdayCountsOnFirstMarchInCommonYears) {
  EXPECT_EQ(age_on("2016-02-29", "2017-02-28"), 0);
  EXPECT_EQ(age_on("2016-02-29", "2017-03-01"), 1);
  EXPECT_EQ(age_on("2016-02-29", "2020-02-28"), 3);
  EXPECT_EQ(age_on("2016-02-29", "2020-02-29"), 4);  // leap year: the real birthday
  EXPECT_EQ(age_on("2016-02-29", "2020-03-01"), 4);
  EXPECT_EQ(age_on("2000-02-29", "2100-02-28"), 99);  // 2100 is not a leap year
  EXPECT_EQ(age_on("2000-02-29", "2100-03-01"), 100);
}

TEST(DeriveAge, BeforeBirthIsNullopt) {
  EXPECT_EQ(age_on("2018-04-01", "2018-03-31"), std::nullopt);
  EXPECT_EQ(age_on("2018-04-01", "1999-12-31"), std::nullopt);
}

TEST(DeriveAge, MalformedDatesAreNullopt) {
  for (std::string_view bad : {"", "2018", "2018-02-30", "2018-13-01", "2018-00-10", "2018-01-00", "2019-02-29",
                               "1900-02-29", "0000-01-01", "2018/04/01", "20180401", "2018-4-1", "2018-04-01 ",
                               "abcd-ef-gh", "２０１８-04-01", "-018-04-01", "2018-04-01T00:00"}) {
    EXPECT_EQ(age_on(bad, "2024-04-01"), std::nullopt) << bad;
    EXPECT_EQ(age_on("2018-04-01", bad), std::nullopt) << bad;
  }
  EXPECT_EQ(age_on("2000-02-29", "2000-02-29"), 0);  // 2000 is a leap year
}

TEST(DeriveAge, MatchesChronoForEveryBirthdayOfALeapYear) {
  for (auto b = day(2016, 1, 1); b <= day(2016, 12, 31); b += kOneDay) {
    std::chrono::year_month_day ymd{b};
    auto birthday2023 = std::chrono::year_month_day{std::chrono::year{2023}, ymd.month(), ymd.day()};
    auto reached = birthday2023.ok() ? std::chrono::sys_days(birthday2023) : day(2023, 3, 1);
    EXPECT_EQ(age_on(iso(b), iso(reached - kOneDay)), 6) << iso(b);
    EXPECT_EQ(age_on(iso(b), iso(reached)), 7) << iso(b);
  }
}

// ---- School grade

TEST(DeriveSchoolGrade, FirstAprilBirthdayGoesWithTheEarlierYear) {
  // Born 1 April 2018: legally 6 at the end of 31 March 2024, so school from 1 April 2024.
  EXPECT_EQ(school_grade("2018-04-01", "2024-03-31"), (SchoolGrade{"preschool", 5}));
  EXPECT_EQ(school_grade("2018-04-01", "2024-04-01"), (SchoolGrade{"elementary", 1}));
  // Born 2 April 2018: a year later.
  EXPECT_EQ(school_grade("2018-04-02", "2024-04-01"), (SchoolGrade{"preschool", 5}));
  EXPECT_EQ(school_grade("2018-04-02", "2025-03-31"), (SchoolGrade{"preschool", 5}));
  EXPECT_EQ(school_grade("2018-04-02", "2025-04-01"), (SchoolGrade{"elementary", 1}));
  // Born 31 March 2019 shares the grade of 2 April 2018.
  EXPECT_EQ(school_grade("2019-03-31", "2025-04-01"), (SchoolGrade{"elementary", 1}));
}

TEST(DeriveSchoolGrade, NurseryClassIsTheAgeOnFirstApril) {
  // Born 2 April 2018: 0 on 1 April 2019, 1 on 1 April 2020, …
  EXPECT_EQ(school_grade("2018-04-02", "2018-04-02"), (SchoolGrade{"preschool", 0}));
  EXPECT_EQ(school_grade("2018-04-02", "2019-03-31"), (SchoolGrade{"preschool", 0}));
  EXPECT_EQ(school_grade("2018-04-02", "2019-04-01"), (SchoolGrade{"preschool", 0}));
  EXPECT_EQ(school_grade("2018-04-02", "2020-04-01"), (SchoolGrade{"preschool", 1}));
  EXPECT_EQ(school_grade("2018-04-02", "2021-04-01"), (SchoolGrade{"preschool", 2}));
  EXPECT_EQ(school_grade("2018-04-02", "2022-04-01"), (SchoolGrade{"preschool", 3}));
  EXPECT_EQ(school_grade("2018-04-02", "2023-04-01"), (SchoolGrade{"preschool", 4}));
  // Born 1 April 2018: already 1 on 1 April 2019 (legal reckoning).
  EXPECT_EQ(school_grade("2018-04-01", "2018-04-01"), (SchoolGrade{"preschool", 0}));
  EXPECT_EQ(school_grade("2018-04-01", "2019-04-01"), (SchoolGrade{"preschool", 1}));
}

TEST(DeriveSchoolGrade, ThroughSchoolAndAfter) {
  // Cohort of 2 April 2018 – 1 April 2019: elementary 2025–2030, junior high 2031–2033, high school 2034–2036.
  EXPECT_EQ(school_grade("2018-04-02", "2026-04-01"), (SchoolGrade{"elementary", 2}));
  EXPECT_EQ(school_grade("2018-04-02", "2031-03-31"), (SchoolGrade{"elementary", 6}));
  EXPECT_EQ(school_grade("2018-04-02", "2031-04-01"), (SchoolGrade{"junior_high", 1}));
  EXPECT_EQ(school_grade("2018-04-02", "2034-03-31"), (SchoolGrade{"junior_high", 3}));
  EXPECT_EQ(school_grade("2018-04-02", "2034-04-01"), (SchoolGrade{"high_school", 1}));
  EXPECT_EQ(school_grade("2018-04-02", "2037-03-31"), (SchoolGrade{"high_school", 3}));
  EXPECT_EQ(school_grade("2018-04-02", "2037-04-01"), (SchoolGrade{"post_high_school", 1}));
  EXPECT_EQ(school_grade("2018-04-02", "2040-01-15"), (SchoolGrade{"post_high_school", 3}));
}

TEST(DeriveSchoolGrade, LeapDayBirth) {
  // Born 29 February 2016: cohort 2 April 2015 – 1 April 2016, school from 1 April 2022.
  EXPECT_EQ(school_grade("2016-02-29", "2022-03-31"), (SchoolGrade{"preschool", 5}));
  EXPECT_EQ(school_grade("2016-02-29", "2022-04-01"), (SchoolGrade{"elementary", 1}));
  EXPECT_EQ(school_grade("2016-02-29", "2024-02-29"), (SchoolGrade{"elementary", 2}));
}

TEST(DeriveSchoolGrade, BadInputIsNullopt) {
  EXPECT_EQ(school_grade("2018-04-02", "2018-04-01"), std::nullopt);
  EXPECT_EQ(school_grade("2018-02-30", "2024-04-01"), std::nullopt);
  EXPECT_EQ(school_grade("2018-04-02", ""), std::nullopt);
  EXPECT_EQ(school_grade("", ""), std::nullopt);
}

TEST(DeriveSchoolGrade, Labels) {
  EXPECT_EQ(school_grade_label_ja({"elementary", 2}), "小学2年");
  EXPECT_EQ(school_grade_label_ja({"junior_high", 1}), "中学1年");
  EXPECT_EQ(school_grade_label_ja({"high_school", 3}), "高校3年");
  EXPECT_EQ(school_grade_label_ja({"preschool", 5}), "年長（5歳児クラス）");
  EXPECT_EQ(school_grade_label_ja({"preschool", 4}), "年中（4歳児クラス）");
  EXPECT_EQ(school_grade_label_ja({"preschool", 3}), "年少（3歳児クラス）");
  EXPECT_EQ(school_grade_label_ja({"preschool", 2}), "2歳児クラス");
  EXPECT_EQ(school_grade_label_ja({"preschool", 0}), "0歳児クラス");
  EXPECT_EQ(school_grade_label_ja({"post_high_school", 2}), "高校卒業後");
  EXPECT_EQ(school_grade_label_ja({"university", 1}), "");
}

// ---- Score. Points from data/master/care_items.csv as basic / watch high / mid / low.

TEST(DeriveScore, MasterDataLoaded) {
  ASSERT_EQ(master().size(), 23u);
  ASSERT_EQ(master()[0].code, "ventilator");
  EXPECT_EQ(master()[0].basic_score, 10);
  EXPECT_EQ(master()[0].watch_score_mid, 1);
}

TEST(DeriveScore, WorkedExampleVentilatorTracheostomySuctionFeeding) {
  // ventilator 10 + high 2 = 12; tracheostomy 8 (+2 not added with a ventilator); suction 8 + high 1 = 9;
  // tube_feeding_route 8 + high 2 = 10. 12 + 8 + 9 + 10 = 39 → band 3 (≥ 32).
  Score s = score({{"ventilator", "high"}, {"tracheostomy", "high"}, {"suction", "high"},
                   {"tube_feeding_route", "high"}});
  EXPECT_EQ(s.total, 39);
  EXPECT_TRUE(s.meets_threshold);
  EXPECT_EQ(s.band, 3);
  EXPECT_TRUE(s.errors.empty());
  ASSERT_EQ(s.items.size(), 4u);
  EXPECT_EQ(s.items[1].code, "tracheostomy");
  EXPECT_EQ(s.items[1].basic, 8);
  EXPECT_EQ(s.items[1].watch, 2);
  EXPECT_FALSE(s.items[1].watch_counted);
  EXPECT_TRUE(s.items[0].watch_counted);
}

TEST(DeriveScore, TracheostomyRuleDoesNotDependOnOrder) {
  // tracheostomy 8 (+2 not added) + ventilator 10 + low 0 = 18 → band 2.
  Score s = score({{"tracheostomy", "high"}, {"ventilator", "low"}});
  EXPECT_EQ(s.total, 18);
  EXPECT_EQ(s.band, 2);
  EXPECT_FALSE(s.items[0].watch_counted);
}

TEST(DeriveScore, TracheostomyWithoutVentilatorCountsItsWatch) {
  Score s = score({{"tracheostomy", "high"}});  // 8 + 2
  EXPECT_EQ(s.total, 10);
  EXPECT_TRUE(s.items[0].watch_counted);
  EXPECT_EQ(s.band, 1);
}

TEST(DeriveScore, TracheostomyWatchCountsWhenTheVentilatorCannotBeScored) {
  // The ventilator has no level "x", so it is not scored: tracheostomy 8 + 2 = 10.
  Score s = score({{"ventilator", "x"}, {"tracheostomy", "high"}});
  EXPECT_EQ(s.total, 10);
  EXPECT_EQ(s.errors.size(), 1u);
}

TEST(DeriveScore, SingleItems) {
  EXPECT_EQ(score({{"oxygen_therapy", "low"}}).total, 8);    // 8 + 0
  EXPECT_EQ(score({{"oxygen_therapy", "high"}}).total, 9);   // 8 + 1
  EXPECT_EQ(score({{"ventilator", "mid"}}).total, 11);       // 10 + 1
  EXPECT_EQ(score({{"ventilator", "low"}}).total, 10);       // 10 + 0
  EXPECT_EQ(score({{"seizure_management", "high"}}).total, 5);  // 3 + 2
  Score nebulizer = score({{"nebulizer", ""}});  // 3, no watch level needed: its watch score is always 0
  EXPECT_EQ(nebulizer.total, 3);
  EXPECT_TRUE(nebulizer.meets_threshold);
  EXPECT_EQ(nebulizer.band, 1);
  EXPECT_TRUE(nebulizer.errors.empty());
  EXPECT_EQ(score({{"nebulizer", "high"}}).total, 3);  // 3 + 0
  EXPECT_EQ(score({{"enema", "low"}}).total, 3);
}

TEST(DeriveScore, EmptyIsZero) {
  Score s = score({});
  EXPECT_EQ(s.total, 0);
  EXPECT_FALSE(s.meets_threshold);
  EXPECT_EQ(s.band, 0);
  EXPECT_TRUE(s.items.empty());
  EXPECT_TRUE(s.errors.empty());
}

TEST(DeriveScore, BandBoundaries) {
  // ventilator 10 + low 0, intermittent_catheterization 5 → 15
  EXPECT_EQ(score({{"ventilator", "low"}, {"intermittent_catheterization", ""}}).band, 1);
  // ventilator 10 + low 0, nebulizer 3, enema 3 → 16
  Score s16 = score({{"ventilator", "low"}, {"nebulizer", ""}, {"enema", ""}});
  EXPECT_EQ(s16.total, 16);
  EXPECT_EQ(s16.band, 2);
  // ventilator 10 + mid 1, central_venous_catheter 8 + 2, dialysis 8 + 2 → 31
  Score s31 = score({{"ventilator", "mid"}, {"central_venous_catheter", "high"}, {"dialysis", "high"}});
  EXPECT_EQ(s31.total, 31);
  EXPECT_EQ(s31.band, 2);
  // the same with ventilator high (10 + 2) → 32
  Score s32 = score({{"ventilator", "high"}, {"central_venous_catheter", "high"}, {"dialysis", "high"}});
  EXPECT_EQ(s32.total, 32);
  EXPECT_EQ(s32.band, 3);
}

TEST(DeriveScore, EveryItemAtHighLevel) {
  // 12 ventilator + 8 tracheostomy (watch not added) + 6 nasopharyngeal_airway + 9 oxygen + 9 suction + 3 nebulizer
  // + 10 route + 4 pump + 10 CVC + 6 subcutaneous_injection + 4 subcutaneous_pump + 4 blood_glucose + 10 dialysis
  // + 5 intermittent + 4 continuous drainage + 6 gi_stoma + 5 manual evacuation + 3 enema + 5 seizure = 123
  std::vector<ChildCareItem> all;
  for (const CareItem& c : master())
    if (c.basic_score) all.push_back({c.code, "high"});
  ASSERT_EQ(all.size(), 19u);
  Score s = score(all);
  EXPECT_EQ(s.total, 123);
  EXPECT_EQ(s.band, 3);
  EXPECT_TRUE(s.errors.empty()) << s.errors[0];
}

TEST(DeriveScore, FeedingPumpOnTopOfRoute) {
  Score s = score({{"tube_feeding_route", "high"}, {"tube_feeding_pump", "high"}});  // 8 + 2 + 3 + 1
  EXPECT_EQ(s.total, 14);
  EXPECT_TRUE(s.errors.empty());
}

TEST(DeriveScore, FeedingPumpWithoutRouteIsScoredAndReported) {
  Score s = score({{"tube_feeding_pump", "high"}});  // 3 + 1
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.band, 1);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("持続経管注入ポンプ"), std::string::npos);
}

TEST(DeriveScore, UnsupportedWatchLevelIsNotScored) {
  Score mid = score({{"tracheostomy", "mid"}, {"suction", "low"}});  // only suction: 8 + 0
  EXPECT_EQ(mid.total, 8);
  ASSERT_EQ(mid.items.size(), 1u);
  ASSERT_EQ(mid.errors.size(), 1u);
  EXPECT_NE(mid.errors[0].find("気管切開"), std::string::npos);
  EXPECT_NE(mid.errors[0].find("「中」"), std::string::npos);
  EXPECT_EQ(score({{"suction", "HIGH"}}).total, 0);
  EXPECT_EQ(score({{"suction", "高"}}).errors.size(), 1u);
}

TEST(DeriveScore, MissingWatchLevelIsNotScoredWhereItMatters) {
  Score s = score({{"suction", ""}});  // watch 1 or 0: the level is needed
  EXPECT_EQ(s.total, 0);
  EXPECT_FALSE(s.meets_threshold);
  EXPECT_EQ(s.errors.size(), 1u);
}

TEST(DeriveScore, UnknownCodeAndCategoryHeaderAreReported) {
  Score s = score({{"tube_feeding", "high"}, {"teleportation", "high"}, {"", ""}, {"gi_stoma", "low"}});
  EXPECT_EQ(s.total, 5);  // gi_stoma 5 + 0
  ASSERT_EQ(s.errors.size(), 3u);
  EXPECT_NE(s.errors[0].find("経管栄養"), std::string::npos);
  EXPECT_NE(s.errors[1].find("teleportation"), std::string::npos);
  for (const char* header : {"injection", "urinary_catheterization", "bowel_management"})
    EXPECT_EQ(score({{header, "low"}}).total, 0) << header;
}

TEST(DeriveScore, DuplicatesCountOnce) {
  Score same = score({{"suction", "high"}, {"suction", "high"}});  // 8 + 1, once
  EXPECT_EQ(same.total, 9);
  EXPECT_EQ(same.items.size(), 1u);
  EXPECT_TRUE(same.errors.empty());
  Score differ = score({{"suction", "low"}, {"suction", "high"}});  // first wins: 8 + 0, reported
  EXPECT_EQ(differ.total, 8);
  EXPECT_EQ(differ.errors.size(), 1u);
  Score first_bad = score({{"suction", "mid"}, {"suction", "high"}});  // the first that can be scored: 8 + 1
  EXPECT_EQ(first_bad.total, 9);
  EXPECT_EQ(first_bad.errors.size(), 1u);
}

TEST(DeriveScore, EmptyMasterReportsEveryItem) {
  Score s = compute_score({{"ventilator", "high"}, {"suction", "low"}}, {});
  EXPECT_EQ(s.total, 0);
  EXPECT_EQ(s.errors.size(), 2u);
}

// ---- Devices

TEST(DeriveDevice, PowerDefaults) {
  for (std::string_view kind : {"ventilator", "suction_unit", "oxygen_concentrator", "feeding_pump", "infusion_pump",
                                "humidifier", "cough_assist", "nebulizer", "pulse_oximeter"})
    EXPECT_TRUE(device_needs_power_by_default(kind)) << kind;
  for (std::string_view kind : {"other", "", "Ventilator", "oxygen_cylinder"})
    EXPECT_FALSE(device_needs_power_by_default(kind)) << kind;
}

TEST(DeriveDevice, ElectricityDependentFollowsTheRecordedFlag) {
  EXPECT_FALSE(electricity_dependent({}));
  Device battery_pump{"feeding_pump", "", 24.0, false};
  Device ventilator{"ventilator", "", 8.0, true};
  EXPECT_FALSE(electricity_dependent({battery_pump}));
  EXPECT_TRUE(electricity_dependent({battery_pump, ventilator}));
}

// ---- Transitions

TEST(DeriveTransition, FirstAndSecondApril) {
  std::vector<Transition> april1 = {{"preschool_entry", "2021-04-01"}, {"school_entry", "2024-04-01"},
                                    {"junior_high_entry", "2030-04-01"}, {"high_school_entry", "2033-04-01"},
                                    {"adulthood", "2036-04-01"}};
  EXPECT_EQ(transitions("2018-04-01"), april1);
  std::vector<Transition> april2 = {{"preschool_entry", "2022-04-01"}, {"school_entry", "2025-04-01"},
                                    {"junior_high_entry", "2031-04-01"}, {"high_school_entry", "2034-04-01"},
                                    {"adulthood", "2036-04-02"}};
  EXPECT_EQ(transitions("2018-04-02"), april2);
}

TEST(DeriveTransition, LeapDayBirth) {
  std::vector<Transition> expected = {{"preschool_entry", "2019-04-01"}, {"school_entry", "2022-04-01"},
                                      {"junior_high_entry", "2028-04-01"}, {"high_school_entry", "2031-04-01"},
                                      {"adulthood", "2034-03-01"}};
  EXPECT_EQ(transitions("2016-02-29"), expected);
  EXPECT_EQ(transitions("2012-02-29").back().date, "2030-03-01");
  EXPECT_EQ(transitions("1996-02-29").back().date, "2014-03-01");
  EXPECT_EQ(transitions("2006-02-28").back().date, "2024-02-28");
}

TEST(DeriveTransition, AgreesWithGradeAndAgeForEveryBirthdayOfTwoYears) {
  for (auto b = day(2015, 1, 1); b <= day(2016, 12, 31); b += kOneDay) {
    std::string birth = iso(b);
    auto ts = transitions(birth);
    ASSERT_EQ(ts.size(), 5u) << birth;
    for (std::size_t i = 1; i < ts.size(); ++i) EXPECT_LT(ts[i - 1].date, ts[i].date) << birth;
    EXPECT_EQ(school_grade(birth, ts[0].date), (SchoolGrade{"preschool", 3})) << birth;
    EXPECT_EQ(school_grade(birth, ts[1].date), (SchoolGrade{"elementary", 1})) << birth;
    EXPECT_EQ(age_on(birth, ts[1].date), 6) << birth;  // everyone is 6 on entering school
    EXPECT_EQ(school_grade(birth, ts[2].date), (SchoolGrade{"junior_high", 1})) << birth;
    EXPECT_EQ(school_grade(birth, ts[3].date), (SchoolGrade{"high_school", 1})) << birth;
    EXPECT_EQ(age_on(birth, ts[4].date), 18) << birth;
  }
}

TEST(DeriveTransition, NextIsStrictlyAfter) {
  EXPECT_EQ(next_transition("2018-04-02", "2010-01-01"), (Transition{"preschool_entry", "2022-04-01"}));
  EXPECT_EQ(next_transition("2018-04-02", "2025-03-31"), (Transition{"school_entry", "2025-04-01"}));
  EXPECT_EQ(next_transition("2018-04-02", "2025-04-01"), (Transition{"junior_high_entry", "2031-04-01"}));
  EXPECT_EQ(next_transition("2018-04-02", "2036-04-01"), (Transition{"adulthood", "2036-04-02"}));
  EXPECT_EQ(next_transition("2018-04-02", "2036-04-02"), std::nullopt);
}

TEST(DeriveTransition, BadInput) {
  EXPECT_TRUE(transitions("").empty());
  EXPECT_TRUE(transitions("2018-02-29").empty());
  EXPECT_EQ(next_transition("2018-04-02", "2025/03/31"), std::nullopt);
  EXPECT_EQ(next_transition("bad", "2025-03-31"), std::nullopt);
  EXPECT_EQ(transitions("9999-12-31").size(), 5u);  // no crash at the end of the range
}

TEST(DeriveTransition, Labels) {
  EXPECT_EQ(transition_label_ja("preschool_entry"), "就園");
  EXPECT_EQ(transition_label_ja("school_entry"), "就学");
  EXPECT_EQ(transition_label_ja("junior_high_entry"), "中学校入学");
  EXPECT_EQ(transition_label_ja("high_school_entry"), "高校入学");
  EXPECT_EQ(transition_label_ja("adulthood"), "18歳（成人期への移行）");
  EXPECT_EQ(transition_label_ja("graduation"), "");
}
