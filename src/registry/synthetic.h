// Synthetic registry records: fictional children for the demo, benchmarks and tests. Every person is made up
// from small tables of common Japanese family and given names (with some 異体字 such as 髙橋, 山﨑, 渡邊, 齋藤,
// so that the name search can be shown to find them from 高橋, 山崎, 渡辺, 斎藤); guardians' phone numbers are
// all of the form 0X0-0000-XXXX (090/080/070 with a 0000 middle block), a pattern chosen to be recognisably
// fictional, and e-mail addresses are at example.jp. Nothing here reads the clock or a global random source:
// the same arguments give the same records on every machine.
//
// What "realistic" means here (rough shares, not statistics of any real registry):
//   - ages 0–19 on `today`, skewed young; the life stage follows the school grade for the age;
//   - care-item combinations that occur together: a ventilator usually with a tracheostomy and suction
//     (some on NPPV without one), tube feeding common, oxygen common, dialysis rare; diagnoses to match;
//   - devices matching the care items (ventilator, suction unit, oxygen concentrator, feeding and infusion
//     pumps, pulse oximeter, …) with battery hours where a battery is usual;
//   - status mostly active; some moved out, some in adult services (18 and over), a few deceased;
//   - consents: most children have the registration consent, about 70% municipality sharing, some
//     disaster planning; a few were given and later withdrawn.
// Municipalities come from the master data: cities, wards, special wards, towns and villages, never a
// prefecture row or a designated city (its wards are used instead).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/accounts.h"
#include "master/master_data.h"
#include "registry/child.h"
#include "registry/service.h"

namespace tsunagu::registry {

struct SyntheticChild {
  // A record as staff would enter it: id 0, version 0, no coordinator, child.consents empty. It passes
  // normalise_and_check for its own prefecture (child.prefecture_code) with no coordinator accounts.
  Child child;
  // The consents to record with it, oldest first, registration first. A consent with withdrawn_on set was
  // given on given_on and withdrawn on withdrawn_on (record it, then withdraw it). recorded_by is empty: the
  // caller records them under its own user.
  std::vector<Consent> consents;
};

// `n` fictional children. prefecture_code "35" puts them all in that prefecture; "" spreads them over the
// whole country with a simple rule standing in for population: each municipality weighs special ward 80,
// ward 32, city 16, town 3, village 1, and a prefecture weighs the sum of its municipalities (this gives
// 東京都 about 10%, 大阪府 7%, 山口県 1%, 鳥取県 0.5%, near their shares of the population). `today` (ISO,
// Japan) is the reference date for ages, school grades and every date recorded (none is after it).
// Child i depends only on (seed, i, prefecture_code, today, the master data): a longer list starts with the
// shorter one. Throws std::invalid_argument for a malformed `today` or a prefecture without municipalities.
std::vector<SyntheticChild> synthetic_children(std::size_t n, const master::MasterData& md,
                                               const std::string& prefecture_code, std::uint64_t seed,
                                               const std::string& today);

// Demo records for 山口県 (prefecture "35"), inserted through Registry::create (versions and audit entries as
// for a record typed in by the demo center user "center"), with consent withdrawals through
// Registry::withdraw_consent. Of the `n` children: six in 下関市 (352012) and six in 山口市 (352039), the demo
// municipal users' municipalities, four of each with municipality sharing in force and two without (one of
// them withdrawn); ten assigned to the demo coordinator ("coordinator") with the care-team consent in force
// and one more assigned whose care-team consent was withdrawn; the rest spread over the prefecture.
// Does nothing and returns 0 when the prefecture already has children or the "center" account is missing
// (the coordinator assignments are skipped when "coordinator" is missing). Returns the number created.
// Throws std::runtime_error if a generated record is refused (a bug, not an input error).
std::size_t seed_demo_children(Registry& registry, auth::Users& users, std::size_t n = 120,
                               std::uint64_t seed = 20260401);

}  // namespace tsunagu::registry
