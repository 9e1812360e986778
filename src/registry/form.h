// The staff edit form of a child record: reading the posted fields into a record, and the data the
// template needs to show a record (or a rejected attempt) with each field's value, options and error.
// Field names match the API's error keys: "family_name", "guardians.0.phone", "care.ventilator" …
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/http/message.h"
#include "master/master_data.h"
#include "registry/child.h"
#include "registry/service.h"

namespace tsunagu::registry {

inline constexpr std::size_t kMaxGuardians = 4, kMaxDiagnoses = 8, kMaxDevices = 10;

// Rows the person left entirely empty are dropped; care items come from the "care.CODE" selects.
Child child_from_form(const http::Params& form, const std::vector<master::CareItem>& items);

using Label = std::function<std::string(const std::string& key)>;

// Options for a <select> over `codes`, labelled "registry.GROUP.CODE", marking `selected`.
nlohmann::json options(const Label& label, const std::string& group, const std::string_view* codes, std::size_t n,
                       const std::string& selected);

nlohmann::json form_view(const Child& c, const FieldErrors& errors, const Label& label,
                         const master::MasterData& md, const std::vector<Coordinator>& coordinators);

}  // namespace tsunagu::registry
