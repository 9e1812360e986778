// The resource directory (社会資源) as a service: facilities with their services, edited by center staff
// (everything in their prefecture) and by facility staff (their own facility), confirmed as current with one
// action, versioned, audited; and the public search, which holds no personal data.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/audit/audit_log.h"
#include "core/auth/policy.h"
#include "core/auth/principal.h"
#include "core/db/database.h"
#include "master/master_data.h"
#include "resources/facility.h"
#include "resources/store.h"

namespace tsunagu::resources {

using FieldErrors = std::map<std::string, std::string>;  // field → Japanese message

struct SaveResult {
  long long id = 0;
  FieldErrors errors;
  bool conflict = false;  // someone saved a newer version first
  bool ok() const { return errors.empty() && !conflict; }
};

// A search as people ask it: area, service, care item, age, features, text.
struct Query {
  std::string prefecture_code;
  std::string municipality_code, region_code;
  std::optional<double> near_lat, near_lng;
  double radius_km = 10;
  std::string service_type, care_item;
  std::optional<int> age;
  std::vector<std::string> features;
  std::string text;
  int page = 1, per_page = 20;
};

struct Result {
  store::Hit hit;
  std::vector<Service> services;
  std::optional<double> distance_km;
  bool stale = false;  // not confirmed for kConfirmMonths
};

struct ResultPage {
  std::vector<Result> results;
  long long total = 0;
};

class Directory {
 public:
  Directory(db::Database& db, audit::AuditLog& audit, const master::MasterData& md) : db_(db), audit_(audit), md_(md) {}

  SaveResult create(const auth::Principal& p, const audit::Actor& a, Facility f);
  SaveResult update(const auth::Principal& p, const audit::Actor& a, Facility f);
  bool confirm(const auth::Principal& p, const audit::Actor& a, long long id);
  // Every facility or none (one transaction); the errors of the first refused one otherwise.
  SaveResult create_many(const auth::Principal& p, const audit::Actor& a, std::vector<Facility> facilities);
  std::optional<Facility> get(long long id);
  std::vector<store::Version> history(long long id);
  // Every active facility of a prefecture with its services, in a few queries (gap analysis, exports).
  std::vector<Facility> active_facilities(const std::string& prefecture_code);
  long long create_organization(const audit::Actor& a, Organization o);
  std::vector<Organization> organizations(const std::string& prefecture_code);

  // Public: active facilities only; `stale_only` for staff lists.
  ResultPage search(const Query& q, bool stale_only = false);

  // Who may edit a facility: center staff and prefecture administrators of its prefecture, and its own staff.
  auth::ObjectAccess access(const auth::Principal& p, const std::string& id);

  FieldErrors validate(Facility& f) const;  // normalises too (kana, codes)
  static bool stale(std::optional<long long> confirmed_at, long long now);
  std::string search_key(const Facility& f) const;
  const master::MasterData& master() const { return md_; }

 private:
  db::Database& db_;
  audit::AuditLog& audit_;
  const master::MasterData& md_;
};

std::string facility_json_snapshot(const Facility& f);

// What the text search matches: the name keys of name, reading, organisation, municipality and address.
std::string facility_search_key(const master::MasterData& md, const Facility& f);

}  // namespace tsunagu::resources
