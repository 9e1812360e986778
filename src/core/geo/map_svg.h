// A map as an inline SVG document, drawn on the server from Boundaries: municipal boundaries, an optional
// fill class per municipality (a choropleth) and points (facilities) as links. No tiles, no script, no
// stylesheet of its own, so it works offline and with JavaScript off; pages style the fill classes.
//
// The <svg> is role="img", labelled by its <title> and <desc>; with linked points it is role="group"
// instead, because an img's children are presentational and the links would be hidden from assistive
// technology. Either way, a page should also list what the map shows (a table, the facilities' links).
//
// Projection: equirectangular with longitude scaled by cos(latitude at the middle of the box), fitted to
// the bounding box of the municipalities drawn. Good enough for a prefecture; not for measuring.
#pragma once
#include <string>
#include <vector>

#include "core/geo/boundaries.h"

namespace tsunagu::geo {

struct MapPoint {
  double lat = 0, lng = 0;
  std::string label;  // the point's <title>; escaped by the renderer
  std::string href;   // a link; escaped, and dropped unless relative or http(s)
};

struct MapArea {
  std::string municipality_code;
  std::string fill_class;  // e.g. "level-3"; added to the path's class
  std::string title;       // the path's <title>; the municipality's name when empty
};

struct MapRequest {
  std::string prefecture_code;                  // e.g. "35"; may be empty when municipality_codes are given
  std::vector<std::string> municipality_codes;  // empty: the whole prefecture
  std::vector<MapArea> areas;
  std::vector<MapPoint> points;
  int width = 640;
  std::string title;  // the map's accessible name; "地図" when empty
};

// Renders the map. Whole prefecture: Boundaries::municipalities_in(prefecture), with a designated city drawn
// as one path, or as its wards when an entry of `areas` names one of them. Given codes: exactly those
// areas (a city, a ward or a designated city). Entries of `areas` for municipalities not drawn are ignored;
// points outside the map's box are left out.
// Throws std::invalid_argument for an unknown prefecture, a code without a polygon, a code outside the
// given prefecture, or a width outside 16..4096.
std::string render_map_svg(const Boundaries& b, const MapRequest& r);

}  // namespace tsunagu::geo
