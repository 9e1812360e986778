// A child record as JSON: the API's representation and the snapshot kept for every version.
// from_json() only reads; whether the values are acceptable is registry/validate.h's job.
#pragma once
#include <nlohmann/json.hpp>

#include "registry/child.h"

namespace tsunagu::registry {

// The record's own fields (no derived facts, no consents): what a version snapshot holds.
nlohmann::json record_json(const Child& c);
// Reads the fields record_json() writes; missing fields stay empty. Throws nlohmann::json::exception on a
// value of the wrong JSON type.
Child child_from_json(const nlohmann::json& j);

nlohmann::json consent_json(const Consent& c);

// One line per changed field between two snapshots: {"field": name, "before": …, "after": …}.
nlohmann::json diff(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace tsunagu::registry
