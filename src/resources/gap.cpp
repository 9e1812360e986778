#include "resources/gap.h"

#include <algorithm>
#include <map>

#include "core/io/xlsx.h"

namespace tsunagu::resources {
namespace {

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool serves_age(const Service& s, int age) {
  return (!s.age_min || age < 0 || *s.age_min <= age) && (!s.age_max || age < 0 || *s.age_max >= age);
}

// The municipalities of the prefecture as rows, grouped by region (those without one at the end).
std::vector<std::pair<const master::Region*, std::vector<const master::Municipality*>>> grouped(
    const master::MasterData& md, const std::string& prefecture_code) {
  std::vector<std::pair<const master::Region*, std::vector<const master::Municipality*>>> out;
  std::map<std::string, std::size_t> region_at;
  for (const master::Region* r : md.regions_in(prefecture_code)) {
    region_at[r->code] = out.size();
    out.push_back({r, {}});
  }
  std::vector<const master::Municipality*> rest;
  for (const master::Municipality* m : md.municipalities_in(prefecture_code)) {
    if (m->level == "prefecture" || m->level == "designated_city") continue;
    auto it = region_at.find(m->region_code);
    if (it == region_at.end()) rest.push_back(m);
    else out[it->second].second.push_back(m);
  }
  if (!rest.empty()) out.push_back({nullptr, rest});
  return out;
}

std::string published(long long n, bool publish) {
  return publish && n > 0 && n < 5 ? "＊" : std::to_string(n);
}

}  // namespace

std::string GapCell::level() const {
  if (demand == 0) return "none";
  if (services == 0) return "gap";
  if (demand > services * kThinRatio) return "thin";
  return "ok";
}

std::pair<int, int> typical_ages(std::string_view t) {
  if (t == "child_development_support" || t == "nursery" || t == "certified_childcare") return {0, 5};
  if (t == "kindergarten") return {3, 5};
  if (t == "after_school_day_service" || t == "school" || t == "special_needs_school") return {6, 17};
  if (t == "daily_life_care") return {18, 19};
  return {0, 17};
}

std::string top_care_item(const master::MasterData& md, const std::string& code) {
  for (const master::CareItem& c : md.care_items())
    if (c.code == code) return c.parent_code.empty() ? c.code : c.parent_code;
  return code;
}

GapReport gap_report(const master::MasterData& md, const std::string& prefecture_code, const std::string& service_type,
                     const std::vector<DemandChild>& demand, const std::vector<SupplyService>& supply,
                     std::string source) {
  GapReport r;
  r.service_type = service_type;
  r.source = std::move(source);
  std::tie(r.age_min, r.age_max) = typical_ages(service_type);
  for (const master::CareItem& c : md.care_items())
    if (c.parent_code.empty()) {
      r.care_items.push_back(c.code);
      r.care_labels.push_back(c.short_name_ja);
    }
  std::size_t n = r.care_items.size();
  std::map<std::string, std::vector<GapCell>> by_municipality;
  auto cells = [&](const std::string& code) -> std::vector<GapCell>& {
    auto [it, fresh] = by_municipality.try_emplace(code, n);
    return it->second;
  };
  for (const DemandChild& d : demand) {
    if (d.age >= 0 && (d.age < r.age_min || d.age > r.age_max)) continue;
    auto& row = cells(d.municipality_code);
    for (std::size_t i = 0; i < n; ++i)
      if (has(d.care_items, r.care_items[i])) ++row[i].demand;
  }
  for (const SupplyService& s : supply) {
    if (s.service.service_type != service_type) continue;
    auto& row = cells(s.municipality_code);
    for (std::size_t i = 0; i < n; ++i) {
      bool accepts = std::any_of(s.service.care_items.begin(), s.service.care_items.end(),
                                 [&](const AcceptedCare& a) { return a.care_item == r.care_items[i]; });
      if (!accepts) continue;
      ++row[i].services;
      row[i].capacity += s.service.capacity.value_or(0);
      row[i].vacancy += s.service.vacancy.value_or(0);
    }
  }
  for (const auto& [region, municipalities] : grouped(md, prefecture_code)) {
    GapRow total{region ? region->code : "", region ? region->name : "圏域外", "", true, std::vector<GapCell>(n), 0};
    std::vector<GapRow> rows;
    for (const master::Municipality* m : municipalities) {
      GapRow row{m->code, m->name, total.name, false, cells(m->code), 0};
      for (std::size_t i = 0; i < n; ++i) {
        row.gaps += row.cells[i].level() == "gap";
        total.cells[i].demand += row.cells[i].demand;
        total.cells[i].services += row.cells[i].services;
        total.cells[i].capacity += row.cells[i].capacity;
        total.cells[i].vacancy += row.cells[i].vacancy;
      }
      rows.push_back(std::move(row));
    }
    for (const GapCell& c : total.cells) total.gaps += c.level() == "gap";
    r.rows.push_back(std::move(total));
    r.rows.insert(r.rows.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
  // Features per region: every child (any care item, any age served) against services with the feature.
  for (const auto& [region, municipalities] : grouped(md, prefecture_code)) {
    FeatureRow f{region ? region->code : "", region ? region->name : "圏域外", 0, std::vector<long long>(std::size(kFeatures))};
    auto in_region = [&](const std::string& code) {
      return std::any_of(municipalities.begin(), municipalities.end(), [&](auto* m) { return m->code == code; });
    };
    for (const DemandChild& d : demand)
      if (in_region(d.municipality_code)) ++f.children;
    for (const SupplyService& s : supply) {
      if (!in_region(s.municipality_code)) continue;
      for (std::size_t i = 0; i < std::size(kFeatures); ++i)
        if (has(s.service.features, std::string(kFeatures[i].code))) ++f.services[i];
    }
    r.features.push_back(std::move(f));
  }
  return r;
}

std::string gap_xlsx(const GapReport& r, bool publish) {
  const Code* type = find_code(kServiceTypes, r.service_type);
  io::Sheet table{"不足資源", {"圏域", "市区町村"}, {}};
  for (const std::string& label : r.care_labels) {
    table.header.push_back(label + "（児）");
    table.header.push_back(label + "（サービス）");
  }
  for (const GapRow& row : r.rows) {
    std::vector<io::Cell> cells{row.is_region ? row.name : row.region, row.is_region ? std::string("（圏域計）") : row.name};
    for (const GapCell& c : row.cells) {
      cells.emplace_back(published(c.demand, publish));
      cells.emplace_back(static_cast<double>(c.services));
    }
    table.rows.push_back(std::move(cells));
  }
  io::Sheet features{"特徴別", {"圏域", "児"}, {}};
  for (const Code& f : kFeatures) features.header.emplace_back(f.ja);
  for (const FeatureRow& f : r.features) {
    std::vector<io::Cell> cells{f.region_name, published(f.children, publish)};
    for (long long n : f.services) cells.emplace_back(static_cast<double>(n));
    features.rows.push_back(std::move(cells));
  }
  io::Sheet about{"説明", {"項目", "内容"}, {}};
  about.rows.push_back({std::string("サービスの種類"), std::string(type ? type->ja : r.service_type)});
  about.rows.push_back({std::string("対象年齢"), std::to_string(r.age_min) + "〜" + std::to_string(r.age_max) + "歳"});
  about.rows.push_back({std::string("需要の出典"), r.source});
  about.rows.push_back({std::string("見方"), std::string("（児）はその医療的ケアが必要な対象年齢の児の数、（サービス）はその医療的ケアを受け入れる"
                                                       "この種類のサービスの数です。")});
  if (publish) about.rows.push_back({std::string("注"), std::string("1〜4人は個人が特定されないよう「＊」で表示しています。")});
  return io::write_xlsx({table, features, about});
}

}  // namespace tsunagu::resources
