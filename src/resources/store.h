// Resources storage: organisations, facilities with their services and accepted care items, versions. SQL only;
// the rules are in resources/service.h. Functions take the caller's session so that a save is one transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/db/database.h"
#include "resources/facility.h"

namespace tsunagu::resources::store {

long long create_organization(db::Session& sql, const Organization& o);
std::vector<Organization> organizations(db::Session& sql, const std::string& prefecture_code);
std::optional<Organization> organization(db::Session& sql, long long id);

// Inserts the facility (version 1) with its services; returns its id. `search_key` is derived by the caller.
long long create_facility(db::Session& sql, const Facility& f, const std::string& search_key, const std::string& by);
// Replaces the facility and its services when `f.version` is the stored version; false when it is not (stale).
bool update_facility(db::Session& sql, const Facility& f, const std::string& search_key, const std::string& by);
std::optional<Facility> facility(db::Session& sql, long long id);
// Every facility of a prefecture with `status` ("" for any), with its services: a few queries, not one per facility.
std::vector<Facility> facilities(db::Session& sql, const std::string& prefecture_code, const std::string& status);
void confirm(db::Session& sql, long long id, const std::string& by);
void save_version(db::Session& sql, long long id, int version, const std::string& snapshot, const std::string& by);

struct Version {
  int version = 0;
  std::string snapshot, changed_by;
  long long changed_at = 0;
};
std::vector<Version> versions(db::Session& sql, long long id);

// What the staff list and the public search filter on. Empty fields do not filter.
struct Filter {
  std::string prefecture_code;               // required
  std::vector<std::string> municipality_codes;
  std::string service_type, care_item, status = "active";
  std::optional<int> age;
  std::vector<std::string> features;         // every one of them, in the same service
  std::string text_key;                      // text::name_key of the search text: a part of the search key
  std::optional<double> lat_min, lat_max, lng_min, lng_max;  // a box (for "near a point")
  std::optional<long long> stale_before;     // confirmed before this time (or never)
  int limit = 50, offset = 0;                // limit 0: every match
};

struct Hit {
  long long id = 0;
  std::string name, name_kana, municipality_code, address, phone, organization_name;
  std::optional<double> lat, lng;
  std::optional<long long> confirmed_at;
};

struct HitPage {
  std::vector<Hit> hits;
  long long total = 0;
};
HitPage search(db::Session& sql, const Filter& f);

// The services of the given facilities, by facility id (for a page of hits).
std::vector<std::pair<long long, Service>> services_of(db::Session& sql, const std::vector<long long>& facility_ids);

}  // namespace tsunagu::resources::store
