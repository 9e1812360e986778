// The registry record (台帳): a child known to the prefecture, with guardians, diagnoses, care items,
// devices and consents. Plain values; storage is registry/store.h, derived facts registry/derive.h.
// Codes are the English names of docs/registry.md; the interface shows their catalogue labels.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::registry {

// Allowed values of the coded fields, in display order.
inline constexpr std::string_view kSexes[] = {"female", "male", "other", "unknown"};
inline constexpr std::string_view kLifeStages[] = {
    "home",          "nursery",       "kindergarten",  "certified_childcare", "child_development_support",
    "elementary",    "junior_high",   "high_school",   "special_needs_school", "home_visit_education",
    "graduated"};
inline constexpr std::string_view kStatuses[] = {"active", "moved_out", "adult_services", "deceased"};
inline constexpr std::string_view kSources[] = {"registration_form", "municipal_report", "census", "hospital"};
inline constexpr std::string_view kWatchLevels[] = {"high", "mid", "low"};
inline constexpr std::string_view kDeviceKinds[] = {
    "ventilator",   "suction_unit",   "oxygen_concentrator", "feeding_pump", "infusion_pump",
    "pulse_oximeter", "nebulizer",    "humidifier",          "cough_assist", "other"};
inline constexpr std::string_view kConsentScopes[] = {"registration", "municipality_sharing", "disaster_planning",
                                                      "care_team_sharing"};
inline constexpr std::string_view kConsentMethods[] = {"paper", "web_form"};

// Whether `value` is one of `allowed`.
template <std::size_t N>
bool one_of(std::string_view value, const std::string_view (&allowed)[N]) {
  for (std::string_view a : allowed)
    if (a == value) return true;
  return false;
}

// Whether a device of this kind usually needs mains power (the default for a new device).
bool device_needs_power_by_default(std::string_view kind);

struct Guardian {
  std::string name, name_kana, relationship, phone, email;
};

struct Diagnosis {
  std::string name;
  std::string icd10;  // optional, e.g. "G71.0"
};

struct ChildCareItem {
  std::string code;         // a scored care item (master data), e.g. "ventilator", "tube_feeding_route"
  std::string watch_level;  // "high", "mid" (ventilator only) or "low"
};

struct Device {
  std::string kind;  // one of kDeviceKinds
  std::string name;  // maker / model, free text
  std::optional<double> battery_hours;
  bool needs_power = false;
};

struct Consent {
  long long id = 0;
  std::string scope;   // one of kConsentScopes
  std::string given_on;  // ISO date
  std::string method;  // one of kConsentMethods
  std::string recorded_by;  // login
  std::string withdrawn_on;  // ISO date; empty while in force
  std::string withdrawal_recorded_by;
  bool active() const { return withdrawn_on.empty(); }
};

struct Child {
  long long id = 0;
  int version = 0;
  std::string family_name, given_name, family_name_kana, given_name_kana;
  std::string birth_date;  // ISO 8601
  std::string sex;
  std::string prefecture_code, municipality_code, postal_code, address;
  std::vector<Guardian> guardians;
  std::vector<Diagnosis> diagnoses;
  std::vector<ChildCareItem> care_items;
  std::vector<Device> devices;
  std::string life_stage, affiliation;  // affiliation: the nursery's or school's name
  std::string hospital, primary_doctor, visiting_nurse;
  std::optional<long long> coordinator_user_id;
  std::string status = "active";
  std::string status_date;          // ISO; when the status last changed away from active
  std::string moved_to;             // free text or a municipality code, for moved_out
  std::string source;
  std::string notes;
  std::vector<Consent> consents;    // every consent record, newest first
  long long created_at = 0, updated_at = 0;

  std::string full_name() const { return family_name + "\u3000" + given_name; }
  std::string full_name_kana() const { return family_name_kana + "\u3000" + given_name_kana; }
};

}  // namespace tsunagu::registry
