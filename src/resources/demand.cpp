#include "resources/demand.h"

#include "census/persons.h"
#include "registry/derive.h"

namespace tsunagu::resources {
namespace {

std::vector<std::string> top_items(const master::MasterData& md, const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const std::string& c : codes) {
    std::string top = top_care_item(md, c);
    if (std::find(out.begin(), out.end(), top) == out.end()) out.push_back(top);
  }
  return out;
}

}  // namespace

Demand load_demand(registry::Registry& registry, census::Census& census, const master::MasterData& md,
                   const std::string& prefecture_code) {
  Demand d;
  std::string today = registry::today_in_japan();
  for (const auto& child : registry.store().care_needs(prefecture_code))
    d.children.push_back({child.municipality_code, registry::age_on(child.birth_date, today).value_or(-1),
                          top_items(md, child.care_items)});
  if (!d.children.empty()) {
    d.source = "台帳（" + today + "現在の在籍児 " + std::to_string(d.children.size()) + "人）";
    return d;
  }
  db::Session sql(census.database());
  for (const census::Round& round : census::store::list_rounds(sql)) {
    if (!round.reconciled_at || round.prefecture_code != prefecture_code) continue;
    census::RoundData data = census::load_round(sql, round.year, md);
    for (const census::Person& p : data.persons) {
      std::vector<std::string> care;
      for (const std::string& c : p.care_items) care.push_back(c);
      d.children.push_back({p.municipality_code, census::age_on(p.birth_date, round.reference_date), top_items(md, care)});
    }
    d.source = std::to_string(round.year) + "年度 実数調査（" + std::to_string(d.children.size()) + "人）";
    return d;
  }
  d.source = "需要のデータがありません（台帳も実数調査もまだありません）";
  return d;
}

std::vector<SupplyService> load_supply(Directory& directory, const std::string& prefecture_code) {
  std::vector<SupplyService> out;
  for (Facility& f : directory.active_facilities(prefecture_code))
    for (Service& s : f.services) {
      for (AcceptedCare& c : s.care_items) c.care_item = top_care_item(directory.master(), c.care_item);
      out.push_back({f.municipality_code, std::move(s)});
    }
  return out;
}

}  // namespace tsunagu::resources
