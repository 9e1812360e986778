#include "master/routes.h"

#include "app/services.h"
#include "web/page.h"

namespace tsunagu::master {

using auth::Role;
using auth::Rule;
using nlohmann::json;

void grant_permissions(auth::Policy& policy) {
  policy.grant_every_role("master.read");
  policy.grant("staff.read", {Role::system_admin, Role::prefecture_admin, Role::center_staff, Role::municipal_staff});
}

namespace {

json to_json(const Prefecture& p) {
  return {{"code", p.code}, {"lg_code", p.lg_code}, {"name", p.name}, {"name_kana", p.name_kana}, {"name_romaji", p.name_romaji}};
}

json to_json(const Municipality& m) {
  return {{"code", m.code},           {"code5", m.code5},   {"prefecture_code", m.prefecture_code},
          {"name", m.name},           {"name_kana", m.name_kana}, {"name_romaji", m.name_romaji},
          {"level", m.level},         {"county", m.county}, {"region_code", m.region_code},
          {"lat", m.lat},             {"lng", m.lng}};
}

json to_json(const MasterData& md, const Region& r) {
  json munis = json::array();
  for (const std::string& c : r.municipality_codes)
    if (const Municipality* m = md.municipality(c)) munis.push_back(to_json(*m));
  return {{"code", r.code}, {"name", r.name}, {"region_type", r.region_type}, {"prefecture_code", r.prefecture_code},
          {"municipalities", munis}};
}

json to_json(const CareItem& c) {
  auto opt = [](const std::optional<int>& v) { return v ? json(*v) : json(nullptr); };
  return {{"code", c.code},
          {"parent_code", c.parent_code.empty() ? json(nullptr) : json(c.parent_code)},
          {"item_no", c.item_no},
          {"name_ja", c.name_ja},
          {"short_name_ja", c.short_name_ja},
          {"name_en", c.name_en},
          {"group", c.group},
          {"electricity_dependent", c.electricity_dependent},
          {"basic_score", opt(c.basic_score)},
          {"watch_score_high", opt(c.watch_score_high)},
          {"watch_score_mid", opt(c.watch_score_mid)},
          {"watch_score_low", opt(c.watch_score_low)}};
}

// The prefecture's municipalities that belong to no region, e.g. every municipality outside Yamaguchi.
json ungrouped(const MasterData& md, const std::string& pref) {
  json out = json::array();
  for (const Municipality* m : md.municipalities_in(pref))
    if (m->region_code.empty() && m->level != "ward") out.push_back(to_json(*m));
  return out;
}

http::Response prefectures_page(http::Context& ctx) {
  const auth::Principal& p = ctx.user();
  if (!p.prefecture_code.empty() && p.role != Role::system_admin)
    return http::redirect("/prefectures/" + p.prefecture_code);
  json list = json::array();
  for (const Prefecture& pref : ctx.services.master.prefectures()) list.push_back(to_json(pref));
  return web::page(ctx, "prefectures", "page.prefectures", {{"prefectures", list}});
}

http::Response prefecture_page(http::Context& ctx) {
  const MasterData& md = ctx.services.master;
  const Prefecture* pref = md.prefecture(ctx.param("code"));
  json regions = json::array();
  for (const Region* r : md.regions_in(pref->code)) regions.push_back(to_json(md, *r));
  json others = ungrouped(md, pref->code);
  return web::page(ctx, "prefecture", "page.prefecture",
                   {{"prefecture", to_json(*pref)}, {"regions", regions}, {"has_regions", !regions.empty()},
                    {"others", others}, {"has_others", !others.empty()}});
}

http::Response region_page(http::Context& ctx) {
  const MasterData& md = ctx.services.master;
  const Region* r = md.region(ctx.param("code"));
  if (!r) return web::error(ctx, 404);
  const auth::Principal& p = ctx.user();
  if (p.role != Role::system_admin && p.prefecture_code != r->prefecture_code) return web::error(ctx, 403);
  return web::page(ctx, "region", "page.region",
                   {{"region", to_json(md, *r)}, {"prefecture", to_json(*md.prefecture(r->prefecture_code))}});
}

http::Response municipality_page(http::Context& ctx) {
  const MasterData& md = ctx.services.master;
  const Municipality* m = md.municipality(ctx.param("code"));
  json data = {{"municipality", to_json(*m)}, {"prefecture", to_json(*md.prefecture(m->prefecture_code))}};
  if (const Region* r = md.region(m->region_code)) data["region"] = {{"code", r->code}, {"name", r->name}};
  data["can_see_staff"] = ctx.services.policy.allows(
      ctx.user(), Rule::needs("staff.read").in_municipality("code"),
      {auth::ScopeKind::municipality, m->prefecture_code, m->code, 0});
  return web::page(ctx, "municipality", "page.municipality", std::move(data));
}

json staff_json(http::Context& ctx, const std::string& code) {
  json list = json::array();
  for (const auth::UserRow& u : ctx.services.users.list(code)) {
    if (u.disabled) continue;
    json departments = json::array();
    for (const std::string& d : u.departments)
      departments.push_back({{"code", d}, {"label", ctx.services.views.message(ctx.lang, "department." + d)}});
    list.push_back({{"login", u.login}, {"display_name", u.display_name}, {"departments", departments}});
  }
  ctx.services.audit.append(web::actor(ctx), {"read", "municipality_staff", code, "list"});
  return list;
}

http::Response staff_page(http::Context& ctx) {
  const Municipality* m = ctx.services.master.municipality(ctx.param("code"));
  return web::page(ctx, "staff", "page.staff",
                   {{"municipality", to_json(*m)}, {"staff", staff_json(ctx, m->code)}});
}

http::Response care_items_page(http::Context& ctx) {
  json items = json::array();
  for (const CareItem& c : ctx.services.master.care_items()) {
    json j = to_json(c);
    j["is_sub"] = !c.parent_code.empty();
    j["is_header"] = !c.basic_score.has_value();
    items.push_back(j);
  }
  return web::page(ctx, "care_items", "page.care_items", {{"items", items}});
}

}  // namespace

void add_routes(http::Router& router) {
  const std::string v1 = "/api/v1";
  Rule read = Rule::needs("master.read");
  router.add({"GET", "/prefectures", read, prefectures_page, "都道府県の一覧"});
  router.add({"GET", "/prefectures/{code}", Rule::needs("master.read").in_prefecture("code"), prefecture_page,
              "都道府県：圏域と市区町村"});
  router.add({"GET", "/regions/{code}", read, region_page, "圏域の市区町村"});
  router.add({"GET", "/municipalities/{code}", Rule::needs("master.read").in_municipality("code"),
              municipality_page, "市区町村"});
  router.add({"GET", "/municipalities/{code}/staff", Rule::needs("staff.read").in_municipality("code"), staff_page,
              "市区町村の職員"});
  router.add({"GET", "/care-items", read, care_items_page, "医療的ケアの項目と判定スコア"});

  router.add({"GET", v1 + "/prefectures", read,
              [](http::Context& ctx) {
                json list = json::array();
                for (const Prefecture& p : ctx.services.master.prefectures()) list.push_back(to_json(p));
                return web::json_response(200, {{"items", list}});
              },
              "List prefectures"});
  router.add({"GET", v1 + "/prefectures/{code}", Rule::needs("master.read").in_prefecture("code"),
              [](http::Context& ctx) {
                const MasterData& md = ctx.services.master;
                const Prefecture* p = md.prefecture(ctx.param("code"));
                json regions = json::array();
                for (const Region* r : md.regions_in(p->code)) regions.push_back(to_json(md, *r));
                json body = to_json(*p);
                body["regions"] = regions;
                body["municipalities_without_region"] = ungrouped(md, p->code);
                return web::json_response(200, body);
              },
              "A prefecture with its regions and municipalities"});
  router.add({"GET", v1 + "/municipalities/{code}", Rule::needs("master.read").in_municipality("code"),
              [](http::Context& ctx) {
                return web::json_response(200, to_json(*ctx.services.master.municipality(ctx.param("code"))));
              },
              "A municipality"});
  router.add({"GET", v1 + "/municipalities/{code}/staff", Rule::needs("staff.read").in_municipality("code"),
              [](http::Context& ctx) { return web::json_response(200, {{"items", staff_json(ctx, ctx.param("code"))}}); },
              "Staff accounts of a municipality (personal data; audited)"});
  router.add({"GET", v1 + "/care-items", read,
              [](http::Context& ctx) {
                json list = json::array();
                for (const CareItem& c : ctx.services.master.care_items()) list.push_back(to_json(c));
                return web::json_response(200, {{"items", list}});
              },
              "Care items with the 医療的ケア判定スコア points"});
}

}  // namespace tsunagu::master
