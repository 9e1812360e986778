#include "registry/fhir.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <utility>

#include "core/auth/accounts.h"

namespace tsunagu::registry::fhir {

using nlohmann::json;

namespace {

constexpr std::string_view kEnRepresentation = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
constexpr std::string_view kIcd10 = "http://hl7.org/fhir/sid/icd-10";

// The Japanese label of a coded value, as the staff pages show it (i18n/ja.json, e.g. registry.device.ventilator);
// empty for a code the catalogue does not know.
std::string label_ja(const std::string& group, const std::string& code) {
  std::string key = "registry." + group + "." + code;
  std::string text = auth::japanese_message(key);
  return text == key ? std::string() : text;
}

bool starts_with_ideographic_space(std::string_view s) { return s.substr(0, 3) == "\u3000"; }
bool ends_with_ideographic_space(std::string_view s) {
  return s.size() >= 3 && s.substr(s.size() - 3) == "\u3000";
}
bool ascii_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

// The value as a FHIR string: control characters other than tab, CR and LF dropped (FHIR forbids them),
// ASCII and ideographic spaces trimmed at both ends. Empty when nothing is left.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if ((u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || u == 0x7f) continue;
    out += ch;
  }
  std::string_view v = out;
  for (;;) {
    if (!v.empty() && ascii_space(v.front())) v.remove_prefix(1);
    else if (starts_with_ideographic_space(v)) v.remove_prefix(3);
    else break;
  }
  for (;;) {
    if (!v.empty() && ascii_space(v.back())) v.remove_suffix(1);
    else if (ends_with_ideographic_space(v)) v.remove_suffix(3);
    else break;
  }
  return std::string(v);
}

// Sets obj[key] to the cleaned value unless that is empty. Returns whether it was set.
bool put(json& obj, const char* key, std::string_view value) {
  std::string v = clean(value);
  if (v.empty()) return false;
  obj[key] = std::move(v);
  return true;
}

// A FHIR `code` has no whitespace at its ends and no runs of it inside.
std::string code_value(std::string_view value) {
  std::string v = clean(value);
  std::string out;
  bool space = false;
  for (char ch : v) {
    if (ascii_space(ch)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// The value when it is an R4 date (YYYY, YYYY-MM or YYYY-MM-DD), else nullopt.
std::optional<std::string> fhir_date(std::string_view value) {
  static const std::regex re(
      "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?");
  std::string v = clean(value);
  if (v.empty() || !std::regex_match(v, re)) return std::nullopt;
  return v;
}

json reference_to(const Child& c) { return json{{"reference", "Patient/" + patient_id(c)}}; }

json coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  json j = {{"system", std::string(system)}, {"code", std::string(code)}};
  put(j, "display", display);
  return j;
}

// "山田 花子" / "山田　花子" -> {"山田", "花子"}; a name without a space is all family name.
std::pair<std::string, std::string> split_name(std::string_view full) {
  std::string s = clean(full);
  std::size_t ascii = s.find(' ');
  std::size_t ideographic = s.find("\u3000");
  std::size_t at = std::min(ascii, ideographic);
  if (at == std::string::npos) return {s, {}};
  std::size_t width = at == ascii ? 1 : 3;
  return {clean(std::string_view(s).substr(0, at)), clean(std::string_view(s).substr(at + width))};
}

// A HumanName in JP Core style: use official, text "姓 名", family, given, and the representation
// extension (IDE for kanji, SYL for kana). nullopt when both parts are empty.
std::optional<json> human_name(std::string_view family, std::string_view given, std::string_view representation) {
  std::string f = clean(family), g = clean(given);
  if (f.empty() && g.empty()) return std::nullopt;
  json name = {{"extension", json::array({{{"url", std::string(kEnRepresentation)},
                                            {"valueCode", std::string(representation)}}})},
               {"use", "official"}};
  name["text"] = f.empty() ? g : g.empty() ? f : f + " " + g;
  if (!f.empty()) name["family"] = f;
  if (!g.empty()) name["given"] = json::array({g});
  return name;
}

std::optional<json> guardian_contact(const Guardian& g) {
  json contact = json::object();
  if (std::string rel = clean(g.relationship); !rel.empty())
    contact["relationship"] = json::array({{{"text", rel}}});
  auto [family, given] = split_name(g.name);
  std::optional<json> name = human_name(family, given, "IDE");
  if (!name) {
    auto [family_kana, given_kana] = split_name(g.name_kana);
    name = human_name(family_kana, given_kana, "SYL");
  }
  if (name) contact["name"] = *name;
  json telecom = json::array();
  if (std::string phone = clean(g.phone); !phone.empty())
    telecom.push_back({{"system", "phone"}, {"value", phone}, {"use", "home"}});
  if (std::string email = clean(g.email); !email.empty())
    telecom.push_back({{"system", "email"}, {"value", email}, {"use", "home"}});
  if (!telecom.empty()) contact["telecom"] = telecom;
  // pat-1: a contact needs a name, telecom, an address or an organization.
  if (!contact.contains("name") && !contact.contains("telecom")) return std::nullopt;
  return contact;
}

std::optional<json> address(const Child& c) {
  json a = {{"use", "home"}, {"type", "physical"}};
  bool any = put(a, "text", c.address);
  any = put(a, "postalCode", c.postal_code) || any;
  if (std::string code = code_value(c.municipality_code); !code.empty()) {
    a["extension"] = json::array({{{"url", std::string(kMunicipalityCodeExtension)}, {"valueCode", code}}});
    any = true;
  }
  if (!any) return std::nullopt;
  a["country"] = "JP";
  return a;
}

const master::CareItem* find_care_item(const std::vector<master::CareItem>& items, const std::string& code) {
  for (const auto& item : items)
    if (item.code == code) return &item;
  return nullptr;
}

}  // namespace

std::string patient_id(const Child& c) { return "child-" + std::to_string(c.id); }

json patient(const Child& c, const std::string& identifier_system) {
  json p = {{"resourceType", "Patient"}, {"id", patient_id(c)}};
  p["identifier"] = json::array({{{"system", identifier_system}, {"value", std::to_string(c.id)}}});
  p["active"] = c.status == "active";

  json names = json::array();
  if (auto kanji = human_name(c.family_name, c.given_name, "IDE")) names.push_back(*kanji);
  if (auto kana = human_name(c.family_name_kana, c.given_name_kana, "SYL")) names.push_back(*kana);
  if (!names.empty()) p["name"] = names;

  p["gender"] = one_of(c.sex, kSexes) ? c.sex : std::string("unknown");
  if (auto birth = fhir_date(c.birth_date)) p["birthDate"] = *birth;
  if (c.status == "deceased") p["deceasedBoolean"] = true;
  if (auto a = address(c)) p["address"] = json::array({*a});

  json contacts = json::array();
  for (const Guardian& g : c.guardians)
    if (auto contact = guardian_contact(g)) contacts.push_back(*contact);
  if (!contacts.empty()) p["contact"] = contacts;
  return p;
}

json condition(const Child& c, const Diagnosis& d, int index) {
  json r = {{"resourceType", "Condition"}, {"id", patient_id(c) + "-condition-" + std::to_string(index)}};
  r["clinicalStatus"] = {
      {"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active")})}};
  r["category"] = json::array(
      {{{"coding",
         json::array({coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
                             "Problem List Item")})}}});
  json code = json::object();
  if (std::string icd = code_value(d.icd10); !icd.empty()) code["coding"] = json::array({coding(kIcd10, icd)});
  put(code, "text", d.name);
  if (!code.empty()) r["code"] = code;
  r["subject"] = reference_to(c);
  return r;
}

json device(const Child& c, const Device& d, int index) {
  json r = {{"resourceType", "Device"}, {"id", patient_id(c) + "-device-" + std::to_string(index)}};
  r["status"] = c.status == "deceased" ? "inactive" : "active";
  if (std::string name = clean(d.name); !name.empty())
    r["deviceName"] = json::array({{{"name", name}, {"type", "model-name"}}});

  std::string kind = code_value(d.kind);
  std::string kind_ja = label_ja("device", kind);
  json type = json::object();
  if (!kind.empty()) type["coding"] = json::array({coding(kDeviceKindSystem, kind, kind_ja)});
  put(type, "text", kind_ja.empty() ? kind : kind_ja);
  if (!type.empty()) r["type"] = type;

  // Device.property.type: a code of ours, with its Japanese label as display and text.
  auto property_type = [](std::string_view code, std::string_view ja) {
    return json{{"coding", json::array({coding(kDevicePropertySystem, code, ja)})}, {"text", std::string(ja)}};
  };
  json properties = json::array();
  if (d.battery_hours && std::isfinite(*d.battery_hours) && *d.battery_hours >= 0) {
    json hours = {{"value", *d.battery_hours}, {"unit", "h"}, {"system", "http://unitsofmeasure.org"}, {"code", "h"}};
    properties.push_back({{"type", property_type("battery-hours", "バッテリー駆動時間")},
                          {"valueQuantity", json::array({hours})}});
  }
  json yes_no = {{"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/v2-0136",
                                                d.needs_power ? "Y" : "N", d.needs_power ? "Yes" : "No")})},
                 {"text", d.needs_power ? "はい" : "いいえ"}};
  properties.push_back({{"type", property_type("needs-power", "外部電源が必要")}, {"valueCode", json::array({yes_no})}});
  r["property"] = properties;
  r["patient"] = reference_to(c);
  return r;
}

json consent(const Child& c, const Consent& k, int index) {
  std::string suffix = k.id > 0 ? std::to_string(k.id) : "new-" + std::to_string(index);
  json r = {{"resourceType", "Consent"}, {"id", patient_id(c) + "-consent-" + suffix}};
  if (std::string method = code_value(k.method); !method.empty())
    r["extension"] = json::array({{{"url", std::string(kConsentMethodExtension)}, {"valueCode", method}}});
  r["status"] = k.active() ? "active" : "inactive";
  r["scope"] = {{"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/consentscope",
                                               "patient-privacy", "Privacy Consent")})}};

  json category = json::array({{{"coding", json::array({coding("http://loinc.org", "59284-0")})}}});
  if (std::string scope = code_value(k.scope); !scope.empty()) {
    std::string scope_ja = label_ja("consent_scope", scope);
    json local = {{"coding", json::array({coding(kConsentScopeSystem, scope, scope_ja)})}};
    put(local, "text", scope_ja.empty() ? scope : scope_ja);
    category.push_back(local);
  }
  r["category"] = category;
  r["patient"] = reference_to(c);

  std::optional<std::string> given = fhir_date(k.given_on);
  std::optional<std::string> withdrawn = fhir_date(k.withdrawn_on);
  if (given) r["dateTime"] = *given;
  r["policyRule"] = {{"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN",
                                                    "opt-in")})}};

  json provision = {{"type", "permit"}};
  json period = json::object();
  if (given) period["start"] = *given;
  // per-1: the end may not come before the start (a same-format ISO date compares as text).
  if (withdrawn && (!given || given->size() != withdrawn->size() || *given <= *withdrawn)) period["end"] = *withdrawn;
  if (!period.empty()) provision["period"] = period;
  r["provision"] = provision;
  return r;
}

std::optional<json> care_plan(const Child& c, const std::vector<master::CareItem>& care_items) {
  json activities = json::array();
  const bool in_care = c.status == "active";
  for (const ChildCareItem& item : c.care_items) {
    std::string code = code_value(item.code);
    if (code.empty()) continue;
    const master::CareItem* master_item = find_care_item(care_items, code);
    json detail = json::object();
    if (std::string level = code_value(item.watch_level); !level.empty())
      detail["extension"] = json::array({{{"url", std::string(kWatchLevelExtension)}, {"valueCode", level}}});
    json concept_json = {{"coding", json::array({coding(kCareItemSystem, code,
                                                        master_item ? master_item->short_name_ja : std::string())})}};
    if (!put(concept_json, "text", master_item ? master_item->name_ja : std::string())) concept_json["text"] = code;
    detail["code"] = concept_json;
    detail["status"] = in_care ? "in-progress" : "stopped";
    activities.push_back({{"detail", detail}});
  }
  if (activities.empty()) return std::nullopt;

  json r = {{"resourceType", "CarePlan"}, {"id", patient_id(c) + "-careplan"}};
  r["status"] = in_care ? "active" : "completed";
  r["intent"] = "plan";
  r["category"] = json::array({{{"text", "医療的ケア"}}});
  r["title"] = "医療的ケア";
  r["subject"] = reference_to(c);
  r["activity"] = activities;
  return r;
}

std::vector<json> resources(const Child& c, const std::vector<master::CareItem>& care_items,
                            const std::string& identifier_system) {
  std::vector<json> out;
  out.push_back(patient(c, identifier_system));
  int n = 0;
  for (const Diagnosis& d : c.diagnoses) {
    ++n;
    if (clean(d.name).empty() && clean(d.icd10).empty()) continue;
    out.push_back(condition(c, d, n));
  }
  n = 0;
  for (const Device& d : c.devices) out.push_back(device(c, d, ++n));
  n = 0;
  for (const Consent& k : c.consents) out.push_back(consent(c, k, ++n));
  if (auto plan = care_plan(c, care_items)) out.push_back(*plan);
  return out;
}

json bundle(const Child& c, const std::vector<master::CareItem>& care_items, const std::string& identifier_system,
            const std::string& full_url_base) {
  std::string base = full_url_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  json entries = json::array();
  for (json& r : resources(c, care_items, identifier_system)) {
    std::string full_url = base + "/" + r["resourceType"].get<std::string>() + "/" + r["id"].get<std::string>();
    entries.push_back({{"fullUrl", full_url}, {"resource", std::move(r)}});
  }
  return {{"resourceType", "Bundle"}, {"id", patient_id(c) + "-bundle"}, {"type", "collection"}, {"entry", entries}};
}

std::string ndjson(const std::vector<json>& resources) {
  std::string out;
  for (const json& r : resources) {
    out += r.dump(-1, ' ', false, json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::string ndjson(const std::vector<Child>& children, const std::vector<master::CareItem>& care_items,
                   const std::string& identifier_system) {
  std::string out;
  for (const Child& c : children) out += ndjson(resources(c, care_items, identifier_system));
  return out;
}

}  // namespace tsunagu::registry::fhir
