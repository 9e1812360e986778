#include "resources/service.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/text/kana.h"
#include "core/text/normalize.h"
#include "core/db/scan.h"
#include "core/geo/boundaries.h"
#include "core/text/number.h"
#include "core/text/utf8.h"

namespace tsunagu::resources {
namespace {

constexpr std::size_t kMaxText = 500;


bool staff_of_prefecture(const auth::Principal& p, const std::string& prefecture) {
  return (p.role == auth::Role::center_staff || p.role == auth::Role::prefecture_admin) && p.prefecture_code == prefecture;
}

void check_text(FieldErrors& e, const std::string& field, const std::string& value, const char* label) {
  if (!text::valid_utf8(value) || text::has_control_chars(value)) e[field] = std::string(label) + "に使えない文字があります。";
  else if (text::char_count(value) > kMaxText) e[field] = std::string(label) + "は" + std::to_string(kMaxText) + "文字までです。";
}

// The organisation a facility names must be of the facility's prefecture; its name goes into the search key.
void check_organization(db::Session& sql, Facility& f, FieldErrors& errors) {
  if (!f.organization_id) return;
  auto o = store::organization(sql, *f.organization_id);
  if (!o || o->prefecture_code != f.prefecture_code) errors["organization_id"] = "法人を選んでください。";
  else f.organization_name = o->name;
}

}  // namespace

std::string facility_json_snapshot(const Facility& f) {
  nlohmann::json services = nlohmann::json::array();
  for (const Service& s : f.services) {
    nlohmann::json care = nlohmann::json::array();
    for (const AcceptedCare& c : s.care_items) care.push_back({{"care_item", c.care_item}, {"conditions", c.conditions}});
    services.push_back({{"service_type", s.service_type},
                        {"age_min", s.age_min ? nlohmann::json(*s.age_min) : nlohmann::json()},
                        {"age_max", s.age_max ? nlohmann::json(*s.age_max) : nlohmann::json()},
                        {"capacity", s.capacity ? nlohmann::json(*s.capacity) : nlohmann::json()},
                        {"vacancy", s.vacancy ? nlohmann::json(*s.vacancy) : nlohmann::json()},
                        {"care_items", care}, {"features", s.features}, {"notes", s.notes}});
  }
  nlohmann::json j = {{"name", f.name}, {"name_kana", f.name_kana}, {"organization_id", f.organization_id ? nlohmann::json(*f.organization_id) : nlohmann::json()},
                      {"municipality_code", f.municipality_code}, {"postal_code", f.postal_code}, {"address", f.address},
                      {"lat", f.lat ? nlohmann::json(*f.lat) : nlohmann::json()}, {"lng", f.lng ? nlohmann::json(*f.lng) : nlohmann::json()},
                      {"phone", f.phone}, {"website", f.website}, {"hours", f.hours}, {"description", f.description},
                      {"status", f.status}, {"services", services}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool Directory::stale(std::optional<long long> confirmed_at, long long now) {
  return !confirmed_at || *confirmed_at < now - static_cast<long long>(kConfirmMonths) * 30 * 24 * 3600;
}

std::string facility_search_key(const master::MasterData& md, const Facility& f) {
  std::string municipality;
  if (const master::Municipality* m = md.municipality(f.municipality_code)) municipality = m->name;
  // The parts are joined with "|", which name_key keeps, so that a match never spans two of them.
  return text::name_key(f.name) + "|" + text::name_key(f.name_kana) + "|" + text::name_key(f.organization_name) + "|" +
         text::name_key(municipality + f.address);
}

std::string Directory::search_key(const Facility& f) const { return facility_search_key(md_, f); }

FieldErrors Directory::validate(Facility& f) const {
  FieldErrors e;
  f.name = text::trim(f.name);
  if (f.name.empty()) e["name"] = "施設名を入力してください。";
  check_text(e, "name", f.name, "施設名");
  f.name_kana = text::trim(f.name_kana);
  if (!f.name_kana.empty()) {
    f.name_kana = text::to_katakana(f.name_kana);
    if (!text::is_katakana_name(f.name_kana)) e["name_kana"] = "ふりがなは、ひらがなかカタカナで入力してください。";
  }
  const master::Municipality* m = md_.municipality(f.municipality_code);
  if (!m || m->level == "prefecture" || m->prefecture_code != f.prefecture_code)
    e["municipality_code"] = "市区町村を選んでください。";
  if (f.lat.has_value() != f.lng.has_value()) e["lat"] = "緯度と経度は両方入力してください。";
  if (f.lat && (*f.lat < 20 || *f.lat > 46)) e["lat"] = "緯度は20〜46の範囲で入力してください。";
  if (f.lng && (*f.lng < 122 || *f.lng > 154)) e["lng"] = "経度は122〜154の範囲で入力してください。";
  for (auto [field, value, label] : {std::tuple{"address", &f.address, "住所"}, {"phone", &f.phone, "電話番号"},
                                     {"website", &f.website, "ウェブサイト"}, {"hours", &f.hours, "営業時間"},
                                     {"description", &f.description, "紹介"}, {"postal_code", &f.postal_code, "郵便番号"}}) {
    *value = text::trim(*value);
    check_text(e, field, *value, label);
  }
  if (!f.website.empty() && f.website.rfind("https://", 0) != 0 && f.website.rfind("http://", 0) != 0)
    e["website"] = "ウェブサイトは https:// で始まるアドレスで入力してください。";
  if (f.status != "active" && f.status != "closed") e["status"] = "状態を選んでください。";
  for (std::size_t i = 0; i < f.services.size(); ++i) {
    Service& s = f.services[i];
    std::string at = "services." + std::to_string(i) + ".";
    if (!find_code(kServiceTypes, s.service_type)) e[at + "service_type"] = "サービスの種類を選んでください。";
    for (auto [v, name] : {std::pair{&s.age_min, "age_min"}, {&s.age_max, "age_max"}})
      if (*v && (**v < 0 || **v > 30)) e[at + name] = "年齢は0〜30歳で入力してください。";
    if (s.age_min && s.age_max && *s.age_min > *s.age_max) e[at + "age_max"] = "対象年齢の上限が下限より小さくなっています。";
    for (auto [v, name] : {std::pair{&s.capacity, "capacity"}, {&s.vacancy, "vacancy"}})
      if (*v && (**v < 0 || **v > 100000)) e[at + name] = "0以上の数を入力してください。";
    if (s.capacity && s.vacancy && *s.vacancy > *s.capacity) e[at + "vacancy"] = "空きが定員を超えています。";
    for (const std::string& feature : s.features)
      if (!find_code(kFeatures, feature)) e[at + "features"] = "特徴「" + feature + "」はありません。";
    for (const AcceptedCare& c : s.care_items) {
      bool known = false;
      for (const master::CareItem& item : md_.care_items()) known = known || item.code == c.care_item;
      if (!known) e[at + "care_items"] = "医療的ケア「" + c.care_item + "」はありません。";
      check_text(e, at + "care_items", c.conditions, "受け入れの条件");
    }
    check_text(e, at + "notes", s.notes, "備考");
  }
  return e;
}

SaveResult Directory::create(const auth::Principal& p, const audit::Actor& a, Facility f) {
  SaveResult r;
  f.prefecture_code = p.prefecture_code;
  {
    db::Session sql(db_);
    check_organization(sql, f, r.errors);
  }
  FieldErrors e = validate(f);
  r.errors.insert(e.begin(), e.end());
  if (!r.errors.empty()) return r;
  db::Session sql(db_);
  db::Transaction tx(sql);
  r.id = store::create_facility(sql, f, search_key(f), a.login);
  store::save_version(sql, r.id, 1, facility_json_snapshot(f), a.login);
  audit_.append(sql, a, {"create", "facility", std::to_string(r.id), ""});
  tx.commit();
  return r;
}

SaveResult Directory::create_many(const auth::Principal& p, const audit::Actor& a, std::vector<Facility> facilities) {
  SaveResult r;
  for (Facility& f : facilities) {
    f.prefecture_code = p.prefecture_code;
    r.errors = validate(f);
    if (!r.errors.empty()) return r;
  }
  db::Session sql(db_);
  db::Transaction tx(sql);
  for (const Facility& f : facilities) {
    long long id = store::create_facility(sql, f, search_key(f), a.login);
    store::save_version(sql, id, 1, facility_json_snapshot(f), a.login);
  }
  audit_.append(sql, a, {"import", "facility", "", std::to_string(facilities.size()) + " facilities"});
  tx.commit();
  r.id = static_cast<long long>(facilities.size());
  return r;
}

SaveResult Directory::update(const auth::Principal&, const audit::Actor& a, Facility f) {
  SaveResult r;
  db::Session sql(db_);
  auto current = store::facility(sql, f.id);
  if (!current) {
    r.errors["id"] = "施設が見つかりません。";
    return r;
  }
  f.prefecture_code = current->prefecture_code;
  check_organization(sql, f, r.errors);
  FieldErrors e = validate(f);
  r.errors.insert(e.begin(), e.end());
  if (!r.errors.empty()) return r;
  db::Transaction tx(sql);
  if (!store::update_facility(sql, f, search_key(f), a.login)) {
    r.conflict = true;
    return r;
  }
  store::save_version(sql, f.id, f.version + 1, facility_json_snapshot(f), a.login);
  audit_.append(sql, a, {"update", "facility", std::to_string(f.id), ""});
  tx.commit();
  r.id = f.id;
  return r;
}

bool Directory::confirm(const auth::Principal&, const audit::Actor& a, long long id) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  if (!store::facility(sql, id)) return false;
  store::confirm(sql, id, a.login);
  audit_.append(sql, a, {"update", "facility", std::to_string(id), "confirmed current"});
  tx.commit();
  return true;
}

std::optional<Facility> Directory::get(long long id) {
  db::Session sql(db_);
  return store::facility(sql, id);
}

std::vector<Facility> Directory::active_facilities(const std::string& prefecture_code) {
  db::Session sql(db_);
  return store::facilities(sql, prefecture_code, "active");
}

std::vector<store::Version> Directory::history(long long id) {
  db::Session sql(db_);
  return store::versions(sql, id);
}

long long Directory::create_organization(const audit::Actor& a, Organization o) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  o.name_kana = text::to_katakana(text::trim(o.name_kana));
  long long id = store::create_organization(sql, o);
  audit_.append(sql, a, {"create", "organization", std::to_string(id), ""});
  tx.commit();
  return id;
}

std::vector<Organization> Directory::organizations(const std::string& prefecture_code) {
  db::Session sql(db_);
  return store::organizations(sql, prefecture_code);
}

ResultPage Directory::search(const Query& q, bool stale_only) {
  store::Filter f;
  f.prefecture_code = q.prefecture_code;
  if (!q.municipality_code.empty()) {
    f.municipality_codes = {q.municipality_code};
  } else if (const master::Region* r = q.region_code.empty() ? nullptr : md_.region(q.region_code)) {
    f.municipality_codes = r->municipality_codes;
  }
  f.service_type = q.service_type;
  f.care_item = q.care_item;
  f.age = q.age;
  f.features = q.features;
  f.text_key = text::name_key(q.text);
  long long now = db::now_seconds();
  if (stale_only) f.stale_before = now - static_cast<long long>(kConfirmMonths) * 30 * 24 * 3600;
  int per_page = std::clamp(q.per_page, 1, 200);
  bool near = q.near_lat && q.near_lng;
  if (near) {  // a box around the point, then the exact distance; nearest first
    double dlat = q.radius_km / 111.0, dlng = q.radius_km / (111.0 * std::cos(*q.near_lat * 3.14159265 / 180));
    f.lat_min = *q.near_lat - dlat;
    f.lat_max = *q.near_lat + dlat;
    f.lng_min = *q.near_lng - dlng;
    f.lng_max = *q.near_lng + dlng;
    f.limit = 0;
  } else {
    f.limit = per_page;
    f.offset = (std::max(1, q.page) - 1) * per_page;
  }
  db::Session sql(db_);
  store::HitPage hits = store::search(sql, f);
  ResultPage page;
  std::vector<Result> all;
  for (store::Hit& h : hits.hits) {
    Result r;
    r.stale = stale(h.confirmed_at, now);
    if (near) {
      if (!h.lat || !h.lng) continue;
      r.distance_km = geo::distance_km(*q.near_lat, *q.near_lng, *h.lat, *h.lng);
      if (*r.distance_km > q.radius_km) continue;
    }
    r.hit = std::move(h);
    all.push_back(std::move(r));
  }
  if (near) {
    std::stable_sort(all.begin(), all.end(), [](const Result& a, const Result& b) { return *a.distance_km < *b.distance_km; });
    page.total = static_cast<long long>(all.size());
    std::size_t from = static_cast<std::size_t>((std::max(1, q.page) - 1) * per_page);
    if (from < all.size())
      page.results.assign(std::make_move_iterator(all.begin() + static_cast<long>(from)),
                          std::make_move_iterator(all.begin() + static_cast<long>(std::min(all.size(), from + per_page))));
  } else {
    page.total = hits.total;
    page.results = std::move(all);
  }
  std::vector<long long> ids;
  for (const Result& r : page.results) ids.push_back(r.hit.id);
  for (auto& [fid, service] : store::services_of(sql, ids))
    for (Result& r : page.results)
      if (r.hit.id == fid) r.services.push_back(service);
  return page;
}

auth::ObjectAccess Directory::access(const auth::Principal& p, const std::string& id) {
  auto n = text::parse_id(id);
  if (!n) return auth::ObjectAccess::missing;
  db::Session sql(db_);
  db::Scan s(sql, "SELECT prefecture_code FROM facilities WHERE id = $1", {std::to_string(*n)});
  if (!s.next()) return auth::ObjectAccess::missing;
  std::string prefecture(s.text(0));
  if (staff_of_prefecture(p, prefecture)) return auth::ObjectAccess::visible;
  if (p.role == auth::Role::facility_staff && p.facility_id && *p.facility_id == *n) return auth::ObjectAccess::visible;
  return auth::ObjectAccess::hidden;
}

}  // namespace tsunagu::resources
