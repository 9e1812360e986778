#include "registry/validate.h"

#include <regex>

#include "core/text/kana.h"
#include "core/text/lg_code.h"
#include "core/text/utf8.h"
#include "core/text/wareki.h"

namespace tsunagu::registry {

namespace {

constexpr std::size_t kShort = 50, kMedium = 100, kLong = 4000;

void check_text(FieldErrors& e, const std::string& field, std::string& value, bool required, std::size_t max) {
  value = text::trim(value);
  if (text::has_control_chars(value)) e[field] = "使えない文字（制御文字）が含まれています。入力し直してください。";
  else if (required && value.empty()) e[field] = "入力してください。";
  else if (text::char_count(value) > max) e[field] = std::to_string(max) + "文字以内で入力してください。";
}

void check_kana(FieldErrors& e, const std::string& field, std::string& value, bool required) {
  check_text(e, field, value, required, kShort);
  if (e.count(field) || value.empty()) return;
  value = text::to_katakana(value);
  if (!text::is_katakana_name(value)) e[field] = "ふりがなは、ひらがなかカタカナで入力してください。";
}

void check_phone(FieldErrors& e, const std::string& field, std::string& value) {
  static const std::regex re("[0-9]{2,5}-?[0-9]{1,4}-?[0-9]{3,4}");
  value = text::trim(value);
  if (!value.empty() && !std::regex_match(value, re))
    e[field] = "電話番号は数字とハイフンで入力してください（例：083-922-3111）。";
}

void check_email(FieldErrors& e, const std::string& field, std::string& value) {
  static const std::regex re("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  value = text::trim(value);
  if (value.size() > 254 || (!value.empty() && !std::regex_match(value, re)))
    e[field] = "メールアドレスの形が正しくありません。";
}

template <std::size_t N>
void check_code(FieldErrors& e, const std::string& field, std::string& value, const std::string_view (&allowed)[N],
                const char* message) {
  value = text::trim(value);
  if (!one_of(value, allowed)) e[field] = message;
}

std::string at(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "." + std::to_string(i) + "." + field;
}

void check_municipality(FieldErrors& e, Child& c, const ValidationContext& ctx) {
  c.municipality_code = text::trim(c.municipality_code);
  auto code = text::normalize_lg_code(c.municipality_code);
  const master::Municipality* m = code ? ctx.master.municipality(*code) : nullptr;
  if (!code) e["municipality_code"] = "市区町村コード（6桁）が正しくありません。";
  else if (!m) e["municipality_code"] = "この市区町村コードは登録されていません。";
  else if (m->prefecture_code != ctx.prefecture_code) e["municipality_code"] = "この都道府県の市区町村を選んでください。";
  else {
    c.municipality_code = m->code;
    c.prefecture_code = m->prefecture_code;
  }
}

void check_guardians(FieldErrors& e, Child& c) {
  for (std::size_t i = 0; i < c.guardians.size(); ++i) {
    Guardian& g = c.guardians[i];
    check_text(e, at("guardians", i, "name"), g.name, true, kShort);
    check_kana(e, at("guardians", i, "name_kana"), g.name_kana, false);
    check_text(e, at("guardians", i, "relationship"), g.relationship, false, 20);
    check_phone(e, at("guardians", i, "phone"), g.phone);
    check_email(e, at("guardians", i, "email"), g.email);
  }
}

void check_diagnoses(FieldErrors& e, Child& c) {
  static const std::regex icd("[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?");
  for (std::size_t i = 0; i < c.diagnoses.size(); ++i) {
    Diagnosis& d = c.diagnoses[i];
    check_text(e, at("diagnoses", i, "name"), d.name, true, kMedium);
    d.icd10 = text::trim(d.icd10);
    for (char& ch : d.icd10) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!d.icd10.empty() && !std::regex_match(d.icd10, icd))
      e[at("diagnoses", i, "icd10")] = "ICD-10コードの形が正しくありません（例：G71.0）。";
  }
}

const master::CareItem* find_item(const ValidationContext& ctx, const std::string& code) {
  for (const master::CareItem& m : ctx.master.care_items())
    if (m.code == code) return &m;
  return nullptr;
}

void check_care_items(FieldErrors& e, Child& c, const ValidationContext& ctx) {
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < c.care_items.size(); ++i) {
    ChildCareItem& item = c.care_items[i];
    const master::CareItem* m = find_item(ctx, item.code);
    std::string field = at("care_items", i, "code");
    if (!m || !m->basic_score) e[field] = "医療的ケアの項目が正しくありません。";
    else if (std::find(seen.begin(), seen.end(), item.code) != seen.end()) e[field] = "同じ項目が2回あります。";
    else if (!one_of(item.watch_level, kWatchLevels) || (item.watch_level == "mid" && !m->watch_score_mid))
      e[at("care_items", i, "watch_level")] = "見守りの度合いを選んでください。";
    seen.push_back(item.code);
  }
}

void check_devices(FieldErrors& e, Child& c) {
  for (std::size_t i = 0; i < c.devices.size(); ++i) {
    Device& d = c.devices[i];
    check_code(e, at("devices", i, "kind"), d.kind, kDeviceKinds, "機器の種類を選んでください。");
    check_text(e, at("devices", i, "name"), d.name, false, kMedium);
    if (d.battery_hours && (*d.battery_hours < 0 || *d.battery_hours > 240))
      e[at("devices", i, "battery_hours")] = "バッテリー時間は0〜240時間で入力してください。";
  }
}

void check_status(FieldErrors& e, Child& c, const ValidationContext& ctx) {
  check_code(e, "status", c.status, kStatuses, "状態を選んでください。");
  if (std::string m = normalise_date(c.status_date, c.status != "active", ctx.today, false); !m.empty())
    e["status_date"] = m;
  check_text(e, "moved_to", c.moved_to, c.status == "moved_out", kMedium);
}

}  // namespace

std::string normalise_date(std::string& value, bool required, const std::string& today, bool allow_future) {
  value = text::trim(value);
  if (value.empty()) return required ? "日付を入力してください。" : "";
  text::DateParse d = text::parse_date(value);
  if (!d.iso) return d.error;
  if (!allow_future && *d.iso > today) return "未来の日付は入力できません。";
  value = *d.iso;
  return "";
}

FieldErrors normalise_and_check(Child& c, const ValidationContext& ctx) {
  FieldErrors e;
  check_text(e, "family_name", c.family_name, true, kShort);
  check_text(e, "given_name", c.given_name, true, kShort);
  check_kana(e, "family_name_kana", c.family_name_kana, true);
  check_kana(e, "given_name_kana", c.given_name_kana, true);
  if (std::string m = normalise_date(c.birth_date, true, ctx.today, false); !m.empty()) e["birth_date"] = m;
  check_code(e, "sex", c.sex, kSexes, "性別を選んでください。");
  check_municipality(e, c, ctx);
  static const std::regex postal("[0-9]{3}-?[0-9]{4}");
  c.postal_code = text::trim(c.postal_code);
  if (!c.postal_code.empty() && !std::regex_match(c.postal_code, postal))
    e["postal_code"] = "郵便番号は7桁の数字で入力してください（例：753-8501）。";
  check_text(e, "address", c.address, false, kMedium * 2);
  check_guardians(e, c);
  check_diagnoses(e, c);
  check_care_items(e, c, ctx);
  check_devices(e, c);
  check_code(e, "life_stage", c.life_stage, kLifeStages, "所属・ライフステージを選んでください。");
  for (auto [field, value] : {std::pair{"affiliation", &c.affiliation}, {"hospital", &c.hospital},
                              {"primary_doctor", &c.primary_doctor}, {"visiting_nurse", &c.visiting_nurse}})
    check_text(e, field, *value, false, kMedium);
  if (c.coordinator_user_id && !ctx.is_coordinator(*c.coordinator_user_id))
    e["coordinator_user_id"] = "この都道府県のコーディネーターを選んでください。";
  check_status(e, c, ctx);
  check_code(e, "source", c.source, kSources, "把握の経路を選んでください。");
  check_text(e, "notes", c.notes, false, kLong);
  return e;
}

}  // namespace tsunagu::registry
