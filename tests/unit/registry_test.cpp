// The registry's storage and rules on both backends: round trips of every part, validation with Japanese
// messages per field, versions and conflicts, visibility by role, scope and consent (lists and object checks
// agree), list filters, sorting and paging, consents, audit entries, legal erasure and transactions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "app/app.h"
#include "core/text/lg_code.h"
#include "core/text/normalize.h"
#include "registry/present.h"
#include "registry/record_json.h"
#include "support/test_db.h"

namespace tsunagu {
namespace {

using auth::Role;
using registry::Child;
using registry::ChildCareItem;
using registry::Consent;
using registry::Device;
using registry::Diagnosis;
using registry::Guardian;
using registry::ListFilter;
using registry::ListResult;
using registry::ListRow;

// ---- dates relative to today in Japan -------------------------------------------------------------------

std::chrono::year_month_day ymd_of(const std::string& iso) {
  return std::chrono::year{std::stoi(iso.substr(0, 4))} / std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))} /
         std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))};
}

std::string iso_of(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// The birth date of a child whose `n`th birthday is today (Japan), moved by `shift` days: +1 gives a child
// whose birthday is tomorrow (one year younger today). On 29 February the birthday falls on the 28th of a
// common year, which is still reached today.
std::string born_years_ago(int n, int shift = 0) {
  auto today = ymd_of(registry::today_in_japan());
  std::chrono::year_month_day b = (today.year() - std::chrono::years(n)) / today.month() / today.day();
  if (!b.ok()) b = b.year() / b.month() / std::chrono::last;
  return iso_of(std::chrono::year_month_day{std::chrono::sys_days{b} + std::chrono::days(shift)});
}

std::string days_from_today(int shift) {
  return iso_of(std::chrono::year_month_day{std::chrono::sys_days{ymd_of(registry::today_in_japan())} +
                                            std::chrono::days(shift)});
}

Consent consent(const std::string& scope, const std::string& given_on, const std::string& method = "paper") {
  Consent k;
  k.scope = scope;
  k.given_on = given_on;
  k.method = method;
  return k;
}

std::string describe(const registry::FieldErrors& e) {
  std::string out;
  for (const auto& [field, message] : e) out += field + ": " + message + "\n";
  return out;
}

std::vector<long long> ids_of(const ListResult& r) {
  std::vector<long long> out;
  for (const ListRow& row : r.rows) out.push_back(row.id);
  return out;
}

std::set<long long> id_set(const ListResult& r) {
  auto v = ids_of(r);
  return {v.begin(), v.end()};
}

// ---- fixture ---------------------------------------------------------------------------------------------

class RegistryFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(tdb_->url(), Settings{}, 4);
  }

  registry::Registry& reg() { return app_->services().registry; }
  registry::ChildStore& store() { return reg().store(); }
  audit::AuditLog& audit() { return app_->services().audit; }
  db::Database& db() { return app_->services().db; }

  // Users are created on first use (hashing a password is the slow part of a test).
  auth::Principal person(const std::string& login, Role role, const std::string& pref, const std::string& muni = "") {
    if (auto it = people_.find(login); it != people_.end()) return it->second;
    auth::NewUser n;
    n.login = login;
    n.display_name = "試験 " + login;
    n.password = "correct horse battery";
    n.role = role;
    n.prefecture_code = pref;
    n.municipality_code = muni;
    if (role == Role::municipal_staff) n.departments = {"maternal_child_health"};
    if (role == Role::facility_staff) n.facility_id = a_facility();
    long long id = app_->services().users.create(n);
    auto p = app_->services().users.principal(id);
    EXPECT_TRUE(p) << login;
    if (!p) return {};
    people_[login] = *p;
    return *p;
  }
  // A facility in 下関市 for facility staff to belong to (users.facility_id names an existing facility).
  long long a_facility() {
    auth::Principal p;
    p.role = Role::center_staff;
    p.prefecture_code = "35";
    resources::Facility f;
    f.name = "試験 事業所";
    f.municipality_code = "352012";
    auto r = app_->services().resources.create(p, {std::nullopt, "test", "center_staff", "", ""}, f);
    EXPECT_TRUE(r.ok());
    return r.id;
  }
  auth::Principal center() { return person("center", Role::center_staff, "35"); }
  auth::Principal pref_admin() { return person("pref", Role::prefecture_admin, "35"); }
  auth::Principal center_tokyo() { return person("tokyo", Role::center_staff, "13"); }
  auth::Principal coord1() { return person("coord1", Role::coordinator, "35"); }
  auth::Principal coord2() { return person("coord2", Role::coordinator, "35"); }
  auth::Principal shimo() { return person("shimo", Role::municipal_staff, "", "352012"); }
  auth::Principal yama() { return person("yama", Role::municipal_staff, "", "352039"); }
  auth::Principal facility() { return person("facility", Role::facility_staff, "35"); }
  auth::Principal sysadmin() { return person("sysadmin", Role::system_admin, ""); }

  static audit::Actor actor(const auth::Principal& p) {
    return {p.user_id, p.login, std::string(auth::role_name(p.role)), "req-test", "127.0.0.1"};
  }

  static Child basic(const std::string& family, const std::string& given, const std::string& family_kana,
                     const std::string& given_kana, const std::string& birth, const std::string& muni = "352012") {
    Child c;
    c.family_name = family;
    c.given_name = given;
    c.family_name_kana = family_kana;
    c.given_name_kana = given_kana;
    c.birth_date = birth;
    c.sex = "female";
    c.municipality_code = muni;
    c.life_stage = "home";
    c.source = "hospital";
    c.status = "active";
    return c;
  }

  // Creates a valid record; returns its id (0 and a failure when it is refused).
  long long add(const Child& c, const std::vector<Consent>& consents = {}, std::optional<auth::Principal> by = {}) {
    auth::Principal p = by ? *by : center();
    registry::SaveResult r = reg().create(p, actor(p), c, consents, "新規登録");
    EXPECT_TRUE(r.ok()) << describe(r.errors);
    EXPECT_GT(r.id, 0);
    return r.id;
  }

  Child get(long long id) {
    auto c = store().get(id);
    EXPECT_TRUE(c) << "child " << id;
    return c ? *c : Child{};
  }

  // The id of the consent of `scope` in force for the child (0 when none).
  long long active_consent(long long child, const std::string& scope) {
    for (const Consent& k : get(child).consents)
      if (k.scope == scope && k.active()) return k.id;
    return 0;
  }

  int count(const std::string& table, const std::string& where = "") {
    db::Session sql(db());
    int n = 0;
    sql << "SELECT COUNT(*) FROM " + table + (where.empty() ? "" : " WHERE " + where), soci::into(n);
    return n;
  }

  // Rows of every registry table and of the audit log.
  std::map<std::string, int> all_counts() {
    std::map<std::string, int> out;
    for (const char* t : {"children", "child_guardians", "child_diagnoses", "child_care_items", "child_devices",
                          "child_consents", "child_versions", "audit_log"})
      out[t] = count(t);
    return out;
  }

  ListResult list(const auth::Principal& p, ListFilter f = {}) {
    f.per_page = 0;
    return reg().list(p, actor(p), f, "テスト");
  }

  std::vector<audit::Entry> audit_entries(const std::string& object_type, const std::string& object_id = "",
                                          const std::string& action = "") {
    audit::Filter f;
    f.object_type = object_type;
    f.object_id = object_id;
    f.action = action;
    f.limit = 1000;
    return audit().query(f);
  }

  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<App> app_;
  std::map<std::string, auth::Principal> people_;
};

#define REGISTRY_SUITE(Name)                                                                                \
  class Name : public RegistryFixture {};                                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, Name, ::testing::ValuesIn(testing::backends()),                        \
                           [](const auto& info) { return info.param; })

REGISTRY_SUITE(RegistryRecord);
REGISTRY_SUITE(RegistryValidation);
REGISTRY_SUITE(RegistryVersions);
REGISTRY_SUITE(RegistryVisibility);
REGISTRY_SUITE(RegistryConsent);
REGISTRY_SUITE(RegistryAudit);
REGISTRY_SUITE(RegistryErase);
REGISTRY_SUITE(RegistryTransaction);

// ---- record round trip -----------------------------------------------------------------------------------

TEST_P(RegistryRecord, CreateThenGetRoundTripsEveryFieldAndPart) {
  long long coordinator = coord1().user_id;
  Child c = basic("山口", "花子", "ヤマグチ", "ハナコ", "2019-07-07");
  c.sex = "female";
  c.postal_code = "750-8521";
  c.address = "下関市南部町1-1";
  c.guardians = {{"山口 太郎", "ヤマグチ タロウ", "父", "083-231-1111", "taro@example.jp"},
                 {"山口 洋子", "ヤマグチ ヨウコ", "母", "090-1234-5678", ""}};
  c.diagnoses = {{"脊髄性筋萎縮症", "G12.0"}, {"慢性呼吸不全", ""}};
  c.care_items = {{"ventilator", "high"}, {"tracheostomy", "high"}, {"tube_feeding_route", "low"}};
  c.devices = {{"ventilator", "トリロジー Evo", 8.5, true}, {"pulse_oximeter", "パルスオキシメータ", std::nullopt, false}};
  c.life_stage = "elementary";
  c.affiliation = "下関市立南部小学校";
  c.hospital = "山口大学医学部附属病院";
  c.primary_doctor = "山田 医師";
  c.visiting_nurse = "訪問看護ステーションみどり";
  c.coordinator_user_id = coordinator;
  c.source = "municipal_report";
  c.notes = "夜間は吸引が頻回。\n停電時は発電機あり。";
  long long id = add(c, {consent("registration", "2024-04-01", "paper"),
                         consent("municipality_sharing", "2024-05-01", "web_form")});
  ASSERT_GT(id, 0);

  Child g = get(id);
  EXPECT_EQ(g.id, id);
  EXPECT_EQ(g.version, 1);
  EXPECT_EQ(g.family_name, "山口");
  EXPECT_EQ(g.given_name, "花子");
  EXPECT_EQ(g.family_name_kana, "ヤマグチ");
  EXPECT_EQ(g.given_name_kana, "ハナコ");
  EXPECT_EQ(g.birth_date, "2019-07-07");
  EXPECT_EQ(g.sex, "female");
  EXPECT_EQ(g.prefecture_code, "35");
  EXPECT_EQ(g.municipality_code, "352012");
  EXPECT_EQ(g.postal_code, "750-8521");
  EXPECT_EQ(g.address, "下関市南部町1-1");
  EXPECT_EQ(g.life_stage, "elementary");
  EXPECT_EQ(g.affiliation, "下関市立南部小学校");
  EXPECT_EQ(g.hospital, "山口大学医学部附属病院");
  EXPECT_EQ(g.primary_doctor, "山田 医師");
  EXPECT_EQ(g.visiting_nurse, "訪問看護ステーションみどり");
  EXPECT_EQ(g.coordinator_user_id, std::optional<long long>(coordinator));
  EXPECT_EQ(g.status, "active");
  EXPECT_EQ(g.status_date, "");
  EXPECT_EQ(g.moved_to, "");
  EXPECT_EQ(g.source, "municipal_report");
  EXPECT_EQ(g.notes, "夜間は吸引が頻回。\n停電時は発電機あり。");  // the long text keeps its line break
  EXPECT_GT(g.created_at, 0);
  EXPECT_EQ(g.updated_at, g.created_at);

  ASSERT_EQ(g.guardians.size(), 2u);
  EXPECT_EQ(g.guardians[0].name, "山口 太郎");
  EXPECT_EQ(g.guardians[0].name_kana, "ヤマグチ\u3000タロウ");  // one ideographic space between words
  EXPECT_EQ(g.guardians[0].relationship, "父");
  EXPECT_EQ(g.guardians[0].phone, "083-231-1111");
  EXPECT_EQ(g.guardians[0].email, "taro@example.jp");
  EXPECT_EQ(g.guardians[1].name, "山口 洋子");
  EXPECT_EQ(g.guardians[1].relationship, "母");
  EXPECT_EQ(g.guardians[1].phone, "090-1234-5678");
  EXPECT_EQ(g.guardians[1].email, "");

  ASSERT_EQ(g.diagnoses.size(), 2u);
  EXPECT_EQ(g.diagnoses[0].name, "脊髄性筋萎縮症");
  EXPECT_EQ(g.diagnoses[0].icd10, "G12.0");
  EXPECT_EQ(g.diagnoses[1].name, "慢性呼吸不全");
  EXPECT_EQ(g.diagnoses[1].icd10, "");

  ASSERT_EQ(g.care_items.size(), 3u);
  EXPECT_EQ(g.care_items[0].code, "ventilator");
  EXPECT_EQ(g.care_items[0].watch_level, "high");
  EXPECT_EQ(g.care_items[1].code, "tracheostomy");
  EXPECT_EQ(g.care_items[1].watch_level, "high");
  EXPECT_EQ(g.care_items[2].code, "tube_feeding_route");
  EXPECT_EQ(g.care_items[2].watch_level, "low");

  ASSERT_EQ(g.devices.size(), 2u);
  EXPECT_EQ(g.devices[0].kind, "ventilator");
  EXPECT_EQ(g.devices[0].name, "トリロジー Evo");
  ASSERT_TRUE(g.devices[0].battery_hours);
  EXPECT_DOUBLE_EQ(*g.devices[0].battery_hours, 8.5);
  EXPECT_TRUE(g.devices[0].needs_power);
  EXPECT_EQ(g.devices[1].kind, "pulse_oximeter");
  EXPECT_EQ(g.devices[1].name, "パルスオキシメータ");
  EXPECT_FALSE(g.devices[1].battery_hours);  // no battery hours stays "unknown", not 0
  EXPECT_FALSE(g.devices[1].needs_power);    // the stored flag, not the kind's default

  ASSERT_EQ(g.consents.size(), 2u);  // newest first
  EXPECT_EQ(g.consents[0].scope, "municipality_sharing");
  EXPECT_EQ(g.consents[0].given_on, "2024-05-01");
  EXPECT_EQ(g.consents[0].method, "web_form");
  EXPECT_EQ(g.consents[0].recorded_by, "center");
  EXPECT_TRUE(g.consents[0].active());
  EXPECT_EQ(g.consents[1].scope, "registration");
  EXPECT_EQ(g.consents[1].given_on, "2024-04-01");
  EXPECT_EQ(g.consents[1].method, "paper");
  EXPECT_TRUE(g.consents[1].active());
  EXPECT_GT(g.consents[0].id, 0);
  EXPECT_NE(g.consents[0].id, g.consents[1].id);

  // Version 1's snapshot is the record as stored.
  auto h = store().history(id);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].version, 1);
  EXPECT_EQ(h[0].snapshot, registry::record_json(g));

  // The snapshot reads back into the same record.
  Child back = registry::child_from_json(h[0].snapshot);
  EXPECT_EQ(registry::record_json(back), registry::record_json(g));
}

TEST_P(RegistryRecord, DerivedScoreAndElectricityAreStoredAndShownInListRows) {
  Child powered = basic("電源", "あり", "デンゲン", "アリ", "2018-01-10");
  // ventilator high 10+2, tracheostomy 8 (its watch points are not added beside a ventilator), route low 8+0
  powered.care_items = {{"ventilator", "high"}, {"tracheostomy", "high"}, {"tube_feeding_route", "low"}};
  powered.devices = {{"ventilator", "", 6.0, true}};
  Child battery = basic("電源", "なし", "デンゲン", "ナシ", "2017-02-20");
  battery.care_items = {{"suction", "high"}};           // 8+1
  battery.devices = {{"suction_unit", "", 2.0, false}};  // a battery-only unit recorded as such
  Child none = basic("電源", "不要", "デンゲン", "フヨウ", "2016-03-30");
  long long a = add(powered), b = add(battery), c = add(none);

  ListResult r = list(center());
  ASSERT_EQ(r.total, 3);
  std::map<long long, ListRow> rows;
  for (const ListRow& row : r.rows) rows[row.id] = row;
  EXPECT_EQ(rows[a].score, 28);
  EXPECT_TRUE(rows[a].electricity_dependent);
  EXPECT_EQ(rows[b].score, 9);
  EXPECT_FALSE(rows[b].electricity_dependent);
  EXPECT_EQ(rows[c].score, 0);
  EXPECT_FALSE(rows[c].electricity_dependent);
  // The list row carries the record's own fields too.
  EXPECT_EQ(rows[a].family_name, "電源");
  EXPECT_EQ(rows[a].given_name, "あり");
  EXPECT_EQ(rows[a].family_name_kana, "デンゲン");
  EXPECT_EQ(rows[a].given_name_kana, "アリ");
  EXPECT_EQ(rows[a].birth_date, "2018-01-10");
  EXPECT_EQ(rows[a].municipality_code, "352012");
  EXPECT_EQ(rows[a].life_stage, "home");
  EXPECT_EQ(rows[a].status, "active");
  EXPECT_GT(rows[a].updated_at, 0);

  // The stored columns follow an update (here: the ventilator is replaced by oxygen on a cylinder).
  Child g = get(a);
  g.care_items = {{"oxygen_therapy", "high"}};  // 8+1
  g.devices = {{"other", "酸素ボンベ", std::nullopt, false}};
  ASSERT_TRUE(reg().update(center(), actor(center()), g, "ケア変更").ok());
  db::Session sql(db());
  int score = -1, electricity = -1;
  sql << "SELECT score, electricity_dependent FROM children WHERE id = :id", soci::use(a), soci::into(score),
      soci::into(electricity);
  EXPECT_EQ(score, 9);
  EXPECT_EQ(electricity, 0);
}

// ---- validation ------------------------------------------------------------------------------------------

// The API writes list rows as text; they must say exactly what the pages' JSON objects say.
TEST_P(RegistryRecord, ListRowsWrittenAsTextEqualTheirJsonObjects) {
  add(basic("山田", "花子", "ヤマダ", "ハナコ", born_years_ago(7)));
  Child baby = basic("新生", "児", "シンセイ", "ジ", days_from_today(-30), "352039");
  baby.status = "moved_out";
  baby.status_date = days_from_today(-1);
  baby.moved_to = "東京都";
  add(baby);
  Child odd = basic("引用\"符", "逆\\斜線", "タブ", "カイギョウ", born_years_ago(17));
  odd.affiliation = "改行\nと\tタブ";
  odd.life_stage = "special_needs_school";
  add(odd);
  ListResult all = list(center());
  ASSERT_EQ(all.rows.size(), 3u);
  std::string today = registry::today_in_japan();
  auto label = [this](const std::string& key) { return app_->services().views.message("ja", key); };
  for (const ListRow& r : all.rows) {
    std::string text;
    registry::append_list_row_json(text, r, app_->services().master, today, label);
    nlohmann::json parsed = nlohmann::json::parse(text);
    nlohmann::json full = registry::list_row_json(r, app_->services().master, today, label);
    EXPECT_EQ(parsed, full) << text;
    // The page's row carries the table's members only, with the same values.
    nlohmann::json view = registry::list_row_view(r, app_->services().master, today, label);
    EXPECT_EQ(view.size(), 11u);
    for (const auto& [key, value] : view.items()) EXPECT_EQ(value, full.at(key)) << key;
  }
}

TEST_P(RegistryValidation, ErrorsAreJapaneseKeyedByFieldAndNothingIsSaved) {
  add(basic("既存", "記録", "キソン", "キロク", "2020-01-01"));  // so that the counts are not trivially zero
  auto before = all_counts();

  Child c = basic("山口", "花子", "やまぐち", "はなこ", days_from_today(1));
  c.guardians = {{"山口 太郎", "", "父", "083-ABC-1111", ""}};
  c.care_items = {{"tracheostomy", "mid"}};  // only the ventilator has a "mid" watch level
  registry::SaveResult r = reg().create(center(), actor(center()), c, {consent("registration", "2024-04-01")}, "新規");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.conflict);
  EXPECT_EQ(r.id, 0);
  EXPECT_EQ(r.errors.size(), 3u) << describe(r.errors);
  EXPECT_EQ(r.errors["birth_date"], "未来の日付は入力できません。");
  EXPECT_EQ(r.errors["guardians.0.phone"], "電話番号は数字とハイフンで入力してください（例：083-922-3111）。");
  EXPECT_EQ(r.errors["care_items.0.watch_level"], "見守りの度合いを選んでください。");
  EXPECT_EQ(all_counts(), before);

  // An empty record: every required field is named.
  r = reg().create(center(), actor(center()), Child{}, {}, "新規");
  for (const char* field : {"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex",
                            "municipality_code", "life_stage", "source"})
    EXPECT_TRUE(r.errors.count(field)) << field << "\n" << describe(r.errors);
  EXPECT_EQ(r.errors["family_name"], "入力してください。");
  EXPECT_EQ(r.errors["birth_date"], "日付を入力してください。");
  EXPECT_EQ(all_counts(), before);

  // Parts: each error names the entry by its position.
  Child parts = basic("部分", "検査", "ブブン", "ケンサ", "2020-01-01");
  parts.guardians = {{"正しい 保護者", "", "母", "083-922-3111", "ok@example.jp"}, {"", "", "", "", "not-an-address"}};
  parts.diagnoses = {{"診断", "12.3"}};
  parts.care_items = {{"ventilator", "mid"}, {"tube_feeding", "high"}, {"ventilator", "high"}};
  parts.devices = {{"toaster", "", 300.0, false}};
  r = reg().create(center(), actor(center()), parts, {}, "新規");
  EXPECT_EQ(r.errors["guardians.1.name"], "入力してください。");
  EXPECT_EQ(r.errors["guardians.1.email"], "メールアドレスの形が正しくありません。");
  EXPECT_FALSE(r.errors.count("guardians.0.phone"));
  EXPECT_EQ(r.errors["diagnoses.0.icd10"], "ICD-10コードの形が正しくありません（例：G71.0）。");
  EXPECT_FALSE(r.errors.count("care_items.0.watch_level")) << "ventilator may be watched at level mid";
  EXPECT_EQ(r.errors["care_items.1.code"], "医療的ケアの項目が正しくありません。");  // a header, not scored
  EXPECT_EQ(r.errors["care_items.2.code"], "同じ項目が2回あります。");
  EXPECT_EQ(r.errors["devices.0.kind"], "機器の種類を選んでください。");
  EXPECT_EQ(r.errors["devices.0.battery_hours"], "バッテリー時間は0〜240時間で入力してください。");
  EXPECT_EQ(all_counts(), before);

  // Consents given at registration are checked too, and a bad one keeps the whole record out.
  r = reg().create(center(), actor(center()), basic("同意", "検査", "ドウイ", "ケンサ", "2020-01-01"),
                   {consent("registration", "2024-04-01"), consent("everything", days_from_today(1), "phone")}, "新規");
  EXPECT_EQ(r.errors.size(), 3u) << describe(r.errors);
  EXPECT_EQ(r.errors["consents.1.scope"], "同意の範囲を選んでください。");
  EXPECT_EQ(r.errors["consents.1.method"], "同意の方法を選んでください。");
  EXPECT_EQ(r.errors["consents.1.given_on"], "未来の日付は入力できません。");
  EXPECT_EQ(all_counts(), before);
}

TEST_P(RegistryValidation, MunicipalityMustExistInThePrincipalsPrefectureWithAValidCheckDigit) {
  auto before = all_counts();
  auto attempt = [&](const std::string& muni, const auth::Principal& p) {
    return reg().create(p, actor(p), basic("市町", "検査", "シチョウ", "ケンサ", "2020-01-01", muni), {}, "新規");
  };
  EXPECT_EQ(attempt("131016", center()).errors["municipality_code"], "この都道府県の市区町村を選んでください。");
  EXPECT_EQ(attempt("352013", center()).errors["municipality_code"], "市区町村コード（6桁）が正しくありません。");
  EXPECT_EQ(attempt("35201x", center()).errors["municipality_code"], "市区町村コード（6桁）が正しくありません。");
  std::string unknown = "35999" + std::to_string(text::check_digit("35999"));
  ASSERT_TRUE(text::valid_lg_code(unknown));
  EXPECT_EQ(attempt(unknown, center()).errors["municipality_code"], "この市区町村コードは登録されていません。");
  EXPECT_EQ(attempt("352012", center_tokyo()).errors["municipality_code"], "この都道府県の市区町村を選んでください。");
  EXPECT_EQ(all_counts(), before);

  // The same code is fine for the staff of its own prefecture; the record takes that prefecture.
  registry::SaveResult ok = attempt("131016", center_tokyo());
  ASSERT_TRUE(ok.ok()) << describe(ok.errors);
  EXPECT_EQ(get(ok.id).prefecture_code, "13");

  // Status and coordinator rules.
  Child moved = basic("転出", "検査", "テンシュツ", "ケンサ", "2020-01-01");
  moved.status = "moved_out";
  moved.coordinator_user_id = center().user_id;  // not a coordinator
  registry::SaveResult r = reg().create(center(), actor(center()), moved, {}, "新規");
  EXPECT_EQ(r.errors["status_date"], "日付を入力してください。");
  EXPECT_EQ(r.errors["moved_to"], "入力してください。");
  EXPECT_EQ(r.errors["coordinator_user_id"], "この都道府県のコーディネーターを選んでください。");
  moved.coordinator_user_id = coord1().user_id;
  r = reg().create(center_tokyo(), actor(center_tokyo()), [&] {
    Child t = moved;
    t.municipality_code = "131016";
    t.status_date = "2024-03-31";
    t.moved_to = "福岡市";
    return t;
  }(), {}, "新規");
  EXPECT_EQ(r.errors.size(), 1u) << describe(r.errors);
  EXPECT_EQ(r.errors["coordinator_user_id"], "この都道府県のコーディネーターを選んでください。");  // of Yamaguchi
}

TEST_P(RegistryValidation, WarekiKanaAndCodesAreNormalisedBeforeSaving) {
  Child c = basic("山口", "花子", "やまぐち", "ﾊﾅｺ", "令和2年5月5日", " 35201 ");
  c.guardians = {{"山口 太郎", "やまぐち　たろう", "父", " 083-231-1111 ", ""}};
  c.diagnoses = {{"脊髄性筋萎縮症", " g12.0 "}};
  long long id = add(c);
  ASSERT_GT(id, 0);
  Child g = get(id);
  EXPECT_EQ(g.birth_date, "2020-05-05");
  EXPECT_EQ(g.family_name_kana, "ヤマグチ");
  EXPECT_EQ(g.given_name_kana, "ハナコ");
  EXPECT_EQ(g.municipality_code, "352012");
  EXPECT_EQ(g.prefecture_code, "35");
  EXPECT_EQ(g.guardians[0].name_kana, "ヤマグチ\u3000タロウ");
  EXPECT_EQ(g.guardians[0].phone, "083-231-1111");
  EXPECT_EQ(g.diagnoses[0].icd10, "G12.0");
  EXPECT_EQ(store().history(id)[0].snapshot["birth_date"], "2020-05-05");  // the snapshot holds the ISO form too

  Child r = basic("山口", "次郎", "ヤマグチ", "ジロウ", "R2.5.5");
  long long id2 = add(r);
  EXPECT_EQ(get(id2).birth_date, "2020-05-05");
  Child h = basic("平成", "検査", "ヘイセイ", "ケンサ", "平成31年4月30日");
  EXPECT_EQ(get(add(h)).birth_date, "2019-04-30");

  auto before = all_counts();
  Child bad = basic("山口", "三郎", "山口", "サブロウ", "H31.5.1");  // 平成 ended on 30 April 2019
  registry::SaveResult e = reg().create(center(), actor(center()), bad, {}, "新規");
  EXPECT_EQ(e.errors["family_name_kana"], "ふりがなは、ひらがなかカタカナで入力してください。");
  EXPECT_TRUE(e.errors.count("birth_date")) << describe(e.errors);
  EXPECT_FALSE(e.errors["birth_date"].empty());
  EXPECT_EQ(e.errors.size(), 2u) << describe(e.errors);
  EXPECT_EQ(all_counts(), before);

  // Today is not the future.
  EXPECT_GT(add(basic("本日", "誕生", "ホンジツ", "タンジョウ", registry::today_in_japan())), 0);
}

// A stray control character (pasted from another system, say) must not make what staff typed disappear:
// either the save is refused with a message for that field, or the value is kept without the character.
TEST_P(RegistryValidation, AControlCharacterDoesNotSilentlyEmptyAField) {
  Child c = basic("制御", "文字", "セイギョ", "モジ", "2020-01-01");
  c.address = "下関市南部町\x1b" "1-1";
  c.hospital = "山口大学医学部附属病院\x7f";
  registry::SaveResult r = reg().create(center(), actor(center()), c, {}, "新規");
  if (!r.ok()) {
    EXPECT_TRUE(r.errors.count("address")) << describe(r.errors);
    EXPECT_TRUE(r.errors.count("hospital")) << describe(r.errors);
    EXPECT_EQ(count("children"), 0);
    return;
  }
  Child g = get(r.id);
  EXPECT_EQ(g.address, "下関市南部町1-1") << "saved without an error, but the address was emptied";
  EXPECT_EQ(g.hospital, "山口大学医学部附属病院") << "saved without an error, but the hospital was emptied";
}

TEST_P(RegistryValidation, AnInvalidUpdateChangesNothing) {
  long long id = add(basic("更新", "検査", "コウシン", "ケンサ", "2020-01-01"));
  auto before = all_counts();
  Child c = get(id);
  c.address = "新しい住所";
  c.guardians = {{"保護者", "", "", "083-ABC", ""}};
  registry::SaveResult r = reg().update(center(), actor(center()), c, "更新");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.conflict);
  EXPECT_EQ(r.errors["guardians.0.phone"], "電話番号は数字とハイフンで入力してください（例：083-922-3111）。");
  EXPECT_EQ(all_counts(), before);
  Child g = get(id);
  EXPECT_EQ(g.version, 1);
  EXPECT_EQ(g.address, "");
  EXPECT_TRUE(g.guardians.empty());
}

// Each step of the family form shows the errors of the fields it asks for, and no others; the last step shows every
// error, and each of those belongs to exactly one of the steps before it.
TEST_P(RegistryValidation, EachStepOfTheFamilyFormReportsTheErrorsOfItsOwnFields) {
  registry::Registrations& forms = app_->services().registrations;
  registry::Submission empty;
  empty.consents = {"not_a_scope"};
  registry::Submission at_confirm = empty;
  std::set<std::string> all;
  for (const auto& [key, message] : forms.check_step(at_confirm, "confirm", "35")) all.insert(key);
  for (const char* key : {"family_name", "birth_date", "municipality_code", "guardians.0.name", "consents"})
    EXPECT_TRUE(all.count(key)) << key;
  std::set<std::string> seen;
  for (const registry::RegistrationStep& step : registry::registration_steps()) {
    if (step.name == "confirm") continue;
    registry::Submission s = empty;
    for (const auto& [key, message] : forms.check_step(s, std::string(step.name), "35")) {
      EXPECT_TRUE(all.count(key)) << step.name << ": " << key;
      EXPECT_TRUE(seen.insert(key).second) << key << " is reported on two steps";
    }
  }
  EXPECT_EQ(seen, all);
  registry::Submission s = empty;
  registry::FieldErrors child_step = forms.check_step(s, "child", "35");
  EXPECT_TRUE(child_step.count("family_name"));
  EXPECT_FALSE(child_step.count("municipality_code"));
  EXPECT_FALSE(child_step.count("consents"));
}

// ---- versions --------------------------------------------------------------------------------------------

TEST_P(RegistryVersions, UpdateIncrementsVersionAndHistoryKeepsSnapshotsNewestFirst) {
  Child c = basic("版数", "検査", "ハンスウ", "ケンサ", "2020-01-01");
  c.address = "下関市南部町1-1";
  c.care_items = {{"ventilator", "high"}};
  long long id = add(c);
  ASSERT_GT(id, 0);

  Child v1 = get(id);
  Child edit = v1;
  edit.address = "下関市新地町2-2";
  edit.care_items.push_back({"suction", "high"});
  edit.notes = "住所変更の届出あり";
  registry::SaveResult r = reg().update(center(), actor(center()), edit, "住所変更");
  ASSERT_TRUE(r.ok()) << describe(r.errors);
  EXPECT_EQ(r.id, id);

  Child v2 = get(id);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.address, "下関市新地町2-2");
  EXPECT_EQ(v2.notes, "住所変更の届出あり");
  EXPECT_EQ(v2.care_items.size(), 2u);
  EXPECT_EQ(v2.created_at, v1.created_at);
  EXPECT_GE(v2.updated_at, v1.updated_at);
  EXPECT_EQ(list(center()).rows.at(0).score, 21);  // 10+2 + 8+1

  edit = v2;
  edit.life_stage = "nursery";
  ASSERT_TRUE(reg().update(pref_admin(), actor(pref_admin()), edit, "入園").ok());

  auto h = store().history(id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].version, 3);
  EXPECT_EQ(h[1].version, 2);
  EXPECT_EQ(h[2].version, 1);
  EXPECT_EQ(h[0].summary, "入園");
  EXPECT_EQ(h[0].login, "pref");
  EXPECT_EQ(h[1].summary, "住所変更");
  EXPECT_EQ(h[1].login, "center");
  EXPECT_EQ(h[2].summary, "新規登録");
  EXPECT_GE(h[0].saved_at, h[1].saved_at);
  EXPECT_GE(h[1].saved_at, h[2].saved_at);
  EXPECT_EQ(h[2].snapshot["address"], "下関市南部町1-1");
  EXPECT_EQ(h[1].snapshot["address"], "下関市新地町2-2");
  EXPECT_EQ(h[0].snapshot["life_stage"], "nursery");
  EXPECT_EQ(h[1].snapshot["life_stage"], "home");

  // The diff of neighbouring versions names exactly the fields that changed.
  auto fields = [](const nlohmann::json& d) {
    std::set<std::string> out;
    for (const auto& line : d) out.insert(line["field"].get<std::string>());
    return out;
  };
  nlohmann::json d12 = registry::diff(h[2].snapshot, h[1].snapshot);
  EXPECT_EQ(fields(d12), (std::set<std::string>{"address", "care_items", "notes"}));
  for (const auto& line : d12)
    if (line["field"] == "address") {
      EXPECT_EQ(line["before"], "下関市南部町1-1");
      EXPECT_EQ(line["after"], "下関市新地町2-2");
    }
  EXPECT_EQ(fields(registry::diff(h[1].snapshot, h[0].snapshot)), (std::set<std::string>{"life_stage"}));
  EXPECT_TRUE(registry::diff(h[0].snapshot, h[0].snapshot).empty());
}

TEST_P(RegistryVersions, AStaleVersionConflictsAndChangesNothing) {
  long long id = add(basic("競合", "検査", "キョウゴウ", "ケンサ", "2020-01-01"));
  Child a = get(id), b = get(id);  // two editors open version 1
  a.address = "編集者Aの住所";
  ASSERT_TRUE(reg().update(center(), actor(center()), a, "A").ok());

  auto before = all_counts();
  b.notes = "編集者Bのメモ";
  registry::SaveResult r = reg().update(pref_admin(), actor(pref_admin()), b, "B");
  EXPECT_TRUE(r.conflict);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.errors.empty()) << describe(r.errors);
  EXPECT_EQ(all_counts(), before);  // no version, no audit entry
  Child g = get(id);
  EXPECT_EQ(g.version, 2);
  EXPECT_EQ(g.address, "編集者Aの住所");
  EXPECT_EQ(g.notes, "");
  EXPECT_EQ(store().history(id).size(), 2u);
  EXPECT_EQ(audit_entries("child", std::to_string(id), "update").size(), 1u);

  // Reloading and saving again keeps both changes.
  g.notes = "編集者Bのメモ";
  ASSERT_TRUE(reg().update(pref_admin(), actor(pref_admin()), g, "B").ok());
  Child v3 = get(id);
  EXPECT_EQ(v3.version, 3);
  EXPECT_EQ(v3.address, "編集者Aの住所");
  EXPECT_EQ(v3.notes, "編集者Bのメモ");

  // A record that does not exist is a conflict too, not a new row.
  Child ghost = v3;
  ghost.id = id + 1000;
  EXPECT_TRUE(reg().update(center(), actor(center()), ghost, "x").conflict);
  EXPECT_EQ(count("children"), 1);
}

TEST_P(RegistryVersions, ConcurrentSavesOfTheSameVersionLetExactlyOneThrough) {
  long long id = add(basic("同時", "保存", "ドウジ", "ホゾン", "2020-01-01"));
  Child base = get(id);
  auth::Principal p = center();
  constexpr int kEditors = 4;
  std::vector<registry::SaveResult> results(kEditors);
  std::vector<std::thread> threads;
  for (int i = 0; i < kEditors; ++i)
    threads.emplace_back([&, i] {
      Child c = base;
      c.notes = "編集者" + std::to_string(i);
      try {
        results[i] = reg().update(p, actor(p), c, "同時編集");
      } catch (const std::exception& e) {
        ADD_FAILURE() << "editor " << i << ": " << e.what();
      }
    });
  for (auto& t : threads) t.join();
  int saved = 0, conflicts = 0, winner = -1;
  for (int i = 0; i < kEditors; ++i) {
    if (results[i].ok()) ++saved, winner = i;
    if (results[i].conflict) ++conflicts;
  }
  EXPECT_EQ(saved, 1);
  EXPECT_EQ(conflicts, kEditors - 1);
  Child g = get(id);
  EXPECT_EQ(g.version, 2);
  EXPECT_EQ(g.notes, "編集者" + std::to_string(winner));
  EXPECT_EQ(store().history(id).size(), 2u);
  EXPECT_EQ(audit_entries("child", std::to_string(id), "update").size(), 1u);
  EXPECT_TRUE(audit().verify().ok);
}

TEST_P(RegistryVersions, MovingMunicipalityKeepsHistoryAndVisibilityFollows) {
  long long id = add(basic("転居", "検査", "テンキョ", "ケンサ", "2020-01-01", "352012"),
                     {consent("municipality_sharing", "2024-04-01")});
  EXPECT_EQ(reg().access(shimo(), std::to_string(id)), auth::ObjectAccess::visible);
  EXPECT_EQ(reg().access(yama(), std::to_string(id)), auth::ObjectAccess::hidden);
  EXPECT_EQ(id_set(list(shimo())), std::set<long long>{id});
  EXPECT_TRUE(list(yama()).rows.empty());

  Child c = get(id);
  c.municipality_code = "352039";
  c.address = "山口市滝町1-1";
  ASSERT_TRUE(reg().update(center(), actor(center()), c, "山口市へ転居").ok());

  auto h = store().history(id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].snapshot["municipality_code"], "352012");
  EXPECT_EQ(h[0].snapshot["municipality_code"], "352039");
  EXPECT_EQ(get(id).municipality_code, "352039");
  EXPECT_EQ(get(id).consents.size(), 1u);

  EXPECT_EQ(reg().access(shimo(), std::to_string(id)), auth::ObjectAccess::hidden);
  EXPECT_EQ(reg().access(yama(), std::to_string(id)), auth::ObjectAccess::visible);
  EXPECT_TRUE(list(shimo()).rows.empty());
  EXPECT_EQ(id_set(list(yama())), std::set<long long>{id});
  EXPECT_FALSE(reg().read(shimo(), actor(shimo()), id, "閲覧"));
  EXPECT_TRUE(reg().read(yama(), actor(yama()), id, "閲覧"));
  ListFilter old_place;
  old_place.municipality_code = "352012";
  EXPECT_TRUE(list(center(), old_place).rows.empty());
}

// ---- visibility ------------------------------------------------------------------------------------------

TEST_P(RegistryVisibility, EachRoleSeesExactlyItsChildrenInListsAndObjectChecks) {
  Child a = basic("可視", "エー", "カシ", "エー", "2020-01-01", "352012");
  a.coordinator_user_id = coord1().user_id;
  long long A = add(a, {consent("municipality_sharing", "2024-04-01"), consent("care_team_sharing", "2024-04-01")});
  Child b = basic("可視", "ビー", "カシ", "ビー", "2020-01-01", "352012");  // no consent for the municipality
  b.coordinator_user_id = coord1().user_id;
  long long B = add(b, {consent("registration", "2024-04-01"), consent("care_team_sharing", "2024-04-01")});
  Child c = basic("可視", "シー", "カシ", "シー", "2020-01-01", "352039");  // coordinator without team consent
  c.coordinator_user_id = coord2().user_id;
  long long C = add(c, {consent("municipality_sharing", "2024-04-01"), consent("disaster_planning", "2024-04-01")});
  long long D = add(basic("可視", "ディー", "カシ", "ディー", "2020-01-01", "352012"),
                    {consent("municipality_sharing", "2024-04-01"), consent("care_team_sharing", "2024-04-01")});
  long long T = add(basic("東京", "ティー", "トウキョウ", "ティー", "2020-01-01", "131016"),
                    {consent("municipality_sharing", "2024-04-01")}, center_tokyo());

  std::vector<std::pair<auth::Principal, std::set<long long>>> expected = {
      {center(), {A, B, C, D}}, {pref_admin(), {A, B, C, D}}, {center_tokyo(), {T}},
      {shimo(), {A, D}},        {yama(), {C}},                {coord1(), {A, B}},
      {coord2(), {}},           {facility(), {}},             {sysadmin(), {}}};
  for (const auto& [p, visible] : expected) {
    ListResult r = list(p);
    EXPECT_EQ(id_set(r), visible) << p.login;
    EXPECT_EQ(r.total, static_cast<long long>(visible.size())) << p.login;
    for (long long id : {A, B, C, D, T}) {
      bool sees = visible.count(id) > 0;
      EXPECT_EQ(reg().access(p, std::to_string(id)), sees ? auth::ObjectAccess::visible : auth::ObjectAccess::hidden)
          << p.login << " child " << id;
      EXPECT_EQ(reg().read(p, actor(p), id, "閲覧").has_value(), sees) << p.login << " child " << id;
    }
    // A filter never widens what the principal may see.
    ListFilter other;
    other.municipality_code = "352039";
    for (long long id : ids_of(list(p, other))) EXPECT_TRUE(visible.count(id)) << p.login;
  }
  EXPECT_EQ(reg().access(center(), "999999"), auth::ObjectAccess::missing);
  EXPECT_EQ(reg().access(center(), "abc"), auth::ObjectAccess::missing);
  EXPECT_EQ(reg().access(center(), ""), auth::ObjectAccess::missing);
  EXPECT_EQ(reg().access(center(), "-1"), auth::ObjectAccess::missing);
}

TEST_P(RegistryVisibility, MunicipalStaffSeeOnlyWhileTheMunicipalitySharingConsentIsInForce) {
  long long id = add(basic("同意", "共有", "ドウイ", "キョウユウ", "2020-01-01", "352012"),
                     {consent("registration", "2024-04-01"), consent("disaster_planning", "2024-04-01")});
  auto sees = [&] {
    bool object = reg().access(shimo(), std::to_string(id)) == auth::ObjectAccess::visible;
    bool listed = id_set(list(shimo())).count(id) > 0;
    EXPECT_EQ(object, listed) << "the list and the object check disagree";
    return object;
  };
  EXPECT_FALSE(sees());  // registration and disaster planning do not share with the municipality

  ASSERT_TRUE(reg().add_consent(actor(center()), id, consent("municipality_sharing", "2024-06-01")).empty());
  EXPECT_TRUE(sees());
  EXPECT_FALSE(reg().access(yama(), std::to_string(id)) == auth::ObjectAccess::visible);  // another municipality

  long long k = active_consent(id, "municipality_sharing");
  ASSERT_GT(k, 0);
  ASSERT_TRUE(reg().withdraw_consent(actor(center()), id, k, "2024-07-01").empty());
  EXPECT_FALSE(sees());
  EXPECT_EQ(reg().access(center(), std::to_string(id)), auth::ObjectAccess::visible);  // the center still sees

  ASSERT_TRUE(reg().add_consent(actor(center()), id, consent("municipality_sharing", "2024-08-01")).empty());
  EXPECT_TRUE(sees());
  // Both consent records stay: the withdrawn one and the one in force.
  int rows = 0, withdrawn = 0;
  for (const Consent& c : get(id).consents)
    if (c.scope == "municipality_sharing") {
      ++rows;
      withdrawn += c.active() ? 0 : 1;
    }
  EXPECT_EQ(rows, 2);
  EXPECT_EQ(withdrawn, 1);
}

// A paged list counts the matches once and keeps the count until children, consents or care items change:
// here, through another app server on the same database, or by hand in SQL.
TEST_P(RegistryVisibility, PagedCountsFollowEveryChangeWhoeverMakesIt) {
  std::vector<long long> ids;
  for (const char* given : {"一郎", "二郎", "三郎"})
    ids.push_back(add(basic("頁数", given, "ページ", "イチロウ", "2020-01-01", "352012"),
                      {consent("registration", "2024-04-01"), consent("municipality_sharing", "2024-04-01")}));
  auto paged = [&](const auth::Principal& p, int page, ListFilter f = {}) {
    f.per_page = 2;
    f.page = page;
    return reg().list(p, actor(p), f, "テスト");
  };
  ListResult first = paged(shimo(), 1);
  EXPECT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.total, 3);
  EXPECT_EQ(paged(shimo(), 2).total, 3);   // the last page, not full
  EXPECT_EQ(paged(shimo(), 2).rows.size(), 1u);
  EXPECT_EQ(paged(shimo(), 5).total, 3);   // past the end: counted
  EXPECT_TRUE(paged(shimo(), 5).rows.empty());

  App other(tdb_->url(), Settings{}, 1);
  long long k = active_consent(ids[0], "municipality_sharing");
  ASSERT_TRUE(other.services().registry.withdraw_consent(actor(center()), ids[0], k, "2024-07-01").empty());
  EXPECT_EQ(paged(shimo(), 1).total, 2);
  EXPECT_EQ(paged(shimo(), 1).rows.size(), 2u);
  EXPECT_EQ(paged(center(), 1).total, 3);  // the center still sees all three

  ListFilter suction;
  suction.care_item = "suction";
  EXPECT_EQ(paged(center(), 1, suction).total, 0);
  Child c = get(ids[1]);
  c.care_items = {{"suction", "low"}};
  ASSERT_TRUE(other.services().registry.update(center(), actor(center()), c, "吸引を追加").ok());
  Child d = get(ids[2]);
  d.care_items = {{"suction", "low"}};
  ASSERT_TRUE(other.services().registry.update(center(), actor(center()), d, "吸引を追加").ok());
  ListResult with_suction = paged(center(), 1, suction);
  EXPECT_EQ(with_suction.total, 2);
  EXPECT_EQ(with_suction.rows.size(), 2u);

  ListFilter active;
  active.status = "active";
  EXPECT_EQ(paged(center(), 1, active).total, 3);
  {
    db::Session sql(db());
    sql << "UPDATE children SET status = 'deceased' WHERE id = :id", soci::use(ids[1]);
  }
  EXPECT_EQ(paged(center(), 1, active).total, 2);
}

TEST_P(RegistryVisibility, CoordinatorsSeeOnlyAssignedChildrenWhileTheCareTeamConsentIsInForce) {
  Child c = basic("担当", "検査", "タントウ", "ケンサ", "2020-01-01");
  c.coordinator_user_id = coord1().user_id;
  long long id = add(c, {consent("care_team_sharing", "2024-04-01")});
  long long other = add(basic("担当", "なし", "タントウ", "ナシ", "2020-01-01"),
                        {consent("care_team_sharing", "2024-04-01")});  // assigned to no one
  std::string sid = std::to_string(id);
  EXPECT_EQ(reg().access(coord1(), sid), auth::ObjectAccess::visible);
  EXPECT_EQ(reg().access(coord2(), sid), auth::ObjectAccess::hidden);
  EXPECT_EQ(reg().access(coord1(), std::to_string(other)), auth::ObjectAccess::hidden);
  EXPECT_EQ(id_set(list(coord1())), std::set<long long>{id});
  EXPECT_TRUE(list(coord2()).rows.empty());
  EXPECT_EQ(reg().access(shimo(), sid), auth::ObjectAccess::hidden);  // care team consent is not the municipality's

  ASSERT_TRUE(reg().withdraw_consent(actor(center()), id, active_consent(id, "care_team_sharing"), "2024-05-01").empty());
  EXPECT_EQ(reg().access(coord1(), sid), auth::ObjectAccess::hidden);
  EXPECT_TRUE(list(coord1()).rows.empty());

  // Given again and reassigned: the new coordinator sees the child, the former one no longer does.
  ASSERT_TRUE(reg().add_consent(actor(center()), id, consent("care_team_sharing", "2024-06-01")).empty());
  EXPECT_EQ(reg().access(coord1(), sid), auth::ObjectAccess::visible);
  Child g = get(id);
  g.coordinator_user_id = coord2().user_id;
  ASSERT_TRUE(reg().update(center(), actor(center()), g, "担当変更").ok());
  EXPECT_EQ(reg().access(coord1(), sid), auth::ObjectAccess::hidden);
  EXPECT_EQ(reg().access(coord2(), sid), auth::ObjectAccess::visible);
  EXPECT_TRUE(list(coord1()).rows.empty());
  EXPECT_EQ(id_set(list(coord2())), std::set<long long>{id});
}

// ---- lists -----------------------------------------------------------------------------------------------

// Five children of 山口県 with distinct facts (ages are on today in Japan):
//   takahashi  高橋 光   352012 下関 (3506)  ventilator+tracheostomy, powered   home        active     3 today
//   takahashi2 髙橋 未来 352039 山口 (3504)  tube feeding route low               nursery     active     5 (6 tomorrow)
//   yamazaki   山﨑 空   352063 防府 (3504)  suction, powered                    elementary  moved_out  8
//   abe        阿部 結   352012 下関 (3506)  none                                home        active     0 (1 tomorrow)
//   yamasaki   山崎 陽翔 352021 宇部 (3505)  GI stoma                            elementary  active    10
// Consent municipality_sharing in force: takahashi, abe; withdrawn: yamazaki; never: takahashi2, yamasaki.
struct Seed {
  long long takahashi = 0, takahashi2 = 0, yamazaki = 0, abe = 0, yamasaki = 0;
};

class RegistryList : public RegistryFixture {
 protected:
  Seed seed() {
    Seed s;
    Child a = basic("高橋", "光", "たかはし", "ひかり", born_years_ago(3), "352012");
    a.care_items = {{"ventilator", "high"}, {"tracheostomy", "low"}};  // 10+2+8 = 20
    a.devices = {{"ventilator", "", 10.0, true}};
    s.takahashi = add(a, {consent("registration", "2024-04-01"), consent("municipality_sharing", "2024-04-01")});

    Child b = basic("髙橋", "未来", "タカハシ", "ミライ", born_years_ago(6, 1), "352039");
    b.care_items = {{"tube_feeding_route", "low"}};  // 8
    b.life_stage = "nursery";
    s.takahashi2 = add(b, {consent("registration", "2024-04-01")});

    Child c = basic("山﨑", "空", "ヤマザキ", "ソラ", born_years_ago(8), "352063");
    c.care_items = {{"suction", "high"}};  // 9
    c.devices = {{"suction_unit", "", std::nullopt, true}};
    c.life_stage = "elementary";
    c.status = "moved_out";
    c.status_date = "2025-03-31";
    c.moved_to = "福岡県福岡市";
    s.yamazaki = add(c, {consent("registration", "2024-04-01"), consent("municipality_sharing", "2024-04-01")});
    EXPECT_TRUE(reg().withdraw_consent(actor(center()), s.yamazaki, active_consent(s.yamazaki, "municipality_sharing"),
                                       "2025-03-31")
                    .empty());

    Child d = basic("阿部", "結", "ｱﾍﾞ", "ﾕｲ", born_years_ago(1, 1), "352012");  // half-width kana as typed
    s.abe = add(d, {consent("municipality_sharing", "2024-04-01")});

    Child e = basic("山崎", "陽翔", "やまさき", "はると", born_years_ago(10), "352021");
    e.care_items = {{"gi_stoma", "high"}};  // 6
    e.life_stage = "elementary";
    e.sex = "male";
    s.yamasaki = add(e);
    return s;
  }

  std::set<long long> found(ListFilter f) { return id_set(list(center(), f)); }
  std::set<long long> named(const std::string& query) {
    ListFilter f;
    f.name_key = text::name_key(query);
    return found(f);
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, RegistryList, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

TEST_P(RegistryList, EachFilterAlone) {
  Seed s = seed();
  ListFilter all;
  EXPECT_EQ(found(all), (std::set<long long>{s.takahashi, s.takahashi2, s.yamazaki, s.abe, s.yamasaki}));
  EXPECT_EQ(list(center()).total, 5);

  ListFilter f;
  f.municipality_code = "352012";
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi, s.abe}));

  const master::Region* region = app_->services().master.region("3504");  // 山口・防府
  ASSERT_NE(region, nullptr);
  f = {};
  f.municipality_codes = region->municipality_codes;
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi2, s.yamazaki}));

  f = {};
  f.care_item = "ventilator";
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi});
  f.care_item = "tracheostomy";
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi});
  f.care_item = "tube_feeding_route";
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi2});
  f.care_item = "dialysis";
  EXPECT_TRUE(found(f).empty());

  f = {};
  f.life_stage = "elementary";
  EXPECT_EQ(found(f), (std::set<long long>{s.yamazaki, s.yamasaki}));
  f.life_stage = "nursery";
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi2});

  f = {};
  f.status = "active";  // what the list page asks for by default
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi, s.takahashi2, s.abe, s.yamasaki}));
  f.status = "moved_out";
  EXPECT_EQ(found(f), std::set<long long>{s.yamazaki});
  f.status = "";  // all statuses
  EXPECT_EQ(found(f).size(), 5u);

  f = {};
  f.consent_scope = "municipality_sharing";
  f.consent_state = "active";
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi, s.abe}));
  f.consent_state = "missing";  // never given or withdrawn
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi2, s.yamazaki, s.yamasaki}));
  f.consent_scope = "registration";
  f.consent_state = "active";
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi, s.takahashi2, s.yamazaki}));
  f.consent_state = "missing";
  EXPECT_EQ(found(f), (std::set<long long>{s.abe, s.yamasaki}));

  f = {};
  f.electricity_dependent = true;
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi, s.yamazaki}));
  f.electricity_dependent = false;
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi2, s.abe, s.yamasaki}));
}

TEST_P(RegistryList, AgeFiltersCountFullYearsAtTheBirthday) {
  Seed s = seed();  // ages today: takahashi 3 (birthday today), takahashi2 5 (6 tomorrow), yamazaki 8,
                    // abe 0 (1 tomorrow), yamasaki 10
  auto ages = [&](std::optional<int> min, std::optional<int> max) {
    ListFilter f;
    f.age_min = min;
    f.age_max = max;
    return found(f);
  };
  EXPECT_EQ(ages(3, std::nullopt), (std::set<long long>{s.takahashi, s.takahashi2, s.yamazaki, s.yamasaki}));
  EXPECT_EQ(ages(4, std::nullopt), (std::set<long long>{s.takahashi2, s.yamazaki, s.yamasaki}));
  EXPECT_EQ(ages(std::nullopt, 2), std::set<long long>{s.abe});  // 3 today: no longer 2
  EXPECT_EQ(ages(std::nullopt, 3), (std::set<long long>{s.abe, s.takahashi}));
  EXPECT_EQ(ages(std::nullopt, 5), (std::set<long long>{s.abe, s.takahashi, s.takahashi2}));  // 6 only tomorrow
  EXPECT_EQ(ages(6, std::nullopt), (std::set<long long>{s.yamazaki, s.yamasaki}));
  EXPECT_EQ(ages(5, 5), std::set<long long>{s.takahashi2});
  EXPECT_EQ(ages(3, 3), std::set<long long>{s.takahashi});
  EXPECT_EQ(ages(0, 0), std::set<long long>{s.abe});
  EXPECT_EQ(ages(1, std::nullopt).count(s.abe), 0u);  // 1 only tomorrow
  EXPECT_EQ(ages(8, 10), (std::set<long long>{s.yamazaki, s.yamasaki}));
  EXPECT_EQ(ages(10, 10), std::set<long long>{s.yamasaki});
  EXPECT_TRUE(ages(11, std::nullopt).empty());
  EXPECT_TRUE(ages(6, 5).empty());
}

TEST_P(RegistryList, FiltersCombine) {
  Seed s = seed();
  ListFilter f;
  f.municipality_codes = app_->services().master.region("3504")->municipality_codes;
  f.status = "active";
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi2});

  f = {};
  f.municipality_code = "352012";
  f.care_item = "ventilator";
  f.electricity_dependent = true;
  EXPECT_EQ(found(f), std::set<long long>{s.takahashi});
  f.electricity_dependent = false;
  EXPECT_TRUE(found(f).empty());

  f = {};
  f.consent_scope = "municipality_sharing";
  f.consent_state = "missing";
  f.life_stage = "elementary";
  EXPECT_EQ(found(f), (std::set<long long>{s.yamazaki, s.yamasaki}));
  f.status = "active";
  EXPECT_EQ(found(f), std::set<long long>{s.yamasaki});

  f = {};
  f.name_key = text::name_key("山崎");
  f.status = "active";
  EXPECT_EQ(found(f), std::set<long long>{s.yamasaki});

  f = {};
  f.age_min = 3;
  f.electricity_dependent = false;
  EXPECT_EQ(found(f), (std::set<long long>{s.takahashi2, s.yamasaki}));
  f.municipality_code = "352021";
  EXPECT_EQ(found(f), std::set<long long>{s.yamasaki});

  // Filters narrow a municipal user's view, never widen it: shimo sees takahashi and abe only.
  f = {};
  f.electricity_dependent = true;
  EXPECT_EQ(id_set(list(shimo(), f)), std::set<long long>{s.takahashi});
  f = {};
  f.municipality_code = "352039";
  EXPECT_TRUE(list(shimo(), f).rows.empty());
}

TEST_P(RegistryList, NameSearchIgnoresKanaScriptWidthAndVariantKanji) {
  Seed s = seed();
  EXPECT_EQ(named("高橋"), (std::set<long long>{s.takahashi, s.takahashi2}));  // finds 髙橋
  EXPECT_EQ(named("髙橋"), (std::set<long long>{s.takahashi, s.takahashi2}));
  EXPECT_EQ(named("たかはし"), (std::set<long long>{s.takahashi, s.takahashi2}));
  EXPECT_EQ(named("タカハシ"), (std::set<long long>{s.takahashi, s.takahashi2}));
  EXPECT_EQ(named("ﾀｶﾊｼ"), (std::set<long long>{s.takahashi, s.takahashi2}));
  EXPECT_EQ(named("たかはし　ひかり"), std::set<long long>{s.takahashi});
  EXPECT_EQ(named("ﾀｶﾊｼ ﾐﾗｲ"), std::set<long long>{s.takahashi2});
  EXPECT_EQ(named("高橋光"), std::set<long long>{s.takahashi});
  EXPECT_EQ(named("山崎"), (std::set<long long>{s.yamazaki, s.yamasaki}));  // finds 山﨑
  EXPECT_EQ(named("山﨑"), (std::set<long long>{s.yamazaki, s.yamasaki}));
  EXPECT_EQ(named("やまざき"), std::set<long long>{s.yamazaki});  // voiced and unvoiced readings differ
  EXPECT_EQ(named("ヤマサキ"), std::set<long long>{s.yamasaki});
  EXPECT_EQ(named("あべ"), std::set<long long>{s.abe});  // stored from half-width ｱﾍﾞ
  EXPECT_EQ(named("ユイ"), std::set<long long>{s.abe});
  EXPECT_EQ(named("ﾊﾙﾄ"), std::set<long long>{s.yamasaki});
  EXPECT_TRUE(named("佐藤").empty());
  EXPECT_TRUE(named("%").empty());  // LIKE wildcards are literal
  EXPECT_TRUE(named("_").empty());
  EXPECT_EQ(get(s.abe).family_name_kana, "アベ");

  // What a municipal user finds stays within what they may see.
  ListFilter f;
  f.name_key = text::name_key("たかはし");
  EXPECT_EQ(id_set(list(shimo(), f)), std::set<long long>{s.takahashi});
}

// Searches of three characters or more come from the trigram index on SQLite: it follows every change of a
// name, an erasure, and text that means something to its query syntax is matched as it is.
TEST_P(RegistryList, NameSearchFollowsRenamesAndErasure) {
  Seed s = seed();
  Child renamed = get(s.takahashi);
  renamed.family_name = "佐藤";
  renamed.family_name_kana = "さとう";
  ASSERT_TRUE(reg().update(center(), actor(center()), renamed, "改姓").ok());
  EXPECT_EQ(named("たかはし"), std::set<long long>{s.takahashi2});
  EXPECT_EQ(named("さとう"), std::set<long long>{s.takahashi});
  EXPECT_EQ(named("佐藤光"), std::set<long long>{s.takahashi});
  reg().erase(actor(pref_admin()), s.takahashi2, "削除請求");
  EXPECT_TRUE(named("たかはし").empty());
  EXPECT_TRUE(named("ミライ").empty());
  EXPECT_EQ(named("やまさき"), std::set<long long>{s.yamasaki});
  for (const char* odd : {"\"たかはし", "さとう\"", "AND OR", "NEAR(さとう)", "*さと", "ひかり:"})
    EXPECT_NO_THROW(named(odd)) << odd;
  EXPECT_TRUE(named("NEAR(さとう)").empty());
  // LIKE's wildcards (PostgreSQL's search) are matched as themselves.
  for (const char* wildcard : {"%", "_", "\\", "た%", "さ_う"}) EXPECT_TRUE(named(wildcard).empty()) << wildcard;
  if (db().kind() == db::Kind::postgresql) {  // the trigram index that serves it (0014)
    db::Session sql(db());
    int indexes = 0;
    sql << "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'children_name_key_trgm'", soci::into(indexes);
    EXPECT_EQ(indexes, 1);
  }
}

TEST_P(RegistryList, SortingAndPaging) {
  Seed s = seed();
  auto order = [&](const std::string& sort, bool desc) {
    ListFilter f;
    f.sort = sort;
    f.descending = desc;
    return ids_of(list(center(), f));
  };
  // Kana order: あべ, たかはし ひかり, たかはし みらい, やまさき, やまざき.
  EXPECT_EQ(order("kana", false), (std::vector<long long>{s.abe, s.takahashi, s.takahashi2, s.yamasaki, s.yamazaki}));
  EXPECT_EQ(order("kana", true), (std::vector<long long>{s.yamazaki, s.yamasaki, s.takahashi2, s.takahashi, s.abe}));
  EXPECT_EQ(order("birth_date", true), (std::vector<long long>{s.abe, s.takahashi, s.takahashi2, s.yamazaki, s.yamasaki}));
  EXPECT_EQ(order("birth_date", false), (std::vector<long long>{s.yamasaki, s.yamazaki, s.takahashi2, s.takahashi, s.abe}));
  EXPECT_EQ(order("score", true), (std::vector<long long>{s.takahashi, s.yamazaki, s.takahashi2, s.yamasaki, s.abe}));
  EXPECT_EQ(order("score", false), (std::vector<long long>{s.abe, s.yamasaki, s.takahashi2, s.yamazaki, s.takahashi}));
  // By municipality code, then kana: 352012 (あべ, たかはし), 352021, 352039, 352063.
  EXPECT_EQ(order("municipality", false), (std::vector<long long>{s.abe, s.takahashi, s.yamasaki, s.takahashi2, s.yamazaki}));

  std::map<long long, int> score;
  for (const ListRow& r : list(center()).rows) score[r.id] = r.score;
  EXPECT_EQ(score[s.takahashi], 20);
  EXPECT_EQ(score[s.takahashi2], 8);
  EXPECT_EQ(score[s.yamazaki], 9);
  EXPECT_EQ(score[s.abe], 0);
  EXPECT_EQ(score[s.yamasaki], 6);

  auto page = [&](int n) {
    ListFilter f;
    f.per_page = 2;
    f.page = n;
    return reg().list(center(), actor(center()), f, "テスト");
  };
  std::vector<long long> seen;
  for (int n = 1; n <= 3; ++n) {
    ListResult r = page(n);
    EXPECT_EQ(r.total, 5) << "page " << n;
    EXPECT_EQ(r.rows.size(), n < 3 ? 2u : 1u) << "page " << n;
    for (long long id : ids_of(r)) seen.push_back(id);
  }
  EXPECT_EQ(seen, order("kana", false));  // pages in order, no row twice or missing
  ListResult beyond = page(4);
  EXPECT_TRUE(beyond.rows.empty());
  EXPECT_EQ(beyond.total, 5);

  ListFilter f;
  f.per_page = 2;
  f.status = "active";
  f.sort = "score";
  f.descending = true;
  ListResult r = reg().list(center(), actor(center()), f, "テスト");
  EXPECT_EQ(r.total, 4);
  EXPECT_EQ(ids_of(r), (std::vector<long long>{s.takahashi, s.takahashi2}));
}

// kana_sort keeps the family name apart from the given name, so イ ウ sorts before イイ ア (family name first),
// and the order is the same on both backends.
TEST_P(RegistryList, KanaOrderIsByFamilyNameThenGivenName) {
  long long i_u = add(basic("伊", "宇", "イ", "ウ", "2020-01-01"));
  long long ii_a = add(basic("飯", "亜", "イイ", "ア", "2020-01-01"));
  long long i_a = add(basic("伊", "亜", "い", "あ", "2020-01-01"));
  long long long_vowel = add(basic("伊", "阿", "イ", "アー", "2020-01-01"));
  ListFilter f;
  EXPECT_EQ(ids_of(list(center(), f)), (std::vector<long long>{i_a, long_vowel, i_u, ii_a}));
}

// ---- consents --------------------------------------------------------------------------------------------

TEST_P(RegistryConsent, WithdrawingTwiceFailsTheSecondTime) {
  long long id = add(basic("撤回", "検査", "テッカイ", "ケンサ", "2020-01-01"),
                     {consent("municipality_sharing", "2024-04-01")});
  long long k = active_consent(id, "municipality_sharing");
  ASSERT_GT(k, 0);
  EXPECT_TRUE(reg().withdraw_consent(actor(pref_admin()), id, k, "令和6年6月1日").empty());
  Child g = get(id);
  ASSERT_EQ(g.consents.size(), 1u);
  EXPECT_FALSE(g.consents[0].active());
  EXPECT_EQ(g.consents[0].withdrawn_on, "2024-06-01");  // 和暦 normalised
  EXPECT_EQ(g.consents[0].withdrawal_recorded_by, "pref");
  EXPECT_EQ(g.consents[0].recorded_by, "center");

  auto before = all_counts();
  registry::FieldErrors e = reg().withdraw_consent(actor(center()), id, k, "2024-07-01");
  EXPECT_EQ(e["consent"], "この同意は既に撤回されているか見つかりません。撤回日は同意した日以降にしてください。");
  EXPECT_EQ(all_counts(), before);  // no audit entry for a refused withdrawal
  EXPECT_EQ(get(id).consents[0].withdrawn_on, "2024-06-01");  // the first withdrawal stands
  EXPECT_EQ(get(id).consents[0].withdrawal_recorded_by, "pref");
}

TEST_P(RegistryConsent, AWithdrawalCannotPrecedeTheConsent) {
  long long id = add(basic("前日", "検査", "ゼンジツ", "ケンサ", "2020-01-01"), {consent("municipality_sharing", "2024-04-01")});
  long long k = active_consent(id, "municipality_sharing");
  ASSERT_GT(k, 0);
  auto before = all_counts();
  registry::FieldErrors e = reg().withdraw_consent(actor(center()), id, k, "2024-03-31");
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(all_counts(), before);
  EXPECT_EQ(active_consent(id, "municipality_sharing"), k);
  EXPECT_TRUE(reg().withdraw_consent(actor(center()), id, k, "2024-04-01").empty());  // the same day is fine
}

TEST_P(RegistryConsent, AnotherChildsConsentCannotBeWithdrawn) {
  long long mine = add(basic("本人", "検査", "ホンニン", "ケンサ", "2020-01-01"), {consent("registration", "2024-04-01")});
  long long other = add(basic("他人", "検査", "タニン", "ケンサ", "2020-01-01"),
                        {consent("municipality_sharing", "2024-04-01")});
  long long theirs = active_consent(other, "municipality_sharing");
  ASSERT_GT(theirs, 0);
  auto before = all_counts();
  registry::FieldErrors e = reg().withdraw_consent(actor(center()), mine, theirs, "2024-06-01");
  EXPECT_EQ(e["consent"], "この同意は既に撤回されているか見つかりません。撤回日は同意した日以降にしてください。");
  EXPECT_EQ(all_counts(), before);
  EXPECT_EQ(active_consent(other, "municipality_sharing"), theirs);
  EXPECT_EQ(reg().access(shimo(), std::to_string(other)), auth::ObjectAccess::visible);
  EXPECT_FALSE(reg().withdraw_consent(actor(center()), mine, theirs + 1000, "2024-06-01").empty());  // no such id
}

TEST_P(RegistryConsent, InvalidConsentsAndWithdrawalDatesAreRefused) {
  long long id = add(basic("同意", "検査", "ドウイ", "ケンサ", "2020-01-01"), {consent("registration", "2024-04-01")});
  auto before = all_counts();
  registry::FieldErrors e = reg().add_consent(actor(center()), id, consent("all", "", "phone"));
  EXPECT_EQ(e["scope"], "同意の範囲を選んでください。");
  EXPECT_EQ(e["method"], "同意の方法を選んでください。");
  EXPECT_EQ(e["given_on"], "日付を入力してください。");
  e = reg().add_consent(actor(center()), id, consent("care_team_sharing", days_from_today(1)));
  EXPECT_EQ(e["given_on"], "未来の日付は入力できません。");
  EXPECT_EQ(e.size(), 1u);
  long long k = active_consent(id, "registration");
  e = reg().withdraw_consent(actor(center()), id, k, days_from_today(1));
  EXPECT_EQ(e["withdrawn_on"], "未来の日付は入力できません。");
  e = reg().withdraw_consent(actor(center()), id, k, "");
  EXPECT_EQ(e["withdrawn_on"], "日付を入力してください。");
  EXPECT_EQ(all_counts(), before);
  EXPECT_EQ(active_consent(id, "registration"), k);

  // A valid consent given in 和暦 is stored as ISO.
  EXPECT_TRUE(reg().add_consent(actor(center()), id, consent("care_team_sharing", "R6.4.1", "web_form")).empty());
  Child g = get(id);
  ASSERT_EQ(g.consents.size(), 2u);
  EXPECT_EQ(g.consents[0].scope, "care_team_sharing");
  EXPECT_EQ(g.consents[0].given_on, "2024-04-01");
  EXPECT_EQ(g.consents[0].method, "web_form");
  EXPECT_EQ(g.version, 1);  // consents are not versions of the record
}

// ---- audit -----------------------------------------------------------------------------------------------

// The count of waiting registration forms (the home page's) is the number pending() lists, per prefecture.
TEST_P(RegistryAudit, PendingFormsAreCountedPerPrefecture) {
  registry::Registrations& forms = app_->services().registrations;
  EXPECT_EQ(forms.pending_count("35"), 0);
  for (int i = 0; i < 2; ++i) {
    registry::Submission sub;
    sub.child = basic("申込", "花子", "モウシコミ", "ハナコ", "2023-05-0" + std::to_string(i + 1));
    sub.consents = {"registration"};
    forms.submit({std::nullopt, "", "public", "", "192.0.2.1", "35"}, sub, "35");
  }
  EXPECT_EQ(forms.pending_count("35"), 2);
  EXPECT_EQ(forms.pending_count("35"), static_cast<long long>(forms.pending("35").size()));
  EXPECT_EQ(forms.pending_count("13"), 0);
}

TEST_P(RegistryAudit, EveryReadAndChangeAppendsAnEntry) {
  auth::Principal c = center();
  long long id = add(basic("監査", "検査", "カンサ", "ケンサ", "2020-01-01"), {consent("registration", "2024-04-01")});
  std::string sid = std::to_string(id);

  auto entries = audit_entries("child", sid);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "create");
  EXPECT_EQ(entries[0].login, "center");
  EXPECT_EQ(entries[0].user_id, std::optional<long long>(c.user_id));
  EXPECT_EQ(entries[0].role, "center_staff");
  EXPECT_EQ(entries[0].request_id, "req-test");
  EXPECT_EQ(entries[0].detail, "新規登録");

  ASSERT_TRUE(reg().read(c, actor(c), id, "支援計画の確認"));
  entries = audit_entries("child", sid);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "read");
  EXPECT_EQ(entries[0].detail, "支援計画の確認");

  EXPECT_FALSE(reg().read(facility(), actor(facility()), id, "覗き見"));  // refused: returns nothing

  Child g = get(id);
  g.notes = "更新";
  ASSERT_TRUE(reg().update(c, actor(c), g, "メモ追加").ok());
  entries = audit_entries("child", sid);
  ASSERT_GE(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "update");
  EXPECT_EQ(entries[0].detail, "version 2");

  ASSERT_TRUE(reg().add_consent(actor(c), id, consent("municipality_sharing", "2024-05-01")).empty());
  long long k = active_consent(id, "municipality_sharing");
  auto consents = audit_entries("child_consent", sid);
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_EQ(consents[0].action, "create");
  EXPECT_EQ(consents[0].detail, "municipality_sharing #" + std::to_string(k));

  ASSERT_TRUE(reg().withdraw_consent(actor(c), id, k, "2024-06-01").empty());
  consents = audit_entries("child_consent", sid);
  ASSERT_EQ(consents.size(), 2u);
  EXPECT_EQ(consents[0].action, "update");
  EXPECT_EQ(consents[0].detail, "withdrawn #" + std::to_string(k));

  long long lists_before = static_cast<long long>(audit_entries("children").size());
  list(c);
  ListFilter search;
  search.name_key = text::name_key("かんさ");
  list(c, search);
  auto lists = audit_entries("children");
  ASSERT_EQ(static_cast<long long>(lists.size()), lists_before + 2);
  EXPECT_EQ(lists[0].action, "search");
  EXPECT_EQ(lists[1].action, "read");

  reg().erase(actor(pref_admin()), id, "保護者からの削除請求");
  entries = audit_entries("child", sid);
  std::vector<std::string> actions;
  for (const audit::Entry& e : entries) actions.push_back(e.action);
  // The refused read by facility staff is not recorded as a read of the record.
  EXPECT_EQ(actions, (std::vector<std::string>{"erase", "update", "read", "create"}));
  EXPECT_EQ(entries[0].login, "pref");
  EXPECT_EQ(entries[0].detail, "保護者からの削除請求");
  auto v = audit().verify();
  EXPECT_TRUE(v.ok) << v.reason;
}

TEST_P(RegistryAudit, ListEntriesNameTheIdsShownButNotTheNames) {
  long long a = add(basic("青木", "一郎", "アオキ", "イチロウ", "2020-01-01"));
  long long b = add(basic("井上", "二郎", "イノウエ", "ジロウ", "2019-01-01"));
  list(center());
  auto lists = audit_entries("children");
  ASSERT_FALSE(lists.empty());
  const audit::Entry& e = lists[0];
  EXPECT_EQ(e.action, "read");
  EXPECT_EQ(e.object_id, "");
  EXPECT_EQ(e.login, "center");
  EXPECT_NE(e.detail.find("total=2"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("ids=" + std::to_string(a) + "," + std::to_string(b)), std::string::npos) << e.detail;
  for (const char* name : {"青木", "一郎", "アオキ", "イチロウ", "井上", "二郎", "イノウエ", "ジロウ", "2020-01-01"})
    EXPECT_EQ(e.detail.find(name), std::string::npos) << name << " in " << e.detail;

  // A name search is recorded as a search; the searched name is not written down.
  ListFilter f;
  f.name_key = text::name_key("いのうえ");
  ListResult r = reg().list(center(), actor(center()), f, "電話照会");
  ASSERT_EQ(ids_of(r), std::vector<long long>{b});
  lists = audit_entries("children");
  EXPECT_EQ(lists[0].action, "search");
  EXPECT_NE(lists[0].detail.find("電話照会"), std::string::npos) << lists[0].detail;
  EXPECT_NE(lists[0].detail.find("ids=" + std::to_string(b)), std::string::npos) << lists[0].detail;
  EXPECT_EQ(lists[0].detail.find("ids=" + std::to_string(b) + ","), std::string::npos) << lists[0].detail;
  for (const char* name : {"いのうえ", "イノウエ", "井上"})
    EXPECT_EQ(lists[0].detail.find(name), std::string::npos) << name << " in " << lists[0].detail;

  // The ids shown on a page, not every id found.
  f = {};
  f.per_page = 1;
  f.page = 2;
  reg().list(center(), actor(center()), f, "一覧");
  lists = audit_entries("children");
  EXPECT_NE(lists[0].detail.find("total=2"), std::string::npos) << lists[0].detail;
  EXPECT_NE(lists[0].detail.find("ids=" + std::to_string(b)), std::string::npos) << lists[0].detail;  // アオキ, イノウエ
  EXPECT_EQ(lists[0].detail.find(std::to_string(a) + ","), std::string::npos) << lists[0].detail;
}

// ---- erasure ---------------------------------------------------------------------------------------------

TEST_P(RegistryErase, EraseRemovesRecordPartsVersionsAndConsentsButKeepsTheAudit) {
  auto full = [&](const std::string& given, const std::string& kana) {
    Child c = basic("消去", given, "ショウキョ", kana, "2020-01-01");
    c.guardians = {{"保護者", "", "母", "083-922-3111", ""}};
    c.diagnoses = {{"診断", "G71.0"}};
    c.care_items = {{"ventilator", "high"}};
    c.devices = {{"ventilator", "", 4.0, true}};
    return c;
  };
  long long gone = add(full("甲", "コウ"), {consent("registration", "2024-04-01"), consent("municipality_sharing", "2024-04-01")});
  long long kept = add(full("乙", "オツ"), {consent("registration", "2024-04-01")});
  Child g = get(gone);
  g.notes = "版を増やす";
  ASSERT_TRUE(reg().update(center(), actor(center()), g, "更新").ok());
  {
    db::Session sql(db());
    sql << "INSERT INTO registration_submissions (receipt_no, submitted_at, client_hash, prefecture_code, "
           "municipality_code, name_key, birth_date, payload, status, reject_reason, child_id) VALUES "
           "('R-0001', 1, 'h', '35', '352012', 'しょうきょこう', '2020-01-01', '{\"family_name\":\"消去\"}', "
           "'accepted', '', :c)",
        soci::use(gone);
  }
  std::string where = "child_id = " + std::to_string(gone);
  for (const char* t : {"child_guardians", "child_diagnoses", "child_care_items", "child_devices", "child_consents"})
    ASSERT_GT(count(t, where), 0) << t;
  ASSERT_EQ(count("child_versions", where), 2);
  int audit_before = count("audit_log");

  reg().erase(actor(pref_admin()), gone, "削除請求");

  EXPECT_FALSE(store().get(gone));
  EXPECT_FALSE(store().scope(gone));
  EXPECT_TRUE(store().history(gone).empty());
  EXPECT_EQ(count("children", "id = " + std::to_string(gone)), 0);
  for (const char* t : {"child_guardians", "child_diagnoses", "child_care_items", "child_devices", "child_consents",
                        "child_versions"})
    EXPECT_EQ(count(t, where), 0) << t;
  EXPECT_EQ(count("registration_submissions", where), 0);
  EXPECT_EQ(count("registration_submissions", "receipt_no = 'R-0001' AND child_id IS NULL AND payload = '{}'"), 1);
  EXPECT_EQ(reg().access(center(), std::to_string(gone)), auth::ObjectAccess::missing);
  EXPECT_FALSE(reg().read(center(), actor(center()), gone, "閲覧"));
  EXPECT_EQ(id_set(list(center())), std::set<long long>{kept});

  // The audit trail stays, with the erasure at its end.
  EXPECT_EQ(count("audit_log"), audit_before + 1 + 1);  // the erase entry and the list above
  auto entries = audit_entries("child", std::to_string(gone));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "erase");
  EXPECT_EQ(entries[2].action, "create");
  EXPECT_TRUE(audit().verify().ok);

  // The other record is untouched.
  Child k = get(kept);
  EXPECT_EQ(k.guardians.size(), 1u);
  EXPECT_EQ(k.care_items.size(), 1u);
  EXPECT_EQ(k.devices.size(), 1u);
  EXPECT_EQ(k.consents.size(), 1u);
  EXPECT_EQ(store().history(kept).size(), 1u);
}

// ---- transactions ----------------------------------------------------------------------------------------

TEST_P(RegistryTransaction, AFailingStatementInsideStoreCreateLeavesNothing) {
  add(basic("既存", "記録", "キソン", "キロク", "2020-01-01"));
  auto before = all_counts();
  Child c = basic("途中", "失敗", "トチュウ", "シッパイ", "2020-01-01");
  c.prefecture_code = "35";
  c.guardians = {{"保護者", "", "", "", ""}};
  c.diagnoses = {{"診断", ""}};
  // The first item is real, the second is not in the master data: validation is bypassed, so the database
  // refuses the second row after the child, its guardian and diagnosis and the first item were written.
  c.care_items = {{"ventilator", "high"}, {"no_such_care_item", "high"}};
  {
    db::Session sql(db());
    db::Transaction tx(sql);
    EXPECT_ANY_THROW(store().create(sql, c, reg().derive(c), {std::nullopt, "test", "失敗する保存"}));
  }
  EXPECT_EQ(all_counts(), before);
  EXPECT_EQ(count("children", "family_name = '途中'"), 0);

  // The pool's sessions are still usable afterwards.
  EXPECT_GT(add(basic("後続", "記録", "コウゾク", "キロク", "2020-01-01")), 0);
  EXPECT_EQ(count("children"), 2);
}

TEST_P(RegistryTransaction, AnExceptionAfterTheWritesRollsThemAllBack) {
  audit::Actor who = actor(center());  // the user first: nothing else may write while the transaction is open
  auto before = all_counts();
  Child c = basic("例外", "検査", "レイガイ", "ケンサ", "2020-01-01");
  c.prefecture_code = "35";
  c.care_items = {{"ventilator", "high"}};
  c.devices = {{"ventilator", "", 5.0, true}};
  long long id = 0;
  try {
    db::Session sql(db());
    db::Transaction tx(sql);
    id = store().create(sql, c, reg().derive(c), {std::nullopt, "test", "途中まで"});
    store().add_consent(sql, id, consent("municipality_sharing", "2024-04-01"), std::nullopt);
    audit().append(sql, who, {"create", "child", std::to_string(id), "途中まで"});
    throw std::runtime_error("停電");
  } catch (const std::runtime_error&) {
  }
  EXPECT_GT(id, 0);
  EXPECT_EQ(all_counts(), before);
  EXPECT_FALSE(store().get(id));
  EXPECT_TRUE(audit().verify().ok);

  // Committed, the same writes are all there.
  {
    db::Session sql(db());
    db::Transaction tx(sql);
    id = store().create(sql, c, reg().derive(c), {std::nullopt, "test", "完了"});
    tx.commit();
  }
  Child g = get(id);
  EXPECT_EQ(g.family_name, "例外");
  EXPECT_EQ(g.devices.size(), 1u);
  EXPECT_EQ(count("child_versions"), before["child_versions"] + 1);
}

TEST_P(RegistryTransaction, ASaveInsideTheCallersTransactionCommitsOrRollsBackWithIt) {
  auth::Principal p = center();
  audit::Actor who = actor(p);
  long long existing = add(basic("既存", "記録", "キソン", "キロク", "2020-01-01"));
  Child edit = get(existing);
  auto before = all_counts();
  {
    db::Session sql(db());
    db::Transaction tx(sql);
    registry::SaveResult bad = reg().create(sql, p, who, basic("", "", "", "", ""), {}, "無効");
    EXPECT_FALSE(bad.ok());
    registry::SaveResult made =
        reg().create(sql, p, who, basic("取消", "検査", "トリケシ", "ケンサ", "2020-01-01"),
                     {consent("registration", "2024-04-01")}, "取り消される登録");
    EXPECT_TRUE(made.ok()) << describe(made.errors);
    edit.notes = "取り消される更新";
    EXPECT_TRUE(reg().update(sql, p, who, edit, "取り消される更新").ok());
    // not committed
  }
  EXPECT_EQ(all_counts(), before);
  EXPECT_EQ(get(existing).version, 1);
  EXPECT_EQ(get(existing).notes, "");

  long long made_id = 0;
  {
    db::Session sql(db());
    db::Transaction tx(sql);
    registry::SaveResult made = reg().create(sql, p, who, basic("確定", "検査", "カクテイ", "ケンサ", "2020-01-01"),
                                             {consent("registration", "2024-04-01")}, "確定する登録");
    ASSERT_TRUE(made.ok()) << describe(made.errors);
    made_id = made.id;
    edit.notes = "確定する更新";
    ASSERT_TRUE(reg().update(sql, p, who, edit, "確定する更新").ok());
    tx.commit();
  }
  EXPECT_EQ(get(made_id).consents.size(), 1u);
  EXPECT_EQ(get(existing).version, 2);
  EXPECT_EQ(get(existing).notes, "確定する更新");
  EXPECT_EQ(audit_entries("child", std::to_string(made_id), "create").size(), 1u);
  EXPECT_TRUE(audit().verify().ok);
}

}  // namespace
}  // namespace tsunagu
