#include "registry/record_json.h"

namespace tsunagu::registry {

using nlohmann::json;

namespace {

json guardians_json(const std::vector<Guardian>& gs) {
  json out = json::array();
  for (const Guardian& g : gs)
    out.push_back({{"name", g.name}, {"name_kana", g.name_kana}, {"relationship", g.relationship},
                   {"phone", g.phone}, {"email", g.email}});
  return out;
}

json diagnoses_json(const std::vector<Diagnosis>& ds) {
  json out = json::array();
  for (const Diagnosis& d : ds) out.push_back({{"name", d.name}, {"icd10", d.icd10}});
  return out;
}

json care_items_json(const std::vector<ChildCareItem>& items) {
  json out = json::array();
  for (const ChildCareItem& i : items) out.push_back({{"code", i.code}, {"watch_level", i.watch_level}});
  return out;
}

json devices_json(const std::vector<Device>& ds) {
  json out = json::array();
  for (const Device& d : ds)
    out.push_back({{"kind", d.kind},
                   {"name", d.name},
                   {"battery_hours", d.battery_hours ? json(*d.battery_hours) : json(nullptr)},
                   {"needs_power", d.needs_power}});
  return out;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}

const json& list(const json& j, const char* key) {
  static const json empty = json::array();
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? empty : *it;
}

}  // namespace

json record_json(const Child& c) {
  return {{"family_name", c.family_name},
          {"given_name", c.given_name},
          {"family_name_kana", c.family_name_kana},
          {"given_name_kana", c.given_name_kana},
          {"birth_date", c.birth_date},
          {"sex", c.sex},
          {"prefecture_code", c.prefecture_code},
          {"municipality_code", c.municipality_code},
          {"postal_code", c.postal_code},
          {"address", c.address},
          {"guardians", guardians_json(c.guardians)},
          {"diagnoses", diagnoses_json(c.diagnoses)},
          {"care_items", care_items_json(c.care_items)},
          {"devices", devices_json(c.devices)},
          {"life_stage", c.life_stage},
          {"affiliation", c.affiliation},
          {"hospital", c.hospital},
          {"primary_doctor", c.primary_doctor},
          {"visiting_nurse", c.visiting_nurse},
          {"coordinator_user_id", c.coordinator_user_id ? json(*c.coordinator_user_id) : json(nullptr)},
          {"status", c.status},
          {"status_date", c.status_date},
          {"moved_to", c.moved_to},
          {"source", c.source},
          {"notes", c.notes}};
}

Child child_from_json(const json& j) {
  Child c;
  c.family_name = str(j, "family_name");
  c.given_name = str(j, "given_name");
  c.family_name_kana = str(j, "family_name_kana");
  c.given_name_kana = str(j, "given_name_kana");
  c.birth_date = str(j, "birth_date");
  c.sex = str(j, "sex");
  c.prefecture_code = str(j, "prefecture_code");
  c.municipality_code = str(j, "municipality_code");
  c.postal_code = str(j, "postal_code");
  c.address = str(j, "address");
  c.life_stage = str(j, "life_stage");
  c.affiliation = str(j, "affiliation");
  c.hospital = str(j, "hospital");
  c.primary_doctor = str(j, "primary_doctor");
  c.visiting_nurse = str(j, "visiting_nurse");
  c.status = str(j, "status");
  c.status_date = str(j, "status_date");
  c.moved_to = str(j, "moved_to");
  c.source = str(j, "source");
  c.notes = str(j, "notes");
  if (auto it = j.find("coordinator_user_id"); it != j.end() && !it->is_null()) c.coordinator_user_id = it->get<long long>();
  for (const json& g : list(j, "guardians"))
    c.guardians.push_back({str(g, "name"), str(g, "name_kana"), str(g, "relationship"), str(g, "phone"), str(g, "email")});
  for (const json& d : list(j, "diagnoses")) c.diagnoses.push_back({str(d, "name"), str(d, "icd10")});
  for (const json& i : list(j, "care_items")) c.care_items.push_back({str(i, "code"), str(i, "watch_level")});
  for (const json& d : list(j, "devices")) {
    Device dev{str(d, "kind"), str(d, "name"), std::nullopt, false};
    if (auto it = d.find("battery_hours"); it != d.end() && !it->is_null()) dev.battery_hours = it->get<double>();
    if (auto it = d.find("needs_power"); it != d.end()) dev.needs_power = it->get<bool>();
    else dev.needs_power = device_needs_power_by_default(dev.kind);
    c.devices.push_back(dev);
  }
  return c;
}

json consent_json(const Consent& c) {
  return {{"id", c.id},
          {"scope", c.scope},
          {"given_on", c.given_on},
          {"method", c.method},
          {"recorded_by", c.recorded_by},
          {"withdrawn_on", c.withdrawn_on.empty() ? json(nullptr) : json(c.withdrawn_on)},
          {"withdrawal_recorded_by", c.withdrawal_recorded_by},
          {"active", c.active()}};
}

json diff(const json& before, const json& after) {
  json out = json::array();
  for (auto it = after.begin(); it != after.end(); ++it) {
    json old = before.contains(it.key()) ? before[it.key()] : json(nullptr);
    if (old != it.value()) out.push_back({{"field", it.key()}, {"before", old}, {"after", it.value()}});
  }
  for (auto it = before.begin(); it != before.end(); ++it)
    if (!after.contains(it.key())) out.push_back({{"field", it.key()}, {"before", it.value()}, {"after", nullptr}});
  return out;
}

}  // namespace tsunagu::registry
