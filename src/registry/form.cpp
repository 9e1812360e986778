#include "registry/form.h"

#include "core/text/number.h"
namespace tsunagu::registry {

using nlohmann::json;

namespace {

std::string get(const http::Params& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

std::string row_key(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "." + std::to_string(i) + "." + field;
}

bool row_empty(const http::Params& form, const char* list, std::size_t i, std::initializer_list<const char*> fields) {
  for (const char* f : fields)
    if (!get(form, row_key(list, i, f)).empty()) return false;
  return true;
}

std::optional<double> parse_hours(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  return -1;  // out of range on purpose: the validator reports it
}

// The element id of a field: dots would need escaping in CSS selectors.
std::string field_id(const std::string& name) {
  std::string id = "f-" + name;
  std::replace(id.begin(), id.end(), '.', '-');
  return id;
}

json field(const std::string& value, const FieldErrors& errors, const std::string& name) {
  json f = {{"value", value}, {"name", name}, {"id", field_id(name)}};
  if (auto it = errors.find(name); it != errors.end()) f["error"] = it->second;
  return f;
}

// The validator names care items by position ("care_items.2.watch_level"); the form by code ("care.suction").
FieldErrors form_errors(const Child& c, const FieldErrors& errors) {
  FieldErrors out;
  for (const auto& [name, message] : errors) {
    std::size_t index = 0;
    if (name.rfind("care_items.", 0) == 0 && std::sscanf(name.c_str(), "care_items.%zu", &index) == 1 &&
        index < c.care_items.size())
      out["care." + c.care_items[index].code] = message;
    else
      out[name] = message;
  }
  return out;
}

json care_rows(const Child& c, const FieldErrors& errors, const Label& label, const master::MasterData& md) {
  json rows = json::array();
  for (const master::CareItem& m : md.care_items()) {
    if (!m.basic_score) continue;
    std::string level;
    for (const ChildCareItem& i : c.care_items)
      if (i.code == m.code) level = i.watch_level;
    json opts = json::array({{{"value", ""}, {"label", label("registry.watch.none")}, {"selected", level.empty()}}});
    for (std::string_view w : kWatchLevels) {
      if (w == "mid" && !m.watch_score_mid) continue;
      opts.push_back({{"value", std::string(w)}, {"label", label("registry.watch." + std::string(w))}, {"selected", level == w}});
    }
    json f = field(level, errors, "care." + m.code);
    f["label"] = m.short_name_ja;
    f["options"] = opts;
    f["sub"] = !m.parent_code.empty();
    rows.push_back(f);
  }
  return rows;
}

template <typename T, typename Fill>
json repeated(const std::vector<T>& items, std::size_t max, Fill fill) {
  json rows = json::array();
  std::size_t n = std::min(max, items.size() + 1);
  for (std::size_t i = 0; i < n; ++i) rows.push_back(fill(i, i < items.size() ? items[i] : T{}));
  return rows;
}

}  // namespace

Child child_from_form(const http::Params& form, const std::vector<master::CareItem>& items) {
  Child c;
  std::string* fields[] = {&c.family_name, &c.given_name, &c.family_name_kana, &c.given_name_kana, &c.birth_date,
                           &c.sex, &c.municipality_code, &c.postal_code, &c.address, &c.life_stage, &c.affiliation,
                           &c.hospital, &c.primary_doctor, &c.visiting_nurse, &c.status, &c.status_date,
                           &c.moved_to, &c.source, &c.notes};
  const char* names[] = {"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex",
                         "municipality_code", "postal_code", "address", "life_stage", "affiliation", "hospital",
                         "primary_doctor", "visiting_nurse", "status", "status_date", "moved_to", "source", "notes"};
  for (std::size_t i = 0; i < std::size(names); ++i) *fields[i] = get(form, names[i]);
  std::string coordinator = get(form, "coordinator_user_id"), version = get(form, "version");
  if (!coordinator.empty()) c.coordinator_user_id = text::parse_id(coordinator).value_or(-1);  // -1: reported
  if (auto v = text::parse_decimal(version, 8)) c.version = static_cast<int>(*v);
  for (std::size_t i = 0; i < kMaxGuardians; ++i) {
    if (row_empty(form, "guardians", i, {"name", "name_kana", "relationship", "phone", "email"})) continue;
    c.guardians.push_back({get(form, row_key("guardians", i, "name")), get(form, row_key("guardians", i, "name_kana")),
                           get(form, row_key("guardians", i, "relationship")), get(form, row_key("guardians", i, "phone")),
                           get(form, row_key("guardians", i, "email"))});
  }
  for (std::size_t i = 0; i < kMaxDiagnoses; ++i) {
    if (row_empty(form, "diagnoses", i, {"name", "icd10"})) continue;
    c.diagnoses.push_back({get(form, row_key("diagnoses", i, "name")), get(form, row_key("diagnoses", i, "icd10"))});
  }
  for (const master::CareItem& m : items) {
    std::string level = get(form, "care." + m.code);
    if (!level.empty()) c.care_items.push_back({m.code, level});
  }
  for (std::size_t i = 0; i < kMaxDevices; ++i) {
    if (row_empty(form, "devices", i, {"kind", "name", "battery_hours"})) continue;
    Device d{get(form, row_key("devices", i, "kind")), get(form, row_key("devices", i, "name")),
             parse_hours(get(form, row_key("devices", i, "battery_hours"))), false};
    std::string power = get(form, row_key("devices", i, "needs_power"));
    d.needs_power = power.empty() ? device_needs_power_by_default(d.kind) : power == "yes";
    c.devices.push_back(d);
  }
  return c;
}

json options(const Label& label, const std::string& group, const std::string_view* codes, std::size_t n,
             const std::string& selected) {
  json out = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    std::string code(codes[i]);
    out.push_back({{"value", code}, {"label", label("registry." + group + "." + code)}, {"selected", code == selected}});
  }
  return out;
}

json form_view(const Child& c, const FieldErrors& raw_errors, const Label& label, const master::MasterData& md,
               const std::vector<Coordinator>& coordinators) {
  FieldErrors errors = form_errors(c, raw_errors);
  json v;
  // A field named NAME is labelled by "registry.field.KEY" (KEY defaults to NAME).
  auto make = [&](const std::string& name, const std::string& value, const std::string& key, bool required) {
    json f = field(value, errors, name);
    f["label"] = label("registry.field." + key);
    f["required"] = required;
    return f;
  };
  auto put = [&](const std::string& name, const std::string& value, bool required = false) {
    v[name] = make(name, value, name, required);
  };
  put("family_name", c.family_name, true);
  put("given_name", c.given_name, true);
  put("family_name_kana", c.family_name_kana, true);
  put("given_name_kana", c.given_name_kana, true);
  put("birth_date", c.birth_date, true);
  v["birth_date"]["hint"] = label("registry.hint.birth_date");
  put("postal_code", c.postal_code);
  put("address", c.address);
  put("affiliation", c.affiliation);
  put("hospital", c.hospital);
  put("primary_doctor", c.primary_doctor);
  put("visiting_nurse", c.visiting_nurse);
  put("status_date", c.status_date);
  v["status_date"]["hint"] = label("registry.hint.status_date");
  put("moved_to", c.moved_to);
  put("notes", c.notes);
  put("sex", c.sex, true);
  v["sex"]["options"] = options(label, "sex", kSexes, std::size(kSexes), c.sex);
  put("life_stage", c.life_stage, true);
  v["life_stage"]["options"] = options(label, "life_stage", kLifeStages, std::size(kLifeStages), c.life_stage);
  put("status", c.status, true);
  v["status"]["options"] = options(label, "status", kStatuses, std::size(kStatuses), c.status);
  put("source", c.source, true);
  v["source"]["options"] = options(label, "source", kSources, std::size(kSources), c.source);
  put("municipality_code", c.municipality_code, true);
  json munis = json::array();
  if (!c.prefecture_code.empty())
    for (const master::Municipality* m : md.municipalities_in(c.prefecture_code))
      if (m->level != "designated_city")
        munis.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == c.municipality_code}});
  v["municipality_code"]["options"] = munis;
  put("coordinator_user_id", c.coordinator_user_id ? std::to_string(*c.coordinator_user_id) : "");
  json coords = json::array();
  for (const Coordinator& k : coordinators)
    coords.push_back({{"value", std::to_string(k.id)}, {"label", k.display_name},
                      {"selected", c.coordinator_user_id && *c.coordinator_user_id == k.id}});
  v["coordinator_user_id"]["options"] = coords;
  v["guardians"] = repeated(c.guardians, kMaxGuardians, [&](std::size_t i, const Guardian& g) {
    auto f = [&](const char* name, const std::string& value) {
      return make(row_key("guardians", i, name), value, std::string("guardian_") + name, false);
    };
    return json{{"n", i + 1}, {"name", f("name", g.name)}, {"name_kana", f("name_kana", g.name_kana)},
                {"relationship", f("relationship", g.relationship)}, {"phone", f("phone", g.phone)},
                {"email", f("email", g.email)}};
  });
  v["diagnoses"] = repeated(c.diagnoses, kMaxDiagnoses, [&](std::size_t i, const Diagnosis& d) {
    return json{{"n", i + 1}, {"name", make(row_key("diagnoses", i, "name"), d.name, "diagnosis_name", false)},
                {"icd10", make(row_key("diagnoses", i, "icd10"), d.icd10, "diagnosis_icd10", false)}};
  });
  v["devices"] = repeated(c.devices, kMaxDevices, [&](std::size_t i, const Device& d) {
    auto k = [&](const char* f) { return row_key("devices", i, f); };
    char hours[32] = "";
    if (d.battery_hours) std::snprintf(hours, sizeof hours, "%g", *d.battery_hours);
    json kind = make(k("kind"), d.kind, "device_kind", false);
    json kinds = json::array({{{"value", ""}, {"label", label("registry.device.none")}, {"selected", d.kind.empty()}}});
    for (const json& o : options(label, "device", kDeviceKinds, std::size(kDeviceKinds), d.kind)) kinds.push_back(o);
    kind["options"] = kinds;
    json power = make(k("needs_power"), d.kind.empty() ? "" : (d.needs_power ? "yes" : "no"), "device_needs_power", false);
    power["yes"] = !d.kind.empty() && d.needs_power;
    power["no"] = !d.kind.empty() && !d.needs_power;
    return json{{"n", i + 1}, {"kind", kind}, {"name", make(k("name"), d.name, "device_name", false)},
                {"battery_hours", make(k("battery_hours"), hours, "device_battery_hours", false)},
                {"needs_power", power}};
  });
  v["care"] = care_rows(c, errors, label, md);
  v["version"] = c.version;
  json list = json::array();
  for (const auto& [name, message] : errors) list.push_back({{"id", field_id(name)}, {"message", message}});
  v["errors"] = list;
  v["has_errors"] = !errors.empty();
  return v;
}

}  // namespace tsunagu::registry
