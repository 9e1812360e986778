#include "registry/present.h"

#include "core/text/json_text.h"
#include "core/text/wareki.h"
#include "registry/derive.h"
#include "registry/record_json.h"

namespace tsunagu::registry {

using nlohmann::json;

namespace {

json or_null(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

std::string municipality_name(const master::MasterData& md, const std::string& code) {
  const master::Municipality* m = md.municipality(code);
  return m ? m->name : code;
}

// The consent in force per scope, or the latest withdrawn one.
json consent_state(const Child& c, const Label& label) {
  json out = json::array();
  for (std::string_view scope : kConsentScopes) {
    const Consent* current = nullptr;
    for (const Consent& k : c.consents)
      if (k.scope == scope && (!current || (k.active() && !current->active()))) current = &k;
    json row = {{"scope", std::string(scope)}, {"label", label("registry.consent_scope." + std::string(scope))},
                {"active", current && current->active()}, {"withdrawn", current && !current->active()},
                {"none", current == nullptr}};
    if (current) {
      row["id"] = current->id;
      row["given_on"] = text::format_wareki(current->given_on);
      row["method"] = label("registry.consent_method." + current->method);
      row["withdrawn_on"] = text::format_wareki(current->withdrawn_on);
    }
    out.push_back(row);
  }
  return out;
}

json consent_history(const Child& c, const Label& label) {
  json out = json::array();
  for (const Consent& k : c.consents)
    out.push_back({{"id", k.id}, {"scope", label("registry.consent_scope." + k.scope)},
                   {"given_on", text::format_wareki(k.given_on)}, {"method", label("registry.consent_method." + k.method)},
                   {"recorded_by", k.recorded_by}, {"withdrawn_on", text::format_wareki(k.withdrawn_on)},
                   {"withdrawal_recorded_by", k.withdrawal_recorded_by}, {"active", k.active()}});
  return out;
}

json score_json(const Score& s, const master::MasterData& md) {
  json items = json::array();
  for (const CareItemScore& i : s.items) {
    std::string name = i.code;
    for (const master::CareItem& m : md.care_items())
      if (m.code == i.code) name = m.short_name_ja;
    items.push_back({{"code", i.code}, {"name", name}, {"basic", i.basic}, {"watch", i.watch},
                     {"watch_counted", i.watch_counted}});
  }
  return {{"total", s.total}, {"meets_threshold", s.meets_threshold}, {"band", s.band}, {"items", items},
          {"notes", s.errors}};
}

}  // namespace

json derived_json(const Child& c, const master::MasterData& md, const std::string& today) {
  json grade = nullptr;
  if (auto g = school_grade(c.birth_date, today)) grade = {{"stage", g->stage}, {"year", g->year}, {"label_ja", school_grade_label_ja(*g)}};
  json next = nullptr;
  if (auto t = next_transition(c.birth_date, today))
    next = {{"kind", t->kind}, {"date", t->date}, {"label_ja", transition_label_ja(t->kind)}};
  return {{"age", or_null(age_on(c.birth_date, today))},
          {"school_grade", grade},
          {"score", score_json(compute_score(c.care_items, md.care_items()), md)},
          {"electricity_dependent", electricity_dependent(c.devices)},
          {"next_transition", next}};
}

json api_json(const Child& c, const master::MasterData& md, const std::string& today) {
  json j = record_json(c);
  j["id"] = c.id;
  j["version"] = c.version;
  j["created_at"] = c.created_at;
  j["updated_at"] = c.updated_at;
  j["derived"] = derived_json(c, md, today);
  json consents = json::array();
  for (const Consent& k : c.consents) consents.push_back(consent_json(k));
  j["consents"] = consents;
  return j;
}

json page_json(const Child& c, const master::MasterData& md, const std::string& today, const Label& label,
               const std::string& coordinator_name) {
  json j = api_json(c, md, today);
  j["full_name"] = c.full_name();
  j["full_name_kana"] = c.full_name_kana();
  j["birth_date_wareki"] = text::format_wareki(c.birth_date);
  j["sex_label"] = label("registry.sex." + c.sex);
  j["municipality_name"] = municipality_name(md, c.municipality_code);
  j["life_stage_label"] = label("registry.life_stage." + c.life_stage);
  j["status_label"] = label("registry.status." + c.status);
  j["is_active"] = c.status == "active";
  j["status_date_wareki"] = text::format_wareki(c.status_date);
  j["source_label"] = label("registry.source." + c.source);
  j["coordinator_name"] = coordinator_name;
  if (j["derived"]["next_transition"].is_object())
    j["derived"]["next_transition"]["date_wareki"] = text::format_wareki(j["derived"]["next_transition"]["date"].get<std::string>());
  for (json& d : j["devices"]) d["kind_label"] = label("registry.device." + d["kind"].get<std::string>());
  for (json& i : j["care_items"]) i["watch_label"] = label("registry.watch." + i["watch_level"].get<std::string>());
  j["consent_state"] = consent_state(c, label);
  j["consent_history"] = consent_history(c, label);
  j["has_guardians"] = !c.guardians.empty();
  j["has_diagnoses"] = !c.diagnoses.empty();
  j["has_devices"] = !c.devices.empty();
  j["has_care_items"] = !c.care_items.empty();
  return j;
}

namespace {

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string describe_item(const std::string& field, const json& item, const master::MasterData& md, const Label& l) {
  auto get = [&](const char* k) { return item.contains(k) ? text_of(item[k]) : std::string(); };
  if (field == "care_items") {
    std::string name = get("code");
    for (const master::CareItem& m : md.care_items())
      if (m.code == name) name = m.short_name_ja;
    return name + "（" + l("registry.watch." + get("watch_level")) + "）";
  }
  if (field == "devices") {
    std::string out = l("registry.device." + get("kind"));
    if (!get("name").empty()) out += " " + get("name");
    if (item.contains("battery_hours") && item["battery_hours"].is_number())
      out += " " + text_of(item["battery_hours"]) + "h";
    return out;
  }
  if (field == "guardians") return get("name") + " " + get("relationship") + " " + get("phone") + " " + get("email");
  if (field == "diagnoses") return get("name") + (get("icd10").empty() ? "" : " " + get("icd10"));
  return item.dump();
}

}  // namespace

std::string describe(const std::string& field, const json& value, const master::MasterData& md, const Label& label) {
  if (value.is_array()) {
    std::string out;
    for (const json& item : value) {
      if (!out.empty()) out += '\n';
      out += describe_item(field, item, md, label);
    }
    return out;
  }
  std::string v = text_of(value);
  if (v.empty()) return v;
  if (field == "sex" || field == "life_stage" || field == "status" || field == "source")
    return label("registry." + field + "." + v);
  if (field == "municipality_code") return municipality_name(md, v);
  if (field.ends_with("date")) return text::format_wareki(v).empty() ? v : text::format_wareki(v);
  return v;
}

json list_row_json(const ListRow& r, const master::MasterData& md, const std::string& today, const Label& label) {
  json grade = nullptr;
  std::string grade_label;
  if (auto g = school_grade(r.birth_date, today)) grade_label = school_grade_label_ja(*g);
  return {{"id", r.id},
          {"family_name", r.family_name},
          {"given_name", r.given_name},
          {"family_name_kana", r.family_name_kana},
          {"given_name_kana", r.given_name_kana},
          {"full_name", r.family_name + "\u3000" + r.given_name},
          {"full_name_kana", r.family_name_kana + "\u3000" + r.given_name_kana},
          {"birth_date", r.birth_date},
          {"birth_date_wareki", text::format_wareki(r.birth_date)},
          {"age", or_null(age_on(r.birth_date, today))},
          {"school_grade", grade_label},
          {"sex", r.sex},
          {"sex_label", label("registry.sex." + r.sex)},
          {"municipality_code", r.municipality_code},
          {"municipality_name", municipality_name(md, r.municipality_code)},
          {"life_stage", r.life_stage},
          {"life_stage_label", label("registry.life_stage." + r.life_stage)},
          {"affiliation", r.affiliation},
          {"status", r.status},
          {"status_label", label("registry.status." + r.status)},
          {"score", r.score},
          {"electricity_dependent", r.electricity_dependent},
          {"updated_at", r.updated_at}};
}

json list_row_view(const ListRow& r, const master::MasterData& md, const std::string& today, const Label& label) {
  std::string grade_label;
  if (auto g = school_grade(r.birth_date, today)) grade_label = school_grade_label_ja(*g);
  return {{"id", r.id},
          {"full_name", r.family_name + "\u3000" + r.given_name},
          {"full_name_kana", r.family_name_kana + "\u3000" + r.given_name_kana},
          {"birth_date_wareki", text::format_wareki(r.birth_date)},
          {"age", or_null(age_on(r.birth_date, today))},
          {"school_grade", grade_label},
          {"municipality_name", municipality_name(md, r.municipality_code)},
          {"life_stage_label", label("registry.life_stage." + r.life_stage)},
          {"score", r.score},
          {"electricity_dependent", r.electricity_dependent},
          {"status_label", label("registry.status." + r.status)}};
}

void append_list_row_json(std::string& out, const ListRow& r, const master::MasterData& md, const std::string& today,
                          const Label& label) {
  // Members in list_row_json's order when dumped (its keys sorted), so both give the same text.
  auto str = [&out](std::string_view name, std::string_view value) {
    text::append_json_key(out, name);
    text::append_json_string(out, value);
  };
  auto number = [&out](std::string_view name, long long value) {
    text::append_json_key(out, name);
    out += std::to_string(value);
  };
  std::optional<int> age = age_on(r.birth_date, today);
  std::string grade;
  if (auto g = school_grade(r.birth_date, today)) grade = school_grade_label_ja(*g);
  out += '{';
  text::append_json_key(out, "affiliation", true);
  text::append_json_string(out, r.affiliation);
  text::append_json_key(out, "age");
  out += age ? std::to_string(*age) : "null";
  str("birth_date", r.birth_date);
  str("birth_date_wareki", text::format_wareki(r.birth_date));
  text::append_json_key(out, "electricity_dependent");
  out += r.electricity_dependent ? "true" : "false";
  str("family_name", r.family_name);
  str("family_name_kana", r.family_name_kana);
  str("full_name", r.family_name + "\u3000" + r.given_name);
  str("full_name_kana", r.family_name_kana + "\u3000" + r.given_name_kana);
  str("given_name", r.given_name);
  str("given_name_kana", r.given_name_kana);
  number("id", r.id);
  str("life_stage", r.life_stage);
  str("life_stage_label", label("registry.life_stage." + r.life_stage));
  str("municipality_code", r.municipality_code);
  str("municipality_name", municipality_name(md, r.municipality_code));
  str("school_grade", grade);
  number("score", r.score);
  str("sex", r.sex);
  str("sex_label", label("registry.sex." + r.sex));
  str("status", r.status);
  str("status_label", label("registry.status." + r.status));
  number("updated_at", r.updated_at);
  out += '}';
}

}  // namespace tsunagu::registry
