// Census storage: rounds, sources (every imported version), rows, and the latest reconciliation's links
// and pairs. SQL only; the rules live in census/service.h. Every function runs on the caller's session, so
// that the caller's transaction holds a whole import or a whole reconciliation.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "census/linkage.h"
#include "census/sheet.h"
#include "core/db/database.h"

namespace tsunagu::census {

struct Round {
  int year = 0;
  std::string prefecture_code, reference_date;
  std::optional<long long> reconciled_at, frozen_at;
  std::string frozen_by;
};

struct Source {
  long long id = 0;
  int round_year = 0;
  std::string name, kind, municipality_code;
  int version = 0;
  bool active = false;
  std::string file_name, file_format;
  long long row_count = 0, skipped_rows = 0;
  std::string imported_by;
  long long imported_at = 0;
};

// A stored row with what reconciliation and feedback need.
struct StoredRow {
  long long id = 0;
  std::string source, source_kind, source_municipality, record_id;
  std::size_t line = 0;
  std::string name, kana, birth_date, sex, municipality_code, address, care_items, affiliation;
  LinkRow keys;  // care and affiliation filled in by the caller
};

struct NewSource {
  int round_year = 0;
  std::string name, kind, municipality_code, file_name, file_format, imported_by;
  long long skipped_rows = 0;
};

namespace store {

std::optional<Round> get_round(db::Session& sql, int year);
std::vector<Round> list_rounds(db::Session& sql);
void create_round(db::Session& sql, const Round& r);
void set_reconciled(db::Session& sql, int year, long long at);
void set_frozen(db::Session& sql, int year, long long at, const std::string& by);

// The new version of a source; the earlier active version (if any) becomes history. Returns the id.
long long add_source(db::Session& sql, const NewSource& s, const std::vector<SheetRow>& rows);
std::vector<Source> sources(db::Session& sql, int year, bool active_only);

// What reconciliation needs of the active rows, and no more (a million rows must fit well inside 2 GB).
struct LinkInput {
  std::vector<long long> row_ids;
  std::vector<std::uint32_t> source;     // index into source_names
  std::vector<std::string> source_names;
  std::vector<std::string> record_ids;
  std::vector<LinkRow> rows;             // keys; birth, sex, municipality, care and affiliation filled in
};
// `care_bits` turns a row's care item codes (space-separated) into LinkRow::care; `affiliation` a code into
// LinkRow::affiliation.
LinkInput link_input(db::Session& sql, int year, const std::function<std::uint64_t(std::string_view)>& care_bits,
                     const std::function<int(std::string_view)>& affiliation);

// Active rows of a round, ordered by source name and record id.
std::vector<StoredRow> active_rows(db::Session& sql, int year);

struct StoredReview {
  std::string source_a, record_a, source_b, record_b;
  bool same_child = false;
};
std::vector<StoredReview> reviews(db::Session& sql, int year);
void save_review(db::Session& sql, int year, const StoredReview& r, const std::string& reviewer);

// Replaces the round's links and pairs.
struct LinkLine {
  long long row_id;
  std::string person_key;
};
struct PairLine {
  long long row_a, row_b;
  double score;
  std::string decision, explanation;
};
void replace_links(db::Session& sql, int year, const std::vector<LinkLine>& links, const std::vector<PairLine>& pairs);

// (source, record_id, person_key) for every active row, in that order.
struct PersonLink {
  std::string source, record_id, person_key;
};
std::vector<PersonLink> person_links(db::Session& sql, int year);

// Pairs waiting for a reviewer (decision review or held), best score first, with both rows.
struct ReviewPair {
  PairLine pair;
  StoredRow a, b;
};
std::vector<ReviewPair> review_pairs(db::Session& sql, int year, int limit, int offset);
long long count_pairs(db::Session& sql, int year, const std::string& decision);
std::optional<StoredRow> row_by_id(db::Session& sql, long long id);
// The rows one person key stands for, and the pairs kept among them (with their explanations).
std::vector<StoredRow> person_rows(db::Session& sql, int year, const std::string& person_key);
std::vector<PairLine> pairs_among(db::Session& sql, int year, const std::vector<long long>& row_ids);
std::string person_key_of(db::Session& sql, int year, long long row_id);

// Uploads with errors waiting for their uploader's choice.
struct Upload {
  long long id = 0;
  int round_year = 0;
  std::string source, kind, municipality_code, file_name, content;  // content: the file's bytes
  long long user_id = 0, created_at = 0;
};
long long save_upload(db::Session& sql, const Upload& u);
std::optional<Upload> get_upload(db::Session& sql, long long id);
void delete_upload(db::Session& sql, long long id);
void purge_uploads(db::Session& sql, long long older_than);

}  // namespace store
}  // namespace tsunagu::census
