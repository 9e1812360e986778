#include "resources/public_index.h"

#include <algorithm>
#include <cmath>

#include "core/db/scan.h"
#include "core/geo/boundaries.h"
#include "core/text/normalize.h"

namespace tsunagu::resources {

struct PublicIndex::Snapshot {
  std::string fingerprint;
  std::vector<Facility> facilities;  // by reading, then id (the search's order)
  std::vector<std::string> keys;     // search keys, same order
};

namespace {


bool matches(const Service& s, const Query& q) {
  if (!q.service_type.empty() && s.service_type != q.service_type) return false;
  if (q.age && ((s.age_min && *s.age_min > *q.age) || (s.age_max && *s.age_max < *q.age))) return false;
  for (const std::string& f : q.features)
    if (std::find(s.features.begin(), s.features.end(), f) == s.features.end()) return false;
  if (!q.care_item.empty() && std::none_of(s.care_items.begin(), s.care_items.end(),
                                           [&](const AcceptedCare& c) { return c.care_item == q.care_item; }))
    return false;
  return true;
}

store::Hit hit_of(const Facility& f) {
  store::Hit h;
  h.id = f.id;
  h.name = f.name;
  h.name_kana = f.name_kana;
  h.municipality_code = f.municipality_code;
  h.address = f.address;
  h.phone = f.phone;
  h.organization_name = f.organization_name;
  h.lat = f.lat;
  h.lng = f.lng;
  h.confirmed_at = f.confirmed_at;
  return h;
}

}  // namespace

PublicIndex::PublicIndex(db::Database& db, const master::MasterData& md, std::string prefecture_code)
    : db_(db), md_(md), prefecture_code_(std::move(prefecture_code)) {}

void PublicIndex::touch() {
  std::lock_guard lock(mutex_);
  checked_ = {};
}

std::string PublicIndex::fingerprint() {
  db::Session sql(db_);
  db::Scan s(sql,
             "SELECT COUNT(*), MAX(updated_at), MAX(confirmed_at), MAX(version), SUM(version) FROM facilities "
             "WHERE prefecture_code = $1",
             {prefecture_code_});
  std::string out;
  if (s.next())
    for (int i = 0; i < 5; ++i) out += std::string(s.text(i)) + "/";
  return out;
}

std::shared_ptr<const PublicIndex::Snapshot> PublicIndex::build(const std::string& fingerprint) {
  auto snap = std::make_shared<Snapshot>();
  snap->fingerprint = fingerprint;
  db::Session sql(db_);
  snap->facilities = store::facilities(sql, prefecture_code_, "active");
  std::stable_sort(snap->facilities.begin(), snap->facilities.end(), [](const Facility& a, const Facility& b) {
    return std::tie(a.name_kana, a.id) < std::tie(b.name_kana, b.id);
  });
  for (const Facility& f : snap->facilities) snap->keys.push_back(facility_search_key(md_, f));
  return snap;
}

std::shared_ptr<const PublicIndex::Snapshot> PublicIndex::current() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (snapshot_ && now - checked_ < std::chrono::seconds(kRecheckSeconds)) return snapshot_;
  checked_ = now;
  std::string print = fingerprint();
  if (!snapshot_ || snapshot_->fingerprint != print) snapshot_ = build(print);
  return snapshot_;
}

ResultPage PublicIndex::search(const Query& q) {
  std::shared_ptr<const Snapshot> snap = current();
  std::vector<std::string> municipalities;
  if (!q.municipality_code.empty()) municipalities = {q.municipality_code};
  else if (const master::Region* r = q.region_code.empty() ? nullptr : md_.region(q.region_code))
    municipalities = r->municipality_codes;
  std::string text_key = text::name_key(q.text);
  bool near = q.near_lat && q.near_lng;
  bool service_filter = !q.service_type.empty() || q.age || !q.features.empty() || !q.care_item.empty();
  // Matches as (index, distance) first; Results are built for the requested page only.
  std::vector<std::pair<std::size_t, double>> hits;
  for (std::size_t i = 0; i < snap->facilities.size(); ++i) {
    const Facility& f = snap->facilities[i];
    if (!municipalities.empty() &&
        std::find(municipalities.begin(), municipalities.end(), f.municipality_code) == municipalities.end())
      continue;
    if (!text_key.empty() && snap->keys[i].find(text_key) == std::string::npos) continue;
    if (service_filter && std::none_of(f.services.begin(), f.services.end(), [&](const Service& s) { return matches(s, q); }))
      continue;
    double distance = 0;
    if (near) {
      if (!f.lat || !f.lng) continue;
      distance = geo::distance_km(*q.near_lat, *q.near_lng, *f.lat, *f.lng);
      if (distance > q.radius_km) continue;
    }
    hits.emplace_back(i, distance);
  }
  if (near)
    std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  ResultPage page;
  page.total = static_cast<long long>(hits.size());
  long long now = db::now_seconds();
  int per_page = std::clamp(q.per_page, 1, 200);
  std::size_t from = static_cast<std::size_t>(std::max(1, q.page) - 1) * static_cast<std::size_t>(per_page);
  for (std::size_t k = from; k < hits.size() && k < from + static_cast<std::size_t>(per_page); ++k) {
    const Facility& f = snap->facilities[hits[k].first];
    Result r;
    r.hit = hit_of(f);
    r.services = f.services;
    if (near) r.distance_km = hits[k].second;
    r.stale = Directory::stale(f.confirmed_at, now);
    page.results.push_back(std::move(r));
  }
  return page;
}

}  // namespace tsunagu::resources
