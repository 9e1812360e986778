// Gap analysis (不足資源・ボトルネック): for each municipality (grouped by region) × care item, the children who
// need that care item at the ages a service type serves (demand) against the services of that type there that
// accept it (supply: count, capacity, vacancy); and, per region, the children against the services with each
// feature (送迎, 入浴, 夜間・休日 … the usual bottlenecks).
// Demand comes from the registry where it is kept (active children of the prefecture), otherwise from the latest
// reconciled census round. Care items count at their top level (経管栄養 for 胃瘻…), on both sides.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "master/master_data.h"
#include "resources/facility.h"

namespace tsunagu::resources {

struct DemandChild {
  std::string municipality_code;
  int age = -1;                         // -1 when unknown (counted at every age)
  std::vector<std::string> care_items;  // top-level codes
};

struct SupplyService {
  std::string municipality_code;
  Service service;  // care item codes at top level
};

struct GapCell {
  long long demand = 0, services = 0, capacity = 0, vacancy = 0;
  // "none" (no child needs it), "gap" (children, no service), "thin" (more than kThinRatio children a service),
  // "ok".
  std::string level() const;
};
inline constexpr long long kThinRatio = 5;

struct GapRow {
  std::string code, name, region;  // a municipality, or a region's total (code = region code, name = region name)
  bool is_region = false;
  std::vector<GapCell> cells;      // one per care item column
  long long gaps = 0;              // cells at level "gap"
};

struct FeatureRow {
  std::string region_code, region_name;
  long long children = 0;
  std::vector<long long> services;  // per kFeatures entry: services with that feature in the region
};

struct GapReport {
  std::string service_type, source;       // source: "registry" or "census YEAR" (Japanese label in the page)
  int age_min = 0, age_max = 17;
  std::vector<std::string> care_items;     // column codes
  std::vector<std::string> care_labels;
  std::vector<GapRow> rows;
  std::vector<FeatureRow> features;
};

// The ages a service type is for, when nothing else says (児童発達支援 0–5, 放課後等デイサービス 6–17 …).
std::pair<int, int> typical_ages(std::string_view service_type);

// Top-level care item code (the parent's for a sub-item).
std::string top_care_item(const master::MasterData& md, const std::string& code);

GapReport gap_report(const master::MasterData& md, const std::string& prefecture_code, const std::string& service_type,
                     const std::vector<DemandChild>& demand, const std::vector<SupplyService>& supply,
                     std::string source);

// The report as a workbook; `publish` shows demand of 1–4 children as ＊.
std::string gap_xlsx(const GapReport& r, bool publish);

}  // namespace tsunagu::resources
