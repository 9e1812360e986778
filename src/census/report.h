// Statistics of a reconciled round: children by municipality, region (圏域), age band, care item,
// affiliation and power dependence, each with the previous round's figure beside it when there is one; and
// the report workbook a prefecture publishes, where small cells (1–4 children) are suppressed.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "census/service.h"

namespace tsunagu::census {

struct Count {
  std::string code, label;
  long long n = 0;
  std::optional<long long> previous;  // the same figure in the previous round, when it was reconciled
};

struct Table {
  std::string title;  // Japanese
  std::vector<Count> counts;
};

struct RoundStats {
  int year = 0, previous_year = 0;  // previous_year 0 when there is none
  std::string reference_date;
  long long persons = 0, rows = 0;
  std::optional<long long> previous_persons;
  std::vector<Table> tables;  // municipality, region, age band, care item, affiliation, power dependence
};

RoundStats round_stats(Census& census, int year, const audit::Actor& actor);

// Cells of 1–4 become "＊" in anything marked for publication.
inline constexpr long long kSuppressBelow = 5;
std::string published(long long n);

// The report workbook (publication: small cells suppressed). Audited as an export.
std::string round_report_xlsx(Census& census, int year, const audit::Actor& actor);

}  // namespace tsunagu::census
