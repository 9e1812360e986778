// The resource directory on both backends: facilities with services and accepted care items, validation with
// Japanese messages, versions and stale edits, confirmation, who may edit which facility, and the public search
// by area, service, care item, age, features, text (kana, width and 異体字 ignored; parts of words) and distance.
#include <gtest/gtest.h>

#include "app/app.h"
#include "resources/gap.h"
#include "resources/import.h"
#include "resources/public_index.h"

#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include "support/test_db.h"

namespace tsunagu {
namespace {

using resources::Facility;
using resources::Query;
using resources::Service;

const audit::Actor kActor{std::nullopt, "center", "center_staff", "t", "127.0.0.1"};

class ResourcesFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(db_->url(), Settings{}, 2);
    center_.role = auth::Role::center_staff;
    center_.prefecture_code = "35";
  }
  resources::Directory& dir() { return app_->services().resources; }

  Facility facility(std::string name, std::string kana, std::string municipality, double lat, double lng) {
    Facility f;
    f.name = std::move(name);
    f.name_kana = std::move(kana);
    f.municipality_code = std::move(municipality);
    f.address = "中央1-2-3";
    f.lat = lat;
    f.lng = lng;
    return f;
  }
  Service service(std::string type, std::optional<int> age_min, std::optional<int> age_max,
                  std::vector<std::string> care, std::vector<std::string> features) {
    Service s;
    s.service_type = std::move(type);
    s.age_min = age_min;
    s.age_max = age_max;
    for (auto& c : care) s.care_items.push_back({c, ""});
    s.features = std::move(features);
    return s;
  }
  long long add(Facility f) {
    resources::SaveResult r = dir().create(center_, kActor, std::move(f));
    EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.begin()->first + ": " + r.errors.begin()->second);
    return r.id;
  }
  std::vector<long long> ids(const Query& q) {
    std::vector<long long> out;
    for (const auto& r : dir().search(q).results) out.push_back(r.hit.id);
    return out;
  }
  Query query() {
    Query q;
    q.prefecture_code = "35";
    return q;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<App> app_;
  auth::Principal center_;
};

TEST_P(ResourcesFixture, SearchBySeriveCareItemAgeFeatureAndAreaInOneService) {
  Facility a = facility("あおぞら訪問看護ステーション", "アオゾラ", "352012", 33.957, 130.941);
  a.services = {service("visiting_nursing", 0, 18, {"ventilator", "suction"}, {"night_holiday"})};
  Facility b = facility("ひまわり児童デイ", "ヒマワリ", "352039", 34.178, 131.474);
  b.services = {service("after_school_day_service", 6, 17, {"suction", "tube_feeding"}, {"transport", "bathing"}),
                service("child_development_support", 0, 5, {"tube_feeding"}, {})};
  long long ia = add(a), ib = add(b);

  Query q = query();
  EXPECT_EQ(ids(q), (std::vector<long long>{ia, ib}));  // by reading
  q.care_item = "suction";
  EXPECT_EQ(ids(q).size(), 2u);
  q.age = 3;
  EXPECT_EQ(ids(q), std::vector<long long>{ia});        // b's service for 3-year-olds takes no suction
  q.care_item = "tube_feeding";
  EXPECT_EQ(ids(q), std::vector<long long>{ib});
  q = query();
  q.features = {"transport", "bathing"};
  EXPECT_EQ(ids(q), std::vector<long long>{ib});
  q.features = {"transport", "night_holiday"};          // never both in one service
  EXPECT_TRUE(ids(q).empty());
  q = query();
  q.municipality_code = "352012";
  EXPECT_EQ(ids(q), std::vector<long long>{ia});
  q = query();
  q.service_type = "child_development_support";
  EXPECT_EQ(ids(q), std::vector<long long>{ib});
}

TEST_P(ResourcesFixture, ThePublicIndexInMemoryAnswersLikeTheDatabase) {
  Facility a = facility("あおぞら訪問看護ステーション", "アオゾラ", "352012", 33.957, 130.941);
  a.services = {service("visiting_nursing", 0, 18, {"ventilator", "suction"}, {"night_holiday"})};
  Facility b = facility("髙橋こどもデイ", "タカハシ", "352039", 34.178, 131.474);
  b.services = {service("after_school_day_service", 6, 17, {"suction", "tube_feeding"}, {"transport", "bathing"}),
                service("child_development_support", 0, 5, {"tube_feeding"}, {})};
  Facility c = facility("ひまわり", "ヒマワリ", "352012", 33.950, 130.922);
  c.services = {service("nursery", 0, 5, {}, {"transport"})};
  a.services[0].care_items[1].conditions = "要相談";  // some members set, some not
  a.services[0].capacity = 5;
  a.services[0].vacancy = 1;
  b.services[1].age_max = std::nullopt;
  add(a);
  add(b);
  long long ic = add(c);
  Facility closed = *dir().get(ic);
  closed.status = "closed";
  ASSERT_TRUE(dir().update(center_, kActor, closed).ok());
  add(facility("さくら", "サクラ", "352047", 34.40, 131.40));

  resources::PublicIndex index(app_->services().db, app_->services().master, "35");
  std::vector<Query> queries(24, query());
  queries[1].care_item = "suction";
  queries[2].care_item = "suction", queries[2].age = 3;
  queries[3].features = {"transport", "bathing"};
  queries[4].features = {"transport", "night_holiday"};
  queries[5].municipality_code = "352012";
  queries[6].region_code = "3506";  // 下関
  queries[7].text = "高橋";
  queries[8].text = "ｱｵｿﾞﾗ";
  queries[9].near_lat = 33.958, queries[9].near_lng = 130.941, queries[9].radius_km = 5;
  queries[10].service_type = "child_development_support", queries[10].age = 4;
  queries[11].per_page = 1, queries[11].page = 2;
  queries[12].text = "橋";                                     // one character
  queries[13].text = "こども";                                 // hiragana against a kanji/katakana key
  queries[14].text = "ないはずの名前";
  queries[15].text = "ぞら", queries[15].municipality_code = "352012";
  queries[16].text = "ぞら", queries[16].municipality_code = "352039";
  queries[17].care_item = "no_such_item";                     // codes no service has
  queries[18].features = {"no_such_feature"};
  queries[19].service_type = "short_stay_medical";
  queries[20].service_type = "after_school_day_service", queries[20].age = 18;  // past the ages served
  queries[21].near_lat = 33.958, queries[21].near_lng = 130.941, queries[21].radius_km = 50,
  queries[21].care_item = "suction";
  queries[22].age = 6, queries[22].features = {"transport"}, queries[22].care_item = "tube_feeding";
  queries[23].near_lat = 34.4, queries[23].near_lng = 131.4, queries[23].radius_km = 0.5;  // the point itself
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto from_db = dir().search(queries[i]), from_memory = index.search(queries[i]);
    EXPECT_EQ(from_db.total, from_memory.total) << i;
    std::vector<long long> a_ids, b_ids;
    for (const auto& r : from_db.results) a_ids.push_back(r.hit.id);
    for (const auto& r : from_memory.results) b_ids.push_back(r.hit.id);
    EXPECT_EQ(a_ids, b_ids) << i;
    for (std::size_t k = 0; k < std::min(from_db.results.size(), from_memory.results.size()); ++k)
      EXPECT_EQ(from_db.results[k].services.size(), from_memory.results[k].services.size()) << i;
    // The API's body, assembled from the pre-rendered items, says the same.
    nlohmann::json body = nlohmann::json::parse(index.search_json(queries[i]));
    EXPECT_EQ(body["total"], from_db.total) << i;
    EXPECT_EQ(body["page"], queries[i].page) << i;
    std::vector<long long> json_ids;
    for (std::size_t k = 0; k < body["items"].size(); ++k) {
      const nlohmann::json& item = body["items"][k];
      json_ids.push_back(item["id"]);
      const resources::Result& r = from_db.results.at(k);
      EXPECT_EQ(item["name"], r.hit.name) << i;
      EXPECT_EQ(item["municipality_code"], r.hit.municipality_code) << i;
      EXPECT_EQ(item["services"].size(), r.services.size()) << i;
      // Members with nothing to say are left out; the others carry their values.
      for (std::size_t n = 0; n < std::min(item["services"].size(), r.services.size()); ++n) {
        const nlohmann::json& js = item["services"][n];
        const resources::Service& sv = r.services[n];
        EXPECT_EQ(js["service_type"], sv.service_type) << i;
        for (const auto& [name, value] : {std::pair{"age_min", sv.age_min}, {"age_max", sv.age_max},
                                          {"capacity", sv.capacity}, {"vacancy", sv.vacancy}}) {
          EXPECT_EQ(js.contains(name), value.has_value()) << i << " " << name;
          if (value && js.contains(name)) EXPECT_EQ(js[name], *value) << i << " " << name;
        }
        ASSERT_EQ(js["care_items"].size(), sv.care_items.size()) << i;
        for (std::size_t c = 0; c < sv.care_items.size(); ++c) {
          EXPECT_EQ(js["care_items"][c]["care_item"], sv.care_items[c].care_item) << i;
          EXPECT_EQ(js["care_items"][c].value("conditions", ""), sv.care_items[c].conditions) << i;
          EXPECT_EQ(js["care_items"][c].contains("conditions"), !sv.care_items[c].conditions.empty()) << i;
        }
      }
      EXPECT_EQ(item["stale"], r.stale) << i;
      EXPECT_EQ(item["location"]["lat"], *r.hit.lat) << i;
      EXPECT_EQ(item.contains("distance_km"), r.distance_km.has_value()) << i;
      if (r.distance_km) EXPECT_NEAR(item["distance_km"].get<double>(), *r.distance_km, 1e-9) << i;
    }
    EXPECT_EQ(json_ids, a_ids) << i;
  }
  EXPECT_EQ(index.facility(ic), std::nullopt);  // closed: not on the public site
  EXPECT_TRUE(index.facility(dir().search(query()).results.at(0).hit.id));
  EXPECT_EQ(index.search(query()).total, 3);
  // A change is seen once the index is told (this process) or its recheck comes round (other servers).
  add(facility("つくし", "ツクシ", "352012", 33.95, 130.93));
  index.refresh();
  EXPECT_EQ(index.search(query()).total, 4);
}

TEST_P(ResourcesFixture, ThePublicIndexKeepsRenderedAnswersUntilTheDirectoryChanges) {
  add(facility("あおぞら", "アオゾラ", "352012", 33.957, 130.941));
  resources::PublicIndex index(app_->services().db, app_->services().master, "35");
  int renders = 0;
  Query all = query();
  auto render = [&](int status) {
    return [&renders, status, &index, all] {
      ++renders;
      return http::text(status, std::to_string(index.search(all).total));
    };
  };
  EXPECT_EQ(index.cached("ja /find", render(200)).content(), "1");
  http::Response again = index.cached("ja /find", render(200));
  EXPECT_EQ(again.content(), "1");
  EXPECT_TRUE(again.shared_body);  // sent from the kept copy, not copied
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(index.cached("en /find", render(200)).content(), "1");  // another key
  EXPECT_EQ(renders, 2);
  // Only successes are kept.
  EXPECT_EQ(index.cached("ja /find?x", render(404)).status, 404);
  EXPECT_EQ(index.cached("ja /find?x", render(404)).status, 404);
  EXPECT_EQ(renders, 4);
  // A change to the directory means a new snapshot, and nothing kept from the old one is served.
  add(facility("つくし", "ツクシ", "352012", 33.95, 130.93));
  index.refresh();
  EXPECT_EQ(index.cached("ja /find", render(200)).content(), "2");
  EXPECT_EQ(renders, 5);
  // Off: every answer is rendered.
  index.set_caching(false);
  index.cached("ja /find", render(200));
  index.cached("ja /find", render(200));
  EXPECT_EQ(renders, 7);
  // Bounded: past kCacheEntries keys the cache starts afresh rather than growing.
  index.set_caching(true);
  for (std::size_t i = 0; i <= resources::PublicIndex::kCacheEntries; ++i)
    index.cached("ja /find?page=" + std::to_string(i), [] { return http::text(200, "x"); });
  renders = 0;
  index.cached("ja /find?page=0", render(200));
  EXPECT_EQ(renders, 1);
}

TEST_P(ResourcesFixture, AKeptCurrentPublicIndexSeesChangesMadeByAnotherServer) {
  add(facility("あおぞら", "アオゾラ", "352012", 33.957, 130.941));
  resources::PublicIndex index(app_->services().db, app_->services().master, "35");
  index.keep_current(std::chrono::milliseconds(20));
  ASSERT_EQ(index.search(query()).total, 1);
  // Another app server on the same database: it saves, and this index is not told.
  App other(db_->url(), Settings{}, 1);
  resources::SaveResult r = other.services().resources.create(center_, kActor, facility("つくし", "ツクシ", "352012", 33.95, 130.93));
  ASSERT_TRUE(r.ok());
  long long seen = 0;
  for (int i = 0; i < 500 && seen != 2; ++i) {
    seen = index.search(query()).total;
    if (seen != 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(seen, 2);
  EXPECT_TRUE(index.facility(r.id));
}

TEST_P(ResourcesFixture, TextSearchIgnoresKanaWidthAndVariantsAndMatchesParts) {
  long long a = add(facility("髙橋こどもクリニック", "タカハシコドモクリニック", "352012", 33.95, 130.94));
  add(facility("ひまわり児童デイ", "ヒマワリジドウデイ", "352039", 34.17, 131.47));
  Query q = query();
  for (const char* text : {"高橋", "ｺﾄﾞﾓ", "こども", "クリニック", "たかはし", "下関"}) {
    q.text = text;
    EXPECT_EQ(ids(q), std::vector<long long>{a}) << text;
  }
  q.text = "100%";  // LIKE wildcards are matched literally
  EXPECT_TRUE(ids(q).empty());
}

TEST_P(ResourcesFixture, NearAPointNearestFirstWithinTheRadius) {
  long long station = add(facility("下関駅前ケア", "", "352012", 33.9500, 130.9220));
  long long hall = add(facility("下関市役所前ケア", "", "352012", 33.9578, 130.9413));
  add(facility("山口ケア", "", "352039", 34.1783, 131.4739));
  Query q = query();
  q.near_lat = 33.9580;
  q.near_lng = 130.9410;
  q.radius_km = 10;
  auto page = dir().search(q);
  ASSERT_EQ(page.results.size(), 2u);
  EXPECT_EQ(page.results[0].hit.id, hall);
  EXPECT_EQ(page.results[1].hit.id, station);
  EXPECT_LT(*page.results[0].distance_km, 0.1);
}

TEST_P(ResourcesFixture, ValidationVersionsConfirmationAndClosedFacilities) {
  Facility bad = facility("", "abc", "131016", 10, 130);
  bad.website = "javascript:alert(1)";
  bad.services = {service("teleport", 10, 3, {"dragon"}, {"jetpack"})};
  resources::SaveResult r = dir().create(center_, kActor, bad);
  EXPECT_FALSE(r.ok());
  for (const char* field : {"name", "name_kana", "municipality_code", "lat", "website", "services.0.service_type",
                            "services.0.age_max", "services.0.care_items", "services.0.features"})
    EXPECT_TRUE(r.errors.count(field)) << field;

  long long id = add(facility("あおぞら", "あおぞら", "352012", 33.95, 130.94));
  auto f = dir().get(id);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->name_kana, "アオゾラ");
  EXPECT_FALSE(resources::Directory::stale(f->confirmed_at, db::now_seconds()));
  Facility edit = *f;
  edit.phone = "083-000-0000";
  ASSERT_TRUE(dir().update(center_, kActor, edit).ok());
  EXPECT_TRUE(dir().update(center_, kActor, edit).conflict);  // the same version again: stale
  EXPECT_EQ(dir().history(id).size(), 2u);
  EXPECT_TRUE(dir().confirm(center_, kActor, id));

  Facility closed = *dir().get(id);
  closed.status = "closed";
  ASSERT_TRUE(dir().update(center_, kActor, closed).ok());
  EXPECT_TRUE(ids(query()).empty());  // closed facilities leave the public search
}

TEST_P(ResourcesFixture, CenterStaffEditTheirPrefectureAndFacilityStaffTheirOwnFacility) {
  long long id = add(facility("あおぞら", "", "352012", 33.95, 130.94));
  long long other = add(facility("ひまわり", "", "352039", 34.17, 131.47));
  auth::Principal own;
  own.role = auth::Role::facility_staff;
  own.prefecture_code = "35";
  own.facility_id = id;
  auth::Principal tokyo;
  tokyo.role = auth::Role::center_staff;
  tokyo.prefecture_code = "13";
  EXPECT_EQ(dir().access(center_, std::to_string(id)), auth::ObjectAccess::visible);
  EXPECT_EQ(dir().access(own, std::to_string(id)), auth::ObjectAccess::visible);
  EXPECT_EQ(dir().access(own, std::to_string(other)), auth::ObjectAccess::hidden);
  EXPECT_EQ(dir().access(tokyo, std::to_string(id)), auth::ObjectAccess::hidden);
  EXPECT_EQ(dir().access(center_, "999999"), auth::ObjectAccess::missing);
}

TEST_P(ResourcesFixture, GapAnalysisCountsChildrenAtTheServiceAgesAgainstServicesThatAcceptTheirCare) {
  const master::MasterData& md = app_->services().master;
  std::vector<resources::DemandChild> demand = {
      {"352012", 4, {"ventilator", "suction"}}, {"352012", 10, {"ventilator"}}, {"352012", 2, {"tube_feeding"}},
      {"352039", 3, {"ventilator"}}};
  Service nursing = service("visiting_nursing", 0, 18, {"ventilator"}, {"night_holiday"});
  Service day = service("child_development_support", 0, 5, {"tube_feeding", "suction"}, {"transport"});
  std::vector<resources::SupplyService> supply = {{"352012", nursing}, {"352012", day}};
  resources::GapReport r = resources::gap_report(md, "35", "child_development_support", demand, supply, "test");
  EXPECT_EQ(r.age_min, 0);
  EXPECT_EQ(r.age_max, 5);
  auto column = [&](const std::string& code) {
    return static_cast<std::size_t>(std::find(r.care_items.begin(), r.care_items.end(), code) - r.care_items.begin());
  };
  auto row = [&](const std::string& code) {
    return *std::find_if(r.rows.begin(), r.rows.end(), [&](auto& x) { return x.code == code && !x.is_region; });
  };
  const resources::GapRow shimonoseki = row("352012"), yamaguchi = row("352039");
  EXPECT_EQ(shimonoseki.cells[column("ventilator")].demand, 1);  // the 10-year-old is not of 児童発達支援's age
  EXPECT_EQ(shimonoseki.cells[column("ventilator")].level(), "gap");
  EXPECT_EQ(shimonoseki.cells[column("tube_feeding")].level(), "ok");
  EXPECT_EQ(shimonoseki.cells[column("suction")].services, 1);
  EXPECT_EQ(yamaguchi.cells[column("ventilator")].level(), "gap");
  EXPECT_EQ(shimonoseki.cells[column("dialysis")].level(), "none");
  // A region's row adds up its municipalities.
  auto region = std::find_if(r.rows.begin(), r.rows.end(), [&](auto& x) { return x.is_region && x.name == shimonoseki.region; });
  ASSERT_NE(region, r.rows.end());
  EXPECT_GE(region->cells[column("ventilator")].demand, 1);
  std::string xlsx = resources::gap_xlsx(r, true);
  EXPECT_EQ(xlsx.substr(0, 2), "PK");
}

TEST_P(ResourcesFixture, ImportAFacilityListWithItsColumnsMappedRowByRow) {
  std::string csv =
      "令和8年度 医療的ケア児受け入れ施設一覧\n"
      "事業所名,フリガナ,所在地,市町村,サービス種別,対象年齢下限,対象年齢上限,対応可能な医療的ケア,特徴,定員,謎の列\n"
      "あおぞら訪問看護,アオゾラ,竹崎町1-2,下関市,訪問看護,0,18,人工呼吸器、吸引,夜間・休日,,x\n"
      "あおぞら訪問看護,アオゾラ,竹崎町1-2,下関市,訪問リハビリテーション,0,18,吸引,,,x\n"
      "ひまわり,ひまわり,中央1,山口市,放課後等デイサービス,6,17,経管栄養,送迎あり/入浴,10名,x\n"
      "だめな行,,,東京都千代田区,宇宙旅行,20,3,ドラゴン,ジェットパック,たくさん,x\n";
  resources::ImportTable t = resources::import_table(csv);
  EXPECT_EQ(t.header_index, 1u);
  resources::ColumnMapping m = resources::guess_mapping(t);
  for (const char* field : {"name", "kana", "address", "municipality", "service_type", "age_min", "age_max", "care_items",
                            "features", "capacity"})
    EXPECT_TRUE(m.count(field)) << field;
  EXPECT_FALSE(m.count("lat"));
  resources::ImportCheck c = resources::check_import(t, m, app_->services().master, "35");
  EXPECT_EQ(c.rows, 4u);
  EXPECT_EQ(c.invalid_rows, 1u);
  ASSERT_EQ(c.facilities.size(), 2u);  // two rows of あおぞら are one facility
  EXPECT_EQ(c.facilities[0].services.size(), 2u);
  EXPECT_EQ(c.facilities[1].services[0].features, (std::vector<std::string>{"transport", "bathing"}));
  EXPECT_EQ(c.facilities[1].services[0].capacity, 10);
  std::set<std::string> columns;
  for (const auto& i : c.issues) {
    EXPECT_EQ(i.line, 6u);
    columns.insert(i.column);
  }
  for (const char* col : {"市町村", "サービス種別", "対象年齢上限", "対応可能な医療的ケア", "特徴", "定員"})
    EXPECT_TRUE(columns.count(col)) << col;
  // All or nothing: the valid facilities in one transaction.
  ASSERT_TRUE(dir().create_many(center_, kActor, c.facilities).ok());
  EXPECT_EQ(dir().search(query()).total, 2);
  // A required field left unmapped is said before any row is read.
  m.erase("service_type");
  resources::ImportCheck none = resources::check_import(t, m, app_->services().master, "35");
  ASSERT_EQ(none.issues.size(), 1u);
  EXPECT_NE(none.issues[0].message.find("サービスの種類"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourcesFixture, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
