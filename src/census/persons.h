// The children of a reconciled round: one Person per person key, its facts taken from the rows linked to
// it. Where rows disagree: municipality by vote (a municipality's own sheet counts twice, so a child who moved
// goes with the education board's or the registry's placement when the two municipalities tie); birth date and
// sex by majority (municipality sheets break ties); care items as the union; affiliation from the education
// board when it reported the child, else by majority.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "census/store.h"
#include "master/master_data.h"

namespace tsunagu::census {

struct Person {
  std::string key;
  std::string municipality_code, birth_date, sex, affiliation;
  std::vector<std::string> care_items;  // codes, in master order
  bool electricity_dependent = false;
  std::vector<std::size_t> rows;        // indexes into RoundData::rows
};

struct RoundData {
  std::vector<StoredRow> rows;
  std::vector<std::string> person_keys;  // per row ("" when the row has not been reconciled)
  std::vector<Person> persons;
};

// Throws std::invalid_argument (Japanese) when some active row has no person key (reconcile first).
RoundData load_round(db::Session& sql, int year, const master::MasterData& md);

// Whole years on `on` (ISO), or -1 without a birth date.
int age_on(const std::string& birth_date, const std::string& on);

}  // namespace tsunagu::census
