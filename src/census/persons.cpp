#include "census/persons.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "core/db/scan.h"

namespace tsunagu::census {
namespace {

// The value with most votes; ties go to the smallest value, so that the result does not depend on order.
std::string winner(const std::map<std::string, int>& votes) {
  std::string best;
  int most = 0;
  for (const auto& [value, n] : votes)
    if (!value.empty() && n > most) best = value, most = n;
  return best;
}

Person consolidate(const std::string& key, const std::vector<std::size_t>& members, const std::vector<StoredRow>& rows,
                   const master::MasterData& md) {
  Person p;
  p.key = key;
  p.rows = members;
  std::map<std::string, int> municipality, birth, sex, affiliation;
  std::set<std::string> care;
  std::string education_affiliation;
  for (std::size_t i : members) {
    const StoredRow& r = rows[i];
    bool own_sheet = r.source_kind == "municipality";
    municipality[r.municipality_code] += own_sheet ? 2 : 1;
    birth[r.birth_date] += own_sheet ? 3 : 2;  // tie-break toward the municipality's own sheet
    sex[r.sex] += own_sheet ? 3 : 2;
    affiliation[r.affiliation] += 1;
    if (r.source_kind == "education" && !r.affiliation.empty()) education_affiliation = r.affiliation;
    for (std::size_t at = 0, next; at < r.care_items.size(); at = next + 1) {
      next = r.care_items.find(' ', at);
      if (next == std::string::npos) next = r.care_items.size();
      if (next > at) care.insert(r.care_items.substr(at, next - at));
    }
  }
  p.municipality_code = winner(municipality);
  p.birth_date = winner(birth);
  p.sex = winner(sex);
  p.affiliation = education_affiliation.empty() ? winner(affiliation) : education_affiliation;
  for (const master::CareItem& c : md.care_items()) {
    if (!care.count(c.code)) continue;
    p.care_items.push_back(c.code);
    if (c.electricity_dependent) p.electricity_dependent = true;
  }
  return p;
}

}  // namespace

int age_on(const std::string& birth_date, const std::string& on) {
  if (birth_date.size() != 10 || on.size() != 10) return -1;
  int age = std::stoi(on.substr(0, 4)) - std::stoi(birth_date.substr(0, 4));
  if (on.substr(5) < birth_date.substr(5)) --age;
  return age;
}

RoundData load_round(db::Session& sql, int year, const master::MasterData& md) {
  RoundData d;
  d.rows = store::active_rows(sql, year);
  std::unordered_map<long long, std::string> key_of;
  db::Scan scan(sql, "SELECT row_id, person_key FROM census_links WHERE round_year = $1", {std::to_string(year)});
  while (scan.next()) key_of.emplace(scan.integer(0), std::string(scan.text(1)));
  d.person_keys.reserve(d.rows.size());
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    auto it = key_of.find(d.rows[i].id);
    if (it == key_of.end())
      throw std::invalid_argument(std::to_string(year) + "年度は取り込み後にまだ突合していません。突合を実行してください。");
    d.person_keys.push_back(it->second);
    members[it->second].push_back(i);
  }
  d.persons.reserve(members.size());
  for (const auto& [key, rows] : members) d.persons.push_back(consolidate(key, rows, d.rows, md));
  return d;
}

}  // namespace tsunagu::census
