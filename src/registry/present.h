// A child record as people and programs read it: with labels in the interface language and the derived
// facts (age, school grade, score, electricity dependence, next transition, consent in force) worked out
// for `today`. The API gets codes and numbers; pages get the same plus labels.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "master/master_data.h"
#include "registry/child.h"
#include "registry/form.h"
#include "registry/store.h"

namespace tsunagu::registry {

// Derived facts as JSON (codes and numbers).
nlohmann::json derived_json(const Child& c, const master::MasterData& md, const std::string& today);

// The API's representation: record fields, id, version, derived facts and every consent.
nlohmann::json api_json(const Child& c, const master::MasterData& md, const std::string& today);

// Everything the detail and print pages show.
nlohmann::json page_json(const Child& c, const master::MasterData& md, const std::string& today, const Label& label,
                         const std::string& coordinator_name);

// A field's value from a version snapshot in words, for the change history: labels for codes, names for
// municipalities and care items, one line per guardian, device or diagnosis.
std::string describe(const std::string& field, const nlohmann::json& value, const master::MasterData& md,
                     const Label& label);

// One row of the list, for the API and exports.
nlohmann::json list_row_json(const ListRow& r, const master::MasterData& md, const std::string& today,
                             const Label& label);
// The same object as list_row_json, appended as JSON text (for the API's list, without a document tree).
void append_list_row_json(std::string& out, const ListRow& r, const master::MasterData& md, const std::string& today,
                          const Label& label);
// One row of the list page (templates/_children_results.mustache): only what the table shows, so that the view
// data converted for every row stays small.
nlohmann::json list_row_view(const ListRow& r, const master::MasterData& md, const std::string& today,
                             const Label& label);

}  // namespace tsunagu::registry
