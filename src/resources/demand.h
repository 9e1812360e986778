// Where the gap analysis gets its demand: the registry's active children of the prefecture, or, where no registry
// is kept (none there), the children of the latest reconciled census round. Ages are counted today (registry) or
// on the round's reference date (census).
#pragma once
#include <string>
#include <vector>

#include "census/service.h"
#include "registry/service.h"
#include "resources/gap.h"
#include "resources/service.h"

namespace tsunagu::resources {

struct Demand {
  std::vector<DemandChild> children;
  std::string source;  // Japanese, for the page and the workbook
};

Demand load_demand(registry::Registry& registry, census::Census& census, const master::MasterData& md,
                   const std::string& prefecture_code);

// Every active service of the prefecture with its facility's municipality (care items at top level).
std::vector<SupplyService> load_supply(Directory& directory, const std::string& prefecture_code);

}  // namespace tsunagu::resources
