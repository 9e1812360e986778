#include "core/geo/map_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numbers>
#include <stdexcept>

#include "core/text/utf8.h"

namespace tsunagu::geo {

namespace {

constexpr double kPadding = 8;       // px around the municipalities, so edge points are whole
constexpr double kPointRadius = 5;   // px
constexpr long long kTenth = 10;     // coordinates are written in tenths of a pixel
constexpr long long kMinStep = 5;    // tenths: a vertex closer than this to the last one kept is dropped

std::vector<const Area*> requested_areas(const Boundaries& b, const MapRequest& r) {
  std::vector<const Area*> out;
  if (!r.municipality_codes.empty()) {
    for (const std::string& code : r.municipality_codes) {
      const Area* a = b.find(code);
      if (!a || a->polygons.empty()) throw std::invalid_argument("map: no boundary for municipality " + code);
      if (!r.prefecture_code.empty() && a->prefecture_code != r.prefecture_code)
        throw std::invalid_argument("map: municipality " + code + " is not in prefecture " + r.prefecture_code);
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    return out;
  }
  std::vector<const Area*> all = b.municipalities_in(r.prefecture_code);
  if (all.empty()) throw std::invalid_argument("map: unknown prefecture '" + r.prefecture_code + "'");
  for (const Area* a : all) {
    bool split = std::any_of(r.areas.begin(), r.areas.end(), [&](const MapArea& m) {
      return std::find(a->ward_codes.begin(), a->ward_codes.end(), m.municipality_code) != a->ward_codes.end();
    });
    if (!split) {
      out.push_back(a);
      continue;
    }
    for (const std::string& w : a->ward_codes)
      if (const Area* ward = b.find(w)) out.push_back(ward);
  }
  return out;
}

// Equirectangular: x = longitude · cos(φ₀), y = −latitude, scaled to the requested width (the height
// follows, at most twice the width) and centred; φ₀ is the latitude in the middle of the box.
struct Projection {
  double min_lng = 0, max_lat = 0, k = 1, scale = 1, ox = 0, oy = 0;
  int width = 0, height = 0;

  Projection(const BBox& box, int w) : width(w) {
    min_lng = box.min_lng;
    max_lat = box.max_lat;
    k = std::cos((box.min_lat + box.max_lat) / 2 * std::numbers::pi / 180);
    double dx = std::max((box.max_lng - box.min_lng) * k, 1e-9), dy = std::max(box.max_lat - box.min_lat, 1e-9);
    scale = std::min((w - 2 * kPadding) / dx, (2.0 * w - 2 * kPadding) / dy);
    height = static_cast<int>(std::ceil(dy * scale + 2 * kPadding));
    ox = (w - dx * scale) / 2;
    oy = kPadding;
  }
  long long x(double lng) const { return std::llround((ox + (lng - min_lng) * k * scale) * kTenth); }
  long long y(double lat) const { return std::llround((oy + (max_lat - lat) * scale) * kTenth); }
};

// Tenths of a pixel as the shortest decimal: 25 → "2.5", -5 → "-.5", 30 → "3".
void put_number(std::string& out, long long tenths) {
  if (tenths < 0) {
    out += '-';
    tenths = -tenths;
  }
  long long whole = tenths / kTenth, frac = tenths % kTenth;
  if (whole != 0 || frac == 0) out += std::to_string(whole);
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac);
  }
}

// Numbers in a path are separated by a space, or by nothing before a minus sign.
void put_pair(std::string& out, long long a, long long b) {
  put_number(out, a);
  if (b >= 0) out += ' ';
  put_number(out, b);
}

// One ring as "M x y l dx dy … z": relative steps are short, and vertices closer than kMinStep to the last
// one kept are dropped (at this scale the simplified data still has many sub-pixel vertices). A ring that
// collapses below a triangle is left out.
void put_ring(std::string& out, const Ring& ring, const Projection& p) {
  std::vector<std::pair<long long, long long>> pts;
  pts.reserve(ring.size());
  for (const LngLat& q : ring) {
    long long x = p.x(q.lng), y = p.y(q.lat);
    if (!pts.empty() && std::hypot(x - pts.back().first, y - pts.back().second) < kMinStep) continue;
    pts.emplace_back(x, y);
  }
  while (pts.size() > 1 && std::hypot(pts.back().first - pts.front().first, pts.back().second - pts.front().second) <
                               kMinStep)
    pts.pop_back();  // the closing vertex: 'z' draws it
  if (pts.size() < 3) return;
  out += 'M';
  put_pair(out, pts[0].first, pts[0].second);
  out += 'l';
  for (std::size_t i = 1; i < pts.size(); ++i) {
    if (i > 1 && pts[i].first - pts[i - 1].first >= 0) out += ' ';
    put_pair(out, pts[i].first - pts[i - 1].first, pts[i].second - pts[i - 1].second);
  }
  out += 'z';
}

const MapArea* area_style(const std::map<std::string, const MapArea*>& styles, const Area& a) {
  auto it = styles.find(a.code);
  if (it == styles.end() && !a.city_code.empty()) it = styles.find(a.city_code);  // a ward takes its city's
  return it != styles.end() ? it->second : nullptr;
}

void put_area(std::string& out, const Area& a, const MapArea* style, const Projection& p) {
  std::string d;
  for (const Polygon& poly : a.polygons)
    for (const Ring& ring : poly.rings) put_ring(d, ring, p);
  out += "<path class=\"area";
  if (style && !style->fill_class.empty()) out += ' ' + text::html_escape(style->fill_class);
  out += "\" data-code=\"" + text::html_escape(a.code) + "\" d=\"" + d + "\"><title>";
  out += text::html_escape(style && !style->title.empty() ? style->title : a.name);
  out += "</title></path>\n";
}

// Relative references and http(s) only: a label's link must not run script (javascript:, data:).
bool safe_href(std::string_view href) {
  std::size_t colon = href.find(':');
  if (colon == std::string_view::npos || href.find_first_of("/?#") < colon) return !href.empty();
  std::string scheme(href.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  return scheme == "http" || scheme == "https";
}

void put_point(std::string& out, const MapPoint& pt, const Projection& p) {
  std::string circle = "<circle cx=\"";
  put_number(circle, p.x(pt.lng));
  circle += "\" cy=\"";
  put_number(circle, p.y(pt.lat));
  circle += "\" r=\"" + std::to_string(static_cast<int>(kPointRadius)) + "\"/>";
  std::string title = "<title>" + text::html_escape(pt.label) + "</title>";
  if (safe_href(pt.href))
    out += "<a class=\"point\" href=\"" + text::html_escape(pt.href) + "\">" + title + circle + "</a>\n";
  else
    out += "<g class=\"point\">" + title + circle + "</g>\n";
}

// An id for the title and description that depends only on the drawing: output is reproducible, and
// different maps on one page do not share ids.
std::string map_id(std::string_view body) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : body) h = (h ^ c) * 16777619u;
  static const char* hex = "0123456789abcdef";
  std::string id = "map-";
  for (int shift = 28; shift >= 0; shift -= 4) id += hex[(h >> shift) & 15];
  return id;
}

}  // namespace

std::string render_map_svg(const Boundaries& b, const MapRequest& r) {
  if (r.width < 16 || r.width > 4096) throw std::invalid_argument("map: width out of range");
  std::vector<const Area*> drawn = requested_areas(b, r);
  BBox box;
  for (const Area* a : drawn) box.extend(a->bbox);
  Projection p(box, r.width);

  std::map<std::string, const MapArea*> styles;
  for (const MapArea& m : r.areas) styles.emplace(m.municipality_code, &m);
  std::string body = "<g class=\"areas\" fill=\"#f3f5f7\" stroke=\"#4a4a4a\" stroke-width=\".6\" "
                     "stroke-linejoin=\"round\">\n";
  for (const Area* a : drawn) put_area(body, *a, area_style(styles, *a), p);
  body += "</g>\n<g class=\"points\" fill=\"#0b5a8a\" stroke=\"#fff\" stroke-width=\"1.5\">\n";
  std::size_t shown = 0;
  bool links = false;
  for (const MapPoint& pt : r.points) {
    if (!box.contains(pt.lat, pt.lng)) continue;
    put_point(body, pt, p);
    ++shown;
    links = links || safe_href(pt.href);
  }
  body += "</g>\n";

  std::string id = map_id(body);
  std::string title = r.title.empty() ? "地図" : r.title;
  std::string desc = "市区町村 " + std::to_string(drawn.size()) + "、地点 " + std::to_string(shown);
  // role="img" makes the children presentational, which would hide the points' links from assistive
  // technology; a map with links is a labelled group instead.
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 " +
                    std::to_string(p.width) + ' ' + std::to_string(p.height) + "\" width=\"" +
                    std::to_string(p.width) + "\" height=\"" + std::to_string(p.height) + "\" role=\"" +
                    (links ? "group" : "img") + "\" aria-labelledby=\"" + id + "-title " + id + "-desc\">\n";
  out += "<title id=\"" + id + "-title\">" + text::html_escape(title) + "</title>\n";
  out += "<desc id=\"" + id + "-desc\">" + text::html_escape(desc) + "</desc>\n";
  out += body;
  out += "</svg>\n";
  return out;
}

}  // namespace tsunagu::geo
