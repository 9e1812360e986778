// The census (実数調査) as a service: import a source's sheet into a round, reconcile the round (record
// linkage over every active source), list the links, and review uncertain pairs. The command line and the web
// routes both call this; every action is audited.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "census/codes.h"
#include "census/sheet.h"
#include "census/store.h"
#include "core/audit/audit_log.h"
#include "core/db/database.h"
#include "master/master_data.h"

namespace tsunagu::registry {
class Registry;
}

namespace tsunagu::census {

inline constexpr std::string_view kSourceKinds[] = {"municipality", "education", "registry", "other"};

// Pairs kept for reviewers per reconciliation, the most likely first: more is more than people can look at.
inline constexpr std::size_t kMaxReviewPairs = 20000;

struct ImportRequest {
  int round = 0;
  std::string source, kind, municipality;  // municipality: 5 or 6 digits, or ""
  std::string file_name, bytes;
  bool skip_invalid = false;  // import the valid rows when some are invalid (otherwise nothing)
  bool dry_run = false;       // check only
};

struct ImportResult {
  Sheet sheet;
  bool stored = false;
  long long source_id = 0;
  std::string refusal;  // why nothing was stored (Japanese), when stored is false and it was not a dry run
};

struct ReconcileSummary {
  std::size_t rows = 0, persons = 0, linked_pairs = 0, review_pairs = 0, held_pairs = 0, candidate_pairs = 0;
  double load_seconds = 0, link_seconds = 0, save_seconds = 0;
};

class Census {
 public:
  // `registry` (may be null) is the source of import_registry().
  Census(db::Database& db, audit::AuditLog& audit, const master::MasterData& md, std::string prefecture_code,
         registry::Registry* registry = nullptr);

  // Throws std::invalid_argument (Japanese) for a bad request: unknown kind, bad round, frozen round.
  ImportResult import(const ImportRequest& req, const audit::Actor& actor);
  // The registry's active children of the prefecture as the source "registry" (kind registry), replacing its
  // earlier version in the round like any re-import.
  ImportResult import_registry(int round, const audit::Actor& actor);
  ReconcileSummary reconcile(int round, const audit::Actor& actor);
  std::vector<store::PersonLink> links(int round, const audit::Actor& actor);
  void freeze(int round, const audit::Actor& actor);
  std::optional<Round> round(int year);

  const CareItemNames& care_names() const { return care_; }
  const master::MasterData& master() const { return md_; }
  db::Database& database() { return db_; }
  audit::AuditLog& audit() { return audit_; }

 private:
  Round ensure_round(db::Session& sql, int year);
  long long store_source(const NewSource& source, const std::vector<SheetRow>& rows, const audit::Actor& actor);
  db::Database& db_;
  audit::AuditLog& audit_;
  const master::MasterData& md_;
  std::string prefecture_code_;
  CareItemNames care_;
  MunicipalityNames municipalities_;
  registry::Registry* registry_;
};

// A stored pair's explanation (census_pairs.explanation) for people: each field's outcome in words.
struct ExplainedField {
  std::string_view key, label;
};
inline constexpr ExplainedField kExplainedFields[] = {
    {"name", "氏名"}, {"kana", "ふりがな"}, {"birth_date", "生年月日"}, {"sex", "性別"},
    {"municipality", "市区町村"}, {"address", "住所"}, {"care", "医療的ケア"}, {"affiliation", "所属"}};
struct Explanation {
  std::vector<std::pair<std::string_view, std::string>> fields;  // (label, 一致/近い/不一致/不明)
  std::string rule;
  bool reviewed = false;
};
Explanation explain(const std::string& stored);

// Round years are 西暦 2000–2100.
bool valid_round(int year);

}  // namespace tsunagu::census
