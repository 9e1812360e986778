// The HSDS 3.0 export of the resource directory, on both backends: the mapping (organisations, locations,
// services, ages, accepted care items with their conditions, features, capacity, municipality, opening hours),
// ids that stay the same across exports and edits, closed facilities and other prefectures left out, the
// public API pages, and the official HSDS 3.0 JSON schemas (tests/hsds/validate.mjs) accepting the export and
// rejecting a broken document.
#include "resources/hsds.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/app.h"
#include "support/test_db.h"
#include "support/node_script.h"

namespace tsunagu {
namespace {

using nlohmann::json;
using resources::Facility;
using resources::HsdsExport;
using resources::Service;

const audit::Actor kActor{std::nullopt, "center", "center_staff", "t", "127.0.0.1"};
const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

// ---- the validator (tests/hsds/validate.mjs), as tests/unit/fhir_test.cpp runs the FHIR one ----------------

const tsunagu::testing::NodeScript& validator() {
  static const tsunagu::testing::NodeScript v = tsunagu::testing::find_node_script(
      (std::filesystem::path(TSUNAGU_SOURCE_DIR) / "tests" / "hsds" / "validate.mjs").string(),
      "ajv or ajv-formats is missing");
  return v;
}

bool validator_required() { return tsunagu::testing::env_flag("TSUNAGU_REQUIRE_HSDS_VALIDATOR"); }

#define REQUIRE_HSDS_VALIDATOR()                                                            \
  do {                                                                                      \
    const tsunagu::testing::NodeScript& v_ = validator();                                                      \
    if (!v_.unavailable.empty()) {                                                          \
      if (validator_required()) FAIL() << "HSDS validator required: " << v_.unavailable;   \
      GTEST_SKIP() << "HSDS validator not available: " << v_.unavailable;                  \
    }                                                                                       \
  } while (0)

using ValidatorRun = tsunagu::testing::ScriptRun;

// Writes `doc` to a file in `dir` and validates it as `type`.
ValidatorRun validate(const std::string& dir, const std::string& type, const std::string& name, const json& doc) {
  std::string input = dir + "/" + name;
  std::ofstream(input, std::ios::binary) << doc.dump(2);
  return tsunagu::testing::run_node_script(validator(), {type, input});
}

json array_of(const std::vector<json>& v) { return json(v); }

// ---- pure parts -----------------------------------------------------------------------------------------

TEST(HsdsUuid, VersionEightStableAndDistinct) {
  std::string a = resources::hsds_uuid("35/facility/1/location");
  EXPECT_TRUE(std::regex_match(a, kUuid)) << a;
  EXPECT_EQ(a, resources::hsds_uuid("35/facility/1/location"));
  EXPECT_NE(a, resources::hsds_uuid("35/facility/2/location"));
  EXPECT_NE(a, resources::hsds_uuid("13/facility/1/location"));
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::string id = resources::hsds_uuid("x/" + std::to_string(i));
    EXPECT_TRUE(std::regex_match(id, kUuid)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(HsdsOpeningHours, DaysAndTimesTypedTheUsualWays) {
  auto h = resources::parse_opening_hours("月〜金 9:00〜17:00、土 9:00〜12:30");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].byday, "MO,TU,WE,TH,FR");
  EXPECT_EQ((*h)[0].opens_at, "09:00+09:00");
  EXPECT_EQ((*h)[0].closes_at, "17:00+09:00");
  EXPECT_EQ((*h)[0].text, "月〜金 9:00〜17:00");
  EXPECT_EQ((*h)[1].byday, "SA");
  EXPECT_EQ((*h)[1].closes_at, "12:30+09:00");
  EXPECT_EQ((*h)[1].text, "土 9:00〜12:30");

  auto full_width = resources::parse_opening_hours("月曜日～金曜日　９：００－１８：００");
  ASSERT_TRUE(full_width);
  EXPECT_EQ((*full_width)[0].byday, "MO,TU,WE,TH,FR");
  EXPECT_EQ((*full_width)[0].closes_at, "18:00+09:00");
  EXPECT_EQ(resources::parse_opening_hours("月・水・金 10:00-15:00")->at(0).byday, "MO,WE,FR");
  EXPECT_EQ(resources::parse_opening_hours("土日 8:30-12:00")->at(0).byday, "SA,SU");
  EXPECT_EQ(resources::parse_opening_hours("平日 8:30-17:30 / 土 9:00-12:00")->size(), 2u);
  EXPECT_EQ(resources::parse_opening_hours("毎日 0:00〜23:59")->at(0).byday, "MO,TU,WE,TH,FR,SA,SU");

  // Kept as text: holidays, closing after midnight, no days, hours in words, nothing.
  for (const char* text : {"月〜金 9:00〜17:00（祝日を除く）", "月〜金 22:00〜6:00", "9:00〜17:00", "月〜金 9時〜17時",
                           "24時間", "要相談", "", "金〜月 9:00-17:00", "月〜金 9:00〜17:00、要相談"})
    EXPECT_FALSE(resources::parse_opening_hours(text)) << text;
}

TEST(HsdsPage, EnvelopeOfTheHsdsApi) {
  std::vector<json> items;
  for (int i = 0; i < 5; ++i) items.push_back({{"n", i}});
  json p = resources::hsds_page(items, 2, 2);
  EXPECT_EQ(p["total_items"], 5);
  EXPECT_EQ(p["total_pages"], 3);
  EXPECT_EQ(p["page_number"], 2);
  EXPECT_EQ(p["size"], 2);
  EXPECT_EQ(p["first_page"], false);
  EXPECT_EQ(p["last_page"], false);
  EXPECT_EQ(p["empty"], false);
  EXPECT_EQ(p["contents"][0]["n"], 2);
  json last = resources::hsds_page(items, 3, 2);
  EXPECT_EQ(last["size"], 1);
  EXPECT_EQ(last["last_page"], true);
  json past = resources::hsds_page(items, 9, 2);
  EXPECT_EQ(past["empty"], true);
  EXPECT_EQ(past["contents"], json::array());
  json none = resources::hsds_page({}, 1, 50);
  EXPECT_EQ(none["total_pages"], 0);
  EXPECT_EQ(none["first_page"], true);
  EXPECT_EQ(none["last_page"], true);
  EXPECT_EQ(none["empty"], true);
}

// ---- the directory, on both backends --------------------------------------------------------------------

class HsdsFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(db_->url(), Settings{}, 2);
    center_.role = auth::Role::center_staff;
    center_.prefecture_code = "35";
    dir_ = testing::temp_dir();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  resources::Directory& dir() { return app_->services().resources; }

  Service service(std::string type, std::optional<int> age_min, std::optional<int> age_max,
                  std::vector<resources::AcceptedCare> care, std::vector<std::string> features) {
    Service s;
    s.service_type = std::move(type);
    s.age_min = age_min;
    s.age_max = age_max;
    s.care_items = std::move(care);
    s.features = std::move(features);
    return s;
  }
  long long add(Facility f, const auth::Principal& by) {
    resources::SaveResult r = dir().create(by, kActor, std::move(f));
    EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.begin()->first + ": " + r.errors.begin()->second);
    return r.id;
  }

  // あおぞら (an organisation's, two services), ひまわり (no organisation), a closed one, and one in Tokyo.
  void make_directory() {
    resources::Organization o;
    o.prefecture_code = "35";
    o.name = "医療法人あおぞら会";
    o.name_kana = "イリョウホウジンアオゾラカイ";
    o.corporate_number = "1234567890123";
    o.phone = "083-111-2222";
    o.website = "https://aozora.example.jp/";
    org_ = dir().create_organization(kActor, o);

    Facility a;
    a.organization_id = org_;
    a.name = "あおぞら訪問看護ステーション";
    a.name_kana = "アオゾラホウモンカンゴステーション";
    a.municipality_code = "352012";
    a.postal_code = "750-0000";
    a.address = "竹崎町1-2-3";
    a.lat = 33.957;
    a.lng = 130.941;
    a.phone = "083-222-3333";
    a.website = "https://aozora.example.jp/訪問看護";
    a.hours = "月〜金 9:00〜17:00、土 9:00〜12:00";
    a.description = "小児の訪問看護に力を入れています。";
    Service nursing = service("visiting_nursing", 0, 18, {{"ventilator", "日中のみ"}, {"suction", ""}}, {"night_holiday"});
    nursing.capacity = 10;
    nursing.vacancy = 2;
    nursing.notes = "人工呼吸器の子どもは要相談";
    a.services = {nursing, service("home_rehabilitation", std::nullopt, std::nullopt, {}, {})};
    aozora_ = add(a, center_);

    Facility b;
    b.name = "ひまわり児童デイ";
    b.municipality_code = "352039";
    b.address = "中央2-3-4";
    b.hours = "要相談";
    b.services = {service("after_school_day_service", 6, 17, {{"tube_feeding", ""}}, {"transport", "bathing"}),
                  service("child_development_support", 0, 5, {{"tube_feeding", ""}}, {})};
    himawari_ = add(b, center_);

    Facility c;
    c.name = "閉鎖した事業所";
    c.municipality_code = "352012";
    c.services = {service("day_respite", 0, 18, {}, {})};
    closed_ = add(c, center_);
    Facility closed = *dir().get(closed_);
    closed.status = "closed";
    ASSERT_TRUE(dir().update(center_, kActor, closed).ok());

    auth::Principal tokyo;
    tokyo.role = auth::Role::center_staff;
    tokyo.prefecture_code = "13";
    Facility t;
    t.name = "東京の事業所";
    t.municipality_code = "131016";
    t.services = {service("visiting_nursing", 0, 18, {}, {})};
    add(t, tokyo);
  }

  HsdsExport export_35() {
    return HsdsExport(resources::load_hsds_source(app_->services().db, "35"), app_->services().master);
  }
  const json* find_service(const HsdsExport& e, const std::string& name) {
    for (const json& s : e.services())
      if (s["name"] == name) return &s;
    return nullptr;
  }
  static const json* find_attribute(const json& owner, const std::string& link_type, const std::string& code) {
    for (const json& a : owner["attributes"])
      if (a["link_type"] == link_type && a["taxonomy_term"]["code"] == code) return &a;
    return nullptr;
  }
  http::Response get(const std::string& target) {
    http::Request r;
    r.method = "GET";
    r.target = target;
    return app_->pipeline().handle(r);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<App> app_;
  auth::Principal center_;
  std::string dir_;
  long long org_ = 0, aozora_ = 0, himawari_ = 0, closed_ = 0;
};

TEST_P(HsdsFixture, OrganizationsLocationsAndServices) {
  make_directory();
  HsdsExport e = export_35();
  ASSERT_EQ(e.services().size(), 4u);  // not the closed facility's, not Tokyo's
  for (const json& s : e.services()) {
    EXPECT_EQ(s["status"], "active");
    EXPECT_EQ(s["name"].get<std::string>().find("閉鎖"), std::string::npos);
    EXPECT_EQ(s["name"].get<std::string>().find("東京"), std::string::npos);
  }

  // The registered organisation, and ひまわり as its own provider.
  ASSERT_EQ(e.organizations().size(), 2u);
  const json& org = e.organizations()[0];
  EXPECT_EQ(org["name"], "医療法人あおぞら会");
  EXPECT_EQ(org["alternate_name"], "イリョウホウジンアオゾラカイ");
  EXPECT_EQ(org["website"], "https://aozora.example.jp/");
  EXPECT_EQ(org["phones"][0]["number"], "083-111-2222");
  EXPECT_EQ(org["organization_identifiers"][0]["identifier"], "1234567890123");
  EXPECT_NE(org["description"].get<std::string>().find("あおぞら訪問看護ステーション"), std::string::npos);
  const json& own = e.organizations()[1];
  EXPECT_EQ(own["name"], "ひまわり児童デイ");
  EXPECT_FALSE(own["description"].get<std::string>().empty());

  const json* nursing = find_service(e, "あおぞら訪問看護ステーション（訪問看護）");
  ASSERT_TRUE(nursing);
  EXPECT_EQ((*nursing)["organization_id"], org["id"]);
  EXPECT_EQ((*nursing)["organization"]["id"], org["id"]);
  EXPECT_EQ((*nursing)["description"], "人工呼吸器の子どもは要相談");
  EXPECT_EQ((*nursing)["url"], "https://aozora.example.jp/%E8%A8%AA%E5%95%8F%E7%9C%8B%E8%AD%B7");
  EXPECT_TRUE((*nursing)["assured_date"].is_string());
  EXPECT_TRUE((*nursing)["last_modified"].is_string());

  // The facility as the service's location.
  ASSERT_EQ((*nursing)["service_at_locations"].size(), 1u);
  const json& location = (*nursing)["service_at_locations"][0]["location"];
  EXPECT_EQ((*nursing)["service_at_locations"][0]["location_id"], location["id"]);
  EXPECT_EQ(location["location_type"], "physical");
  EXPECT_EQ(location["organization_id"], org["id"]);
  EXPECT_EQ(location["name"], "あおぞら訪問看護ステーション");
  EXPECT_EQ(location["description"], "小児の訪問看護に力を入れています。");
  EXPECT_DOUBLE_EQ(location["latitude"].get<double>(), 33.957);
  EXPECT_DOUBLE_EQ(location["longitude"].get<double>(), 130.941);
  const json& address = location["addresses"][0];
  EXPECT_EQ(address["address_1"], "竹崎町1-2-3");
  EXPECT_EQ(address["city"], "下関市");
  EXPECT_EQ(address["state_province"], "山口県");
  EXPECT_EQ(address["postal_code"], "750-0000");
  EXPECT_EQ(address["country"], "JP");
  EXPECT_EQ(location["phones"][0]["number"], "083-222-3333");
  const json* city = find_attribute(location, "municipality", "352012");
  ASSERT_TRUE(city);
  EXPECT_EQ((*city)["taxonomy_term"]["name"], "下関市");
  ASSERT_EQ(location["schedules"].size(), 2u);
  EXPECT_EQ(location["schedules"][0]["freq"], "WEEKLY");
  EXPECT_EQ(location["schedules"][0]["byday"], "MO,TU,WE,TH,FR");
  EXPECT_EQ(location["schedules"][0]["opens_at"], "09:00+09:00");
  EXPECT_EQ(location["schedules"][1]["byday"], "SA");

  // ひまわり: hours as text, the organisation of its own, two services at one location.
  const json* day = find_service(e, "ひまわり児童デイ（放課後等デイサービス）");
  const json* development = find_service(e, "ひまわり児童デイ（児童発達支援）");
  ASSERT_TRUE(day && development);
  EXPECT_EQ((*day)["organization_id"], own["id"]);
  const json& himawari = (*day)["service_at_locations"][0]["location"];
  EXPECT_EQ(himawari["id"], (*development)["service_at_locations"][0]["location_id"]);
  EXPECT_EQ(himawari["schedules"][0]["description"], "要相談");
  EXPECT_FALSE(himawari["schedules"][0].contains("byday"));
  EXPECT_FALSE(himawari.contains("latitude"));
  EXPECT_FALSE(himawari.contains("phones"));
}

TEST_P(HsdsFixture, AgesCareItemsFeaturesAndCapacity) {
  make_directory();
  HsdsExport e = export_35();
  const json* nursing = find_service(e, "あおぞら訪問看護ステーション（訪問看護）");
  ASSERT_TRUE(nursing);
  EXPECT_EQ((*nursing)["minimum_age"], 0);
  EXPECT_EQ((*nursing)["maximum_age"], 18);
  EXPECT_EQ((*nursing)["eligibility_description"], "対象年齢: 0歳〜18歳。受け入れる医療的ケア: 人工呼吸器（日中のみ）、吸引。");

  const json* type = find_attribute(*nursing, "service_type", "visiting_nursing");
  ASSERT_TRUE(type);
  EXPECT_EQ((*type)["link_id"], (*nursing)["id"]);
  EXPECT_EQ((*type)["link_entity"], "service");
  EXPECT_EQ((*type)["taxonomy_term"]["name"], "訪問看護");
  EXPECT_EQ((*type)["taxonomy_term"]["description"], "Home-visit nursing");
  EXPECT_EQ((*type)["taxonomy_term"]["term_uri"], "https://tsunagu.example/taxonomy/service-type/visiting_nursing");
  EXPECT_EQ((*type)["taxonomy_term"]["taxonomy_detail"]["uri"], "https://tsunagu.example/taxonomy/service-type");
  EXPECT_EQ((*type)["taxonomy_term_id"], (*type)["taxonomy_term"]["id"]);

  const json* ventilator = find_attribute(*nursing, "care_item", "ventilator");
  ASSERT_TRUE(ventilator);
  EXPECT_EQ((*ventilator)["value"], "日中のみ");
  EXPECT_EQ((*ventilator)["taxonomy_term"]["name"], "人工呼吸器");
  const json* suction = find_attribute(*nursing, "care_item", "suction");
  ASSERT_TRUE(suction);
  EXPECT_FALSE(suction->contains("value"));
  EXPECT_TRUE(find_attribute(*nursing, "feature", "night_holiday"));
  EXPECT_FALSE(find_attribute(*nursing, "feature", "transport"));
  EXPECT_EQ((*find_attribute(*nursing, "capacity", "capacity"))["value"], "10");
  EXPECT_EQ((*find_attribute(*nursing, "capacity", "vacancy"))["value"], "2");

  // No ages, no care items: neither fields nor attributes.
  const json* rehab = find_service(e, "あおぞら訪問看護ステーション（訪問リハビリテーション）");
  ASSERT_TRUE(rehab);
  EXPECT_FALSE(rehab->contains("minimum_age"));
  EXPECT_FALSE(rehab->contains("maximum_age"));
  EXPECT_FALSE(rehab->contains("eligibility_description"));
  EXPECT_EQ((*rehab)["attributes"].size(), 1u);  // its type

  const json* day = find_service(e, "ひまわり児童デイ（放課後等デイサービス）");
  ASSERT_TRUE(day);
  EXPECT_EQ((*day)["minimum_age"], 6);
  const json* tube = find_attribute(*day, "care_item", "tube_feeding");
  ASSERT_TRUE(tube);
  EXPECT_TRUE(find_attribute(*day, "feature", "transport"));
  EXPECT_TRUE(find_attribute(*day, "feature", "bathing"));

  // A sub-item names its parent term.
  bool found = false;
  for (const json& t : e.taxonomy_terms())
    if (t["code"] == "tube_feeding_pump") {
      found = true;
      EXPECT_EQ(t["parent_id"], (*tube)["taxonomy_term"]["id"]);
    }
  EXPECT_TRUE(found);
}

TEST_P(HsdsFixture, IdsAreStableAcrossExportsAndEdits) {
  make_directory();
  std::string first;
  std::set<std::string> ids;
  {
    HsdsExport e = export_35();
    first = json(e.services()).dump();
    for (const json& s : e.services()) {
      EXPECT_TRUE(std::regex_match(s["id"].get<std::string>(), kUuid)) << s["id"];
      ids.insert(s["id"]);
    }
    EXPECT_EQ(ids.size(), e.services().size());
  }
  EXPECT_EQ(json(export_35().services()).dump(), first);  // the same bytes

  // An edit that removes a service keeps the ids of the others.
  Facility a = *dir().get(aozora_);
  a.services.erase(a.services.begin());
  a.phone = "083-999-9999";
  ASSERT_TRUE(dir().update(center_, kActor, a).ok());
  HsdsExport after = export_35();
  ASSERT_EQ(after.services().size(), 3u);
  for (const json& s : after.services()) EXPECT_TRUE(ids.count(s["id"])) << s["name"];
}

TEST_P(HsdsFixture, PublicApiPages) {
  make_directory();
  http::Response r = get("/api/v1/hsds/services?per_page=3");
  ASSERT_EQ(r.status, 200) << r.body;
  json page = json::parse(r.body);
  EXPECT_EQ(page["total_items"], 4);
  EXPECT_EQ(page["total_pages"], 2);
  EXPECT_EQ(page["size"], 3);
  EXPECT_FALSE(page["contents"][0].contains("attributes"));  // the list form: one-to-one fields
  EXPECT_TRUE(page["contents"][0]["organization"].is_object());

  json second = json::parse(get("/api/v1/hsds/services?per_page=3&page=2").body);
  EXPECT_EQ(second["size"], 1);
  EXPECT_EQ(second["last_page"], true);

  std::string id = page["contents"][0]["id"];
  http::Response one = get("/api/v1/hsds/services/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body)["service_at_locations"][0]["location"]["location_type"], "physical");
  EXPECT_EQ(get("/api/v1/hsds/services/00000000-0000-8000-8000-000000000000").status, 404);

  json full = json::parse(get("/api/v1/hsds/services?full=true").body);
  EXPECT_TRUE(full["contents"][0].contains("attributes"));
  std::string org = json::parse(get("/api/v1/hsds/organizations").body)["contents"][0]["id"];
  EXPECT_EQ(json::parse(get("/api/v1/hsds/services?organization_id=" + org).body)["total_items"], 2);
  std::string transport = resources::hsds_uuid("taxonomy/feature/transport");
  EXPECT_EQ(json::parse(get("/api/v1/hsds/services?taxonomy_term_id=" + transport).body)["total_items"], 1);

  json orgs = json::parse(get("/api/v1/hsds/organizations").body);
  EXPECT_EQ(orgs["total_items"], 2);
  EXPECT_FALSE(orgs["contents"][0].contains("phones"));
}

TEST_P(HsdsFixture, ExportPassesTheHsdsSchemas) {
  REQUIRE_HSDS_VALIDATOR();
  make_directory();
  HsdsExport e = export_35();
  std::vector<json> list;
  for (const json& s : e.services()) list.push_back(HsdsExport::service_list_item(s));
  for (auto [type, name, doc] : {std::tuple{"service", "services.json", array_of(e.services())},
                                 {"organization", "organizations.json", array_of(e.organizations())},
                                 {"taxonomy", "taxonomies.json", array_of(e.taxonomies())},
                                 {"taxonomy_term", "terms.json", array_of(e.taxonomy_terms())},
                                 {"service_list", "service_list.json", array_of(list)}}) {
    ValidatorRun run = validate(dir_, type, name, doc);
    EXPECT_EQ(run.exit, 0) << type << "\n" << run.output;
    EXPECT_NE(run.output.find(" 0 error(s)"), std::string::npos) << run.output;
  }
  // The API's own pages.
  for (auto [type, target] : {std::pair{"service_list", "/api/v1/hsds/services?per_page=3"},
                              {"service", "/api/v1/hsds/services?full=true"},
                              {"organization_list", "/api/v1/hsds/organizations"},
                              {"service_list", "/api/v1/hsds/services?page=7"}}) {
    ValidatorRun run = validate(dir_, type, "page.json", json::parse(get(target).body));
    EXPECT_EQ(run.exit, 0) << target << "\n" << run.output;
  }
  std::string id = e.services()[0]["id"];
  ValidatorRun one = validate(dir_, "service", "one.json", json::parse(get("/api/v1/hsds/services/" + id).body));
  EXPECT_EQ(one.exit, 0) << one.output;
}

TEST_P(HsdsFixture, ValidatorRejectsABrokenDocument) {
  REQUIRE_HSDS_VALIDATOR();
  make_directory();
  HsdsExport e = export_35();
  json broken = e.services()[0];
  broken["status"] = "open";                 // not in the status enum
  broken["id"] = "facility-1";               // not a uuid
  broken["minimum_age"] = "three";           // not a number
  broken["service_at_locations"][0]["location"]["addresses"][0].erase("city");  // required
  broken["attributes"][0]["link_id"] = e.services()[1]["id"];                    // attached elsewhere
  ValidatorRun run = validate(dir_, "service", "broken.json", json::array({e.services()[1], broken, e.services()[1]}));
  EXPECT_EQ(run.exit, 1) << run.output;
  EXPECT_EQ(run.output.find(":1: ["), std::string::npos) << run.output;  // the valid first one passes
  for (const char* expected : {":2: [json-schema] service.status: must be equal to one of the allowed values",
                               ":2: [json-schema] service.id: must match format \"uuid\"",
                               ":2: [json-schema] service.minimum_age: must be number",
                               ":2: [json-schema] service.service_at_locations[0].location.addresses[0]: must have "
                               "required property 'city'",
                               ":2: [link] service.attributes[0].link_id",
                               ":3: [unique] service.id"})
    EXPECT_NE(run.output.find(expected), std::string::npos) << expected << "\n" << run.output;

  json page = resources::hsds_page(e.services(), 1, 2);
  page["size"] = 5;
  page.erase("empty");
  ValidatorRun bad_page = validate(dir_, "service", "page.json", page);
  EXPECT_EQ(bad_page.exit, 1) << bad_page.output;
  EXPECT_NE(bad_page.output.find(":0: [page] page.size"), std::string::npos) << bad_page.output;
  EXPECT_NE(bad_page.output.find("must have required property 'empty'"), std::string::npos) << bad_page.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, HsdsFixture, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
