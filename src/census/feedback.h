// Discrepancy feedback (差異のフィードバック) for one municipality after reconciliation, in plain Japanese:
//   - rows only it reported (no other source knows the child);
//   - children other sources place in it that its own sheet does not list;
//   - fields that disagree between its row and other sources' rows for the same child: birth date, care items,
//     affiliation, municipality.
// One workbook per municipality, for that municipality's staff.
#pragma once
#include <string>
#include <vector>

#include "census/persons.h"

namespace tsunagu::census {

struct FeedbackLine {
  std::string record_id;     // the municipality's own record id ("" for a child it did not report)
  std::string name, kana, birth_date;
  std::string field;         // Japanese: 生年月日, 医療的ケア, 所属, 市区町村 ("" for the first two kinds)
  std::string own_value, other_value;
  std::string other_sources; // names of the other sources
};

struct Feedback {
  std::string municipality_code, municipality_name;
  std::vector<FeedbackLine> only_here, missing_here, disagreements;
};

// `labels` gives care items' short names; the municipality's own rows are those of sources of kind
// municipality for it.
Feedback feedback_for(const RoundData& d, const std::string& municipality_code, const master::MasterData& md);
std::string feedback_xlsx(const Feedback& f, int year);

// Municipality codes with any row or child in the round, with counts of the three kinds.
struct FeedbackSummary {
  std::string code, name;
  std::size_t own_rows = 0, only_here = 0, missing_here = 0, disagreements = 0;
};
std::vector<FeedbackSummary> feedback_summary(const RoundData& d, const master::MasterData& md);

}  // namespace tsunagu::census
