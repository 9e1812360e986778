#include "resources/routes.h"

#include <nlohmann/json.hpp>

#include "app/services.h"
#include "core/geo/map_svg.h"
#include "core/text/kana.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "resources/demand.h"
#include "resources/gap.h"
#include "resources/service.h"
#include "web/page.h"

namespace tsunagu::resources {
namespace {

using json = nlohmann::json;
using auth::Role;

std::optional<int> small_number(const std::string& s) {
  auto v = text::parse_decimal(text::trim(s), 6);
  if (!v || *v > 100000) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<double> coordinate(const std::string& s) {
  std::string t = text::trim(s);
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string param(const http::Params& p, const std::string& k) {
  auto it = p.find(k);
  return it == p.end() ? std::string() : it->second;
}

std::string municipality_name(http::Context& ctx, const std::string& code) {
  const master::Municipality* m = ctx.services.master.municipality(code);
  return m ? m->name : code;
}

std::string care_name(http::Context& ctx, const std::string& code) {
  for (const master::CareItem& c : ctx.services.master.care_items())
    if (c.code == code) return c.short_name_ja;
  return code;
}

std::string age_range(const Service& s) {
  if (!s.age_min && !s.age_max) return "年齢を問わない";
  return (s.age_min ? std::to_string(*s.age_min) + "歳" : std::string("0歳")) + "〜" +
         (s.age_max ? std::to_string(*s.age_max) + "歳" : std::string(""));
}

json service_json(http::Context& ctx, const Service& s) {
  json care = json::array(), features = json::array();
  for (const AcceptedCare& c : s.care_items)
    care.push_back({{"code", c.care_item}, {"name", care_name(ctx, c.care_item)}, {"conditions", c.conditions}});
  for (const std::string& f : s.features)
    if (const Code* c = find_code(kFeatures, f)) features.push_back({{"code", f}, {"name", c->ja}});
  const Code* type = find_code(kServiceTypes, s.service_type);
  json j = {{"type", s.service_type}, {"type_name", type ? std::string(type->ja) : s.service_type},
            {"has_care", !care.empty()}, {"ages", age_range(s)}, {"care_items", std::move(care)},
            {"features", std::move(features)},
            {"notes", s.notes}};
  if (s.capacity) j["capacity"] = *s.capacity;
  if (s.vacancy) j["vacancy"] = *s.vacancy;
  return j;
}

// ---- the query, from a shareable URL ------------------------------------------------------------------

Query query_of(http::Context& ctx) {
  const http::Request& r = ctx.request;
  Query q;
  q.prefecture_code = ctx.services.settings.prefecture_code;
  q.municipality_code = r.query_param("municipality");
  q.region_code = r.query_param("region");
  q.service_type = r.query_param("service");
  q.care_item = r.query_param("care");
  q.age = small_number(r.query_param("age"));
  q.text = text::trim(r.query_param("q")).substr(0, 200);
  for (const Code& f : kFeatures)
    if (r.query_param("f_" + std::string(f.code)) == "1") q.features.emplace_back(f.code);
  q.near_lat = coordinate(r.query_param("lat"));
  q.near_lng = coordinate(r.query_param("lng"));
  // Near a municipality's office (its coordinates in the master data), for people without a map at hand.
  if (const master::Municipality* m = r.query_param("near").empty() ? nullptr : ctx.services.master.municipality(r.query_param("near"))) {
    if (m->lat != 0 && m->lng != 0) {
      q.near_lat = m->lat;
      q.near_lng = m->lng;
    }
  }
  if (auto km = small_number(r.query_param("km")); km && *km > 0) q.radius_km = std::min(*km, 100);
  q.page = std::max(1, small_number(r.query_param("page")).value_or(1));
  return q;
}

json options(http::Context& ctx, const Query& q) {
  json municipalities = json::array(), regions = json::array(), services = json::array(), care = json::array(),
       features = json::array();
  for (const master::Municipality* m : ctx.services.master.municipalities_in(q.prefecture_code))
    if (m->level != "prefecture" && m->level != "designated_city")
      municipalities.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == q.municipality_code}});
  json near = json::array();
  std::string near_code = ctx.request.query_param("near");
  for (const master::Municipality* m : ctx.services.master.municipalities_in(q.prefecture_code))
    if (m->level != "prefecture" && m->level != "designated_city")
      near.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == near_code}});
  for (const master::Region* r : ctx.services.master.regions_in(q.prefecture_code))
    regions.push_back({{"value", r->code}, {"label", r->name}, {"selected", r->code == q.region_code}});
  for (const Code& c : kServiceTypes)
    services.push_back({{"value", c.code}, {"label", c.ja}, {"selected", c.code == q.service_type}});
  for (const master::CareItem& c : ctx.services.master.care_items())
    if (c.parent_code.empty()) care.push_back({{"value", c.code}, {"label", c.short_name_ja}, {"selected", c.code == q.care_item}});
  for (const Code& c : kFeatures) {
    bool on = std::find(q.features.begin(), q.features.end(), c.code) != q.features.end();
    features.push_back({{"name", "f_" + std::string(c.code)}, {"label", c.ja}, {"checked", on}});
  }
  return {{"municipalities", municipalities}, {"regions", regions}, {"has_regions", !regions.empty()},
          {"services", services}, {"care_items", care}, {"features", features},
          {"age", q.age ? std::to_string(*q.age) : ""}, {"q", q.text}, {"near", near},
          {"km", std::to_string(static_cast<int>(q.radius_km))}};
}

std::string page_link(const http::Request& r, int page) {
  std::string out = "?";
  for (const auto& [k, v] : r.query)
    if (k != "page") out += http::url_encode(k) + "=" + http::url_encode(v) + "&";
  return out + "page=" + std::to_string(page);
}

json results_json(http::Context& ctx, const ResultPage& page, const std::string& base) {
  json rows = json::array();
  for (const Result& r : page.results) {
    json services = json::array();
    for (const Service& s : r.services) services.push_back(service_json(ctx, s));
    json row = {{"id", r.hit.id}, {"href", base + std::to_string(r.hit.id)}, {"name", r.hit.name},
                {"kana", r.hit.name_kana}, {"municipality", municipality_name(ctx, r.hit.municipality_code)},
                {"address", r.hit.address}, {"phone", r.hit.phone}, {"organization", r.hit.organization_name},
                {"services", std::move(services)}, {"stale", r.stale}};
    if (r.distance_km) {
      char d[16];
      std::snprintf(d, sizeof d, "%.1f", *r.distance_km);
      row["distance"] = d;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---- maps ---------------------------------------------------------------------------------------------

// The prefecture (or the searched area) with the results as points. Empty when there is nothing to draw.
std::string results_map(http::Context& ctx, const Query& q, const ResultPage& page, const std::string& base) {
  geo::MapRequest m;
  m.prefecture_code = q.prefecture_code;
  if (!q.municipality_code.empty()) m.municipality_codes = {q.municipality_code};
  else if (const master::Region* r = q.region_code.empty() ? nullptr : ctx.services.master.region(q.region_code))
    m.municipality_codes = r->municipality_codes;
  m.title = ctx.services.views.message(ctx.lang, "resources.map_title");
  for (const Result& r : page.results)
    if (r.hit.lat && r.hit.lng) m.points.push_back({*r.hit.lat, *r.hit.lng, r.hit.name, base + std::to_string(r.hit.id)});
  try {
    return geo::render_map_svg(ctx.services.boundaries, m);
  } catch (const std::invalid_argument&) {
    return "";  // a prefecture or area without boundaries: the list alone
  }
}

// ---- public site --------------------------------------------------------------------------------------

http::Response find_page(http::Context& ctx) {
  Query q = query_of(ctx);
  ResultPage page = ctx.services.public_index.search(q);
  json data = options(ctx, q);
  data["results"] = results_json(ctx, page, "/find/facilities/");
  data["map"] = results_map(ctx, q, page, "/find/facilities/");
  data["map_credit"] = std::string(geo::kBoundariesCredit);
  data["total"] = page.total;
  data["searched"] = !ctx.request.query.empty();
  data["empty"] = page.results.empty();
  if (q.page > 1) data["prev"] = page_link(ctx.request, q.page - 1);
  if (static_cast<long long>(q.page) * q.per_page < page.total) data["next"] = page_link(ctx.request, q.page + 1);
  return web::page(ctx, "find", "page.find", std::move(data));
}

json facility_view(http::Context& ctx, const Facility& f) {
  json services = json::array();
  for (const Service& s : f.services) services.push_back(service_json(ctx, s));
  json j = {{"id", f.id}, {"name", f.name}, {"kana", f.name_kana}, {"organization", f.organization_name},
            {"municipality", municipality_name(ctx, f.municipality_code)}, {"postal_code", f.postal_code},
            {"address", f.address}, {"phone", f.phone}, {"website", f.website}, {"hours", f.hours},
            {"description", f.description}, {"services", services}, {"version", f.version},
            {"closed", f.status == "closed"},
            {"confirmed_at", f.confirmed_at ? web::local_time(*f.confirmed_at).substr(0, 10) : ""},
            {"stale", Directory::stale(f.confirmed_at, db::now_seconds())}};
  if (f.lat && f.lng) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f,%.6f", *f.lat, *f.lng);
    j["coordinates"] = buf;
  }
  return j;
}

http::Response public_facility(http::Context& ctx) {
  auto id = text::parse_id(ctx.param("id"));
  auto f = id ? ctx.services.public_index.facility(*id) : std::nullopt;  // active, in the served prefecture
  if (!f) return web::error(ctx, 404);
  return web::page(ctx, "find_facility", "page.find_facility", {{"f", facility_view(ctx, *f)}});
}

http::Response search_api(http::Context& ctx) {
  return http::text(200, ctx.services.public_index.search_json(query_of(ctx)), "application/json; charset=utf-8");
}

// A public route's handler behind PublicIndex::cached, keyed by language and target.
template <http::Response (*Render)(http::Context&)>
http::Response kept(http::Context& ctx) {
  return ctx.services.public_index.cached(ctx.lang + ' ' + ctx.request.target, [&ctx] { return Render(ctx); });
}

// ---- staff pages --------------------------------------------------------------------------------------

http::Response staff_list(http::Context& ctx) {
  Query q = query_of(ctx);
  q.prefecture_code = ctx.user().prefecture_code;
  bool stale_only = ctx.request.query_param("stale") == "1";
  ResultPage page = ctx.services.resources.search(q, stale_only);
  json data = options(ctx, q);
  data["results"] = results_json(ctx, page, "/resources/");
  data["map"] = results_map(ctx, q, page, "/resources/");
  data["map_credit"] = std::string(geo::kBoundariesCredit);
  data["total"] = page.total;
  data["stale_only"] = stale_only;
  data["can_create"] = ctx.services.policy.granted(ctx.user().role, "resources.create");
  if (q.page > 1) data["prev"] = page_link(ctx.request, q.page - 1);
  if (static_cast<long long>(q.page) * q.per_page < page.total) data["next"] = page_link(ctx.request, q.page + 1);
  return web::page(ctx, "resources", "page.resources", std::move(data));
}

long long facility_id(const http::Context& ctx) { return *text::parse_id(ctx.param("id")); }

http::Response staff_facility(http::Context& ctx) {
  auto f = ctx.services.resources.get(facility_id(ctx));
  if (!f) return web::error(ctx, 404);
  json history = json::array();
  for (const store::Version& v : ctx.services.resources.history(f->id))
    history.push_back({{"version", v.version}, {"by", v.changed_by}, {"at", web::local_time(v.changed_at)}});
  return web::page(ctx, "resource", "page.resource",
                   {{"f", facility_view(ctx, *f)}, {"history", history}, {"confirmed", ctx.request.query_param("confirmed") == "1"}});
}

// The edit form: every existing service and one blank row to add a service.
json form_view(http::Context& ctx, const Facility& f, const FieldErrors& errors) {
  json services = json::array();
  std::vector<Service> rows = f.services;
  rows.emplace_back();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Service& s = rows[i];
    std::string p = "s" + std::to_string(i) + "_";
    json types = json::array(), features = json::array(), care = json::array();
    for (const Code& c : kServiceTypes) types.push_back({{"value", c.code}, {"label", c.ja}, {"selected", c.code == s.service_type}});
    for (const Code& c : kFeatures)
      features.push_back({{"name", p + "f_" + std::string(c.code)}, {"label", c.ja},
                          {"checked", std::find(s.features.begin(), s.features.end(), c.code) != s.features.end()}});
    for (const master::CareItem& c : ctx.services.master.care_items()) {
      bool on = std::any_of(s.care_items.begin(), s.care_items.end(), [&](const AcceptedCare& a) { return a.care_item == c.code; });
      care.push_back({{"name", p + "c_" + c.code}, {"label", c.short_name_ja}, {"checked", on}});
    }
    auto num = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
    std::string at = "services." + std::to_string(i) + ".";
    std::string err;
    for (const auto& [k, v] : errors)
      if (k.rfind(at, 0) == 0) err += v;
    services.push_back({{"n", i + 1}, {"p", p}, {"types", types}, {"features", features}, {"care", care},
                        {"age_min", num(s.age_min)}, {"age_max", num(s.age_max)}, {"capacity", num(s.capacity)},
                        {"vacancy", num(s.vacancy)}, {"notes", s.notes}, {"error", err}, {"blank", i + 1 == rows.size()}});
  }
  json municipalities = json::array(), organizations = json::array();
  for (const master::Municipality* m : ctx.services.master.municipalities_in(ctx.user().prefecture_code.empty() ? f.prefecture_code : ctx.user().prefecture_code))
    if (m->level != "prefecture" && m->level != "designated_city")
      municipalities.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == f.municipality_code}});
  for (const Organization& o : ctx.services.resources.organizations(f.prefecture_code.empty() ? ctx.user().prefecture_code : f.prefecture_code))
    organizations.push_back({{"value", o.id}, {"label", o.name}, {"selected", f.organization_id && *f.organization_id == o.id}});
  json errs = json::array();
  for (const auto& [k, v] : errors) errs.push_back({{"id", "r-" + k.substr(0, k.find('.'))}, {"message", v}});
  auto coord = [](const std::optional<double>& v) {
    if (!v) return std::string();
    char b[32];
    std::snprintf(b, sizeof b, "%.6f", *v);
    return std::string(b);
  };
  return {{"f", {{"id", f.id}, {"version", f.version}, {"name", f.name}, {"kana", f.name_kana}, {"postal_code", f.postal_code},
                 {"address", f.address}, {"lat", coord(f.lat)}, {"lng", coord(f.lng)}, {"phone", f.phone},
                 {"website", f.website}, {"hours", f.hours}, {"description", f.description},
                 {"closed", f.status == "closed"}}},
          {"action", f.id ? "/resources/" + std::to_string(f.id) : std::string("/resources")},
          {"services", services}, {"municipalities", municipalities}, {"organizations", organizations},
          {"errors", errs}, {"has_errors", !errors.empty()}};
}

Facility facility_from_form(http::Context& ctx) {
  http::Params form = ctx.request.form();
  Facility f;
  f.version = small_number(param(form, "version")).value_or(0);
  if (auto org = text::parse_id(param(form, "organization_id"))) f.organization_id = *org;
  f.name = param(form, "name");
  f.name_kana = param(form, "kana");
  f.municipality_code = param(form, "municipality_code");
  f.postal_code = param(form, "postal_code");
  f.address = param(form, "address");
  f.lat = coordinate(param(form, "lat"));
  f.lng = coordinate(param(form, "lng"));
  f.phone = param(form, "phone");
  f.website = param(form, "website");
  f.hours = param(form, "hours");
  f.description = param(form, "description");
  f.status = param(form, "closed") == "1" ? "closed" : "active";
  for (int i = 0; i < 50; ++i) {
    std::string p = "s" + std::to_string(i) + "_";
    if (!form.count(p + "type")) break;
    Service s;
    s.service_type = param(form, p + "type");
    if (s.service_type.empty()) continue;  // the blank row left blank
    s.age_min = small_number(param(form, p + "age_min"));
    s.age_max = small_number(param(form, p + "age_max"));
    s.capacity = small_number(param(form, p + "capacity"));
    s.vacancy = small_number(param(form, p + "vacancy"));
    s.notes = param(form, p + "notes");
    for (const Code& c : kFeatures)
      if (param(form, p + "f_" + std::string(c.code)) == "1") s.features.emplace_back(c.code);
    for (const master::CareItem& c : ctx.services.master.care_items())
      if (param(form, p + "c_" + c.code) == "1") s.care_items.push_back({c.code, ""});
    if (param(form, p + "remove") == "1") continue;
    f.services.push_back(std::move(s));
  }
  return f;
}

http::Response new_form(http::Context& ctx) {
  Facility f;
  f.prefecture_code = ctx.user().prefecture_code;
  return web::page(ctx, "resource_form", "page.resource_new", form_view(ctx, f, {}));
}

http::Response create_post(http::Context& ctx) {
  Facility f = facility_from_form(ctx);
  SaveResult r = ctx.services.resources.create(ctx.user(), web::actor(ctx), f);
  if (!r.ok()) {
    f.prefecture_code = ctx.user().prefecture_code;
    return web::page(ctx, "resource_form", "page.resource_new", form_view(ctx, f, r.errors), 422);
  }
  ctx.services.public_index.refresh();
  return http::redirect("/resources/" + std::to_string(r.id));
}

http::Response edit_form(http::Context& ctx) {
  auto f = ctx.services.resources.get(facility_id(ctx));
  if (!f) return web::error(ctx, 404);
  return web::page(ctx, "resource_form", "page.resource_edit", form_view(ctx, *f, {}));
}

http::Response update_post(http::Context& ctx) {
  Facility f = facility_from_form(ctx);
  f.id = facility_id(ctx);
  SaveResult r = ctx.services.resources.update(ctx.user(), web::actor(ctx), f);
  if (r.conflict)
    return web::error(ctx, 409, "ほかの人が先にこの施設を更新しました。もう一度開いてから編集してください。");
  if (!r.ok()) {
    if (auto current = ctx.services.resources.get(f.id)) f.prefecture_code = current->prefecture_code;
    return web::page(ctx, "resource_form", "page.resource_edit", form_view(ctx, f, r.errors), 422);
  }
  ctx.services.public_index.refresh();
  return http::redirect("/resources/" + std::to_string(f.id));
}

http::Response confirm_post(http::Context& ctx) {
  if (!ctx.services.resources.confirm(ctx.user(), web::actor(ctx), facility_id(ctx))) return web::error(ctx, 404);
  ctx.services.public_index.refresh();
  return http::redirect("/resources/" + std::to_string(facility_id(ctx)) + "?confirmed=1");
}

http::Response organization_post(http::Context& ctx) {
  http::Params form = ctx.request.form();
  Organization o;
  o.prefecture_code = ctx.user().prefecture_code;
  o.name = text::trim(param(form, "org_name"));
  o.name_kana = param(form, "org_kana");
  if (o.name.empty() || text::char_count(o.name) > 200 || text::has_control_chars(o.name))
    return web::error(ctx, 422, "法人名を入力してください。");
  ctx.services.resources.create_organization(web::actor(ctx), o);
  return http::redirect("/resources/new");
}

// ---- gap analysis -------------------------------------------------------------------------------------

GapReport gap_of(http::Context& ctx, std::string& service_type) {
  service_type = ctx.request.query_param("service");
  if (!find_code(kServiceTypes, service_type)) service_type = "visiting_nursing";
  const std::string& prefecture = ctx.user().prefecture_code;
  Demand demand = load_demand(ctx.services.registry, ctx.services.census, ctx.services.master, prefecture);
  std::vector<SupplyService> supply = load_supply(ctx.services.resources, prefecture);
  ctx.services.audit.append(web::actor(ctx), {"read", "gap_analysis", prefecture, service_type});
  return gap_report(ctx.services.master, prefecture, service_type, demand.children, supply, demand.source);
}

http::Response gaps_page(http::Context& ctx) {
  std::string service_type;
  GapReport r = gap_of(ctx, service_type);
  json types = json::array(), columns = json::array(), rows = json::array(), features = json::array(),
       feature_names = json::array();
  for (const Code& c : kServiceTypes) types.push_back({{"value", c.code}, {"label", c.ja}, {"selected", c.code == service_type}});
  for (const std::string& label : r.care_labels) columns.push_back({{"label", label}});
  for (const GapRow& row : r.rows) {
    json cells = json::array();
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const GapCell& c = row.cells[i];
      cells.push_back({{"level", c.level()}, {"demand", c.demand}, {"services", c.services},
                       {"title", r.care_labels[i] + ": 児 " + std::to_string(c.demand) + "人、サービス " +
                                     std::to_string(c.services) + "か所"}});
    }
    rows.push_back({{"name", row.name}, {"region", row.is_region}, {"cells", cells}, {"gaps", row.gaps}});
  }
  for (const Code& f : kFeatures) feature_names.push_back({{"label", f.ja}});
  for (const FeatureRow& f : r.features) {
    json counts = json::array();
    for (long long n : f.services) counts.push_back({{"n", n}, {"gap", n == 0 && f.children > 0}});
    features.push_back({{"region", f.region_name}, {"children", f.children}, {"counts", counts}});
  }
  geo::MapRequest m;
  m.prefecture_code = ctx.user().prefecture_code;
  m.title = ctx.services.views.message(ctx.lang, "resources.gap_map_title");
  for (const GapRow& row : r.rows) {
    if (row.is_region) continue;
    int level = std::min<long long>(5, 1 + row.gaps / 2);
    m.areas.push_back({row.code, "level-" + std::to_string(level), row.name + ": " + std::to_string(row.gaps)});
  }
  std::string map_svg;
  try {
    map_svg = geo::render_map_svg(ctx.services.boundaries, m);
  } catch (const std::invalid_argument&) {
  }
  json data = {{"types", types}, {"source", r.source}, {"map", map_svg}, {"map_credit", std::string(geo::kBoundariesCredit)}, {"ages", std::to_string(r.age_min) + "〜" + std::to_string(r.age_max)},
               {"columns", columns}, {"rows", rows}, {"features", features}, {"feature_names", feature_names},
               {"service", service_type}};
  return web::page(ctx, "resource_gaps", "page.resource_gaps", std::move(data));
}

http::Response gaps_xlsx(http::Context& ctx) {
  std::string service_type;
  GapReport r = gap_of(ctx, service_type);
  bool publish = ctx.request.query_param("publish") == "1";
  http::Response res = http::text(200, gap_xlsx(r, publish), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.headers["Content-Disposition"] = "attachment; filename=\"gaps-" + service_type + ".xlsx\"";
  return res;
}

}  // namespace

void grant_permissions(auth::Policy& policy) {
  policy.grant("resources.read", {Role::prefecture_admin, Role::center_staff, Role::coordinator, Role::facility_staff});
  policy.grant("resources.create", {Role::prefecture_admin, Role::center_staff});
  policy.grant("resources.edit", {Role::prefecture_admin, Role::center_staff, Role::facility_staff});
  policy.grant("resources.gaps", {Role::prefecture_admin, Role::center_staff});
}

void add_object_checks(auth::Policy& policy, Directory& directory) {
  policy.add_object_check("facility", [&directory](const auth::Principal& p, const std::string& id) {
    return directory.access(p, id);
  });
}

void add_routes(http::Router& router) {
  using auth::Rule;
  auto edit = [] { return Rule::needs("resources.edit").on_object("facility", "id"); };
  // The public site is answered from the in-memory PublicIndex, on the network thread, alike for everyone,
  // and what it answers is kept for the next visitor who asks the same.
  router.add(http::nonblocking({"GET", "/find", Rule::open(), kept<find_page>, "医療的ケア児を受け入れる施設の検索（公開）"}));
  router.add(http::nonblocking({"GET", "/find/facilities/{id}", Rule::open(), kept<public_facility>, "施設の詳細（公開）"}));
  router.add(http::nonblocking({"GET", "/api/v1/resources", Rule::open(), kept<search_api>,
                                "施設の検索（公開）: municipality, region, lat/lng/km, service, care, age, "
                                "f_<feature>=1, q, page"}));
  router.add({"GET", "/resources", Rule::needs("resources.read"), staff_list, "社会資源の一覧（職員）"});
  router.add({"GET", "/resources/new", Rule::needs("resources.create"), new_form, "施設の登録"});
  router.add({"POST", "/resources", Rule::needs("resources.create"), create_post, "施設を登録する"});
  router.add({"POST", "/resources/organizations", Rule::needs("resources.create"), organization_post, "法人を登録する"});
  add_import_routes(router);
  router.add({"GET", "/resources/gaps", Rule::needs("resources.gaps"), gaps_page, "不足資源の分析（需要と供給）"});
  router.add({"GET", "/resources/gaps.xlsx", Rule::needs("resources.gaps"), gaps_xlsx, "不足資源の分析（Excel）"});
  router.add({"GET", "/resources/{id}", edit(), staff_facility, "施設の内容と変更履歴（職員）"});
  router.add({"GET", "/resources/{id}/edit", edit(), edit_form, "施設の編集"});
  router.add({"POST", "/resources/{id}", edit(), update_post, "施設を更新する"});
  router.add({"POST", "/resources/{id}/confirm", edit(), confirm_post, "掲載内容が最新であることを確認する"});
  add_hsds_routes(router);
}

}  // namespace tsunagu::resources
