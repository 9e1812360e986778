#include "registry/fhir.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/auth/accounts.h"
#include "core/io/csv.h"
#include "core/view/resources.h"
#include "support/node_script.h"

namespace fhir = tsunagu::registry::fhir;
using nlohmann::json;
using tsunagu::master::CareItem;
using tsunagu::registry::Child;
using tsunagu::registry::Consent;
using tsunagu::registry::Device;

namespace {

// The care items compiled into the binary (data/master/care_items.csv), as the server loads them.
std::vector<CareItem> master_care_items() {
  auto text = tsunagu::resources::find("data/master/care_items.csv");
  if (!text) return {};
  auto table = tsunagu::io::CsvTable::with_header(tsunagu::io::parse_csv(*text));
  std::vector<CareItem> items;
  if (!table) return items;
  for (const auto& row : table->rows()) {
    CareItem c;
    c.code = table->get(row, "code");
    c.parent_code = table->get(row, "parent_code");
    c.name_ja = table->get(row, "name_ja");
    c.short_name_ja = table->get(row, "short_name_ja");
    c.name_en = table->get(row, "name_en");
    items.push_back(c);
  }
  return items;
}

// A child on a ventilator with a tracheostomy, two guardians, diagnoses with and without ICD-10, and a
// withdrawn consent.
Child ventilated_child() {
  Child c;
  c.id = 12;
  c.family_name = "山口";
  c.given_name = "花子";
  c.family_name_kana = "ヤマグチ";
  c.given_name_kana = "ハナコ";
  c.birth_date = "2019-05-14";
  c.sex = "female";
  c.prefecture_code = "35";
  c.municipality_code = "352021";
  c.postal_code = "755-0029";
  c.address = "山口県宇部市新天町１丁目２－３";
  c.guardians = {
      {"山口　美咲", "ヤマグチ　ミサキ", "母", "090-1234-5678", "misaki@example.jp"},
      {"山口 健一", "ヤマグチ ケンイチ", "父", "0836-12-3456", ""},
      {"", "", "祖母", "", ""},  // nothing to reach her by: no contact entry (pat-1)
  };
  c.diagnoses = {{"脊髄性筋萎縮症Ⅰ型", "G12.0"}, {"慢性呼吸不全", ""}, {"", ""}};
  c.care_items = {{"ventilator", "high"}, {"tracheostomy", "high"}, {"suction", "low"}, {"tube_feeding_route", "low"}};
  c.devices = {{"ventilator", "フィリップス Trilogy Evo", 6.5, true},
               {"suction_unit", "新鋭工業 パワースマイル", 1.0, true},
               {"pulse_oximeter", "", std::nullopt, false}};
  c.life_stage = "home";
  c.status = "active";
  c.consents = {
      {103, "care_team_sharing", "2024-06-01", "web_form", "staff1", "", ""},
      {102, "disaster_planning", "2023-04-10", "paper", "staff1", "2024-02-01", "staff2"},
      {101, "registration", "2023-04-10", "paper", "staff1", "", ""},
  };
  return c;
}

// Only what a municipal report may give: an id and a kana name.
Child minimal_child() {
  Child c;
  c.id = 7;
  c.family_name_kana = "スズキ";
  return c;
}

// A deceased boy with odd data: an era date that is not ISO, a care item unknown to the master data, a
// guardian with a kana name only, and an unsaved consent.
Child deceased_child() {
  Child c;
  c.id = 31;
  c.family_name = "佐藤";
  c.given_name = "翔";
  c.sex = "male";
  c.birth_date = "R2.3.4";
  c.municipality_code = "352039";
  c.guardians = {{"", "サトウ　ユキ", "母", "", "yuki@example.jp"}};
  c.diagnoses = {{"", "Q91.3"}};
  c.care_items = {{"oxygen_therapy", "low"}, {"not_in_master", ""}};
  c.devices = {{"oxygen_concentrator", "在宅酸素濃縮装置", std::nullopt, true}};
  c.status = "deceased";
  c.status_date = "2024-11-02";
  c.consents = {{0, "registration", "2021-01-15", "paper", "staff1", "", ""}};
  return c;
}

const json* find_resource(const std::vector<json>& rs, const std::string& type, const std::string& id) {
  for (const auto& r : rs)
    if (r["resourceType"] == type && r["id"] == id) return &r;
  return nullptr;
}

// --- the external validator (tests/fhir/validate.mjs) ---

const tsunagu::testing::NodeScript& validator() {
  static const tsunagu::testing::NodeScript v = tsunagu::testing::find_node_script(
      (std::filesystem::path(TSUNAGU_SOURCE_DIR) / "tests" / "fhir" / "validate.mjs").string(),
      "the FHIR validator npm packages are missing");
  return v;
}

bool validator_required() { return tsunagu::testing::env_flag("TSUNAGU_REQUIRE_FHIR_VALIDATOR"); }

#define REQUIRE_FHIR_VALIDATOR()                                                               \
  do {                                                                                         \
    const tsunagu::testing::NodeScript& v_ = validator();                                                         \
    if (!v_.unavailable.empty()) {                                                             \
      if (validator_required()) FAIL() << "FHIR validator required: " << v_.unavailable;      \
      GTEST_SKIP() << "FHIR validator not available: " << v_.unavailable;                     \
    }                                                                                          \
  } while (0)

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content) {
    path_ = std::filesystem::temp_directory_path() /
            ("tsunagu-fhir-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

using ValidatorRun = tsunagu::testing::ScriptRun;

ValidatorRun validate(const std::string& name, const std::string& content) {
  TempFile input(name, content);
  return tsunagu::testing::run_node_script(validator(), {input.path()});
}

}  // namespace

TEST(FhirPatient, JpCoreNamesIdentifierAndDemographics) {
  json p = fhir::patient(ventilated_child(), "urn:tsunagu:child");
  EXPECT_EQ(p["resourceType"], "Patient");
  EXPECT_EQ(p["id"], "child-12");
  ASSERT_EQ(p["identifier"].size(), 1u);
  EXPECT_EQ(p["identifier"][0]["system"], "urn:tsunagu:child");
  EXPECT_EQ(p["identifier"][0]["value"], "12");
  ASSERT_EQ(p["name"].size(), 2u);
  const json& kanji = p["name"][0];
  EXPECT_EQ(kanji["extension"][0]["url"], "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation");
  EXPECT_EQ(kanji["extension"][0]["valueCode"], "IDE");
  EXPECT_EQ(kanji["family"], "山口");
  EXPECT_EQ(kanji["given"], json::array({"花子"}));
  EXPECT_EQ(kanji["text"], "山口 花子");
  const json& kana = p["name"][1];
  EXPECT_EQ(kana["extension"][0]["valueCode"], "SYL");
  EXPECT_EQ(kana["family"], "ヤマグチ");
  EXPECT_EQ(kana["given"], json::array({"ハナコ"}));
  EXPECT_EQ(p["gender"], "female");
  EXPECT_EQ(p["birthDate"], "2019-05-14");
  EXPECT_EQ(p["active"], true);
  EXPECT_FALSE(p.contains("deceasedBoolean"));

  // Another identifier system is the caller's choice.
  EXPECT_EQ(fhir::patient(ventilated_child(), "https://pref.example.jp/id/child")["identifier"][0]["system"],
            "https://pref.example.jp/id/child");
}

TEST(FhirPatient, AddressWithMunicipalityCode) {
  json p = fhir::patient(ventilated_child());
  ASSERT_EQ(p["address"].size(), 1u);
  const json& a = p["address"][0];
  EXPECT_EQ(a["text"], "山口県宇部市新天町１丁目２－３");
  EXPECT_EQ(a["postalCode"], "755-0029");
  EXPECT_EQ(a["country"], "JP");
  EXPECT_EQ(a["extension"][0]["url"], std::string(fhir::kMunicipalityCodeExtension));
  EXPECT_EQ(a["extension"][0]["valueCode"], "352021");
}

TEST(FhirPatient, GuardiansAsContacts) {
  json p = fhir::patient(ventilated_child());
  ASSERT_EQ(p["contact"].size(), 2u);  // the grandmother has neither name nor telecom
  const json& mother = p["contact"][0];
  EXPECT_EQ(mother["relationship"][0]["text"], "母");
  EXPECT_EQ(mother["name"]["family"], "山口");
  EXPECT_EQ(mother["name"]["given"], json::array({"美咲"}));
  EXPECT_EQ(mother["name"]["extension"][0]["valueCode"], "IDE");
  ASSERT_EQ(mother["telecom"].size(), 2u);
  EXPECT_EQ(mother["telecom"][0]["system"], "phone");
  EXPECT_EQ(mother["telecom"][0]["value"], "090-1234-5678");
  EXPECT_EQ(mother["telecom"][1]["system"], "email");
  EXPECT_EQ(mother["telecom"][1]["value"], "misaki@example.jp");
  const json& father = p["contact"][1];
  EXPECT_EQ(father["name"]["given"], json::array({"健一"}));
  EXPECT_EQ(father["telecom"].size(), 1u);

  // Only a kana name: that one, marked SYL.
  json q = fhir::patient(deceased_child());
  ASSERT_EQ(q["contact"].size(), 1u);
  EXPECT_EQ(q["contact"][0]["name"]["family"], "サトウ");
  EXPECT_EQ(q["contact"][0]["name"]["extension"][0]["valueCode"], "SYL");
}

TEST(FhirPatient, MinimalAndDeceased) {
  json p = fhir::patient(minimal_child());
  EXPECT_EQ(p["gender"], "unknown");
  EXPECT_FALSE(p.contains("birthDate"));
  EXPECT_FALSE(p.contains("address"));
  EXPECT_FALSE(p.contains("contact"));
  ASSERT_EQ(p["name"].size(), 1u);
  EXPECT_EQ(p["name"][0]["extension"][0]["valueCode"], "SYL");
  EXPECT_EQ(p["name"][0]["text"], "スズキ");
  EXPECT_FALSE(p["name"][0].contains("given"));

  json d = fhir::patient(deceased_child());
  EXPECT_EQ(d["gender"], "male");
  EXPECT_EQ(d["active"], false);
  EXPECT_EQ(d["deceasedBoolean"], true);
  EXPECT_FALSE(d.contains("birthDate"));  // "R2.3.4" is no FHIR date
  EXPECT_EQ(d["address"][0]["extension"][0]["valueCode"], "352039");
  EXPECT_FALSE(d["address"][0].contains("text"));

  Child odd = minimal_child();
  odd.sex = "boy";
  EXPECT_EQ(fhir::patient(odd)["gender"], "unknown");
}

TEST(FhirCondition, CodeTextAndIcd10) {
  Child c = ventilated_child();
  json with = fhir::condition(c, c.diagnoses[0], 1);
  EXPECT_EQ(with["id"], "child-12-condition-1");
  EXPECT_EQ(with["subject"]["reference"], "Patient/child-12");
  EXPECT_EQ(with["code"]["text"], "脊髄性筋萎縮症Ⅰ型");
  ASSERT_EQ(with["code"]["coding"].size(), 1u);
  EXPECT_EQ(with["code"]["coding"][0]["system"], "http://hl7.org/fhir/sid/icd-10");
  EXPECT_EQ(with["code"]["coding"][0]["code"], "G12.0");
  EXPECT_EQ(with["clinicalStatus"]["coding"][0]["code"], "active");

  json without = fhir::condition(c, c.diagnoses[1], 2);
  EXPECT_EQ(without["id"], "child-12-condition-2");
  EXPECT_EQ(without["code"]["text"], "慢性呼吸不全");
  EXPECT_FALSE(without["code"].contains("coding"));
}

TEST(FhirDevice, KindBatteryAndPower) {
  Child c = ventilated_child();
  json d = fhir::device(c, c.devices[0], 1);
  EXPECT_EQ(d["id"], "child-12-device-1");
  EXPECT_EQ(d["status"], "active");
  EXPECT_EQ(d["patient"]["reference"], "Patient/child-12");
  EXPECT_EQ(d["type"]["text"], "人工呼吸器");
  EXPECT_EQ(d["type"]["coding"][0]["system"], std::string(fhir::kDeviceKindSystem));
  EXPECT_EQ(d["type"]["coding"][0]["code"], "ventilator");
  EXPECT_EQ(d["deviceName"][0]["name"], "フィリップス Trilogy Evo");
  ASSERT_EQ(d["property"].size(), 2u);
  EXPECT_EQ(d["property"][0]["type"]["coding"][0]["code"], "battery-hours");
  EXPECT_DOUBLE_EQ(d["property"][0]["valueQuantity"][0]["value"].get<double>(), 6.5);
  EXPECT_EQ(d["property"][0]["valueQuantity"][0]["code"], "h");
  EXPECT_EQ(d["property"][1]["type"]["coding"][0]["code"], "needs-power");
  EXPECT_EQ(d["property"][1]["valueCode"][0]["coding"][0]["code"], "Y");

  json oximeter = fhir::device(c, c.devices[2], 3);
  EXPECT_FALSE(oximeter.contains("deviceName"));
  ASSERT_EQ(oximeter["property"].size(), 1u);  // no battery hours recorded
  EXPECT_EQ(oximeter["property"][0]["valueCode"][0]["coding"][0]["code"], "N");

  Device broken = c.devices[0];
  broken.battery_hours = std::nan("");  // would serialise as null
  EXPECT_EQ(fhir::device(c, broken, 1)["property"].size(), 1u);
}

// Device kinds and consent scopes are displayed with the labels the staff pages use (i18n/ja.json), for every code.
TEST(FhirDevice, EveryKindAndConsentScopeIsDisplayedWithTheStaffPagesLabel) {
  Child c = ventilated_child();
  for (std::string_view kind : tsunagu::registry::kDeviceKinds) {
    Device d{std::string(kind), "", std::nullopt, false};
    json r = fhir::device(c, d, 1);
    std::string shown = r["type"]["coding"][0]["display"].get<std::string>();
    EXPECT_EQ(shown, tsunagu::auth::japanese_message("registry.device." + std::string(kind)));
    EXPECT_EQ(r["type"]["text"], shown);
    EXPECT_EQ(shown.find("registry."), std::string::npos) << kind << ": no label in the catalogue";
  }
  for (std::string_view scope : tsunagu::registry::kConsentScopes) {
    Consent k;
    k.id = 1;
    k.scope = std::string(scope);
    k.method = "paper";
    k.given_on = "2024-06-01";
    json r = fhir::consent(c, k, 1);
    std::string shown = r["category"][1]["coding"][0]["display"].get<std::string>();
    EXPECT_EQ(shown, tsunagu::auth::japanese_message("registry.consent_scope." + std::string(scope)));
    EXPECT_EQ(shown.find("registry."), std::string::npos) << scope << ": no label in the catalogue";
  }
  EXPECT_EQ(fhir::device(c, {"oxygen_concentrator", "", std::nullopt, true}, 1)["type"]["text"], "酸素濃縮器");
}

TEST(FhirConsent, ActiveAndWithdrawn) {
  Child c = ventilated_child();
  json active = fhir::consent(c, c.consents[0], 1);
  EXPECT_EQ(active["id"], "child-12-consent-103");
  EXPECT_EQ(active["status"], "active");
  EXPECT_EQ(active["scope"]["coding"][0]["code"], "patient-privacy");
  EXPECT_EQ(active["patient"]["reference"], "Patient/child-12");
  EXPECT_EQ(active["dateTime"], "2024-06-01");
  EXPECT_TRUE(active.contains("policyRule"));
  EXPECT_EQ(active["provision"]["type"], "permit");
  EXPECT_EQ(active["provision"]["period"]["start"], "2024-06-01");
  EXPECT_FALSE(active["provision"]["period"].contains("end"));
  ASSERT_EQ(active["category"].size(), 2u);
  EXPECT_EQ(active["category"][1]["coding"][0]["system"], std::string(fhir::kConsentScopeSystem));
  EXPECT_EQ(active["category"][1]["coding"][0]["code"], "care_team_sharing");

  json withdrawn = fhir::consent(c, c.consents[1], 2);
  EXPECT_EQ(withdrawn["id"], "child-12-consent-102");
  EXPECT_EQ(withdrawn["status"], "inactive");
  EXPECT_EQ(withdrawn["provision"]["period"]["start"], "2023-04-10");
  EXPECT_EQ(withdrawn["provision"]["period"]["end"], "2024-02-01");
  EXPECT_EQ(withdrawn["category"][1]["coding"][0]["code"], "disaster_planning");
  EXPECT_EQ(withdrawn["extension"][0]["valueCode"], "paper");

  // Not stored yet: the position stands in for the id.
  Child d = deceased_child();
  EXPECT_EQ(fhir::consent(d, d.consents[0], 1)["id"], "child-31-consent-new-1");
}

TEST(FhirCarePlan, OneActivityPerCareItem) {
  auto items = master_care_items();
  ASSERT_FALSE(items.empty());
  auto plan = fhir::care_plan(ventilated_child(), items);
  ASSERT_TRUE(plan);
  EXPECT_EQ((*plan)["id"], "child-12-careplan");
  EXPECT_EQ((*plan)["status"], "active");
  EXPECT_EQ((*plan)["intent"], "plan");
  EXPECT_EQ((*plan)["subject"]["reference"], "Patient/child-12");
  const json& acts = (*plan)["activity"];
  ASSERT_EQ(acts.size(), 4u);
  const json& vent = acts[0]["detail"];
  EXPECT_EQ(vent["status"], "in-progress");
  EXPECT_EQ(vent["code"]["coding"][0]["system"], std::string(fhir::kCareItemSystem));
  EXPECT_EQ(vent["code"]["coding"][0]["code"], "ventilator");
  EXPECT_EQ(vent["code"]["coding"][0]["display"], "人工呼吸器");
  EXPECT_EQ(vent["code"]["text"].get<std::string>().rfind("人工呼吸器（", 0), 0u);
  EXPECT_EQ(vent["extension"][0]["valueCode"], "high");
  EXPECT_EQ(acts[1]["detail"]["code"]["text"], "気管切開の管理");

  EXPECT_FALSE(fhir::care_plan(minimal_child(), items));

  auto ended = fhir::care_plan(deceased_child(), items);
  ASSERT_TRUE(ended);
  EXPECT_EQ((*ended)["status"], "completed");
  EXPECT_EQ((*ended)["activity"][0]["detail"]["status"], "stopped");
  EXPECT_EQ((*ended)["activity"][1]["detail"]["code"]["text"], "not_in_master");
}

TEST(FhirExport, ResourcesBundleAndNdjson) {
  auto items = master_care_items();
  Child c = ventilated_child();
  auto rs = fhir::resources(c, items);
  // Patient, 2 Conditions (the empty diagnosis is skipped), 3 Devices, 3 Consents, 1 CarePlan.
  ASSERT_EQ(rs.size(), 10u);
  EXPECT_EQ(rs[0]["resourceType"], "Patient");
  EXPECT_TRUE(find_resource(rs, "Condition", "child-12-condition-2"));
  EXPECT_FALSE(find_resource(rs, "Condition", "child-12-condition-3"));
  EXPECT_TRUE(find_resource(rs, "Device", "child-12-device-3"));
  EXPECT_TRUE(find_resource(rs, "Consent", "child-12-consent-101"));
  EXPECT_TRUE(find_resource(rs, "CarePlan", "child-12-careplan"));
  EXPECT_EQ(fhir::resources(minimal_child(), items).size(), 1u);

  json b = fhir::bundle(c, items, "urn:tsunagu:child", "https://pref.example.jp/fhir/");
  EXPECT_EQ(b["resourceType"], "Bundle");
  EXPECT_EQ(b["type"], "collection");
  ASSERT_EQ(b["entry"].size(), rs.size());
  std::set<std::string> full_urls;
  for (const auto& e : b["entry"]) {
    std::string expected = "https://pref.example.jp/fhir/" + e["resource"]["resourceType"].get<std::string>() + "/" +
                           e["resource"]["id"].get<std::string>();
    EXPECT_EQ(e["fullUrl"], expected);
    full_urls.insert(e["fullUrl"]);
  }
  EXPECT_EQ(full_urls.size(), rs.size());
  EXPECT_TRUE(full_urls.count("https://pref.example.jp/fhir/Patient/child-12"));  // the references resolve

  // Deterministic: the same record gives the same bytes.
  std::string text = fhir::ndjson({c, minimal_child(), deceased_child()}, items);
  EXPECT_EQ(text, fhir::ndjson({c, minimal_child(), deceased_child()}, items));
  std::istringstream lines(text);
  std::string line;
  std::set<std::string> keys;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    json r = json::parse(line);
    keys.insert(r["resourceType"].get<std::string>() + "/" + r["id"].get<std::string>());
    ++n;
  }
  EXPECT_EQ(n, rs.size() + 1 + fhir::resources(deceased_child(), items).size());
  EXPECT_EQ(keys.size(), n);  // ids unique per type
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("山口"), std::string::npos);  // UTF-8, not \u escapes
}

TEST(FhirExport, TextIsCleaned) {
  Child c = minimal_child();
  c.family_name = "\u3000 田中\t";
  c.given_name = " ";
  c.address = "  ";
  c.guardians = {{"田中\x01 一郎", "", "父", " ", ""}};
  json p = fhir::patient(c);
  EXPECT_EQ(p["name"][0]["family"], "田中");
  EXPECT_FALSE(p["name"][0].contains("given"));
  EXPECT_FALSE(p.contains("address"));
  EXPECT_EQ(p["contact"][0]["name"]["text"], "田中 一郎");
  EXPECT_FALSE(p["contact"][0].contains("telecom"));
}

TEST(FhirValidator, ExportPassesR4Validation) {
  REQUIRE_FHIR_VALIDATOR();
  auto items = master_care_items();
  Child every_item = ventilated_child();
  every_item.id = 13;
  every_item.care_items.clear();
  for (const auto& item : items) every_item.care_items.push_back({item.code, "low"});
  every_item.devices.clear();
  for (auto kind : tsunagu::registry::kDeviceKinds) every_item.devices.push_back({std::string(kind), "", 2.0, true});
  every_item.consents.clear();
  long long id = 200;
  for (auto scope : tsunagu::registry::kConsentScopes)
    every_item.consents.push_back({++id, std::string(scope), "2024-04-01", "web_form", "staff1", "", ""});

  std::string text = fhir::ndjson({ventilated_child(), minimal_child(), deceased_child(), every_item}, items);
  ValidatorRun ndjson = validate("export.ndjson", text);
  EXPECT_EQ(ndjson.exit, 0) << ndjson.output;
  EXPECT_NE(ndjson.output.find(" 0 error(s)"), std::string::npos) << ndjson.output;

  ValidatorRun bundle = validate("bundle.json", fhir::bundle(ventilated_child(), items).dump(2));
  EXPECT_EQ(bundle.exit, 0) << bundle.output;
}

TEST(FhirValidator, RejectsBrokenResources) {
  REQUIRE_FHIR_VALIDATOR();
  Child c = ventilated_child();

  json boy = fhir::patient(c);
  boy["gender"] = "boy";  // not in the required AdministrativeGender value set
  ValidatorRun gender = validate("boy.ndjson", fhir::ndjson({boy}));
  EXPECT_EQ(gender.exit, 1) << gender.output;
  EXPECT_NE(gender.output.find("Patient.gender"), std::string::npos) << gender.output;

  // One of each kind of mistake, a line each, after a valid line.
  json no_status = fhir::consent(c, c.consents[1], 2);
  no_status.erase("status");  // Consent.status is 1..1
  json no_policy = fhir::consent(c, c.consents[0], 1);
  no_policy.erase("policyRule");  // invariant ppc-1: a policy or a policyRule
  json bad_date = fhir::patient(c);
  bad_date["birthDate"] = "2019/05/14";  // not the date format
  ValidatorRun more = validate("more.ndjson", fhir::ndjson({fhir::patient(c), no_status, no_policy, bad_date}));
  EXPECT_EQ(more.exit, 1) << more.output;
  EXPECT_EQ(more.output.find(":1: ["), std::string::npos) << more.output;  // no error on the valid first line
  EXPECT_NE(more.output.find(":2: [fhir.js] Consent/child-12-consent-102 Consent.status: Missing property"),
            std::string::npos)
      << more.output;
  EXPECT_NE(more.output.find(":3: [medplum] Consent/child-12-consent-103 Consent: Constraint ppc-1"),
            std::string::npos)
      << more.output;
  EXPECT_NE(more.output.find(":4: [json-schema] Patient/child-12 Patient.birthDate"), std::string::npos) << more.output;
}
