#include "census/registry_source.h"

#include "census/keys.h"

namespace tsunagu::census {

std::string affiliation_of_life_stage(std::string_view life_stage) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"home", "home"},
      {"nursery", "nursery"},
      {"kindergarten", "kindergarten"},
      {"certified_childcare", "certified_center"},
      {"child_development_support", "development_support"},
      {"elementary", "elementary"},
      {"junior_high", "junior_high"},
      {"high_school", "high_school"},
      {"special_needs_school", "special_needs_school"},
      {"home_visit_education", "home_visit_education"},
      {"graduated", "other"}};
  for (const auto& [stage, code] : kMap)
    if (stage == life_stage) return std::string(code);
  return "";
}

std::vector<SheetRow> registry_rows(registry::Registry& registry, const MunicipalityNames& municipalities,
                                    const std::string& prefecture_code) {
  auth::Principal center;  // the whole prefecture, as its center sees it
  center.role = auth::Role::center_staff;
  center.prefecture_code = prefecture_code;
  registry::ListFilter all;
  all.status = "active";
  all.per_page = 0;
  std::vector<SheetRow> out;
  std::size_t line = 0;
  for (const registry::ListRow& row : registry.store().list(center, all, registry::today_in_japan()).rows) {
    auto child = registry.store().get(row.id);
    if (!child) continue;
    SheetRow r;
    r.line = ++line;
    r.record_id = std::to_string(child->id);
    r.name = child->full_name();
    r.kana = child->full_name_kana();
    r.birth_date = r.birth_date_raw = child->birth_date;
    if (child->sex == "male" || child->sex == "female") r.sex = child->sex;
    r.municipality_code = child->municipality_code;
    r.address = child->address;
    if (!r.address.empty()) r.address_key = address_key(r.address, municipalities.address_prefixes(r.municipality_code));
    for (const registry::ChildCareItem& c : child->care_items) {
      // Sub-items (経鼻胃管、胃瘻… under 経管栄養) count as their item in the census.
      std::string code = c.code == "tube_feeding_route" ? "tube_feeding" : c.code;
      if (std::find(r.care_items.begin(), r.care_items.end(), code) == r.care_items.end()) r.care_items.push_back(code);
    }
    r.affiliation = affiliation_of_life_stage(child->life_stage);
    for (const registry::Diagnosis& d : child->diagnoses) r.diagnosis += (r.diagnosis.empty() ? "" : "、") + d.name;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tsunagu::census
