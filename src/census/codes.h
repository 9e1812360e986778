// The coded fields of the common sheet (共通シート): sex, affiliation (所属), care items (医療的ケア) and the
// municipality, read from what staff type into a spreadsheet. Every reader returns the code or nothing; the
// caller turns "nothing" into a Japanese message with the row and column.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "master/master_data.h"

namespace tsunagu::census {

// 男 / 女 / 男性 / 女性 / M / F / 1 (male) / 2 (female), any width or case → "male" / "female".
std::optional<std::string> parse_sex(std::string_view cell);

struct Affiliation {
  std::string_view code, label_ja;
};
inline constexpr Affiliation kAffiliations[] = {
    {"home", "在宅"},
    {"nursery", "保育所"},
    {"kindergarten", "幼稚園"},
    {"certified_center", "認定こども園"},
    {"development_support", "児童発達支援"},
    {"elementary", "小学校"},
    {"junior_high", "中学校"},
    {"high_school", "高等学校"},
    {"special_needs_school", "特別支援学校"},
    {"home_visit_education", "訪問教育"},
    {"other", "その他"},
};
std::optional<std::string> parse_affiliation(std::string_view cell);
std::string affiliation_label(std::string_view code);

// Care items by code, official name (with or without its parenthesised note), short name or a common
// everyday name (胃ろう, 在宅酸素, たん吸引, IVH, …). Names are compared as name keys (width, case and
// hiragana/katakana ignored). A sub-item's short name that equals its parent's means the parent.
class CareItemNames {
 public:
  explicit CareItemNames(const std::vector<master::CareItem>& items);
  // Splits a cell on 、 , ; ／ / (and their full-width forms and line breaks) and reads each part.
  // `unknown` receives the parts that are not care items, as written.
  std::vector<std::string> parse_list(std::string_view cell, std::vector<std::string>& unknown) const;
  std::optional<std::string> code_for(std::string_view name) const;
  std::string short_name(std::string_view code) const;

 private:
  std::map<std::string, std::string> by_key_;            // name key → code
  std::vector<std::pair<std::string, std::string>> long_names_;  // names containing a separator → code
  std::map<std::string, std::string, std::less<>> short_names_;
};

// Municipalities by 6- or 5-digit code or by name (下関市, 山口県下関市, 大島郡周防大島町, 周防大島町).
struct MunicipalityLookup {
  std::optional<std::string> code;  // 6 digits
  std::string error;                // Japanese, when code is empty
};
class MunicipalityNames {
 public:
  explicit MunicipalityNames(const master::MasterData& md);
  // A 5-digit code gets its check digit; a 6-digit code must have the right one.
  MunicipalityLookup by_code(std::string_view cell) const;
  // A bare name found in several prefectures is taken from `preferred_prefecture` when it has it.
  MunicipalityLookup by_name(std::string_view cell, std::string_view preferred_prefecture) const;
  const master::Municipality* get(const std::string& code) const { return md_.municipality(code); }
  // How an address may start with its own prefecture and municipality, longest first.
  std::vector<std::string> address_prefixes(const std::string& code) const;

 private:
  const master::MasterData& md_;
  std::multimap<std::string, std::string> by_name_;  // name key (with and without prefecture/county) → code
};

}  // namespace tsunagu::census
