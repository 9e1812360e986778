#include "resources/store.h"

#include <map>

#include "core/db/bulk.h"
#include "core/db/scan.h"
#include "core/text/normalize.h"

namespace tsunagu::resources::store {
namespace {

// Positional parameters for db::Scan: each call appends a value and returns its placeholder ($1, $2, …).
class Params {
 public:
  std::string add(std::string value) {
    values_.push_back(std::move(value));
    return "$" + std::to_string(values_.size());
  }
  std::string list(const std::vector<std::string>& values) {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + add(values[i]);
    return out + ")";
  }
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7f", v);
  return buf;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

soci::indicator ind(const std::optional<int>& v) { return v ? soci::i_ok : soci::i_null; }
soci::indicator ind(const std::optional<double>& v) { return v ? soci::i_ok : soci::i_null; }
soci::indicator ind(const std::optional<long long>& v) { return v ? soci::i_ok : soci::i_null; }

void insert_services(db::Session& sql, long long facility_id, const std::vector<Service>& services) {
  int position = 0;
  for (const Service& s : services) {
    long long id = 0;
    int age_min = s.age_min.value_or(0), age_max = s.age_max.value_or(0), capacity = s.capacity.value_or(0),
        vacancy = s.vacancy.value_or(0);
    soci::indicator i_min = ind(s.age_min), i_max = ind(s.age_max), i_cap = ind(s.capacity), i_vac = ind(s.vacancy);
    std::string features = joined(s.features);
    ++position;
    sql << "INSERT INTO facility_services (facility_id, position, service_type, age_min, age_max, capacity, vacancy, "
           "features, notes) VALUES (:f, :p, :t, :amin, :amax, :c, :v, :fe, :n) RETURNING id",
        soci::use(facility_id), soci::use(position), soci::use(s.service_type), soci::use(age_min, i_min),
        soci::use(age_max, i_max), soci::use(capacity, i_cap), soci::use(vacancy, i_vac), soci::use(features),
        soci::use(s.notes), soci::into(id);
    for (const AcceptedCare& c : s.care_items)
      sql << "INSERT INTO service_care_items (service_id, care_item, conditions) VALUES (:s, :c, :k)", soci::use(id),
          soci::use(c.care_item), soci::use(c.conditions);
  }
}

void delete_services(db::Session& sql, long long facility_id) {
  sql << "DELETE FROM service_care_items WHERE service_id IN (SELECT id FROM facility_services WHERE facility_id = :f)",
      soci::use(facility_id);
  sql << "DELETE FROM facility_services WHERE facility_id = :f", soci::use(facility_id);
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t at = 0, next; at < s.size(); at = next + 1) {
    next = std::min(s.find(' ', at), s.size());
    if (next > at) out.emplace_back(s.substr(at, next - at));
  }
  return out;
}

std::optional<int> opt_int(const db::Scan& s, int col) {
  if (s.text(col).empty()) return std::nullopt;
  return static_cast<int>(s.integer(col));
}

std::optional<double> opt_real(const db::Scan& s, int col) {
  if (s.text(col).empty()) return std::nullopt;
  return s.real(col);
}

}  // namespace

long long create_organization(db::Session& sql, const Organization& o) {
  long long id = 0, now = db::now_seconds();
  sql << "INSERT INTO organizations (prefecture_code, name, name_kana, corporate_number, phone, website, created_at, "
         "updated_at) VALUES (:p, :n, :k, :c, :t, :w, :a, :u) RETURNING id",
      soci::use(o.prefecture_code), soci::use(o.name), soci::use(o.name_kana), soci::use(o.corporate_number),
      soci::use(o.phone), soci::use(o.website), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

std::vector<Organization> organizations(db::Session& sql, const std::string& prefecture_code) {
  std::vector<Organization> out;
  db::Scan s(sql,
             "SELECT id, prefecture_code, name, name_kana, corporate_number, phone, website FROM organizations "
             "WHERE prefecture_code = $1 ORDER BY name_kana, id",
             {prefecture_code});
  while (s.next())
    out.push_back({s.integer(0), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                   std::string(s.text(4)), std::string(s.text(5)), std::string(s.text(6))});
  return out;
}

std::optional<Organization> organization(db::Session& sql, long long id) {
  db::Scan s(sql,
             "SELECT id, prefecture_code, name, name_kana, corporate_number, phone, website FROM organizations "
             "WHERE id = $1",
             {std::to_string(id)});
  if (!s.next()) return std::nullopt;
  return Organization{s.integer(0), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                      std::string(s.text(4)), std::string(s.text(5)), std::string(s.text(6))};
}

long long create_facility(db::Session& sql, const Facility& f, const std::string& search_key, const std::string& by) {
  long long id = 0, now = db::now_seconds(), org = f.organization_id.value_or(0);
  long long confirmed = f.confirmed_at.value_or(now);  // an import or a generator may know when it was last confirmed
  double lat = f.lat.value_or(0), lng = f.lng.value_or(0);
  soci::indicator i_org = ind(f.organization_id), i_lat = ind(f.lat), i_lng = ind(f.lng);
  sql << "INSERT INTO facilities (version, organization_id, prefecture_code, municipality_code, name, name_kana, "
         "postal_code, address, lat, lng, phone, website, hours, description, status, search_key, confirmed_at, "
         "confirmed_by, created_at, updated_at) VALUES (1, :o, :p, :m, :n, :k, :z, :a, :lat, :lng, :t, :w, :h, :d, "
         ":s, :key, :ca, :cb, :c, :u) RETURNING id",
      soci::use(org, i_org), soci::use(f.prefecture_code), soci::use(f.municipality_code), soci::use(f.name),
      soci::use(f.name_kana), soci::use(f.postal_code), soci::use(f.address), soci::use(lat, i_lat),
      soci::use(lng, i_lng), soci::use(f.phone), soci::use(f.website), soci::use(f.hours), soci::use(f.description),
      soci::use(f.status), soci::use(search_key), soci::use(confirmed), soci::use(by), soci::use(now), soci::use(now),
      soci::into(id);
  insert_services(sql, id, f.services);
  return id;
}

bool update_facility(db::Session& sql, const Facility& f, const std::string& search_key, const std::string& by) {
  long long now = db::now_seconds(), org = f.organization_id.value_or(0);
  double lat = f.lat.value_or(0), lng = f.lng.value_or(0);
  soci::indicator i_org = ind(f.organization_id), i_lat = ind(f.lat), i_lng = ind(f.lng);
  int next = f.version + 1;
  soci::statement st = (sql.prepare << "UPDATE facilities SET version = :v, organization_id = :o, municipality_code = :m, "
                                       "name = :n, name_kana = :k, postal_code = :z, address = :a, lat = :lat, lng = :lng, "
                                       "phone = :t, website = :w, hours = :h, description = :d, status = :s, "
                                       "search_key = :key, confirmed_at = :ca, confirmed_by = :cb, updated_at = :u "
                                       "WHERE id = :id AND version = :old",
                        soci::use(next), soci::use(org, i_org), soci::use(f.municipality_code), soci::use(f.name),
                        soci::use(f.name_kana), soci::use(f.postal_code), soci::use(f.address), soci::use(lat, i_lat),
                        soci::use(lng, i_lng), soci::use(f.phone), soci::use(f.website), soci::use(f.hours),
                        soci::use(f.description), soci::use(f.status), soci::use(search_key), soci::use(now),
                        soci::use(by), soci::use(now), soci::use(f.id), soci::use(f.version));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  delete_services(sql, f.id);
  insert_services(sql, f.id, f.services);
  return true;
}

Facility read_facility(const db::Scan& s);

std::optional<Facility> facility(db::Session& sql, long long id) {
  db::Scan s(sql,
             "SELECT f.id, f.version, f.organization_id, o.name, f.prefecture_code, f.municipality_code, f.name, "
             "f.name_kana, f.postal_code, f.address, f.lat, f.lng, f.phone, f.website, f.hours, f.description, "
             "f.status, f.confirmed_at, f.confirmed_by, f.created_at, f.updated_at FROM facilities f "
             "LEFT JOIN organizations o ON o.id = f.organization_id WHERE f.id = $1",
             {std::to_string(id)});
  if (!s.next()) return std::nullopt;
  Facility f = read_facility(s);
  s.finish();  // PostgreSQL: one query at a time on a connection
  for (auto& [facility_id, service] : services_of(sql, {f.id})) f.services.push_back(std::move(service));
  return f;
}

Facility read_facility(const db::Scan& s) {
  Facility f;
  f.id = s.integer(0);
  f.version = static_cast<int>(s.integer(1));
  if (!s.text(2).empty()) f.organization_id = s.integer(2);
  f.organization_name = s.text(3);
  f.prefecture_code = s.text(4);
  f.municipality_code = s.text(5);
  f.name = s.text(6);
  f.name_kana = s.text(7);
  f.postal_code = s.text(8);
  f.address = s.text(9);
  f.lat = opt_real(s, 10);
  f.lng = opt_real(s, 11);
  f.phone = s.text(12);
  f.website = s.text(13);
  f.hours = s.text(14);
  f.description = s.text(15);
  f.status = s.text(16);
  if (!s.text(17).empty()) f.confirmed_at = s.integer(17);
  f.confirmed_by = s.text(18);
  f.created_at = s.integer(19);
  f.updated_at = s.integer(20);
  return f;
}

std::vector<Facility> facilities(db::Session& sql, const std::string& prefecture_code, const std::string& status) {
  std::vector<Facility> out;
  {
    Params p;
    std::string where = " WHERE f.prefecture_code = " + p.add(prefecture_code);
    if (!status.empty()) where += " AND f.status = " + p.add(status);
    db::Scan s(sql,
               "SELECT f.id, f.version, f.organization_id, o.name, f.prefecture_code, f.municipality_code, f.name, "
               "f.name_kana, f.postal_code, f.address, f.lat, f.lng, f.phone, f.website, f.hours, f.description, "
               "f.status, f.confirmed_at, f.confirmed_by, f.created_at, f.updated_at FROM facilities f "
               "LEFT JOIN organizations o ON o.id = f.organization_id" + where + " ORDER BY f.id",
               p.values());
    while (s.next()) out.push_back(read_facility(s));
  }
  std::map<long long, std::size_t> at;
  for (std::size_t i = 0; i < out.size(); ++i) at[out[i].id] = i;
  constexpr std::size_t kChunk = 500;  // ids per statement, well inside both databases' parameter limits
  for (std::size_t from = 0; from < out.size(); from += kChunk) {
    std::vector<long long> ids;
    for (std::size_t i = from; i < std::min(out.size(), from + kChunk); ++i) ids.push_back(out[i].id);
    for (auto& [facility_id, service] : services_of(sql, ids)) out[at[facility_id]].services.push_back(std::move(service));
  }
  return out;
}

void confirm(db::Session& sql, long long id, const std::string& by) {
  long long now = db::now_seconds();
  sql << "UPDATE facilities SET confirmed_at = :a, confirmed_by = :b WHERE id = :id", soci::use(now), soci::use(by),
      soci::use(id);
}

void save_version(db::Session& sql, long long id, int version, const std::string& snapshot, const std::string& by) {
  long long now = db::now_seconds();
  sql << "INSERT INTO facility_versions (facility_id, version, snapshot, changed_by, changed_at) "
         "VALUES (:f, :v, :s, :b, :a)",
      soci::use(id), soci::use(version), soci::use(snapshot), soci::use(by), soci::use(now);
}

std::vector<Version> versions(db::Session& sql, long long id) {
  std::vector<Version> out;
  db::Scan s(sql,
             "SELECT version, snapshot, changed_by, changed_at FROM facility_versions WHERE facility_id = $1 "
             "ORDER BY version DESC",
             {std::to_string(id)});
  while (s.next())
    out.push_back({static_cast<int>(s.integer(0)), std::string(s.text(1)), std::string(s.text(2)), s.integer(3)});
  return out;
}

HitPage search(db::Session& sql, const Filter& f) {
  Params p;
  std::string where = " WHERE f.prefecture_code = " + p.add(f.prefecture_code);
  if (!f.status.empty()) where += " AND f.status = " + p.add(f.status);
  if (!f.municipality_codes.empty()) where += " AND f.municipality_code IN " + p.list(f.municipality_codes);
  if (!f.text_key.empty())
    where += " AND f.search_key LIKE " + p.add("%" + text::like_pattern_escape(f.text_key) + "%") + " ESCAPE '\\'";
  if (f.lat_min) where += " AND f.lat >= " + p.add(number(*f.lat_min));
  if (f.lat_max) where += " AND f.lat <= " + p.add(number(*f.lat_max));
  if (f.lng_min) where += " AND f.lng >= " + p.add(number(*f.lng_min));
  if (f.lng_max) where += " AND f.lng <= " + p.add(number(*f.lng_max));
  if (f.stale_before)
    where += " AND (f.confirmed_at IS NULL OR f.confirmed_at < " + p.add(std::to_string(*f.stale_before)) + ")";
  // The service conditions hold for one and the same service.
  std::string service;
  if (!f.service_type.empty()) service += " AND s.service_type = " + p.add(f.service_type);
  if (f.age) {
    std::string a1 = p.add(std::to_string(*f.age)), a2 = p.add(std::to_string(*f.age));
    service += " AND (s.age_min IS NULL OR s.age_min <= " + a1 + ") AND (s.age_max IS NULL OR s.age_max >= " + a2 + ")";
  }
  for (const std::string& feature : f.features)
    service += " AND (' ' || s.features || ' ') LIKE " + p.add("% " + text::like_pattern_escape(feature) + " %") +
               " ESCAPE '\\'";
  if (!f.care_item.empty())
    service += " AND EXISTS (SELECT 1 FROM service_care_items c WHERE c.service_id = s.id AND c.care_item = " +
               p.add(f.care_item) + ")";
  if (!service.empty())
    where += " AND EXISTS (SELECT 1 FROM facility_services s WHERE s.facility_id = f.id" + service + ")";

  HitPage page;
  {
    db::Scan count(sql, "SELECT COUNT(*) FROM facilities f" + where, p.values());
    if (count.next()) page.total = count.integer(0);
  }
  std::string q = "SELECT f.id, f.name, f.name_kana, f.municipality_code, f.address, f.phone, o.name, f.lat, f.lng, "
                  "f.confirmed_at FROM facilities f LEFT JOIN organizations o ON o.id = f.organization_id" +
                  where + " ORDER BY f.name_kana, f.id";
  if (f.limit > 0) q += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(std::max(0, f.offset));
  db::Scan s(sql, q, p.values());
  while (s.next()) {
    Hit h;
    h.id = s.integer(0);
    h.name = s.text(1);
    h.name_kana = s.text(2);
    h.municipality_code = s.text(3);
    h.address = s.text(4);
    h.phone = s.text(5);
    h.organization_name = s.text(6);
    h.lat = opt_real(s, 7);
    h.lng = opt_real(s, 8);
    if (!s.text(9).empty()) h.confirmed_at = s.integer(9);
    page.hits.push_back(std::move(h));
  }
  return page;
}

std::vector<std::pair<long long, Service>> services_of(db::Session& sql, const std::vector<long long>& facility_ids) {
  std::vector<std::pair<long long, Service>> out;
  if (facility_ids.empty()) return out;
  Params p;
  std::vector<std::string> ids;
  for (long long id : facility_ids) ids.push_back(std::to_string(id));
  std::string in = p.list(ids);
  {
    db::Scan s(sql,
               "SELECT facility_id, id, service_type, age_min, age_max, capacity, vacancy, features, notes "
               "FROM facility_services WHERE facility_id IN " + in + " ORDER BY facility_id, position",
               p.values());
    while (s.next()) {
      Service v;
      v.id = s.integer(1);
      v.service_type = s.text(2);
      v.age_min = opt_int(s, 3);
      v.age_max = opt_int(s, 4);
      v.capacity = opt_int(s, 5);
      v.vacancy = opt_int(s, 6);
      v.features = split(s.text(7));
      v.notes = s.text(8);
      out.emplace_back(s.integer(0), std::move(v));
    }
  }
  Params q;
  std::string in2 = q.list(ids);
  db::Scan c(sql,
             "SELECT c.service_id, c.care_item, c.conditions FROM service_care_items c JOIN facility_services s ON "
             "s.id = c.service_id WHERE s.facility_id IN " + in2 + " ORDER BY c.service_id, c.care_item",
             q.values());
  while (c.next()) {
    long long service_id = c.integer(0);
    for (auto& [fid, v] : out)
      if (v.id == service_id) v.care_items.push_back({std::string(c.text(1)), std::string(c.text(2))});
  }
  return out;
}

}  // namespace tsunagu::resources::store
