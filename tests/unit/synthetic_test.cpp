// The synthetic registry records (registry/synthetic.h): deterministic, valid for the registry's own checks,
// and shaped like a registry (ages, care-item combinations, devices, consents); the demo records through
// Registry::create with the consent-bound visibility they are meant to show.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "app/demo.h"
#include "core/audit/audit_log.h"
#include "core/auth/accounts.h"
#include "core/db/migrate.h"
#include "core/text/normalize.h"
#include "master/master_data.h"
#include "registry/derive.h"
#include "registry/record_json.h"
#include "registry/service.h"
#include "registry/synthetic.h"
#include "resources/service.h"
#include "resources/synthetic.h"
#include "support/test_db.h"

namespace tsunagu::registry {
namespace {

const std::string kToday = "2026-11-21";

// Master data as the server loads it, once for the suite.
class Synthetic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tdb_ = new testing::TestDatabase("sqlite");
    db_ = db::Database::open(tdb_->url(), 2).release();
    db::migrate(*db_);
    master::seed_master_data(*db_);
    md_ = new master::MasterData;
    md_->load(*db_);
  }
  static void TearDownTestSuite() {
    delete md_;
    delete db_;
    delete tdb_;
  }
  static std::string dump(const SyntheticChild& s) {
    nlohmann::json j = record_json(s.child);
    for (const Consent& k : s.consents) j["test_consents"].push_back(consent_json(k));
    return j.dump();
  }
  static bool has_item(const Child& c, const std::string& code) {
    return std::any_of(c.care_items.begin(), c.care_items.end(), [&](const ChildCareItem& i) { return i.code == code; });
  }
  static bool has_device(const Child& c, const std::string& kind) {
    return std::any_of(c.devices.begin(), c.devices.end(), [&](const Device& d) { return d.kind == kind; });
  }
  static bool active_consent(const SyntheticChild& s, const std::string& scope) {
    return std::any_of(s.consents.begin(), s.consents.end(),
                       [&](const Consent& k) { return k.scope == scope && k.active(); });
  }

  static testing::TestDatabase* tdb_;
  static db::Database* db_;
  static master::MasterData* md_;
};

testing::TestDatabase* Synthetic::tdb_ = nullptr;
db::Database* Synthetic::db_ = nullptr;
master::MasterData* Synthetic::md_ = nullptr;

TEST_F(Synthetic, SameSeedSameRecordsAndALongerListStartsWithTheShorter) {
  auto a = synthetic_children(300, *md_, "", 42, kToday);
  auto b = synthetic_children(300, *md_, "", 42, kToday);
  auto prefix = synthetic_children(50, *md_, "", 42, kToday);
  auto other = synthetic_children(300, *md_, "", 43, kToday);
  ASSERT_EQ(a.size(), 300u);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(dump(a[i]), dump(b[i])) << "child " << i;
    if (i < prefix.size()) { EXPECT_EQ(dump(a[i]), dump(prefix[i])) << "child " << i; }
    differing += dump(a[i]) != dump(other[i]);
  }
  EXPECT_GT(differing, 290u);
  EXPECT_THROW(synthetic_children(1, *md_, "", 1, "2026-02-30"), std::invalid_argument);
  EXPECT_THROW(synthetic_children(1, *md_, "99", 1, kToday), std::invalid_argument);
}

TEST_F(Synthetic, EveryRecordPassesTheRegistryChecksUnchanged) {
  for (const std::string& pref : {std::string(""), std::string("35"), std::string("13")}) {
    auto children = synthetic_children(pref.empty() ? 3000 : 400, *md_, pref, 7, kToday);
    for (std::size_t i = 0; i < children.size(); ++i) {
      const SyntheticChild& s = children[i];
      Child c = s.child;
      ValidationContext ctx{*md_, kToday, c.prefecture_code, [](long long) { return false; }};
      FieldErrors e = normalise_and_check(c, ctx);
      std::string why;
      for (const auto& [field, message] : e) why += field + ": " + message + "; ";
      ASSERT_TRUE(e.empty()) << "prefecture '" << pref << "' child " << i << ": " << why << dump(s);
      // Already in the stored form: the checks normalise nothing away.
      EXPECT_EQ(record_json(c), record_json(s.child)) << "child " << i;
      if (!pref.empty()) { EXPECT_EQ(c.prefecture_code, pref); }
      EXPECT_GE(compute_score(c.care_items, md_->care_items()).total, kScoreThreshold) << dump(s);
      EXPECT_TRUE(compute_score(c.care_items, md_->care_items()).errors.empty()) << dump(s);
      for (std::size_t k = 0; k < s.consents.size(); ++k) {
        Consent consent = s.consents[k];
        EXPECT_TRUE(one_of(consent.scope, kConsentScopes));
        EXPECT_TRUE(one_of(consent.method, kConsentMethods));
        EXPECT_EQ(normalise_date(consent.given_on, true, kToday, false), "");
        EXPECT_GE(consent.given_on, c.birth_date);
        if (!consent.active()) {
          EXPECT_GE(consent.withdrawn_on, consent.given_on);
          EXPECT_LE(consent.withdrawn_on, kToday);
        }
        if (k == 0) { EXPECT_EQ(consent.scope, "registration"); }
      }
    }
  }
}

TEST_F(Synthetic, LooksLikeARegistry) {
  const std::size_t n = 5000;
  auto children = synthetic_children(n, *md_, "", 2026, kToday);
  std::map<int, int> ages;
  std::map<std::string, int> items, statuses, prefectures;
  int ventilator = 0, ventilator_trach = 0, ventilator_suction = 0, registration = 0, sharing = 0, withdrawn = 0,
      electricity = 0;
  static const std::regex phone("0[789]0-0000-[0-9]{4}");
  static const std::string kVariants[] = {"髙橋", "山﨑", "渡邊", "齋藤"};
  std::set<std::string> variants_seen;
  for (const SyntheticChild& s : children) {
    const Child& c = s.child;
    auto age = age_on(c.birth_date, kToday);
    ASSERT_TRUE(age.has_value());
    ASSERT_GE(*age, 0);
    ASSERT_LE(*age, 19);
    ++ages[*age];
    for (const ChildCareItem& i : c.care_items) ++items[i.code];
    ++statuses[c.status];
    ++prefectures[c.prefecture_code];
    if (c.status == "adult_services") { EXPECT_GE(*age, 18); }
    if (c.status != "active") { EXPECT_FALSE(c.status_date.empty()); }

    // Never a prefecture row or a designated city: those have wards (or are no municipality at all).
    const master::Municipality* m = md_->municipality(c.municipality_code);
    ASSERT_NE(m, nullptr);
    EXPECT_NE(m->level, "prefecture");
    EXPECT_NE(m->level, "designated_city");

    // Care items come with what they need.
    if (has_item(c, "ventilator")) {
      ++ventilator;
      ventilator_trach += has_item(c, "tracheostomy");
      ventilator_suction += has_item(c, "suction");
      EXPECT_TRUE(has_device(c, "ventilator"));
      for (const Device& d : c.devices)
        if (d.kind == "ventilator") {
          ASSERT_TRUE(d.battery_hours.has_value());
          EXPECT_GT(*d.battery_hours, 0);
          EXPECT_TRUE(d.needs_power);
        }
    }
    if (has_item(c, "suction")) { EXPECT_TRUE(has_device(c, "suction_unit")); }
    if (has_item(c, "tube_feeding_pump")) {
      EXPECT_TRUE(has_item(c, "tube_feeding_route"));
      EXPECT_TRUE(has_device(c, "feeding_pump"));
    }
    if (has_item(c, "subcutaneous_pump")) { EXPECT_TRUE(has_item(c, "subcutaneous_injection")); }
    if (has_device(c, "ventilator")) { EXPECT_TRUE(has_item(c, "ventilator")); }
    electricity += electricity_dependent(c.devices);

    // Life stage follows the school grade.
    auto grade = school_grade(c.birth_date, kToday);
    ASSERT_TRUE(grade.has_value());
    static const std::map<std::string, std::set<std::string>> kStages = {
        {"preschool", {"home", "nursery", "kindergarten", "certified_childcare", "child_development_support"}},
        {"elementary", {"elementary", "special_needs_school", "home_visit_education"}},
        {"junior_high", {"junior_high", "special_needs_school", "home_visit_education"}},
        {"high_school", {"high_school", "special_needs_school", "home_visit_education"}},
        {"post_high_school", {"graduated"}}};
    EXPECT_TRUE(kStages.at(grade->stage).count(c.life_stage)) << grade->stage << " " << c.life_stage;
    if (grade->stage == "preschool" && grade->year < 3) {
      EXPECT_NE(c.life_stage, "kindergarten");
      EXPECT_NE(c.life_stage, "certified_childcare");
    }

    // Guardians: someone to call, at a number that cannot be a real one.
    ASSERT_FALSE(c.guardians.empty());
    for (const Guardian& g : c.guardians) EXPECT_TRUE(std::regex_match(g.phone, phone)) << g.phone;
    for (const std::string& v : kVariants)
      if (c.family_name == v) variants_seen.insert(v);

    registration += active_consent(s, "registration");
    sharing += active_consent(s, "municipality_sharing");
    withdrawn += std::any_of(s.consents.begin(), s.consents.end(), [](const Consent& k) { return !k.active(); });
  }
  auto share = [&](int count) { return static_cast<double>(count) / n; };
  // Skewed young: more under-6s than 12–17s, and fewer at 19 than at 1.
  int under6 = 0, teens = 0;
  for (auto [age, count] : ages) {
    if (age < 6) under6 += count;
    else if (age >= 12 && age < 18) teens += count;
  }
  EXPECT_GT(under6, teens * 3 / 2);
  EXPECT_GT(ages[1], ages[19] * 2);
  EXPECT_GT(ages[19], 0);

  EXPECT_GT(share(ventilator), 0.12);
  EXPECT_LT(share(ventilator), 0.30);
  EXPECT_GT(static_cast<double>(ventilator_trach) / ventilator, 0.6);
  EXPECT_GT(static_cast<double>(ventilator_suction) / ventilator, 0.8);
  EXPECT_GT(share(items["tube_feeding_route"]), 0.35);
  EXPECT_GT(share(items["oxygen_therapy"]), 0.15);
  EXPECT_GT(items["dialysis"], 0);
  EXPECT_LT(share(items["dialysis"]), 0.03);
  EXPECT_GT(share(electricity), 0.3);
  EXPECT_LT(share(electricity), 0.85);

  EXPECT_GT(share(statuses["active"]), 0.85);
  EXPECT_GT(statuses["moved_out"], 0);
  EXPECT_GT(statuses["deceased"], 0);
  EXPECT_GT(statuses["adult_services"], 0);

  EXPECT_GT(share(registration), 0.9);
  EXPECT_GT(share(sharing), 0.62);
  EXPECT_LT(share(sharing), 0.78);
  EXPECT_GT(withdrawn, 0);
  EXPECT_LT(share(withdrawn), 0.15);

  EXPECT_EQ(prefectures.size(), 47u);  // national: every prefecture
  EXPECT_GT(prefectures["13"], prefectures["31"]);  // Tokyo against Tottori
  EXPECT_EQ(variants_seen.size(), std::size(kVariants));
  EXPECT_EQ(text::name_key("髙橋"), text::name_key("高橋"));  // what the search demo relies on
  EXPECT_EQ(text::name_key("山﨑"), text::name_key("山崎"));
}

TEST_F(Synthetic, DemoChildrenGoInThroughTheRegistryWithTheirConsents) {
  testing::TestDatabase tdb("sqlite");
  auto db = db::Database::open(tdb.url(), 4);
  db::migrate(*db);
  master::seed_master_data(*db);
  master::MasterData md;
  md.load(*db);
  audit::AuditLog audit(*db);
  auth::Users users(*db);
  Registry registry(*db, audit, md);
  EXPECT_EQ(seed_demo_children(registry, users), 0u);  // no demo accounts yet
  resources::Directory directory(*db, audit, md);
  ASSERT_GT(resources::seed_demo_facilities(directory, "35", 1, 20261121), 0u);  // the demo facility user's
  ASSERT_FALSE(seed_demo(users).empty());
  ASSERT_EQ(seed_demo_children(registry, users), 120u);
  EXPECT_EQ(seed_demo_children(registry, users), 0u);  // only once

  auto principal = [&](const std::string& login) { return *users.principal(users.find(login)->id); };
  const std::string today = today_in_japan();
  ListFilter all;
  all.per_page = 0;
  ListResult center = registry.store().list(principal("center"), all, today);
  EXPECT_EQ(center.total, 120);
  ListResult shimonoseki = registry.store().list(principal("shimonoseki"), all, today);
  ListResult yamaguchi = registry.store().list(principal("yamaguchi"), all, today);
  EXPECT_GE(shimonoseki.total, 4);
  EXPECT_GE(yamaguchi.total, 4);
  for (const ListRow& r : shimonoseki.rows) EXPECT_EQ(r.municipality_code, "352012");
  ListFilter in_shimonoseki = all;
  in_shimonoseki.municipality_code = "352012";
  EXPECT_GT(registry.store().list(principal("center"), in_shimonoseki, today).total, shimonoseki.total);
  EXPECT_EQ(registry.store().list(principal("coordinator"), all, today).total, 10);

  // Versions and audit entries as for a record typed in; withdrawn consents withdrawn.
  auto one = registry.store().get(center.rows.front().id);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->version, 1);
  EXPECT_EQ(registry.store().history(one->id).size(), 1u);
  audit::Filter created;
  created.action = "create";
  created.object_type = "child";
  EXPECT_EQ(audit.count(created), 120);
  audit::Filter withdrawals;
  withdrawals.object_type = "child_consent";
  EXPECT_GE(audit.count(withdrawals), 3);  // 下関, 山口, the coordinator's eleventh, and the random ones
  EXPECT_TRUE(audit.verify().ok);
}

}  // namespace
}  // namespace tsunagu::registry
