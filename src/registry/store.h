// The registry's SQL: children and their parts, consents, versions. Nothing here decides what is valid or
// who may see what beyond turning registry/access.h's rule into a WHERE clause; registry/service.h does that.
// Writes take the caller's session so that they join its transaction (with the audit entry).
// Thread-safe: reads borrow their own session from the pool.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.h"
#include "core/db/binds.h"
#include "core/db/change_cache.h"
#include "core/db/database.h"
#include "registry/access.h"
#include "registry/child.h"

namespace tsunagu::registry {

struct ListFilter {
  std::string municipality_code;
  std::vector<std::string> municipality_codes;  // a region's municipalities; empty: no region filter
  std::string care_item, life_stage, status;
  std::string consent_scope, consent_state;     // consent_state: "active" or "missing"
  std::optional<int> age_min, age_max;          // full years on `today`
  std::optional<bool> electricity_dependent;
  std::string name_key;                         // normalised search text (text::name_key); empty: all
  std::string sort = "kana";                    // kana, birth_date, municipality, score, updated
  bool descending = false;
  int page = 1, per_page = 50;                  // per_page 0: every row (exports)
};

struct ListRow {
  long long id = 0;
  std::string family_name, given_name, family_name_kana, given_name_kana, birth_date, sex, municipality_code,
      life_stage, affiliation, status;
  int score = 0;
  bool electricity_dependent = false;
  std::optional<long long> coordinator_user_id;
  long long updated_at = 0;
};

struct ListResult {
  std::vector<ListRow> rows;
  long long total = 0;
};

// Facts computed from the record on every save, stored for lists (see migrations/0003_registry.sql).
struct Derived {
  std::string name_key, kana_sort;
  int score = 0;
  bool electricity_dependent = false;
};

struct VersionInfo {
  std::optional<long long> user_id;
  std::string login, summary;
};

struct Version {
  int version = 0;
  long long saved_at = 0;
  std::string login, summary;
  nlohmann::json snapshot;
};

class ChildStore {
 public:
  explicit ChildStore(db::Database& db) : db_(db) {}

  ListResult list(const auth::Principal& p, const ListFilter& f, const std::string& today);
  // How many children `p` may see match `f` (its paging ignored), without reading a row: for summaries.
  long long count_matching(const auth::Principal& p, const ListFilter& f, const std::string& today);
  std::optional<Child> get(long long id);
  std::optional<ChildScope> scope(long long id);

  // Active children of a prefecture as counts need them, no names: municipality, birth date, care item codes.
  struct CareNeed {
    long long id = 0;
    std::string municipality_code, birth_date;
    std::vector<std::string> care_items;
  };
  std::vector<CareNeed> care_needs(const std::string& prefecture_code);
  std::vector<Version> history(long long id);

  // Inserts the record as version 1 and returns its id.
  long long create(db::Session& sql, const Child& c, const Derived& d, const VersionInfo& v);
  // Saves the record as the next version if it is still at `c.version`; false when someone saved first.
  bool update(db::Session& sql, const Child& c, const Derived& d, const VersionInfo& v);
  long long add_consent(db::Session& sql, long long child_id, const Consent& c, std::optional<long long> user_id);
  // False when there is no such consent in force for the child, or `on` is before the day it was given.
  bool withdraw_consent(db::Session& sql, long long child_id, long long consent_id, const std::string& on,
                        std::optional<long long> user_id);
  // Legal erasure: removes the record, its parts, versions and consents, and empties linked submissions.
  void erase(db::Session& sql, long long id);

 private:
  // The list columns of the children `from` (" FROM … WHERE … ORDER BY …") selects.
  std::vector<ListRow> list_rows(db::Session& sql, const std::string& from, const db::Binds& b);
  // How many children match the filter, given the rows shown on its page.
  long long count(db::Session& sql, const auth::Principal& p, const ListFilter& f, const std::string& today,
                  long long generation, std::size_t shown);
  // The number of children matching, kept per change-counter generation.
  long long counted(db::Session& sql, const auth::Principal& p, const ListFilter& f, const std::string& today,
                    long long generation);

  db::Database& db_;
  db::ChangeCache counts_{"children"};  // how many children a list's filter matches
};

}  // namespace tsunagu::registry
