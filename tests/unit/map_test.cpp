#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <pugixml.hpp>
#include <stdexcept>

#include "core/geo/boundaries.h"
#include "core/geo/map_svg.h"
#include "core/io/csv.h"
#include "core/view/resources.h"

using namespace tsunagu::geo;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

const Boundaries& boundaries() {
  static const Boundaries b = [] {
    auto t0 = Clock::now();
    Boundaries loaded = Boundaries::load_embedded();
    double ms = ms_since(t0);
    std::size_t vertices = 0;
    for (const Area& a : loaded.areas())
      for (const Polygon& p : a.polygons)
        for (const Ring& r : p.rings) vertices += r.size();
    std::cout << "[ map      ] decoded " << loaded.areas().size() << " areas, " << vertices << " vertices ("
              << vertices * sizeof(LngLat) / 1'000'000.0 << " MB) in " << ms << " ms\n";
    return loaded;
  }();
  return b;
}

pugi::xml_document parse(const std::string& svg) {
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_string(svg.c_str());
  EXPECT_TRUE(ok) << ok.description() << " at " << ok.offset;
  return doc;
}

std::size_t count(const pugi::xml_document& doc, const char* xpath) { return doc.select_nodes(xpath).size(); }

std::string path_class(const pugi::xml_document& doc, const std::string& code) {
  return doc.select_node(("//path[@data-code='" + code + "']").c_str()).node().attribute("class").value();
}

// 山口県: 下関市役所 and 山口市役所 (the ABR representative points).
constexpr double kShimonosekiLat = 33.9578, kShimonosekiLng = 130.9413;
constexpr double kYamaguchiLat = 34.1783, kYamaguchiLng = 131.4739;

}  // namespace

TEST(MapBoundaries, ShimonosekiHoldsItsTownHallAndNotYamaguchis) {
  const Boundaries& b = boundaries();
  ASSERT_NE(b.find("352012"), nullptr);
  EXPECT_EQ(b.find("352012")->name, "下関市");
  EXPECT_TRUE(contains(b, "352012", kShimonosekiLat, kShimonosekiLng));
  EXPECT_FALSE(contains(b, "352012", kYamaguchiLat, kYamaguchiLng));
  EXPECT_TRUE(contains(b, "352039", kYamaguchiLat, kYamaguchiLng));
  EXPECT_FALSE(contains(b, "352039", kShimonosekiLat, kShimonosekiLng));
  EXPECT_FALSE(contains(b, "999999", kShimonosekiLat, kShimonosekiLng));
  EXPECT_FALSE(contains(b, "352012", 35.6812, 139.7671));  // 東京駅
}

TEST(MapBoundaries, CodesAreSixDigitsWithCheckDigit) {
  const Boundaries& b = boundaries();
  EXPECT_EQ(b.find("35201"), nullptr);  // the layer's 5-digit form is not a key
  EXPECT_EQ(b.municipalities_in("35").size(), 19u);
  EXPECT_TRUE(b.municipalities_in("99").empty());
  std::size_t prefectures = 0;
  for (int p = 1; p <= 47; ++p) {
    std::string code = (p < 10 ? "0" : "") + std::to_string(p);
    prefectures += b.municipalities_in(code).empty() ? 0 : 1;
  }
  EXPECT_EQ(prefectures, 47u);
}

TEST(MapBoundaries, EveryYamaguchiTownHallLiesInItsMunicipality) {
  const Boundaries& b = boundaries();
  auto table = tsunagu::io::CsvTable::with_header(
      tsunagu::io::parse_csv(*tsunagu::resources::find("data/master/municipalities.csv")));
  ASSERT_TRUE(table);
  std::size_t checked = 0, inside = 0, national = 0, national_inside = 0;
  std::string outside;
  for (const auto& row : table->rows()) {
    std::string code = table->get(row, "code"), level = table->get(row, "level");
    if (level == "prefecture" || !b.find(code) || !table->get(row, "note").empty()) continue;
    double lat = std::stod(table->get(row, "lat")), lng = std::stod(table->get(row, "lng"));
    bool in = contains(b, code, lat, lng);
    ++national;
    national_inside += in ? 1 : 0;
    if (!in) outside += " " + table->get(row, "name");
    if (code.substr(0, 2) != "35") continue;
    ++checked;
    inside += in ? 1 : 0;
    EXPECT_TRUE(in) << code << " " << table->get(row, "name");
  }
  EXPECT_EQ(checked, 19u);
  // The 1 % simplification moves coasts: a few town halls on the shore fall just outside nationally.
  std::cout << "[ map      ] town halls inside their municipality: " << inside << "/" << checked
            << " in 山口県, " << national_inside << "/" << national << " nationally (outside:" << outside << ")\n";
  EXPECT_GT(national_inside * 100, national * 95);
}

TEST(MapBoundaries, CentroidLiesNearTheMiddle) {
  const Boundaries& b = boundaries();
  auto c = centroid(b, "352039");
  ASSERT_TRUE(c);
  EXPECT_TRUE(contains(b, "352039", c->first, c->second));
  EXPECT_NEAR(c->first, 34.2, 0.15);
  EXPECT_NEAR(c->second, 131.5, 0.15);
  EXPECT_FALSE(centroid(b, "000000"));
  // A designated city's centroid is that of its wards together.
  auto city = centroid(b, "341002");
  ASSERT_TRUE(city);
  EXPECT_TRUE(contains(b, "341002", city->first, city->second));
}

TEST(MapBoundaries, DesignatedCityIsTheUnionOfItsWards) {
  const Boundaries& b = boundaries();
  const Area* hiroshima = b.find("341002");
  ASSERT_NE(hiroshima, nullptr);
  EXPECT_EQ(hiroshima->name, "広島市");
  EXPECT_TRUE(hiroshima->city_code.empty());
  ASSERT_EQ(hiroshima->ward_codes.size(), 8u);
  std::size_t polygons = 0;
  for (const std::string& w : hiroshima->ward_codes) {
    const Area* ward = b.find(w);
    ASSERT_NE(ward, nullptr) << w;
    EXPECT_EQ(ward->city_code, "341002");
    polygons += ward->polygons.size();
  }
  EXPECT_EQ(hiroshima->polygons.size(), polygons);
  // 広島市役所 is in 中区 and so in the city, and in no other ward.
  EXPECT_TRUE(contains(b, "341002", 34.385253, 132.455337));
  EXPECT_TRUE(contains(b, "341011", 34.385253, 132.455337));
  EXPECT_FALSE(contains(b, "341029", 34.385253, 132.455337));
  // A prefecture's municipalities hold the city, not its wards.
  auto in34 = b.municipalities_in("34");
  EXPECT_EQ(in34.size(), 23u);
  EXPECT_NE(std::find(in34.begin(), in34.end(), hiroshima), in34.end());
  EXPECT_EQ(std::find(in34.begin(), in34.end(), b.find("341011")), in34.end());
  std::size_t cities = 0, wards = 0;
  for (const Area& a : b.areas()) {
    cities += a.ward_codes.empty() ? 0 : 1;
    wards += a.ward_codes.size();
  }
  EXPECT_EQ(cities, 20u);
  EXPECT_EQ(wards, 175u);  // 2021's wards: 浜松市 still had seven
}

TEST(MapBoundaries, HamamatsuKeepsItsOldWardsAndTenryu) {
  const Boundaries& b = boundaries();
  const Area* city = b.find("221309");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->ward_codes.size(), 7u);
  EXPECT_FALSE(b.find("221317")->current);  // 中区, abolished 2024-01-01
  EXPECT_EQ(b.find("221384"), nullptr);     // 中央区 took part of the split 北区: no polygon
  EXPECT_EQ(b.find("221392"), nullptr);     // 浜名区 likewise
  const Area* tenryu = b.find("221406");     // the same area as the old 天竜区 221376
  ASSERT_NE(tenryu, nullptr);
  EXPECT_EQ(tenryu->name, "浜松市天竜区");
  EXPECT_EQ(tenryu->city_code, "221309");
  EXPECT_TRUE(contains(b, "221406", 34.872686, 137.815924));
  EXPECT_TRUE(contains(b, "221309", 34.710865, 137.726117));
}

TEST(MapSvg, YamaguchiHasNineteenMunicipalities) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "35";
  r.title = "山口県の市町";
  std::string svg = render_map_svg(b, r);  // warm caches before timing
  constexpr int kRuns = 20;
  auto t0 = Clock::now();
  for (int i = 0; i < kRuns; ++i) svg = render_map_svg(b, r);
  double ms = ms_since(t0) / kRuns;
  std::cout << "[ map      ] 山口県 at 640 px: " << svg.size() << " bytes, " << ms << " ms per render\n";
  pugi::xml_document doc = parse(svg);
  EXPECT_EQ(count(doc, "//path"), 19u);
  EXPECT_EQ(count(doc, "//path[title='下関市']"), 1u);
  pugi::xml_node root = doc.child("svg");
  EXPECT_STREQ(root.attribute("role").value(), "img");
  EXPECT_STREQ(root.attribute("width").value(), "640");
  std::string labelled = root.attribute("aria-labelledby").value();
  std::string title_id = labelled.substr(0, labelled.find(' ')), desc_id = labelled.substr(labelled.find(' ') + 1);
  EXPECT_STREQ(root.find_child_by_attribute("title", "id", title_id.c_str()).text().get(), "山口県の市町");
  EXPECT_FALSE(root.find_child_by_attribute("desc", "id", desc_id.c_str()).empty());
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<style"), std::string::npos);
}

TEST(MapSvg, SizesOfPrefectureMaps) {
  const Boundaries& b = boundaries();
  for (const char* pref : {"35", "34", "13", "01"}) {
    MapRequest r;
    r.prefecture_code = pref;
    auto t0 = Clock::now();
    std::string svg = render_map_svg(b, r);
    double ms = ms_since(t0);
    std::cout << "[ map      ] prefecture " << pref << " at 640 px: " << svg.size() << " bytes, " << ms << " ms\n";
    parse(svg);
    EXPECT_LT(svg.size(), 400'000u) << pref;
  }
}

TEST(MapSvg, PointIsALinkWithAnEscapedLabel) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "35";
  r.points.push_back({kShimonosekiLat, kShimonosekiLng, "<script>alert(1)</script> & 訪問看護", "/resources/7?a=1&b=2"});
  r.points.push_back({35.6812, 139.7671, "東京駅", "/resources/8"});  // outside 山口県: dropped
  std::string svg = render_map_svg(b, r);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 訪問看護"), std::string::npos);
  pugi::xml_document doc = parse(svg);
  ASSERT_EQ(count(doc, "//a"), 1u);
  pugi::xml_node a = doc.select_node("//a").node();
  EXPECT_STREQ(a.attribute("href").value(), "/resources/7?a=1&b=2");
  EXPECT_STREQ(a.child("title").text().get(), "<script>alert(1)</script> & 訪問看護");
  EXPECT_FALSE(a.child("circle").empty());
  EXPECT_EQ(svg.find("東京駅"), std::string::npos);
  // Links inside role="img" would be hidden from assistive technology.
  EXPECT_STREQ(doc.child("svg").attribute("role").value(), "group");
}

TEST(MapSvg, ScriptLinksAreNotLinks) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "35";
  for (const char* href : {"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", ""})
    r.points.push_back({kShimonosekiLat, kShimonosekiLng, "x", href});
  r.points.push_back({kYamaguchiLat, kYamaguchiLng, "y", "https://example.org/a"});
  pugi::xml_document doc = parse(render_map_svg(b, r));
  EXPECT_EQ(count(doc, "//a"), 1u);
  EXPECT_EQ(count(doc, "//circle"), 5u);
  EXPECT_EQ(count(doc, "//a[@href='https://example.org/a']"), 1u);
}

TEST(MapSvg, ChoroplethClassesAndTitles) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "35";
  r.areas = {{"352012", "level-3", "下関市: 事業所 12"}, {"352039", "level-1\" onload=\"x", ""}};
  pugi::xml_document doc = parse(render_map_svg(b, r));
  EXPECT_EQ(path_class(doc, "352012"), "area level-3");
  EXPECT_EQ(count(doc, "//path[title='下関市: 事業所 12']"), 1u);
  EXPECT_EQ(path_class(doc, "352039"), "area level-1\" onload=\"x");  // escaped: one attribute value
  EXPECT_TRUE(doc.select_node("//path[@data-code='352039']").node().attribute("onload").empty());
  EXPECT_EQ(count(doc, "//path[title='山口市']"), 1u);
  EXPECT_EQ(path_class(doc, "352021"), "area");
}

TEST(MapSvg, DesignatedCityIsOnePathUnlessAWardIsNamed) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "34";
  pugi::xml_document whole = parse(render_map_svg(b, r));
  EXPECT_EQ(count(whole, "//path"), 23u);
  EXPECT_EQ(count(whole, "//path[title='広島市']"), 1u);

  r.areas = {{"341011", "level-2", ""}, {"341002", "level-1", ""}};
  pugi::xml_document split = parse(render_map_svg(b, r));
  EXPECT_EQ(count(split, "//path"), 22u + 8u);
  EXPECT_EQ(count(split, "//path[title='広島市']"), 0u);
  EXPECT_EQ(path_class(split, "341011"), "area level-2");
  EXPECT_EQ(path_class(split, "341029"), "area level-1");  // other wards take the city's class

  MapRequest wards;
  wards.municipality_codes = {"341011", "341029"};
  pugi::xml_document two = parse(render_map_svg(b, wards));
  EXPECT_EQ(count(two, "//path"), 2u);
  EXPECT_EQ(count(two, "//path[title='広島市中区']"), 1u);

  MapRequest city;
  city.prefecture_code = "34";
  city.municipality_codes = {"341002"};
  EXPECT_EQ(count(parse(render_map_svg(b, city)), "//path"), 1u);
}

TEST(MapSvg, MunicipalitiesFitTheWidth) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.municipality_codes = {"352012"};
  r.width = 320;
  pugi::xml_document doc = parse(render_map_svg(b, r));
  EXPECT_EQ(count(doc, "//path"), 1u);
  EXPECT_STREQ(doc.child("svg").attribute("width").value(), "320");
  int height = doc.child("svg").attribute("height").as_int();
  EXPECT_GT(height, 100);
  EXPECT_LE(height, 640);
}

TEST(MapSvg, UnknownPlacesAreRefused) {
  const Boundaries& b = boundaries();
  MapRequest r;
  r.prefecture_code = "99";
  EXPECT_THROW(render_map_svg(b, r), std::invalid_argument);
  r.prefecture_code = "";
  EXPECT_THROW(render_map_svg(b, r), std::invalid_argument);
  r.prefecture_code = "35";
  r.municipality_codes = {"341002"};  // in 広島県
  EXPECT_THROW(render_map_svg(b, r), std::invalid_argument);
  r.municipality_codes = {"221384"};  // 浜松市中央区: no polygon
  r.prefecture_code = "";
  EXPECT_THROW(render_map_svg(b, r), std::invalid_argument);
  r.municipality_codes = {"352012"};
  r.width = 0;
  EXPECT_THROW(render_map_svg(b, r), std::invalid_argument);
}

TEST(MapBoundaries, MalformedTopoJsonIsRefused) {
  EXPECT_THROW(Boundaries::from_topojson("not json", ""), std::runtime_error);
  EXPECT_THROW(Boundaries::from_topojson(R"({"type":"Topology","arcs":[]})", ""), std::runtime_error);
  const char* bad_arc = R"({"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[],
    "objects":{"m":{"type":"GeometryCollection","geometries":[
      {"type":"Polygon","arcs":[[3]],"properties":{"code5":"35201"}}]}}})";
  EXPECT_THROW(Boundaries::from_topojson(bad_arc, ""), std::runtime_error);
}

TEST(MapBoundaries, DecodesQuantizedDeltaArcs) {
  // A square split into two triangles along the diagonal arc 1, which the first walks backwards (~1 = -2).
  const char* topo = R"({"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[130,33]},
    "arcs":[[[0,0],[2,0],[0,4]],[[0,0],[2,4]],[[2,4],[-2,0],[0,-4]]],
    "objects":{"m":{"type":"GeometryCollection","geometries":[
      {"type":"Polygon","arcs":[[0,-2]],"properties":{"code5":"35201","name":"a"}},
      {"type":"Polygon","arcs":[[2,1]],"properties":{"code5":"35202","name":"b"}},
      {"type":"Polygon","arcs":[],"properties":{"code5":""}}]}}})";
  Boundaries b = Boundaries::from_topojson(topo, "");
  ASSERT_EQ(b.areas().size(), 2u);
  const Area* a = b.find("352012");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->polygons.size(), 1u);
  const Ring& ring = a->polygons[0].rings[0];
  ASSERT_EQ(ring.size(), 4u);
  EXPECT_DOUBLE_EQ(ring[1].lng, 131);
  EXPECT_DOUBLE_EQ(ring[2].lat, 34);
  EXPECT_DOUBLE_EQ(ring[3].lng, 130);
  EXPECT_TRUE(contains(b, "352012", 33.2, 130.9));   // below the diagonal
  EXPECT_FALSE(contains(b, "352012", 33.8, 130.1));  // above it: the other triangle
  EXPECT_TRUE(contains(b, "352021", 33.8, 130.1));
  auto c = centroid(b, "352012");
  ASSERT_TRUE(c);
  EXPECT_NEAR(c->first, 33 + 1.0 / 3, 1e-9);
  EXPECT_NEAR(c->second, 130 + 2.0 / 3, 1e-9);
}

TEST(MapBoundaries, HolesAreOutside) {
  // A 4×4 square with a 2×2 hole; the enclave is its own municipality.
  const char* topo = R"({"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
    "arcs":[[[0,0],[4,0],[0,4],[-4,0],[0,-4]],[[1,1],[0,2],[2,0],[0,-2],[-2,0]]],
    "objects":{"m":{"type":"GeometryCollection","geometries":[
      {"type":"Polygon","arcs":[[0],[1]],"properties":{"code5":"35201"}},
      {"type":"Polygon","arcs":[[-2]],"properties":{"code5":"35202"}}]}}})";
  Boundaries b = Boundaries::from_topojson(topo, "");
  EXPECT_TRUE(contains(b, "352012", 0.5, 0.5));
  EXPECT_FALSE(contains(b, "352012", 2, 2));
  EXPECT_TRUE(contains(b, "352021", 2, 2));
  auto c = centroid(b, "352012");
  ASSERT_TRUE(c);
  EXPECT_NEAR(c->first, 2, 1e-9);
}
