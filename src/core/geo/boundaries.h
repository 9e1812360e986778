// Municipal boundaries (国土数値情報 N03, simplified; data/boundaries, credited in data/boundaries/SOURCES.md)
// decoded from TopoJSON into polygons of longitude/latitude per 6-digit municipality code.
//
// The layer is at ward level: a designated city (政令指定都市, e.g. 広島市 341002) has no polygon of its own
// in the file, so its Area is made here from its wards' polygons and lists their codes in `ward_codes`;
// each ward's Area names its city in `city_code`. 浜松市's wards are those of 2021 (abolished on 2024-01-01,
// `current` false); of its three current wards only 天竜区 (221406, the same area as the old one) has a
// polygon, 中央区 and 浜名区 have none (find() returns nullptr; draw 浜松市 221309 instead).
//
// Immutable after construction: every member is const, so one Boundaries may be read from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tsunagu::geo {

// The credit N03's terms require wherever a map drawn from this data is shown (source, and that it was
// processed); data/boundaries/SOURCES.md has the rest.
inline constexpr std::string_view kBoundariesCredit =
    "「国土数値情報（行政区域データ）」（国土交通省）（https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-N03-v3_1.html）を加工して作成";

struct LngLat {
  double lng = 0, lat = 0;
};
using Ring = std::vector<LngLat>;  // closed: the last point repeats the first
struct Polygon {
  std::vector<Ring> rings;  // the outer boundary first, then its holes
};

struct BBox {
  double min_lng = 180, min_lat = 90, max_lng = -180, max_lat = -90;
  bool empty() const { return min_lng > max_lng; }
  bool contains(double lat, double lng) const {
    return lng >= min_lng && lng <= max_lng && lat >= min_lat && lat <= max_lat;
  }
  void extend(const BBox& b);
  void extend(LngLat p);
};

struct Area {
  std::string code;                     // 6-digit 全国地方公共団体コード, e.g. 352012
  std::string name;                     // 下関市, 広島市中区, 広島市
  std::string prefecture_code;          // 2 digits, e.g. 35
  std::string city_code;                // a ward's designated city; empty for anything else
  std::vector<std::string> ward_codes;  // a designated city's wards; empty for anything else
  bool current = true;                  // false for a municipality or ward that no longer exists
  std::vector<Polygon> polygons;
  BBox bbox;
};

class Boundaries {
 public:
  // Decodes a TopoJSON layer shaped like data/boundaries/japan_municipalities.topojson (one
  // GeometryCollection whose geometries carry `code5`, `name`, `pref_code`, `level`, `city_code`,
  // `status` and `current_code`). `municipalities_csv` (data/master/municipalities.csv) names the designated
  // cities, which the layer lacks. Throws std::runtime_error when the layer is malformed.
  static Boundaries from_topojson(std::string_view topojson, std::string_view municipalities_csv);

  // The layer compiled into the binary, decoded whole (about 0.1 s and 4 MB of vertices, most of the time
  // in parsing the JSON, so decoding per prefecture would not save much): load once at start-up and share.
  static Boundaries load_embedded();

  // The area with this 6-digit code, or nullptr.
  const Area* find(std::string_view code) const;

  // What a map of the whole prefecture draws: its cities (a designated city as one area), wards of Tokyo,
  // towns and villages, without designated-city wards or abolished ones; by code. Empty for an unknown code.
  std::vector<const Area*> municipalities_in(std::string_view prefecture_code) const;

  const std::vector<Area>& areas() const { return areas_; }

 private:
  std::vector<Area> areas_;  // sorted by code
};

// The area-weighted centroid as {lat, lng}, or nothing for an unknown code. For an area of several islands
// or a crescent it may lie outside the area: it is for distances ("near a point"), not for labels.
// Great-circle distance in kilometres between two points (haversine, mean Earth radius 6,371 km).
double distance_km(double lat1, double lng1, double lat2, double lng2);

std::optional<std::pair<double, double>> centroid(const Boundaries& b, std::string_view code);

// True when the point lies inside the area (even-odd rule per polygon, so holes are outside); false for an
// unknown code. Points exactly on a boundary may go either way.
bool contains(const Boundaries& b, std::string_view code, double lat, double lng);

}  // namespace tsunagu::geo
