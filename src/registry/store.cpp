#include "registry/store.h"

#include <algorithm>
#include <unordered_map>

#include "core/db/binds.h"
#include "core/db/scan.h"
#include "core/text/normalize.h"
#include "core/text/utf8.h"
#include "registry/record_json.h"

namespace tsunagu::registry {

using nlohmann::json;

namespace {

boost::optional<long long> opt(const std::optional<long long>& v) {
  return v ? boost::optional<long long>(*v) : boost::optional<long long>();
}

// The ISO date `years` before `iso`, as text: comparing birth dates with it as strings is exact even for
// 29 February (there is no "2023-02-29", but every real date sorts correctly around it).
std::string years_before(const std::string& iso, int years) {
  int y = std::stoi(iso.substr(0, 4)) - years;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", std::max(0, y));
  return buf + iso.substr(4);
}

std::string consent_active_sql(const std::string& scope_placeholder) {
  return "EXISTS (SELECT 1 FROM child_consents k WHERE k.child_id = c.id AND k.scope = " + scope_placeholder +
         " AND k.withdrawn_on IS NULL)";
}

// The visibility rule of registry/access.h as SQL.
std::string visibility(const auth::Principal& p, db::Binds& b) {
  switch (reach(p)) {
    case Reach::prefecture:
      return "c.prefecture_code = " + b.text(p.prefecture_code);
    case Reach::municipality_with_consent:
      return "c.municipality_code = " + b.text(p.municipality_code) + " AND " +
             consent_active_sql(b.text("municipality_sharing"));
    case Reach::assigned_with_consent:
      return "c.coordinator_user_id = " + b.integer(p.user_id) + " AND " +
             consent_active_sql(b.text("care_team_sharing"));
    case Reach::none:
      return "1 = 0";
  }
  return "1 = 0";
}

// A name search of three or more characters on SQLite is answered from the FTS5 trigram index (migration 0012):
// the children whose key contains the text are read from it, then sorted, instead of every key being tested in
// list order until the page is full (half the registry for a name in た). Shorter keys cannot be looked up in a
// trigram index. PostgreSQL's search is a LIKE, which its own trigram index (0014) serves.
bool uses_name_index(const ListFilter& f, db::Kind kind) {
  return kind == db::Kind::sqlite && text::to_utf32(f.name_key).size() >= 3;
}

// The FROM clause of a list for `f`: the trigram index drives the join when it is used.
std::string from(const ListFilter& f, db::Kind kind) {
  return uses_name_index(f, kind) ? " FROM children_names n CROSS JOIN children c ON c.id = n.rowid"
                                  : " FROM children c";
}

// An FTS5 phrase: the text in double quotes, its own double quotes doubled, so it is matched as it is.
std::string phrase(const std::string& key) {
  std::string out = "\"";
  for (char ch : key) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + '"';
}

// A LIKE pattern matching `key` anywhere: its own %, _ and \ escaped (backslash is PostgreSQL's escape for LIKE).
std::string like_pattern(const std::string& key) {
  std::string out = "%";
  for (char ch : key) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + '%';
}

std::string where(const auth::Principal& p, const ListFilter& f, const std::string& today, db::Kind kind,
                  db::Binds& b) {
  std::string w = " WHERE " + visibility(p, b);
  if (!f.municipality_code.empty()) w += " AND c.municipality_code = " + b.text(f.municipality_code);
  if (!f.municipality_codes.empty()) w += " AND c.municipality_code IN " + b.text_list(f.municipality_codes);
  if (!f.care_item.empty())
    w += " AND EXISTS (SELECT 1 FROM child_care_items i WHERE i.child_id = c.id AND i.care_item_code = " +
         b.text(f.care_item) + ")";
  if (!f.life_stage.empty()) w += " AND c.life_stage = " + b.text(f.life_stage);
  if (!f.status.empty()) w += " AND c.status = " + b.text(f.status);
  if (!f.consent_scope.empty()) {
    std::string active = consent_active_sql(b.text(f.consent_scope));
    w += f.consent_state == "missing" ? " AND NOT " + active : " AND " + active;
  }
  if (f.age_min) w += " AND c.birth_date <= " + b.text(years_before(today, *f.age_min));
  if (f.age_max) w += " AND c.birth_date > " + b.text(years_before(today, *f.age_max + 1));
  if (f.electricity_dependent) w += " AND c.electricity_dependent = " + b.integer(*f.electricity_dependent ? 1 : 0);
  // The name search (both keys are case-folded already): SQLite's trigram index, else PostgreSQL's LIKE, which
  // its trigram index serves (0014), else SQLite's plain substring test for keys too short for its index.
  if (uses_name_index(f, kind))
    w += " AND children_names MATCH " + b.text(phrase(f.name_key));
  else if (!f.name_key.empty())
    w += kind == db::Kind::postgresql ? " AND c.name_key LIKE " + b.text(like_pattern(f.name_key))
                                      : " AND instr(c.name_key, " + b.text(f.name_key) + ") > 0";
  return w;
}

// A paged list's rows per page, and how many rows the pages before this one hold.
int page_size(const ListFilter& f) { return std::clamp(f.per_page, 1, 1000); }
long long rows_before(const ListFilter& f) { return static_cast<long long>(std::max(0, f.page - 1)) * page_size(f); }

std::string order_by(const ListFilter& f) {
  std::string dir = f.descending ? " DESC" : "";
  if (f.sort == "birth_date") return " ORDER BY c.birth_date" + dir + ", c.id";
  if (f.sort == "municipality") return " ORDER BY c.municipality_code" + dir + ", c.kana_sort, c.id";
  if (f.sort == "score") return " ORDER BY c.score" + dir + ", c.kana_sort, c.id";
  if (f.sort == "updated") return " ORDER BY c.updated_at" + dir + ", c.id";
  return " ORDER BY c.kana_sort" + dir + ", c.id";
}

constexpr const char* kListColumns =
    "c.id, c.family_name, c.given_name, c.family_name_kana, c.given_name_kana, c.birth_date, c.sex, "
    "c.municipality_code, c.life_stage, c.affiliation, c.status, c.score, c.electricity_dependent, "
    "c.coordinator_user_id, c.updated_at";

ListRow read_list_row(const db::Scan& r) {
  ListRow row;
  row.id = r.integer(0);
  std::string* texts[] = {&row.family_name, &row.given_name, &row.family_name_kana, &row.given_name_kana,
                          &row.birth_date,  &row.sex,        &row.municipality_code, &row.life_stage,
                          &row.affiliation, &row.status};
  for (std::size_t i = 0; i < std::size(texts); ++i) *texts[i] = r.text(static_cast<int>(1 + i));
  row.score = static_cast<int>(r.integer(11));
  row.electricity_dependent = r.integer(12) != 0;
  row.coordinator_user_id = r.optional_integer(13);
  row.updated_at = r.integer(14);
  return row;
}

constexpr const char* kChildColumns =
    "id, version, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex, prefecture_code, "
    "municipality_code, postal_code, address, life_stage, affiliation, hospital, primary_doctor, visiting_nurse, "
    "status, status_date, moved_to, source, notes, coordinator_user_id, created_at, updated_at";

Child read_child(const soci::row& r) {
  Child c;
  c.id = db::row_int(r, 0);
  c.version = static_cast<int>(db::row_int(r, 1));
  std::string* texts[] = {&c.family_name,  &c.given_name,     &c.family_name_kana, &c.given_name_kana,
                          &c.birth_date,   &c.sex,            &c.prefecture_code,  &c.municipality_code,
                          &c.postal_code,  &c.address,        &c.life_stage,       &c.affiliation,
                          &c.hospital,     &c.primary_doctor, &c.visiting_nurse,   &c.status,
                          &c.status_date,  &c.moved_to,       &c.source,           &c.notes};
  for (std::size_t i = 0; i < std::size(texts); ++i) *texts[i] = db::row_text(r, 2 + i);
  c.coordinator_user_id = db::row_opt_int(r, 22);
  c.created_at = db::row_int(r, 23);
  c.updated_at = db::row_int(r, 24);
  return c;
}

void load_parts(db::Session& sql, Child& c) {
  soci::rowset<soci::row> gs = (sql.prepare << "SELECT name, name_kana, relationship, phone, email FROM child_guardians "
                                               "WHERE child_id = :id ORDER BY position",
                                soci::use(c.id));
  for (const soci::row& r : gs)
    c.guardians.push_back({db::row_text(r, 0), db::row_text(r, 1), db::row_text(r, 2), db::row_text(r, 3), db::row_text(r, 4)});
  soci::rowset<soci::row> ds =
      (sql.prepare << "SELECT name, icd10 FROM child_diagnoses WHERE child_id = :id ORDER BY position", soci::use(c.id));
  for (const soci::row& r : ds) c.diagnoses.push_back({db::row_text(r, 0), db::row_text(r, 1)});
  soci::rowset<soci::row> is =
      (sql.prepare << "SELECT i.care_item_code, i.watch_level FROM child_care_items i JOIN care_items m "
                      "ON m.code = i.care_item_code WHERE i.child_id = :id ORDER BY m.sort_order",
       soci::use(c.id));
  for (const soci::row& r : is) c.care_items.push_back({db::row_text(r, 0), db::row_text(r, 1)});
  soci::rowset<soci::row> vs = (sql.prepare << "SELECT kind, name, battery_hours, needs_power FROM child_devices "
                                               "WHERE child_id = :id ORDER BY position",
                                soci::use(c.id));
  for (const soci::row& r : vs) {
    Device d{db::row_text(r, 0), db::row_text(r, 1), std::nullopt, db::row_int(r, 3) != 0};
    if (r.get_indicator(2) != soci::i_null) d.battery_hours = db::row_double(r, 2);
    c.devices.push_back(d);
  }
  soci::rowset<soci::row> ks =
      (sql.prepare << "SELECT k.id, k.scope, k.given_on, k.method, COALESCE(u.login, ''), k.withdrawn_on, "
                      "COALESCE(w.login, '') FROM child_consents k LEFT JOIN users u ON u.id = k.recorded_by "
                      "LEFT JOIN users w ON w.id = k.withdrawal_recorded_by WHERE k.child_id = :id "
                      "ORDER BY k.given_on DESC, k.id DESC",
       soci::use(c.id));
  for (const soci::row& r : ks) {
    Consent k;
    k.id = db::row_int(r, 0);
    k.scope = db::row_text(r, 1);
    k.given_on = db::row_text(r, 2);
    k.method = db::row_text(r, 3);
    k.recorded_by = db::row_text(r, 4);
    k.withdrawn_on = db::row_text(r, 5);
    k.withdrawal_recorded_by = db::row_text(r, 6);
    c.consents.push_back(k);
  }
}

void delete_parts(db::Session& sql, long long id) {
  for (const char* table : {"child_guardians", "child_diagnoses", "child_care_items", "child_devices"})
    sql << std::string("DELETE FROM ") + table + " WHERE child_id = :id", soci::use(id);
}

void insert_parts(db::Session& sql, long long id, const Child& c) {
  int pos = 0;
  for (const Guardian& g : c.guardians)
    sql << "INSERT INTO child_guardians (child_id, position, name, name_kana, relationship, phone, email) "
           "VALUES (:c, :p, :n, :k, :r, :t, :e)",
        soci::use(id), soci::use(++pos), soci::use(g.name), soci::use(g.name_kana), soci::use(g.relationship),
        soci::use(g.phone), soci::use(g.email);
  pos = 0;
  for (const Diagnosis& d : c.diagnoses)
    sql << "INSERT INTO child_diagnoses (child_id, position, name, icd10) VALUES (:c, :p, :n, :i)", soci::use(id),
        soci::use(++pos), soci::use(d.name), soci::use(d.icd10);
  for (const ChildCareItem& i : c.care_items)
    sql << "INSERT INTO child_care_items (child_id, care_item_code, watch_level) VALUES (:c, :i, :w)", soci::use(id),
        soci::use(i.code), soci::use(i.watch_level);
  pos = 0;
  for (const Device& d : c.devices) {
    boost::optional<double> hours;
    if (d.battery_hours) hours = *d.battery_hours;
    int power = d.needs_power ? 1 : 0;
    sql << "INSERT INTO child_devices (child_id, position, kind, name, battery_hours, needs_power) "
           "VALUES (:c, :p, :k, :n, :h, :w)",
        soci::use(id), soci::use(++pos), soci::use(d.kind), soci::use(d.name), soci::use(hours), soci::use(power);
  }
}

void insert_version(db::Session& sql, long long id, int version, const Child& c, const VersionInfo& v, long long now) {
  std::string snapshot = record_json(c).dump();
  boost::optional<long long> user = opt(v.user_id);
  sql << "INSERT INTO child_versions (child_id, version, saved_at, user_id, login, summary, snapshot) "
         "VALUES (:c, :v, :a, :u, :l, :s, :j)",
      soci::use(id), soci::use(version), soci::use(now), soci::use(user), soci::use(v.login),
      soci::use(v.summary), soci::use(snapshot);
}

}  // namespace

std::vector<ChildStore::CareNeed> ChildStore::care_needs(const std::string& prefecture_code) {
  db::Session sql(db_);
  std::vector<CareNeed> out;
  db::Scan s(sql,
             "SELECT c.id, c.municipality_code, c.birth_date, i.care_item_code FROM children c "
             "LEFT JOIN child_care_items i ON i.child_id = c.id "
             "WHERE c.prefecture_code = $1 AND c.status = 'active' ORDER BY c.id",
             {prefecture_code});
  while (s.next()) {
    long long id = s.integer(0);
    if (out.empty() || out.back().id != id) out.push_back({id, std::string(s.text(1)), std::string(s.text(2)), {}});
    if (!s.text(3).empty()) out.back().care_items.emplace_back(s.text(3));
  }
  return out;
}

ListResult ChildStore::list(const auth::Principal& p, const ListFilter& f, const std::string& today) {
  db::Session sql(db_);
  ListResult out;
  // Read before the rows: the count kept for this value describes data at least as new.
  long long generation = counts_.generation(sql);
  if (f.per_page <= 0) {  // everything (exports): one query
    db::Binds b;
    out.rows = list_rows(sql, from(f, sql.kind()) + where(p, f, today, sql.kind(), b) + order_by(f), b);
  } else {
    // A page in two steps: the ids in order, which the list indexes answer without reading the table (with
    // every column asked at once, a range filter such as the age band made the planner sort thousands of
    // rows instead), then those rows.
    db::Binds b;
    std::string q = "SELECT c.id" + from(f, sql.kind()) + where(p, f, today, sql.kind(), b) + order_by(f) + " LIMIT " +
                    std::to_string(page_size(f)) + " OFFSET " + std::to_string(rows_before(f));
    std::vector<long long> ids;
    for (db::Scan s(sql, q, b); s.next();) ids.push_back(s.integer(0));
    if (!ids.empty()) {
      db::Binds by_id;
      std::string in;
      for (long long id : ids) in += (in.empty() ? "" : ", ") + by_id.integer(id);
      std::vector<ListRow> rows = list_rows(sql, " FROM children c WHERE c.id IN (" + in + ")", by_id);
      std::unordered_map<long long, std::size_t> at;
      for (std::size_t i = 0; i < rows.size(); ++i) at[rows[i].id] = i;
      for (long long id : ids)
        if (auto it = at.find(id); it != at.end()) out.rows.push_back(std::move(rows[it->second]));
    }
  }
  out.total = count(sql, p, f, today, generation, out.rows.size());
  return out;
}

std::vector<ListRow> ChildStore::list_rows(db::Session& sql, const std::string& from, const db::Binds& b) {
  std::vector<ListRow> out;
  for (db::Scan s(sql, std::string("SELECT ") + kListColumns + from, b); s.next();) out.push_back(read_list_row(s));
  return out;
}

long long ChildStore::count(db::Session& sql, const auth::Principal& p, const ListFilter& f, const std::string& today,
                            long long generation, std::size_t shown) {
  // A page that is not full ends the list: the count is what came before it and on it.
  long long before = f.per_page > 0 ? rows_before(f) : 0;
  bool full = f.per_page > 0 && shown == static_cast<std::size_t>(page_size(f));
  if (f.per_page <= 0 || (shown > 0 && !full) || (shown == 0 && before == 0))
    return before + static_cast<long long>(shown);
  return counted(sql, p, f, today, generation);
}

long long ChildStore::count_matching(const auth::Principal& p, const ListFilter& f, const std::string& today) {
  db::Session sql(db_);
  return counted(sql, p, f, today, counts_.generation(sql));
}

long long ChildStore::counted(db::Session& sql, const auth::Principal& p, const ListFilter& f,
                              const std::string& today, long long generation) {
  db::Binds b;
  std::string w = where(p, f, today, sql.kind(), b);
  std::string key = w + '\x1e' + b.key();
  if (auto kept = counts_.get(generation, key)) return *kept;
  db::Scan s(sql, "SELECT COUNT(*)" + from(f, sql.kind()) + w, b);
  long long total = s.next() ? s.integer(0) : 0;
  counts_.put(generation, key, total);
  return total;
}

std::optional<Child> ChildStore::get(long long id) {
  db::Session sql(db_);
  soci::row r;
  sql << std::string("SELECT ") + kChildColumns + " FROM children WHERE id = :id", soci::use(id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  Child c = read_child(r);
  load_parts(sql, c);
  return c;
}

std::optional<ChildScope> ChildStore::scope(long long id) {
  db::Session sql(db_);
  soci::row r;
  sql << "SELECT c.prefecture_code, c.municipality_code, c.coordinator_user_id, "
         "(SELECT COUNT(*) FROM child_consents k WHERE k.child_id = c.id AND k.scope = 'municipality_sharing' "
         "AND k.withdrawn_on IS NULL), "
         "(SELECT COUNT(*) FROM child_consents k WHERE k.child_id = c.id AND k.scope = 'care_team_sharing' "
         "AND k.withdrawn_on IS NULL) FROM children c WHERE c.id = :id",
      soci::use(id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return ChildScope{db::row_text(r, 0), db::row_text(r, 1), db::row_opt_int(r, 2), db::row_int(r, 3) > 0,
                    db::row_int(r, 4) > 0};
}

std::vector<Version> ChildStore::history(long long id) {
  db::Session sql(db_);
  std::vector<Version> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT version, saved_at, login, summary, snapshot FROM child_versions "
                                               "WHERE child_id = :id ORDER BY version DESC",
                                soci::use(id));
  for (const soci::row& r : rs)
    out.push_back({static_cast<int>(db::row_int(r, 0)), db::row_int(r, 1), db::row_text(r, 2), db::row_text(r, 3),
                   json::parse(db::row_text(r, 4))});
  return out;
}

long long ChildStore::create(db::Session& sql, const Child& c, const Derived& d, const VersionInfo& v) {
  long long now = db::now_seconds(), id = 0;
  int electricity = d.electricity_dependent ? 1 : 0;
  boost::optional<long long> coordinator = opt(c.coordinator_user_id);
  sql << "INSERT INTO children (version, prefecture_code, municipality_code, family_name, given_name, "
         "family_name_kana, given_name_kana, name_key, kana_sort, birth_date, sex, postal_code, address, life_stage, "
         "affiliation, hospital, primary_doctor, visiting_nurse, coordinator_user_id, status, status_date, moved_to, "
         "source, notes, score, electricity_dependent, created_at, updated_at) VALUES (1, :p, :m, :fn, :gn, :fk, "
         ":gk, :nk, :ks, :b, :s, :pc, :a, :ls, :af, :h, :pd, :vn, :co, :st, :sd, :mt, :so, :no, :sc, :el, :ca, :ua) "
         "RETURNING id",
      soci::use(c.prefecture_code), soci::use(c.municipality_code), soci::use(c.family_name), soci::use(c.given_name),
      soci::use(c.family_name_kana), soci::use(c.given_name_kana), soci::use(d.name_key), soci::use(d.kana_sort),
      soci::use(c.birth_date), soci::use(c.sex), soci::use(c.postal_code), soci::use(c.address),
      soci::use(c.life_stage), soci::use(c.affiliation), soci::use(c.hospital), soci::use(c.primary_doctor),
      soci::use(c.visiting_nurse), soci::use(coordinator), soci::use(c.status),
      soci::use(c.status_date), soci::use(c.moved_to), soci::use(c.source), soci::use(c.notes), soci::use(d.score),
      soci::use(electricity), soci::use(now), soci::use(now), soci::into(id);
  insert_parts(sql, id, c);
  insert_version(sql, id, 1, c, v, now);
  return id;
}

bool ChildStore::update(db::Session& sql, const Child& c, const Derived& d, const VersionInfo& v) {
  long long now = db::now_seconds();
  int next = c.version + 1, electricity = d.electricity_dependent ? 1 : 0;
  boost::optional<long long> coordinator = opt(c.coordinator_user_id);
  soci::statement st =
      (sql.prepare << "UPDATE children SET version = :nv, prefecture_code = :p, municipality_code = :m, "
                      "family_name = :fn, given_name = :gn, family_name_kana = :fk, given_name_kana = :gk, "
                      "name_key = :nk, kana_sort = :ks, birth_date = :b, sex = :s, postal_code = :pc, address = :a, "
                      "life_stage = :ls, affiliation = :af, hospital = :h, primary_doctor = :pd, "
                      "visiting_nurse = :vn, coordinator_user_id = :co, status = :st, status_date = :sd, "
                      "moved_to = :mt, source = :so, notes = :no, score = :sc, electricity_dependent = :el, "
                      "updated_at = :ua WHERE id = :id AND version = :ov",
       soci::use(next), soci::use(c.prefecture_code), soci::use(c.municipality_code), soci::use(c.family_name),
       soci::use(c.given_name), soci::use(c.family_name_kana), soci::use(c.given_name_kana), soci::use(d.name_key),
       soci::use(d.kana_sort), soci::use(c.birth_date), soci::use(c.sex), soci::use(c.postal_code),
       soci::use(c.address), soci::use(c.life_stage), soci::use(c.affiliation), soci::use(c.hospital),
       soci::use(c.primary_doctor), soci::use(c.visiting_nurse), soci::use(coordinator),
       soci::use(c.status), soci::use(c.status_date), soci::use(c.moved_to), soci::use(c.source), soci::use(c.notes),
       soci::use(d.score), soci::use(electricity), soci::use(now), soci::use(c.id), soci::use(c.version));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  delete_parts(sql, c.id);
  insert_parts(sql, c.id, c);
  insert_version(sql, c.id, next, c, v, now);
  return true;
}

long long ChildStore::add_consent(db::Session& sql, long long child_id, const Consent& c,
                                  std::optional<long long> user_id) {
  long long now = db::now_seconds(), id = 0;
  boost::optional<long long> user = opt(user_id);
  sql << "INSERT INTO child_consents (child_id, scope, given_on, method, recorded_by, recorded_at) "
         "VALUES (:c, :s, :g, :m, :u, :a) RETURNING id",
      soci::use(child_id), soci::use(c.scope), soci::use(c.given_on), soci::use(c.method), soci::use(user),
      soci::use(now), soci::into(id);
  return id;
}

bool ChildStore::withdraw_consent(db::Session& sql, long long child_id, long long consent_id, const std::string& on,
                                  std::optional<long long> user_id) {
  long long now = db::now_seconds();
  boost::optional<long long> user = opt(user_id);
  soci::statement st = (sql.prepare << "UPDATE child_consents SET withdrawn_on = :w, withdrawal_recorded_by = :u, "
                                       "withdrawal_recorded_at = :a WHERE id = :id AND child_id = :c "
                                       "AND withdrawn_on IS NULL AND given_on <= :w2",
                        soci::use(on), soci::use(user), soci::use(now), soci::use(consent_id),
                        soci::use(child_id), soci::use(on));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void ChildStore::erase(db::Session& sql, long long id) {
  sql << "UPDATE registration_submissions SET child_id = NULL, payload = '{}' WHERE child_id = :id", soci::use(id);
  delete_parts(sql, id);
  for (const char* table : {"child_consents", "child_versions"})
    sql << std::string("DELETE FROM ") + table + " WHERE child_id = :id", soci::use(id);
  sql << "DELETE FROM children WHERE id = :id", soci::use(id);
}

}  // namespace tsunagu::registry
