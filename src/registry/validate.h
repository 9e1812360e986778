// Checking a child record before it is saved: every field gets a Japanese message that the form shows next
// to it (and the API returns under the same field name, e.g. "guardians.0.phone"). Normalises as it checks:
// dates typed in 和暦 become ISO, kana becomes full-width katakana, codes lose stray spaces.
#pragma once
#include <functional>
#include <map>
#include <string>

#include "master/master_data.h"
#include "registry/child.h"

namespace tsunagu::registry {

using FieldErrors = std::map<std::string, std::string>;

struct ValidationContext {
  const master::MasterData& master;
  std::string today;            // ISO, Japan time
  std::string prefecture_code;  // the prefecture the record must belong to
  std::function<bool(long long)> is_coordinator;  // a coordinator account of that prefecture
};

FieldErrors normalise_and_check(Child& c, const ValidationContext& ctx);

// One date field: ISO or 和暦 in, ISO out; an error message, or "" when fine. Empty input is an error
// only when `required`.
std::string normalise_date(std::string& value, bool required, const std::string& today, bool allow_future);

}  // namespace tsunagu::registry
