// Synthetic resources: fictional organisations and facilities with their services, for the demo, benchmarks
// and tests. Nothing here reads a global random source (core/random/splitmix.h): the same arguments give the
// same records on every machine. Every name is built from small tables of soft words (ひまわり, あおば, …),
// common family names and generic parts (訪問看護ステーション, こどもデイサービス, 保育園, …), so it stands for no
// particular institution; readings are built from the same parts.
//
// Fictional contact data:
//   - phone numbers have the form 0PP-000-NNNN (PP: the prefecture code, NNNN: four digits). A Japanese
//     local exchange number (市内局番) never begins with 0, so no number of this form can be dialled, and the
//     000 block makes them easy to recognise;
//   - websites are under https://example.jp/ (reserved by JPRS for examples); no postal codes are given.
//
// What "realistic" means here (rough shares, not statistics of any real directory):
//   - facility kinds (share of facilities): 児童発達支援・放課後等デイ 23%, 保育園 19%, 訪問看護ステーション
//     15%, クリニック 7%, ヘルパーステーション 6%, 生活介護 5%, 相談支援 5%, 認定こども園 5%, 学校 4.5%,
//     幼稚園 4%, 病院 2.5%, 訪問入浴 1.5%, 療育センター（医療型障害児入所）1.3%, 特別支援学校 1.2%;
//   - 1–4 services each, about 2.9 on average, of types that go with the kind (a nursery's 乳児 and 幼児
//     classes, a special needs school's 小学部・中学部・高等部, a 多機能型 day service's 児童発達支援 and
//     放課後等デイ, …) and ages that go with the type (児童発達支援 0–5, 放課後等デイ 6–17, 生活介護 18–);
//   - accepted care items (the master list's top-level items) by how hard the care is and who provides it:
//     visiting nursing, hospitals and 療育センター accept nearly all of them, day services for children with
//     severe disabilities most, other day services and schools some, nurseries and kindergartens few
//     (blood glucose, seizures, catheterisation, tube feeding), each sometimes with conditions (要相談, …);
//   - capacity and vacancy where the type has places (nurseries, day services, short stays), features
//     (送迎, 入浴, 看護師常駐, 夜間・休日, 重症心身障害児対応) by type;
//   - organisations (法人) shared by several facilities: about three in four facilities belong to one (public
//     nurseries, kindergartens, schools and hospitals and some doctors' and small providers' own facilities
//     have none), about 2.5 facilities per organisation on average and a few with twenty or more, branches
//     mostly in the organisation's home municipality and often named after it (ひまわり会 → ひまわり保育園);
//   - coordinates within kMaxOffsetKm of the municipality's point in the master data (closer for wards),
//     addresses in a made-up 町 of that municipality;
//   - last confirmed between 0 and 730 days before `now` (about 30% more than kConfirmMonths ago, so flagged
//     as stale); about 3% closed.
// Municipalities are drawn as in registry/synthetic.h (cities, wards, special wards, towns and villages,
// never a prefecture row or a designated city; for a whole-country list weighted special ward 80, ward 32,
// city 16, town 3, village 1).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "master/master_data.h"
#include "resources/facility.h"
#include "resources/service.h"

namespace tsunagu::resources {

// How far (km) a generated facility may lie from its municipality's point in the master data.
inline constexpr double kMaxOffsetKm = 5.0;

// One generated facility: as staff would enter it (id 0, version 0, organization_id unset, organization_name
// set when it belongs to an organisation), with `confirmed_at` set to the time it was last confirmed.
// `organization` indexes FacilityGenerator::organizations() (and SyntheticDirectory::organizations).
struct SyntheticFacility {
  Facility facility;
  std::optional<std::size_t> organization;
};

// Facilities one at a time, for loads too large to hold at once. Facility i depends on (seed, i,
// prefecture_code, now, the master data) and on the organisations made for facilities 0…i-1, so a longer
// run starts with the facilities of a shorter one. Organisations are made when a facility first needs one;
// each has id 0 and the prefecture of that facility.
class FacilityGenerator {
 public:
  // prefecture_code "" spreads the facilities over the whole country; `now` (Unix seconds) is the reference
  // for confirmation dates. Throws std::invalid_argument for a prefecture without municipalities.
  FacilityGenerator(const master::MasterData& md, const std::string& prefecture_code, std::uint64_t seed,
                    long long now);
  ~FacilityGenerator();
  FacilityGenerator(const FacilityGenerator&) = delete;
  FacilityGenerator& operator=(const FacilityGenerator&) = delete;

  SyntheticFacility next();
  const std::vector<Organization>& organizations() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

struct SyntheticDirectory {
  std::vector<Organization> organizations;
  std::vector<SyntheticFacility> facilities;
};

SyntheticDirectory synthetic_directory(std::size_t n, const master::MasterData& md, const std::string& prefecture_code,
                                       std::uint64_t seed, std::optional<long long> now = std::nullopt);

// `n` fictional facilities (the facilities of synthetic_directory, organisations by name only). Every one
// passes Directory::validate for its own prefecture (facility.prefecture_code). `now` defaults to the
// current time, the only input that is not an argument: pass it for output that is identical byte for byte.
std::vector<Facility> synthetic_facilities(std::size_t n, const master::MasterData& md,
                                           const std::string& prefecture_code, std::uint64_t seed,
                                           std::optional<long long> now = std::nullopt);

// Demo facilities for one prefecture, inserted through Directory::create_organization and Directory::create
// as center staff of that prefecture (audit actor "center"), so each gets its version and audit entries.
// The first is a 児童発達支援・放課後等デイ in the prefecture's first city and active (the demo facility user's
// facility when the database is new); the rest are drawn as above. Does nothing and returns 0 when the
// prefecture already has an active facility or an organisation (Directory offers no count of closed
// facilities). Returns the number created. Directory::create records the time of creation as the
// confirmation date, so the generated confirmation dates are not kept. Throws std::runtime_error if a
// generated facility is refused (a bug, not an input error).
std::size_t seed_demo_facilities(Directory& directory, const std::string& prefecture_code, std::size_t n = 150,
                                 std::uint64_t seed = 20260401);

}  // namespace tsunagu::resources
