// A resource (社会資源) as stored: a facility (事業所) of an organisation (法人) with the services it offers.
// Codes for service types and features are fixed lists here; care items come from the master data.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::resources {

struct Code {
  std::string_view code, ja, en;
};

// Service types, in display order.
inline constexpr Code kServiceTypes[] = {
    {"visiting_nursing", "訪問看護", "Home-visit nursing"},
    {"home_medical_care", "訪問診療", "Home medical care"},
    {"home_rehabilitation", "訪問リハビリテーション", "Home-visit rehabilitation"},
    {"child_development_support", "児童発達支援", "Child development support"},
    {"after_school_day_service", "放課後等デイサービス", "After-school day service"},
    {"short_stay_medical", "短期入所（医療型）", "Short stay (medical)"},
    {"short_stay_welfare", "短期入所（福祉型）", "Short stay (welfare)"},
    {"daily_life_care", "生活介護", "Daily life care"},
    {"day_respite", "日中一時支援", "Day respite"},
    {"home_help", "居宅介護", "Home help"},
    {"home_bathing", "訪問入浴", "Home-visit bathing"},
    {"mobility_support", "移動支援", "Mobility support"},
    {"counseling_support", "相談支援", "Counselling support (care planning)"},
    {"nursery", "保育所", "Nursery"},
    {"certified_childcare", "認定こども園", "Certified centre for early childhood education and care"},
    {"kindergarten", "幼稚園", "Kindergarten"},
    {"school", "小学校・中学校・高等学校（看護師配置）", "School with a nurse"},
    {"special_needs_school", "特別支援学校", "Special needs school"},
    {"hospital_pediatrics", "病院（小児科）", "Hospital (paediatrics)"},
    {"respite_hospital", "レスパイト入院", "Respite admission"},
    {"other", "その他", "Other"},
};

// Features asked about most (and the usual bottlenecks).
inline constexpr Code kFeatures[] = {
    {"transport", "送迎", "Transport"},
    {"bathing", "入浴", "Bathing"},
    {"nurse_onsite", "看護師常駐", "Nurse on site"},
    {"night_holiday", "夜間・休日", "Nights and holidays"},
    {"severe_disability", "重症心身障害児対応", "Children with severe motor and intellectual disabilities"},
};

inline constexpr std::string_view kFacilityStatuses[] = {"active", "closed"};

// Months after which an entry not confirmed is flagged as possibly out of date.
inline constexpr int kConfirmMonths = 12;

template <std::size_t N>
const Code* find_code(const Code (&codes)[N], std::string_view code) {
  for (const Code& c : codes)
    if (c.code == code) return &c;
  return nullptr;
}

struct AcceptedCare {
  std::string care_item;   // master care item code
  std::string conditions;  // e.g. "日中のみ", "要相談"
};

struct Service {
  long long id = 0;
  std::string service_type;
  std::optional<int> age_min, age_max;  // years, inclusive
  std::optional<int> capacity, vacancy;
  std::vector<AcceptedCare> care_items;
  std::vector<std::string> features;
  std::string notes;
};

struct Organization {
  long long id = 0;
  std::string prefecture_code, name, name_kana, corporate_number, phone, website;
};

struct Facility {
  long long id = 0;
  int version = 0;
  std::optional<long long> organization_id;
  std::string organization_name;  // read only (joined)
  std::string prefecture_code, municipality_code;
  std::string name, name_kana, postal_code, address;
  std::optional<double> lat, lng;
  std::string phone, website, hours, description;
  std::string status = "active";
  std::optional<long long> confirmed_at;
  std::string confirmed_by;
  long long created_at = 0, updated_at = 0;
  std::vector<Service> services;
};

}  // namespace tsunagu::resources
