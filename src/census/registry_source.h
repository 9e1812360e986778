// The registry (台帳) as one more census source: the active children of the round's prefecture, written as
// common-sheet rows (record id = the registry id), so that reconciliation treats them like any other sheet.
#pragma once
#include <string>
#include <vector>

#include "census/codes.h"
#include "census/sheet.h"
#include "registry/service.h"

namespace tsunagu::census {

std::vector<SheetRow> registry_rows(registry::Registry& registry, const MunicipalityNames& municipalities,
                                    const std::string& prefecture_code);

// The registry's life stage as a census affiliation code ("" when it has none).
std::string affiliation_of_life_stage(std::string_view life_stage);

}  // namespace tsunagu::census
