#include "census/store.h"

#include <nlohmann/json.hpp>


#include "census/keys.h"
#include "core/db/bulk.h"
#include "core/auth/crypto.h"
#include "core/db/scan.h"

namespace tsunagu::census::store {
namespace {

Round round_from(const soci::row& r) {
  Round out;
  out.year = static_cast<int>(db::row_int(r, 0));
  out.prefecture_code = db::row_text(r, 1);
  out.reference_date = db::row_text(r, 2);
  out.reconciled_at = db::row_opt_int(r, 3);
  out.frozen_at = db::row_opt_int(r, 4);
  out.frozen_by = db::row_text(r, 5);
  return out;
}

const char* kRoundColumns = "SELECT year, prefecture_code, reference_date, reconciled_at, frozen_at, frozen_by FROM census_rounds";

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : std::string(1, sep)) + s;
  return out;
}

}  // namespace

std::optional<Round> get_round(db::Session& sql, int year) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRoundColumns) + " WHERE year = :y", soci::use(year));
  for (const soci::row& r : rs) return round_from(r);
  return std::nullopt;
}

std::vector<Round> list_rounds(db::Session& sql) {
  std::vector<Round> out;
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRoundColumns) + " ORDER BY year DESC");
  for (const soci::row& r : rs) out.push_back(round_from(r));
  return out;
}

void create_round(db::Session& sql, const Round& r) {
  long long now = db::now_seconds();
  sql << "INSERT INTO census_rounds (year, prefecture_code, reference_date, frozen_by, created_at) "
         "VALUES (:y, :p, :d, '', :c)",
      soci::use(r.year), soci::use(r.prefecture_code), soci::use(r.reference_date), soci::use(now);
}

void set_reconciled(db::Session& sql, int year, long long at) {
  sql << "UPDATE census_rounds SET reconciled_at = :a WHERE year = :y", soci::use(at), soci::use(year);
}

void set_frozen(db::Session& sql, int year, long long at, const std::string& by) {
  sql << "UPDATE census_rounds SET frozen_at = :a, frozen_by = :b WHERE year = :y", soci::use(at), soci::use(by),
      soci::use(year);
}

long long add_source(db::Session& sql, const NewSource& s, const std::vector<SheetRow>& rows) {
  int version = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(version) FROM census_sources WHERE round_year = :y AND name = :n", soci::into(version, ind),
      soci::use(s.round_year), soci::use(s.name);
  version = ind == soci::i_ok ? version + 1 : 1;
  sql << "UPDATE census_sources SET active = 0 WHERE round_year = :y AND name = :n AND active = 1",
      soci::use(s.round_year), soci::use(s.name);
  long long id = 0, now = db::now_seconds(), count = static_cast<long long>(rows.size());
  sql << "INSERT INTO census_sources (round_year, name, kind, municipality_code, version, active, file_name, "
         "file_format, row_count, skipped_rows, imported_by, imported_at) "
         "VALUES (:y, :n, :k, :m, :v, 1, :f, :ff, :rc, :sk, :by, :at) RETURNING id",
      soci::use(s.round_year), soci::use(s.name), soci::use(s.kind), soci::use(s.municipality_code),
      soci::use(version), soci::use(s.file_name), soci::use(s.file_format), soci::use(count),
      soci::use(s.skipped_rows), soci::use(s.imported_by), soci::use(now), soci::into(id);

  db::BulkInsert bulk(sql, "census_rows",
                      {"source_id", "line", "record_id", "name", "kana", "birth_date", "birth_date_raw", "sex",
                       "municipality_code", "address", "care_items", "affiliation", "diagnosis", "note", "extra",
                       "family_key", "given_key", "name_key", "kana_family_key", "kana_given_key", "kana_key",
                       "address_key"});
  const std::string source_id = std::to_string(id);
  for (const SheetRow& r : rows) {
    NameKeys n = name_keys(r.name), k = name_keys(r.kana);
    nlohmann::json extra = nlohmann::json::object();
    for (const auto& [header, value] : r.extra) extra[header] = value;
    std::string line = std::to_string(r.line), care = join(r.care_items, ' '), address = r.address_key,
                extra_text = extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    bulk.add({source_id, line, r.record_id, r.name, r.kana, r.birth_date, r.birth_date_raw, r.sex,
              r.municipality_code, r.address, care, r.affiliation, r.diagnosis, r.note, extra_text, n.family,
              n.given, n.whole, k.family, k.given, k.whole, address});
  }
  bulk.finish();
  return id;
}

std::vector<Source> sources(db::Session& sql, int year, bool active_only) {
  std::vector<Source> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string("SELECT id, round_year, name, kind, municipality_code, version, active, file_name, "
                                  "file_format, row_count, skipped_rows, imported_by, imported_at FROM census_sources "
                                  "WHERE round_year = :y") +
                          (active_only ? " AND active = 1" : "") + " ORDER BY name, version DESC",
       soci::use(year));
  for (const soci::row& r : rs) {
    Source s;
    s.id = db::row_int(r, 0);
    s.round_year = static_cast<int>(db::row_int(r, 1));
    s.name = db::row_text(r, 2);
    s.kind = db::row_text(r, 3);
    s.municipality_code = db::row_text(r, 4);
    s.version = static_cast<int>(db::row_int(r, 5));
    s.active = db::row_int(r, 6) != 0;
    s.file_name = db::row_text(r, 7);
    s.file_format = db::row_text(r, 8);
    s.row_count = db::row_int(r, 9);
    s.skipped_rows = db::row_int(r, 10);
    s.imported_by = db::row_text(r, 11);
    s.imported_at = db::row_int(r, 12);
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

int birth_number(std::string_view iso) {
  if (iso.size() != 10) return 0;
  auto num = [&](std::size_t at, std::size_t len) {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (iso[i] - '0');
    return v;
  };
  return num(0, 4) * 10000 + num(5, 2) * 100 + num(8, 2);
}

}  // namespace

LinkInput link_input(db::Session& sql, int year, const std::function<std::uint64_t(std::string_view)>& care_bits,
                     const std::function<int(std::string_view)>& affiliation) {
  LinkInput in;
  for (const Source& s : sources(sql, year, true)) {
    auto source = static_cast<std::uint32_t>(in.source_names.size());
    in.source_names.push_back(s.name);
    db::Scan scan(sql,
                  "SELECT id, record_id, birth_date, sex, municipality_code, care_items, affiliation, family_key, "
                  "given_key, name_key, kana_family_key, kana_given_key, kana_key, address_key FROM census_rows "
                  "WHERE source_id = $1 ORDER BY id",
                  {std::to_string(s.id)});
    while (scan.next()) {
      in.row_ids.push_back(scan.integer(0));
      in.source.push_back(source);
      in.record_ids.emplace_back(scan.text(1));
      LinkRow k;
      k.birth = birth_number(scan.text(2));
      std::string_view sex = scan.text(3);
      k.sex = sex == "male" ? 'm' : sex == "female" ? 'f' : 0;
      k.municipality = scan.text(4);
      k.care = care_bits(scan.text(5));
      k.affiliation = affiliation(scan.text(6));
      k.family = scan.text(7);
      k.given = scan.text(8);
      k.whole = scan.text(9);
      k.kana_family = scan.text(10);
      k.kana_given = scan.text(11);
      k.kana = scan.text(12);
      k.address = scan.text(13);
      in.rows.push_back(std::move(k));
    }
  }
  return in;
}

std::vector<StoredRow> active_rows(db::Session& sql, int year) {
  std::vector<StoredRow> out;
  for (const Source& s : sources(sql, year, true)) {
    db::Scan scan(sql,
                  "SELECT id, line, record_id, name, kana, birth_date, sex, municipality_code, address, care_items, "
                  "affiliation, family_key, given_key, name_key, kana_family_key, kana_given_key, kana_key, "
                  "address_key FROM census_rows WHERE source_id = $1 ORDER BY id",
                  {std::to_string(s.id)});
    while (scan.next()) {
      StoredRow r;
      r.id = scan.integer(0);
      r.source = s.name;
      r.source_kind = s.kind;
      r.source_municipality = s.municipality_code;
      r.line = static_cast<std::size_t>(scan.integer(1));
      r.record_id = scan.text(2);
      r.name = scan.text(3);
      r.kana = scan.text(4);
      r.birth_date = scan.text(5);
      r.sex = scan.text(6);
      r.municipality_code = scan.text(7);
      r.address = scan.text(8);
      r.care_items = scan.text(9);
      r.affiliation = scan.text(10);
      r.keys.family = scan.text(11);
      r.keys.given = scan.text(12);
      r.keys.whole = scan.text(13);
      r.keys.kana_family = scan.text(14);
      r.keys.kana_given = scan.text(15);
      r.keys.kana = scan.text(16);
      r.keys.address = scan.text(17);
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<StoredReview> reviews(db::Session& sql, int year) {
  std::vector<StoredReview> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT source_a, record_a, source_b, record_b, same_child "
                                               "FROM census_reviews WHERE round_year = :y",
                                soci::use(year));
  for (const soci::row& r : rs)
    out.push_back({db::row_text(r, 0), db::row_text(r, 1), db::row_text(r, 2), db::row_text(r, 3), db::row_int(r, 4) != 0});
  return out;
}

void save_review(db::Session& sql, int year, const StoredReview& r, const std::string& reviewer) {
  // One decision per pair, whichever order it is named in.
  bool swap = std::tie(r.source_b, r.record_b) < std::tie(r.source_a, r.record_a);
  const std::string& sa = swap ? r.source_b : r.source_a;
  const std::string& ra = swap ? r.record_b : r.record_a;
  const std::string& sb = swap ? r.source_a : r.source_b;
  const std::string& rb = swap ? r.record_a : r.record_b;
  int same = r.same_child ? 1 : 0;
  long long now = db::now_seconds();
  sql << "DELETE FROM census_reviews WHERE round_year = :y AND source_a = :sa AND record_a = :ra AND source_b = :sb "
         "AND record_b = :rb",
      soci::use(year), soci::use(sa), soci::use(ra), soci::use(sb), soci::use(rb);
  sql << "INSERT INTO census_reviews (round_year, source_a, record_a, source_b, record_b, same_child, reviewer, "
         "decided_at) VALUES (:y, :sa, :ra, :sb, :rb, :s, :by, :at)",
      soci::use(year), soci::use(sa), soci::use(ra), soci::use(sb), soci::use(rb), soci::use(same),
      soci::use(reviewer), soci::use(now);
}

void replace_links(db::Session& sql, int year, const std::vector<LinkLine>& links, const std::vector<PairLine>& pairs) {
  sql << "DELETE FROM census_pairs WHERE round_year = :y", soci::use(year);
  sql << "DELETE FROM census_links WHERE round_year = :y", soci::use(year);
  const std::string y = std::to_string(year);
  db::BulkInsert l(sql, "census_links", {"round_year", "row_id", "person_key"});
  for (const LinkLine& x : links) {
    std::string id = std::to_string(x.row_id);
    l.add({y, id, x.person_key});
  }
  l.finish();
  db::BulkInsert p(sql, "census_pairs", {"round_year", "row_a", "row_b", "score", "decision", "explanation"});
  for (const PairLine& x : pairs) {
    std::string a = std::to_string(x.row_a), b = std::to_string(x.row_b), s = std::to_string(x.score);
    p.add({y, a, b, s, x.decision, x.explanation});
  }
  p.finish();
}

std::vector<PersonLink> person_links(db::Session& sql, int year) {
  std::vector<PersonLink> out;
  db::Scan scan(sql,
                "SELECT s.name, r.record_id, l.person_key FROM census_sources s "
                "JOIN census_rows r ON r.source_id = s.id "
                "LEFT JOIN census_links l ON l.row_id = r.id AND l.round_year = s.round_year "
                "WHERE s.round_year = $1 AND s.active = 1 ORDER BY s.name, r.id",
                {std::to_string(year)});
  while (scan.next()) out.push_back({std::string(scan.text(0)), std::string(scan.text(1)), std::string(scan.text(2))});
  return out;
}

}  // namespace tsunagu::census::store

namespace tsunagu::census::store {
namespace {

const char* kRowColumns =
    "r.id, r.line, r.record_id, r.name, r.kana, r.birth_date, r.sex, r.municipality_code, r.address, r.care_items, "
    "r.affiliation, s.name, s.kind, s.municipality_code";

StoredRow brief_row(const db::Scan& scan, int at) {
  StoredRow r;
  r.id = scan.integer(at);
  r.line = static_cast<std::size_t>(scan.integer(at + 1));
  r.record_id = scan.text(at + 2);
  r.name = scan.text(at + 3);
  r.kana = scan.text(at + 4);
  r.birth_date = scan.text(at + 5);
  r.sex = scan.text(at + 6);
  r.municipality_code = scan.text(at + 7);
  r.address = scan.text(at + 8);
  r.care_items = scan.text(at + 9);
  r.affiliation = scan.text(at + 10);
  r.source = scan.text(at + 11);
  r.source_kind = scan.text(at + 12);
  r.source_municipality = scan.text(at + 13);
  return r;
}


}  // namespace

std::vector<ReviewPair> review_pairs(db::Session& sql, int year, int limit, int offset) {
  std::vector<ReviewPair> out;
  db::Scan scan(sql,
                std::string("SELECT p.row_a, p.row_b, p.score, p.decision, p.explanation FROM census_pairs p "
                            "WHERE p.round_year = $1 AND p.decision IN ('review', 'held') "
                            "ORDER BY p.score DESC, p.row_a, p.row_b LIMIT $2 OFFSET $3"),
                {std::to_string(year), std::to_string(limit), std::to_string(offset)});
  while (scan.next()) {
    ReviewPair rp;
    rp.pair = {scan.integer(0), scan.integer(1), scan.real(2), std::string(scan.text(3)), std::string(scan.text(4))};
    out.push_back(std::move(rp));
  }
  for (ReviewPair& rp : out) {
    if (auto a = row_by_id(sql, rp.pair.row_a)) rp.a = *a;
    if (auto b = row_by_id(sql, rp.pair.row_b)) rp.b = *b;
  }
  return out;
}

long long count_pairs(db::Session& sql, int year, const std::string& decision) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM census_pairs WHERE round_year = :y AND decision = :d", soci::use(year),
      soci::use(decision), soci::into(n);
  return n;
}

std::optional<StoredRow> row_by_id(db::Session& sql, long long id) {
  db::Scan scan(sql,
                std::string("SELECT ") + kRowColumns +
                    " FROM census_rows r JOIN census_sources s ON s.id = r.source_id WHERE r.id = $1",
                {std::to_string(id)});
  if (!scan.next()) return std::nullopt;
  return brief_row(scan, 0);
}

std::vector<StoredRow> person_rows(db::Session& sql, int year, const std::string& person_key) {
  std::vector<StoredRow> out;
  db::Scan scan(sql,
                std::string("SELECT ") + kRowColumns +
                    " FROM census_links l JOIN census_rows r ON r.id = l.row_id JOIN census_sources s ON s.id = "
                    "r.source_id WHERE l.round_year = $1 AND l.person_key = $2 ORDER BY s.name, r.id",
                {std::to_string(year), person_key});
  while (scan.next()) out.push_back(brief_row(scan, 0));
  return out;
}

std::vector<PairLine> pairs_among(db::Session& sql, int year, const std::vector<long long>& row_ids) {
  std::vector<PairLine> out;
  if (row_ids.empty()) return out;
  // Each placeholder may appear once (db::Scan): the ids are bound twice, for row_a and for row_b.
  std::vector<std::string> params{std::to_string(year)};
  auto placeholders = [&] {
    std::string list;
    for (long long id : row_ids) {
      params.push_back(std::to_string(id));
      list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    return list;
  };
  std::string in_a = placeholders(), in_b = placeholders();
  db::Scan scan(sql,
                "SELECT row_a, row_b, score, decision, explanation FROM census_pairs WHERE round_year = $1 AND row_a IN (" +
                    in_a + ") AND row_b IN (" + in_b + ") ORDER BY score DESC",
                params);
  while (scan.next())
    out.push_back({scan.integer(0), scan.integer(1), scan.real(2), std::string(scan.text(3)), std::string(scan.text(4))});
  return out;
}

std::string person_key_of(db::Session& sql, int year, long long row_id) {
  db::Scan scan(sql, "SELECT person_key FROM census_links WHERE round_year = $1 AND row_id = $2",
                {std::to_string(year), std::to_string(row_id)});
  return scan.next() ? std::string(scan.text(0)) : std::string();
}

long long save_upload(db::Session& sql, const Upload& u) {
  long long id = 0, now = db::now_seconds();
  std::string content = auth::base64_encode(u.content);
  sql << "INSERT INTO census_uploads (round_year, source, kind, municipality_code, file_name, content, user_id, "
         "created_at) VALUES (:y, :s, :k, :m, :f, :c, :u, :at) RETURNING id",
      soci::use(u.round_year), soci::use(u.source), soci::use(u.kind), soci::use(u.municipality_code),
      soci::use(u.file_name), soci::use(content), soci::use(u.user_id), soci::use(now), soci::into(id);
  return id;
}

std::optional<Upload> get_upload(db::Session& sql, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, round_year, source, kind, municipality_code, file_name, "
                                               "content, user_id, created_at FROM census_uploads WHERE id = :i",
                                soci::use(id));
  for (const soci::row& r : rs) {
    Upload u;
    u.id = db::row_int(r, 0);
    u.round_year = static_cast<int>(db::row_int(r, 1));
    u.source = db::row_text(r, 2);
    u.kind = db::row_text(r, 3);
    u.municipality_code = db::row_text(r, 4);
    u.file_name = db::row_text(r, 5);
    u.content = auth::base64_decode(db::row_text(r, 6));
    u.user_id = db::row_int(r, 7);
    u.created_at = db::row_int(r, 8);
    return u;
  }
  return std::nullopt;
}

void delete_upload(db::Session& sql, long long id) { sql << "DELETE FROM census_uploads WHERE id = :i", soci::use(id); }

void purge_uploads(db::Session& sql, long long older_than) {
  sql << "DELETE FROM census_uploads WHERE created_at < :t", soci::use(older_than);
}

}  // namespace tsunagu::census::store
