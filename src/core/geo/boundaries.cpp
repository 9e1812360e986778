#include "core/geo/boundaries.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/io/csv.h"
#include "core/text/lg_code.h"
#include "core/view/resources.h"

namespace tsunagu::geo {

using nlohmann::json;

void BBox::extend(LngLat p) {
  min_lng = std::min(min_lng, p.lng);
  max_lng = std::max(max_lng, p.lng);
  min_lat = std::min(min_lat, p.lat);
  max_lat = std::max(max_lat, p.lat);
}

void BBox::extend(const BBox& b) {
  if (b.empty()) return;
  extend(LngLat{b.min_lng, b.min_lat});
  extend(LngLat{b.max_lng, b.max_lat});
}

namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw std::runtime_error("boundaries: malformed TopoJSON: " + what);
}

// TopoJSON arcs are quantized (integers scaled by `transform`) and delta-encoded: each position after the
// first is the difference from the one before.
std::vector<Ring> decode_arcs(const json& topology) {
  const json& t = topology.at("transform");
  double sx = t.at("scale").at(0), sy = t.at("scale").at(1);
  double tx = t.at("translate").at(0), ty = t.at("translate").at(1);
  std::vector<Ring> arcs;
  arcs.reserve(topology.at("arcs").size());
  for (const json& arc : topology.at("arcs")) {
    Ring& out = arcs.emplace_back();
    out.reserve(arc.size());
    long long x = 0, y = 0;
    for (const json& d : arc) {
      x += d.at(0).get<long long>();
      y += d.at(1).get<long long>();
      out.push_back({x * sx + tx, y * sy + ty});
    }
  }
  return arcs;
}

// A ring is a list of arc indexes; ~i (that is, -i - 1) means arc i backwards. Consecutive arcs share
// their end point, which is kept once.
Ring make_ring(const json& arc_indexes, const std::vector<Ring>& arcs) {
  Ring ring;
  for (const json& v : arc_indexes) {
    long long i = v.get<long long>();
    bool reversed = i < 0;
    std::size_t k = static_cast<std::size_t>(reversed ? ~i : i);
    if (k >= arcs.size()) malformed("arc index " + std::to_string(i));
    const Ring& arc = arcs[k];
    std::size_t skip = ring.empty() ? 0 : 1;
    if (reversed)
      ring.insert(ring.end(), arc.rbegin() + static_cast<std::ptrdiff_t>(std::min(skip, arc.size())), arc.rend());
    else
      ring.insert(ring.end(), arc.begin() + static_cast<std::ptrdiff_t>(std::min(skip, arc.size())), arc.end());
  }
  return ring;
}

Polygon make_polygon(const json& rings, const std::vector<Ring>& arcs) {
  Polygon p;
  for (const json& r : rings) {
    Ring ring = make_ring(r, arcs);
    if (ring.size() >= 4) p.rings.push_back(std::move(ring));
  }
  return p;
}

std::vector<Polygon> make_polygons(const json& geometry, const std::vector<Ring>& arcs) {
  std::vector<Polygon> out;
  const std::string type = geometry.at("type");
  if (type == "Polygon") {
    out.push_back(make_polygon(geometry.at("arcs"), arcs));
  } else if (type == "MultiPolygon") {
    for (const json& p : geometry.at("arcs")) out.push_back(make_polygon(p, arcs));
  } else {
    malformed("geometry type " + type);
  }
  std::erase_if(out, [](const Polygon& p) { return p.rings.empty(); });
  return out;
}

std::string text_property(const json& props, const char* name) {
  auto it = props.find(name);
  return it != props.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void compute_bbox(Area& a) {
  a.bbox = BBox{};
  for (const Polygon& p : a.polygons)
    for (const LngLat& q : p.rings.front()) a.bbox.extend(q);
}

// One geometry of the layer. The layer's `code5` is N03's 5-digit code (N03_007); the 6-digit code adds
// the check digit. `code`, where present, must agree.
struct Unit {
  Area area;
  std::string level, current_code;
};

std::optional<Unit> read_unit(const json& geometry, const std::vector<Ring>& arcs) {
  const json& props = geometry.at("properties");
  std::optional<std::string> code = text::normalize_lg_code(text_property(props, "code5"));
  if (!code) return std::nullopt;  // 所属未定地 (areas no municipality holds) have no code
  std::string given = text_property(props, "code");
  if (!given.empty() && given != *code) malformed("code " + given + " does not match code5");
  Unit u;
  u.area.code = *code;
  u.area.name = text_property(props, "name");
  u.area.prefecture_code = code->substr(0, 2);
  u.level = text_property(props, "level");
  if (u.level == "ward") u.area.city_code = text_property(props, "city_code");
  u.area.current = text_property(props, "status") == "current";
  u.current_code = text_property(props, "current_code");
  u.area.polygons = make_polygons(geometry, arcs);
  return u;
}

std::map<std::string, std::string> names_by_code(std::string_view csv) {
  std::map<std::string, std::string> names;
  auto table = io::CsvTable::with_header(io::parse_csv(csv));
  if (!table) return names;
  for (const io::CsvRow& r : table->rows()) names[table->get(r, "code")] = table->get(r, "name");
  return names;
}

std::string name_or_code(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it != names.end() ? it->second : code;
}

// Designated cities: one Area each, from its wards' polygons (the wards of the layer's year, so 浜松市
// keeps its seven old wards, which cover it exactly).
std::vector<Area> designated_cities(const std::vector<Unit>& units, const std::map<std::string, std::string>& names) {
  std::map<std::string, Area> cities;
  for (const Unit& u : units) {
    if (u.area.city_code.empty()) continue;
    Area& c = cities[u.area.city_code];
    c.code = u.area.city_code;
    c.name = name_or_code(names, c.code);
    c.prefecture_code = c.code.substr(0, 2);
    c.ward_codes.push_back(u.area.code);
    c.polygons.insert(c.polygons.end(), u.area.polygons.begin(), u.area.polygons.end());
  }
  std::vector<Area> out;
  for (auto& [code, c] : cities) out.push_back(std::move(c));
  return out;
}

// Abolished units name their successor in `current_code` ("221384|221392" when split). A successor made
// wholly of abolished units gets their union (浜松市天竜区 221406 = old 天竜区 221376); one that also
// took part of a split unit would be incomplete, so it gets no polygon.
std::vector<Area> successors(const std::vector<Unit>& units, const std::map<std::string, std::string>& names) {
  std::map<std::string, std::vector<const Unit*>> whole;
  std::vector<std::string> partial;
  for (const Unit& u : units) {
    if (u.area.current || u.current_code.empty() || u.current_code == u.area.code) continue;
    if (u.current_code.find('|') != std::string::npos) {
      for (std::size_t at = 0; at < u.current_code.size(); at += 7) partial.push_back(u.current_code.substr(at, 6));
    } else {
      whole[u.current_code].push_back(&u);
    }
  }
  std::vector<Area> out;
  for (const auto& [code, parts] : whole) {
    if (std::find(partial.begin(), partial.end(), code) != partial.end()) continue;
    if (std::any_of(units.begin(), units.end(), [&](const Unit& u) { return u.area.code == code; })) continue;
    Area a;
    a.code = code;
    a.name = name_or_code(names, code);
    a.prefecture_code = code.substr(0, 2);
    a.city_code = parts.front()->area.city_code;
    for (const Unit* u : parts) a.polygons.insert(a.polygons.end(), u->area.polygons.begin(), u->area.polygons.end());
    out.push_back(std::move(a));
  }
  return out;
}

bool ring_contains(const Ring& ring, double lat, double lng) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LngLat &a = ring[i], &b = ring[j];
    if ((a.lat > lat) != (b.lat > lat) && lng < (b.lng - a.lng) * (lat - a.lat) / (b.lat - a.lat) + a.lng)
      inside = !inside;
  }
  return inside;
}

}  // namespace

Boundaries Boundaries::from_topojson(std::string_view topojson, std::string_view municipalities_csv) {
  json topology = json::parse(topojson, nullptr, false);
  if (topology.is_discarded() || !topology.is_object()) malformed("not JSON");
  Boundaries b;
  try {
    std::vector<Ring> arcs = decode_arcs(topology);
    const json& objects = topology.at("objects");
    if (objects.size() != 1) malformed("expected one object");
    std::vector<Unit> units;
    for (const json& g : objects.begin()->at("geometries"))
      if (auto u = read_unit(g, arcs)) units.push_back(std::move(*u));
    auto names = names_by_code(municipalities_csv);
    std::vector<Area> extra = designated_cities(units, names);
    std::vector<Area> next = successors(units, names);
    extra.insert(extra.end(), std::make_move_iterator(next.begin()), std::make_move_iterator(next.end()));
    for (Unit& u : units) b.areas_.push_back(std::move(u.area));
    for (Area& a : extra) b.areas_.push_back(std::move(a));
  } catch (const json::exception& e) {
    malformed(e.what());
  }
  for (Area& a : b.areas_) compute_bbox(a);
  std::sort(b.areas_.begin(), b.areas_.end(), [](const Area& x, const Area& y) { return x.code < y.code; });
  auto dup = std::adjacent_find(b.areas_.begin(), b.areas_.end(),
                                [](const Area& x, const Area& y) { return x.code == y.code; });
  if (dup != b.areas_.end()) malformed("code " + dup->code + " twice");
  return b;
}

Boundaries Boundaries::load_embedded() {
  auto topojson = resources::find("data/boundaries/japan_municipalities.topojson");
  auto csv = resources::find("data/master/municipalities.csv");
  if (!topojson || !csv) throw std::runtime_error("boundaries: data file missing from the binary");
  return from_topojson(*topojson, *csv);
}

const Area* Boundaries::find(std::string_view code) const {
  auto it = std::lower_bound(areas_.begin(), areas_.end(), code,
                             [](const Area& a, std::string_view c) { return a.code < c; });
  return it != areas_.end() && it->code == code ? &*it : nullptr;
}

std::vector<const Area*> Boundaries::municipalities_in(std::string_view prefecture_code) const {
  std::vector<const Area*> out;
  for (const Area& a : areas_)
    if (a.prefecture_code == prefecture_code && a.city_code.empty() && a.current) out.push_back(&a);
  return out;
}

std::optional<std::pair<double, double>> centroid(const Boundaries& b, std::string_view code) {
  const Area* a = b.find(code);
  if (!a || a->polygons.empty()) return std::nullopt;
  // Planar shoelace sums in degrees with longitude scaled by cos(latitude): areas are small enough that
  // the distortion does not move the centroid noticeably. Each ring's sums are taken counter-clockwise,
  // whatever its winding in the file; holes are subtracted.
  double k = std::cos((a->bbox.min_lat + a->bbox.max_lat) / 2 * std::numbers::pi / 180);
  double total = 0, cx = 0, cy = 0;
  for (const Polygon& p : a->polygons) {
    for (std::size_t r = 0; r < p.rings.size(); ++r) {
      const Ring& ring = p.rings[r];
      double s = 0, sx = 0, sy = 0;
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        double x0 = ring[i].lng * k, y0 = ring[i].lat, x1 = ring[i + 1].lng * k, y1 = ring[i + 1].lat;
        double cross = x0 * y1 - x1 * y0;
        s += cross;
        sx += (x0 + x1) * cross;
        sy += (y0 + y1) * cross;
      }
      if (s < 0) s = -s, sx = -sx, sy = -sy;
      double weight = r == 0 ? 1 : -1;  // holes subtract
      total += weight * s;
      cx += weight * sx;
      cy += weight * sy;
    }
  }
  if (total == 0) return std::nullopt;
  return std::pair{cy / (3 * total), cx / (3 * total) / k};
}

bool contains(const Boundaries& b, std::string_view code, double lat, double lng) {
  const Area* a = b.find(code);
  if (!a || !a->bbox.contains(lat, lng)) return false;
  for (const Polygon& p : a->polygons) {
    bool inside = false;
    for (const Ring& r : p.rings)
      if (ring_contains(r, lat, lng)) inside = !inside;
    if (inside) return true;
  }
  return false;
}

double distance_km(double lat1, double lng1, double lat2, double lng2) {
  constexpr double rad = 3.14159265358979323846 / 180, earth_km = 6371.0;
  double dlat = (lat2 - lat1) * rad, dlng = (lng2 - lng1) * rad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * earth_km * std::asin(std::sqrt(h));
}

}  // namespace tsunagu::geo
