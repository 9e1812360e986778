#include "resources/public_index.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/db/scan.h"
#include "core/geo/boundaries.h"
#include "core/text/normalize.h"
#include "core/text/utf8.h"

namespace tsunagu::resources {

using json = nlohmann::json;

struct PublicIndex::Snapshot {
  std::string fingerprint;
  std::vector<Facility> facilities;           // by reading, then id (the search's order)
  std::vector<std::string> keys;              // search keys, same order
  std::vector<std::string> items;             // API items without their closing brace, same order
  std::unordered_map<long long, std::size_t> at;  // facility id → index
  // Which facilities' keys hold each character and each pair of adjacent characters, and which facilities
  // are in each municipality: indexes in ascending order. A search walks the shortest list that applies
  // instead of every facility, and still checks each candidate in full.
  std::unordered_map<char32_t, std::vector<std::uint32_t>> characters;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> pairs;
  std::unordered_map<std::string, std::vector<std::uint32_t>> in_municipality;

  // Each facility's services reduced to what a search compares (codes as small numbers, sets as bits), in one
  // array: facility i's are compact[first[i]] up to compact[first[i + 1]]. `of_type` lists the facilities
  // offering each service type. If the directory ever used more than 64 care items or features, `exact` is
  // false and searches compare the services themselves.
  std::vector<CompactService> compact;
  std::vector<std::uint32_t> first{0};
  std::unordered_map<std::string, int> type_ids, feature_bits, care_bits;
  std::vector<std::vector<std::uint32_t>> of_type;
  bool exact = true;
  std::vector<double> lat, lng;  // NaN where a facility has no point

  // Responses rendered from this snapshot (PublicIndex::cached).
  struct Kept {
    std::chrono::steady_clock::time_point at;
    http::Response response;
  };
  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, Kept> cache;  // guarded by cache_mutex

  void index(std::uint32_t i);
  void compress(std::uint32_t i);
  // What `q` asks of a service, in the compact form.
  CompactQuery compile(const Query& q) const;
  // The facilities whose key may contain `key` (a search key, non-empty): a superset, in order.
  const std::vector<std::uint32_t>& may_contain(const std::u32string& key) const;
};

namespace {

// A number for `code` in `ids`, given on first sight.
int id_of(std::unordered_map<std::string, int>& ids, const std::string& code) {
  return ids.try_emplace(code, static_cast<int>(ids.size())).first->second;
}

// The bit of `code` (added if new), or 0 when there are already 64 codes.
std::uint64_t bit_of(std::unordered_map<std::string, int>& bits, const std::string& code) {
  int b = id_of(bits, code);
  return b < 64 ? std::uint64_t{1} << b : 0;
}

std::uint64_t pair_of(char32_t a, char32_t b) { return (static_cast<std::uint64_t>(a) << 32) | b; }

void add_once(std::vector<std::uint32_t>& list, std::uint32_t i) {
  if (list.empty() || list.back() != i) list.push_back(i);
}

}  // namespace

void PublicIndex::Snapshot::index(std::uint32_t i) {
  std::u32string key = text::to_utf32(keys[i]);
  for (std::size_t k = 0; k < key.size(); ++k) {
    add_once(characters[key[k]], i);
    if (k + 1 < key.size()) add_once(pairs[pair_of(key[k], key[k + 1])], i);
  }
  in_municipality[facilities[i].municipality_code].push_back(i);
}

void PublicIndex::Snapshot::compress(std::uint32_t i) {
  const Facility& f = facilities[i];
  for (const Service& s : f.services) {
    CompactService c;
    c.type = id_of(type_ids, s.service_type);
    c.age_min = s.age_min.value_or(-1);
    c.age_max = s.age_max.value_or(-1);
    for (const std::string& code : s.features) {
      std::uint64_t b = bit_of(feature_bits, code);
      exact = exact && b;
      c.features |= b;
    }
    for (const AcceptedCare& care : s.care_items) {
      std::uint64_t b = bit_of(care_bits, care.care_item);
      exact = exact && b;
      c.care |= b;
    }
    compact.push_back(c);
    if (of_type.size() <= static_cast<std::size_t>(c.type)) of_type.resize(c.type + 1);
    add_once(of_type[c.type], i);
  }
  first.push_back(static_cast<std::uint32_t>(compact.size()));
  lat.push_back(f.lat && f.lng ? *f.lat : std::nan(""));
  lng.push_back(f.lat && f.lng ? *f.lng : std::nan(""));
}

PublicIndex::CompactQuery PublicIndex::Snapshot::compile(const Query& q) const {
  CompactQuery c;
  c.any = !q.service_type.empty() || q.age || !q.features.empty() || !q.care_item.empty();
  auto known = [](const std::unordered_map<std::string, int>& ids, const std::string& code) {
    auto it = ids.find(code);
    return it == ids.end() ? -1 : it->second;
  };
  // A code no service has matches nothing.
  if (!q.service_type.empty()) {
    c.type = known(type_ids, q.service_type);
    c.none = c.none || c.type < 0;
  }
  if (q.age) c.age = *q.age;
  for (const std::string& code : q.features) {
    int b = known(feature_bits, code);
    c.none = c.none || b < 0;
    if (b >= 0 && b < 64) c.features |= std::uint64_t{1} << b;
  }
  if (!q.care_item.empty()) {
    int b = known(care_bits, q.care_item);
    c.none = c.none || b < 0;
    if (b >= 0 && b < 64) c.care = std::uint64_t{1} << b;
  }
  return c;
}

const std::vector<std::uint32_t>& PublicIndex::Snapshot::may_contain(const std::u32string& key) const {
  static const std::vector<std::uint32_t> kNone;
  if (key.size() == 1) {
    auto it = characters.find(key[0]);
    return it == characters.end() ? kNone : it->second;
  }
  const std::vector<std::uint32_t>* shortest = nullptr;
  for (std::size_t k = 0; k + 1 < key.size(); ++k) {
    auto it = pairs.find(pair_of(key[k], key[k + 1]));
    if (it == pairs.end()) return kNone;
    if (!shortest || it->second.size() < shortest->size()) shortest = &it->second;
  }
  return *shortest;
}

namespace {

bool matches(const PublicIndex::CompactService& s, const PublicIndex::CompactQuery& q) {
  if (q.type >= 0 && s.type != q.type) return false;
  if (q.age && ((s.age_min >= 0 && s.age_min > *q.age) || (s.age_max >= 0 && s.age_max < *q.age))) return false;
  return (s.features & q.features) == q.features && (!q.care || (s.care & q.care));
}

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

// A facility as an item of GET /api/v1/resources, less "stale" and "distance_km", which depend on the moment
// and the query: the dump without its closing brace, so those are appended per request. Members with nothing to
// say are left out (an accepted care item's empty conditions; an age, capacity or vacancy not given), which
// keeps a page about a quarter smaller for phones.
std::string api_item(const Facility& f) {
  json services = json::array();
  for (const Service& s : f.services) {
    json care = json::array();
    for (const AcceptedCare& c : s.care_items) {
      json accepted = {{"care_item", c.care_item}};
      if (!c.conditions.empty()) accepted["conditions"] = c.conditions;
      care.push_back(std::move(accepted));
    }
    json service = {{"service_type", s.service_type}, {"care_items", std::move(care)}, {"features", s.features}};
    for (const auto& [name, value] : {std::pair{"age_min", &s.age_min}, {"age_max", &s.age_max},
                                      {"capacity", &s.capacity}, {"vacancy", &s.vacancy}})
      if (*value) service[name] = **value;
    services.push_back(std::move(service));
  }
  json item = {{"id", f.id}, {"name", f.name}, {"name_kana", f.name_kana}, {"municipality_code", f.municipality_code},
               {"address", f.address}, {"phone", f.phone}, {"organization", f.organization_name},
               {"services", services}};
  if (f.lat && f.lng) item["location"] = {{"lat", *f.lat}, {"lng", *f.lng}};
  std::string out = item.dump(-1, ' ', false, json::error_handler_t::replace);
  out.pop_back();  // the closing brace
  return out;
}

}  // namespace

PublicIndex::PublicIndex(db::Database& db, const master::MasterData& md, std::string prefecture_code)
    : db_(db), md_(md), prefecture_code_(std::move(prefecture_code)) {}

PublicIndex::~PublicIndex() {
  refresher_.request_stop();
  if (refresher_.joinable()) refresher_.join();
}

std::string PublicIndex::fingerprint() const {
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

std::shared_ptr<const PublicIndex::Snapshot> PublicIndex::build(const std::string& fingerprint) const {
  auto snap = std::make_shared<Snapshot>();
  snap->fingerprint = fingerprint;
  {
    db::Session sql(db_);
    snap->facilities = store::facilities(sql, prefecture_code_, "active");
  }
  std::stable_sort(snap->facilities.begin(), snap->facilities.end(), [](const Facility& a, const Facility& b) {
    return std::tie(a.name_kana, a.id) < std::tie(b.name_kana, b.id);
  });
  snap->keys.reserve(snap->facilities.size());
  snap->items.reserve(snap->facilities.size());
  for (std::size_t i = 0; i < snap->facilities.size(); ++i) {
    const Facility& f = snap->facilities[i];
    snap->keys.push_back(facility_search_key(md_, f));
    snap->items.push_back(api_item(f));
    snap->at[f.id] = i;
    snap->index(static_cast<std::uint32_t>(i));
    snap->compress(static_cast<std::uint32_t>(i));
  }
  return snap;
}

void PublicIndex::refresh() {
  std::lock_guard building(build_mutex_);
  std::string print = fingerprint();
  std::shared_ptr<const Snapshot> old;
  {
    std::lock_guard lock(mutex_);
    old = snapshot_;
  }
  std::shared_ptr<const Snapshot> fresh = old && old->fingerprint == print ? old : build(print);
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(fresh);
  checked_ = std::chrono::steady_clock::now();
}

void PublicIndex::keep_current(std::chrono::milliseconds every) {
  refresh();
  {
    std::lock_guard lock(mutex_);
    if (kept_current_) return;
    kept_current_ = true;
  }
  refresher_ = std::jthread([this, every](std::stop_token stop) {
    std::mutex sleep_mutex;
    std::condition_variable_any sleep;
    while (!stop.stop_requested()) {
      {
        std::unique_lock sleeping(sleep_mutex);
        sleep.wait_for(sleeping, stop, every, [] { return false; });
      }
      if (stop.stop_requested()) break;
      try {
        refresh();
      } catch (const std::exception& e) {
        // The database may be away for a moment: searches keep the last snapshot; the next round retries.
        std::cerr << R"({"level":"warning","component":"public_index","error":)"
                  << json(std::string(e.what())).dump(-1, ' ', false, json::error_handler_t::replace) << "}\n";
      }
    }
  });
}

std::shared_ptr<const PublicIndex::Snapshot> PublicIndex::current() {
  {
    std::lock_guard lock(mutex_);
    bool fresh = std::chrono::steady_clock::now() - checked_ < std::chrono::seconds(kRecheckSeconds);
    if (snapshot_ && (kept_current_ || fresh)) return snapshot_;
  }
  refresh();
  std::lock_guard lock(mutex_);
  return snapshot_;
}

PublicIndex::Hits PublicIndex::hits(const Snapshot& snap, const Query& q) const {
  std::vector<std::string> municipalities;
  if (!q.municipality_code.empty()) municipalities = {q.municipality_code};
  else if (const master::Region* r = q.region_code.empty() ? nullptr : md_.region(q.region_code))
    municipalities = r->municipality_codes;
  std::string text_key = text::name_key(q.text);
  bool near = q.near_lat && q.near_lng;
  CompactQuery wanted = snap.compile(q);
  Hits out;
  if (wanted.none && snap.exact) return out;
  // The same box around the point as the SQL search (store::search), then the exact distance.
  double lat_min = 0, lat_max = 0, lng_min = 0, lng_max = 0;
  if (near) {
    double dlat = q.radius_km / 111.0, dlng = q.radius_km / (111.0 * std::cos(*q.near_lat * 3.14159265 / 180));
    lat_min = *q.near_lat - dlat, lat_max = *q.near_lat + dlat;
    lng_min = *q.near_lng - dlng, lng_max = *q.near_lng + dlng;
  }
  auto offers = [&](std::size_t i) {
    if (!snap.exact) {
      const std::vector<Service>& services = snap.facilities[i].services;
      return std::any_of(services.begin(), services.end(), [&](const Service& s) { return matches(s, q); });
    }
    for (std::uint32_t k = snap.first[i]; k < snap.first[i + 1]; ++k)
      if (matches(snap.compact[k], wanted)) return true;
    return false;
  };
  auto consider = [&](std::size_t i) {
    double distance = 0;
    if (near) {
      // NaN (no point) fails every comparison and so stays out.
      if (!(snap.lat[i] >= lat_min && snap.lat[i] <= lat_max && snap.lng[i] >= lng_min && snap.lng[i] <= lng_max))
        return;
    }
    if (!municipalities.empty() && std::find(municipalities.begin(), municipalities.end(),
                                             snap.facilities[i].municipality_code) == municipalities.end())
      return;
    if (wanted.any && !offers(i)) return;
    if (!text_key.empty() && snap.keys[i].find(text_key) == std::string::npos) return;
    if (near) {
      distance = geo::distance_km(*q.near_lat, *q.near_lng, snap.lat[i], snap.lng[i]);
      if (distance > q.radius_km) return;
    }
    out.emplace_back(i, distance);
  };
  // The shortest list of candidates the indexes give; every filter is still applied to each.
  const std::vector<std::uint32_t>* candidates = nullptr;
  if (!text_key.empty()) candidates = &snap.may_contain(text::to_utf32(text_key));
  if (!q.municipality_code.empty()) {
    static const std::vector<std::uint32_t> kNone;
    auto it = snap.in_municipality.find(q.municipality_code);
    const std::vector<std::uint32_t>* here = it == snap.in_municipality.end() ? &kNone : &it->second;
    if (!candidates || here->size() < candidates->size()) candidates = here;
  }
  if (wanted.type >= 0 && snap.exact) {
    const std::vector<std::uint32_t>* offering = &snap.of_type[wanted.type];
    if (!candidates || offering->size() < candidates->size()) candidates = offering;
  }
  if (candidates) {
    for (std::uint32_t i : *candidates) consider(i);
  } else {
    for (std::size_t i = 0; i < snap.facilities.size(); ++i) consider(i);
  }
  if (near) std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

namespace {

// The [from, to) range of `total` hits that page `q.page` shows.
std::pair<std::size_t, std::size_t> page_range(const Query& q, std::size_t total) {
  std::size_t per_page = static_cast<std::size_t>(std::clamp(q.per_page, 1, 200));
  std::size_t from = static_cast<std::size_t>(std::max(1, q.page) - 1) * per_page;
  return {std::min(from, total), std::min(from + per_page, total)};
}

}  // namespace

ResultPage PublicIndex::search(const Query& q) {
  std::shared_ptr<const Snapshot> snap = current();
  Hits found = hits(*snap, q);
  ResultPage page;
  page.total = static_cast<long long>(found.size());
  long long now = db::now_seconds();
  auto [from, to] = page_range(q, found.size());
  for (std::size_t k = from; k < to; ++k) {
    const Facility& f = snap->facilities[found[k].first];
    Result r;
    r.hit = hit_of(f);
    r.services = f.services;
    if (q.near_lat && q.near_lng) r.distance_km = found[k].second;
    r.stale = Directory::stale(f.confirmed_at, now);
    page.results.push_back(std::move(r));
  }
  return page;
}

std::string PublicIndex::search_json(const Query& q) {
  std::shared_ptr<const Snapshot> snap = current();
  Hits found = hits(*snap, q);
  long long now = db::now_seconds();
  auto [from, to] = page_range(q, found.size());
  std::string out = "{\"items\":[";
  std::size_t size = 64;
  for (std::size_t k = from; k < to; ++k) size += snap->items[found[k].first].size() + 48;
  out.reserve(size);
  for (std::size_t k = from; k < to; ++k) {
    std::size_t i = found[k].first;
    if (k > from) out += ',';
    out += snap->items[i];
    out += Directory::stale(snap->facilities[i].confirmed_at, now) ? ",\"stale\":true" : ",\"stale\":false";
    if (q.near_lat && q.near_lng) {
      char distance[32];
      auto end = std::to_chars(distance, distance + sizeof distance, found[k].second).ptr;  // shortest exact form
      out += ",\"distance_km\":";
      out.append(distance, end);
    }
    out += '}';
  }
  char tail[64];
  std::snprintf(tail, sizeof tail, "],\"page\":%d,\"total\":%zu}", q.page, found.size());
  out += tail;
  return out;
}

http::Response PublicIndex::cached(const std::string& key, const std::function<http::Response()>& render) {
  if (!caching_) return render();
  // The snapshot is taken before rendering: what is rendered is at least as new as the snapshot it is kept in.
  std::shared_ptr<const Snapshot> snap = current();
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(snap->cache_mutex);
    auto it = snap->cache.find(key);
    if (it != snap->cache.end() && now - it->second.at < std::chrono::seconds(kCacheSeconds)) return it->second.response;
  }
  http::Response r = render();
  if (r.status != 200) return r;
  r.share_body();  // kept and sent from one copy
  std::lock_guard lock(snap->cache_mutex);
  if (snap->cache.size() >= kCacheEntries) snap->cache.clear();
  snap->cache.insert_or_assign(key, Snapshot::Kept{now, r});
  return r;
}

std::optional<Facility> PublicIndex::facility(long long id) {
  std::shared_ptr<const Snapshot> snap = current();
  auto it = snap->at.find(id);
  if (it == snap->at.end()) return std::nullopt;
  return snap->facilities[it->second];
}

}  // namespace tsunagu::resources
