// HSDS 3.0 (Open Referral Human Services Data Specification) export of the resource directory: the active
// facilities of one prefecture as HSDS organizations, locations, services, service_at_locations, phones,
// schedules and attributes, with tsunagu's own taxonomies (service type, accepted care items, features,
// capacity, municipality) carrying the Japanese profile. docs/hsds.md has the field-by-field mapping; the
// tests run the output through tests/hsds/validate.mjs (the official HSDS 3.0 JSON schemas).
//
// Public data only: nothing here comes from the registry, and closed facilities are not read.
//
// Ids are UUIDs (HSDS requires the uuid format) derived from a fixed namespace and a name such as
// "35/facility/12/location", so that the same directory exports the same ids every time (see hsds_uuid).
// An object of an installation carries its prefecture code in the name; the taxonomies and their terms do not,
// so their ids are the same in every installation.
//
// Thread-safety: an HsdsExport is immutable after construction; the free functions keep no state.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/db/database.h"
#include "master/master_data.h"
#include "resources/facility.h"

namespace tsunagu::resources {

// The address of tsunagu's own taxonomies: a placeholder on the reserved .example domain until the
// prefecture publishes their definitions (then only this changes, as with registry/fhir.h's kBaseUrl).
inline constexpr std::string_view kHsdsTaxonomyBase = "https://tsunagu.example/taxonomy";

// What the export reads: the active facilities of one prefecture, with their services, in the order of the
// public search (reading, then id), and the prefecture's organisations.
struct HsdsSource {
  std::string prefecture_code;
  std::vector<Facility> facilities;
  std::vector<Organization> organizations;
};
HsdsSource load_hsds_source(db::Database& db, const std::string& prefecture_code);

// A name-based UUID: RFC 9562 version 8 built as in its appendix B.2 (SHA-256 of the namespace's 16 bytes
// followed by the name, the first 128 bits kept, version 8 and variant 10 set). Version 5 would need SHA-1,
// which libsodium does not have. Lowercase, 36 characters.
std::string hsds_uuid(std::string_view name);

// Opening hours typed the usual way, one or more "days time–time" parts: "月〜金 9:00〜17:00、土 9:00〜12:00",
// "平日 8:30-17:30", "月・水・金 10:00～15:00", "毎日 ９：００〜１８：００". Days: 月…日 (曜, 曜日 allowed), ranges
// with 〜 ～ - ー, lists with ・ or side by side (土日), 平日, 毎日; parts separated by 、 , ／ / ; or a line
// break. nullopt for anything else (祝日, 第2土曜, "9時から", closing after midnight): that text is kept
// as it is, as the schedule's description.
struct OpeningHours {
  std::string byday;              // RFC 5545 BYDAY: "MO,TU,WE,TH,FR"
  std::string opens_at, closes_at;  // "09:00+09:00" (HSDS: HH:MM with the UTC offset; Japan is +09:00)
  std::string text;                 // the part as typed: "月〜金 9:00〜17:00"
};
std::optional<std::vector<OpeningHours>> parse_opening_hours(std::string_view hours);

// The whole export of one source. The full objects are built once, here; lists and pages are cut from them.
class HsdsExport {
 public:
  HsdsExport(const HsdsSource& source, const master::MasterData& md);

  // Fully nested services (the HSDS API's /services/{id}): attributes, service_at_locations with their
  // location (address, phone, schedules, municipality), and the organization. One per facility service, in
  // the order of the facilities and their services.
  const std::vector<nlohmann::json>& services() const { return services_; }
  const nlohmann::json* service(std::string_view id) const;
  // Organizations with their phones and identifiers (the registered ones that run an active facility, then
  // one for each facility without an organisation).
  const std::vector<nlohmann::json>& organizations() const { return organizations_; }
  // Every taxonomy and every term (of the municipalities: those of the prefecture).
  const std::vector<nlohmann::json>& taxonomies() const { return taxonomies_; }
  const std::vector<nlohmann::json>& taxonomy_terms() const { return terms_; }

  // The list form of the HSDS API (compiled/service_list.json, organization_list.json): the one-to-one fields
  // only, and for a service its organization's.
  static nlohmann::json service_list_item(const nlohmann::json& service);
  static nlohmann::json organization_list_item(const nlohmann::json& organization);

 private:
  std::vector<nlohmann::json> services_, organizations_, taxonomies_, terms_;
};

// One page of the HSDS API: {total_items, total_pages, page_number, size, first_page, last_page, empty,
// contents}. `page` is 1-based; a page past the end is empty. `size` is the number of items on this page.
nlohmann::json hsds_page(const std::vector<nlohmann::json>& items, int page, int per_page);

}  // namespace tsunagu::resources
