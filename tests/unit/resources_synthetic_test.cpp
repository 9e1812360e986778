// The synthetic resources (resources/synthetic.h): deterministic, valid for the directory's own checks, placed
// near their municipality, shaped like a directory (kinds, services, care items, organisations, staleness), and
// the demo facilities through Directory::create.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "app/app.h"
#include "core/audit/audit_log.h"
#include "core/db/migrate.h"
#include "master/master_data.h"
#include "resources/service.h"
#include "resources/synthetic.h"
#include "support/test_db.h"

namespace tsunagu::resources {
namespace {

constexpr long long kNow = 1795000000;  // 2026-11-18, a fixed reference for byte-identical output
constexpr long long kYear = 360LL * 24 * 3600;  // kConfirmMonths × 30 days, as Directory::stale counts

class ResourcesSynthetic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tdb_ = new testing::TestDatabase("sqlite");
    db_ = db::Database::open(tdb_->url(), 2).release();
    db::migrate(*db_);
    master::seed_master_data(*db_);
    md_ = new master::MasterData;
    md_->load(*db_);
    audit_ = new audit::AuditLog(*db_);
    dir_ = new Directory(*db_, *audit_, *md_);
    national_ = new SyntheticDirectory(synthetic_directory(6000, *md_, "", 11, kNow));
  }
  static void TearDownTestSuite() {
    delete national_;
    delete dir_;
    delete audit_;
    delete md_;
    delete db_;
    delete tdb_;
  }
  static std::string dump(const Facility& f) {
    return facility_json_snapshot(f) + "|" + f.prefecture_code + "|" + f.organization_name + "|" +
           std::to_string(f.confirmed_at.value_or(-1));
  }
  static double km(double lat1, double lng1, double lat2, double lng2) {
    constexpr double rad = 3.14159265358979323846 / 180;
    double dlat = (lat2 - lat1) * rad, dlng = (lng2 - lng1) * rad;
    double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlng / 2) * std::sin(dlng / 2);
    return 2 * 6371.0 * std::asin(std::sqrt(h));
  }
  static bool accepts(const Service& s, const std::string& item) {
    return std::any_of(s.care_items.begin(), s.care_items.end(), [&](const AcceptedCare& c) { return c.care_item == item; });
  }

  static testing::TestDatabase* tdb_;
  static db::Database* db_;
  static master::MasterData* md_;
  static audit::AuditLog* audit_;
  static Directory* dir_;
  static SyntheticDirectory* national_;
};

testing::TestDatabase* ResourcesSynthetic::tdb_ = nullptr;
db::Database* ResourcesSynthetic::db_ = nullptr;
master::MasterData* ResourcesSynthetic::md_ = nullptr;
audit::AuditLog* ResourcesSynthetic::audit_ = nullptr;
Directory* ResourcesSynthetic::dir_ = nullptr;
SyntheticDirectory* ResourcesSynthetic::national_ = nullptr;

TEST_F(ResourcesSynthetic, SameArgumentsSameFacilitiesAndALongerRunStartsWithAShorterOne) {
  auto a = synthetic_facilities(400, *md_, "", 11, kNow);
  auto b = synthetic_facilities(400, *md_, "", 11, kNow);
  auto shorter = synthetic_facilities(150, *md_, "", 11, kNow);
  auto other = synthetic_facilities(400, *md_, "", 12, kNow);
  ASSERT_EQ(a.size(), 400u);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(dump(a[i]), dump(b[i])) << i;
    if (i < shorter.size()) { EXPECT_EQ(dump(a[i]), dump(shorter[i])) << i; }
    differ += dump(a[i]) != dump(other[i]);
  }
  EXPECT_GT(differ, 390u);
  // The first facilities of the national suite's run are these too.
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(dump(a[i]), dump(national_->facilities[i].facility)) << i;

  FacilityGenerator g(*md_, "35", 5, kNow);
  auto yamaguchi = synthetic_directory(50, *md_, "35", 5, kNow);
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(dump(g.next().facility), dump(yamaguchi.facilities[i].facility)) << i;
  ASSERT_EQ(g.organizations().size(), yamaguchi.organizations.size());
}

TEST_F(ResourcesSynthetic, EveryFacilityPassesTheDirectorysChecksForItsPrefecture) {
  auto yamaguchi = synthetic_facilities(500, *md_, "35", 3, kNow);
  std::vector<Facility> all = yamaguchi;
  for (const SyntheticFacility& s : national_->facilities) all.push_back(s.facility);
  for (std::size_t i = 0; i < all.size(); ++i) {
    Facility f = all[i];
    FieldErrors e = dir_->validate(f);
    EXPECT_TRUE(e.empty()) << i << " " << f.name << ": " << (e.empty() ? "" : e.begin()->first + " " + e.begin()->second);
    EXPECT_EQ(f.name_kana, all[i].name_kana) << "already in katakana: " << f.name;
    EXPECT_FALSE(f.services.empty());
    EXPECT_LE(f.services.size(), 4u);
    const master::Municipality* m = md_->municipality(f.municipality_code);
    ASSERT_TRUE(m);
    EXPECT_NE(m->level, "designated_city");
  }
  for (const Facility& f : yamaguchi) EXPECT_EQ(f.prefecture_code, "35");
  for (const Organization& o : national_->organizations) {
    EXPECT_FALSE(o.name.empty());
    EXPECT_FALSE(o.name_kana.empty());
    EXPECT_TRUE(md_->prefecture(o.prefecture_code)) << o.name;
  }
}

TEST_F(ResourcesSynthetic, CoordinatesLieNearTheMunicipalityAndPhonesCannotBeDialled) {
  const std::regex phone(R"(0\d\d-000-\d{4})");
  for (const SyntheticFacility& s : national_->facilities) {
    const Facility& f = s.facility;
    const master::Municipality* m = md_->municipality(f.municipality_code);
    ASSERT_TRUE(m && f.lat && f.lng);
    EXPECT_LE(km(m->lat, m->lng, *f.lat, *f.lng), kMaxOffsetKm + 0.05) << f.name << " in " << m->name;
    EXPECT_TRUE(std::regex_match(f.phone, phone)) << f.phone;
    EXPECT_EQ(f.phone.substr(1, 2), f.prefecture_code);
    EXPECT_TRUE(f.website.empty() || f.website.rfind("https://example.jp/", 0) == 0) << f.website;
  }
  for (const Organization& o : national_->organizations) EXPECT_TRUE(std::regex_match(o.phone, phone)) << o.phone;
}

TEST_F(ResourcesSynthetic, RoughSharesLikeADirectory) {
  const auto& facilities = national_->facilities;
  const double n = static_cast<double>(facilities.size());
  std::size_t services = 0, closed = 0, stale = 0, with_org = 0, tokyo = 0, yamaguchi = 0;
  std::map<std::string, std::size_t> by_type, per_org;
  std::map<std::string, std::pair<std::size_t, std::size_t>> ventilator;  // type → (accepting, all)
  for (const SyntheticFacility& s : facilities) {
    const Facility& f = s.facility;
    services += f.services.size();
    closed += f.status == "closed";
    ASSERT_TRUE(f.confirmed_at);
    EXPECT_LE(*f.confirmed_at, kNow);
    EXPECT_GE(*f.confirmed_at, kNow - 731LL * 24 * 3600);
    stale += Directory::stale(f.confirmed_at, kNow);
    tokyo += f.prefecture_code == "13";
    yamaguchi += f.prefecture_code == "35";
    if (s.organization) {
      ++with_org;
      const Organization& o = national_->organizations.at(*s.organization);
      EXPECT_EQ(o.name, f.organization_name);
      EXPECT_EQ(o.prefecture_code, f.prefecture_code);
      ++per_org[o.prefecture_code + o.name + std::to_string(*s.organization)];
    } else {
      EXPECT_TRUE(f.organization_name.empty());
    }
    for (const Service& v : f.services) {
      ++by_type[v.service_type];
      auto& [yes, all] = ventilator[v.service_type];
      yes += accepts(v, "ventilator");
      ++all;
      if (v.service_type == "child_development_support") { EXPECT_LE(v.age_max.value_or(99), 5); }
      if (v.service_type == "after_school_day_service") { EXPECT_GE(v.age_min.value_or(0), 6); }
      if (v.service_type == "daily_life_care") { EXPECT_EQ(v.age_min.value_or(0), 18); }
      if (v.capacity && v.vacancy) { EXPECT_LE(*v.vacancy, *v.capacity); }
    }
  }
  double per_facility = static_cast<double>(services) / n;
  EXPECT_GT(per_facility, 2.7);
  EXPECT_LT(per_facility, 3.2);
  EXPECT_GT(closed / n, 0.015);
  EXPECT_LT(closed / n, 0.05);
  EXPECT_GT(stale / n, 0.22);
  EXPECT_LT(stale / n, 0.38);
  EXPECT_GT(tokyo / n, 0.07);
  EXPECT_LT(tokyo / n, 0.13);
  EXPECT_GT(yamaguchi, 0u);
  EXPECT_LT(yamaguchi / n, 0.02);
  // Organisations: most facilities belong to one, several facilities each on average, some large.
  EXPECT_GT(with_org / n, 0.6);
  EXPECT_LT(with_org / n, 0.85);
  double per_organisation = static_cast<double>(with_org) / static_cast<double>(per_org.size());
  EXPECT_GT(per_organisation, 2.0);
  EXPECT_LT(per_organisation, 3.5);
  std::size_t largest = 0;
  for (const auto& [name, count] : per_org) largest = std::max(largest, count);
  EXPECT_GE(largest, 6u);
  // Visiting nursing accepts most care, nurseries little; every service type occurs.
  auto share = [&](const std::string& type) {
    auto [yes, all] = ventilator[type];
    return all ? static_cast<double>(yes) / static_cast<double>(all) : -1.0;
  };
  EXPECT_GT(share("visiting_nursing"), 0.65);
  EXPECT_GT(share("short_stay_medical"), 0.6);
  EXPECT_LT(share("nursery"), 0.03);
  EXPECT_LT(share("kindergarten"), 0.01);
  for (const Code& c : kServiceTypes)
    if (c.code != "other") { EXPECT_GT(by_type[std::string(c.code)], 10u) << c.code; }
  EXPECT_GT(by_type["nursery"], by_type["special_needs_school"]);
}

TEST(ResourcesSyntheticDemo, SeedsAnEmptyPrefectureOnceThroughTheDirectory) {
  testing::TestDatabase tdb("sqlite");
  App app(tdb.url(), Settings{}, 2);
  Directory& dir = app.services().resources;
  EXPECT_EQ(seed_demo_facilities(dir, "35", 40, 20260401), 40u);
  EXPECT_EQ(seed_demo_facilities(dir, "35", 40, 20260401), 0u);  // the prefecture has facilities now

  auto first = dir.get(1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, "active");
  EXPECT_EQ(first->municipality_code, "352012");  // 下関市, the prefecture's first city
  const std::string& type = first->services.front().service_type;
  EXPECT_TRUE(type == "child_development_support" || type == "after_school_day_service") << type;
  EXPECT_EQ(dir.history(1).size(), 1u);

  Query q;
  q.prefecture_code = "35";
  q.per_page = 200;
  ResultPage page = dir.search(q);
  EXPECT_GT(page.total, 30);
  EXPECT_LE(page.total, 40);
  std::set<std::string> organisations;
  for (const Result& r : page.results)
    if (!r.hit.organization_name.empty()) organisations.insert(r.hit.organization_name);
  EXPECT_FALSE(organisations.empty());
  EXPECT_GE(dir.organizations("35").size(), organisations.size());
  EXPECT_TRUE(dir.organizations("13").empty());
}

}  // namespace
}  // namespace tsunagu::resources
