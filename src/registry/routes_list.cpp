// The list of children: page with filters, paging and sorting; the API list; CSV and xlsx exports.
#include "core/io/csv.h"
#include "core/io/xlsx.h"
#include "core/text/normalize.h"
#include "core/text/number.h"
#include "registry/fhir.h"
#include "registry/present.h"
#include "registry/routes.h"
#include "registry/routes_common.h"
#include "web/page.h"

namespace tsunagu::registry {

using nlohmann::json;

namespace detail {

Label label(const http::Context& ctx) {
  return [&ctx](const std::string& key) { return ctx.services.views.message(ctx.lang, key); };
}

long long child_id(const http::Context& ctx) { return std::stoll(ctx.param("id")); }

namespace {

std::optional<int> small_int(const std::string& s) {
  auto v = text::parse_decimal(s, 4);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

template <std::size_t N>
std::string allowed(const std::string& v, const std::string_view (&codes)[N]) {
  return one_of(v, codes) ? v : "";
}

}  // namespace

ListFilter filter_from_query(const http::Context& ctx, std::string& query) {
  const http::Request& r = ctx.request;
  ListFilter f;
  const master::MasterData& md = ctx.services.master;
  std::string muni = r.query_param("municipality");
  if (md.municipality(muni)) f.municipality_code = muni;
  std::string region = r.query_param("region");
  if (const master::Region* reg = md.region(region)) f.municipality_codes = reg->municipality_codes;
  std::string item = r.query_param("care_item");
  for (const master::CareItem& m : md.care_items())
    if (m.code == item) f.care_item = item;
  f.life_stage = allowed(r.query_param("life_stage"), kLifeStages);
  f.status = r.query_param("status") == "all" ? "" : allowed(r.query_param("status"), kStatuses);
  if (r.query_param("status").empty()) f.status = "active";
  f.consent_scope = allowed(r.query_param("consent"), kConsentScopes);
  f.consent_state = r.query_param("consent_state") == "missing" ? "missing" : "active";
  f.age_min = small_int(r.query_param("age_min"));
  f.age_max = small_int(r.query_param("age_max"));
  std::string e = r.query_param("electricity");
  if (e == "yes" || e == "no") f.electricity_dependent = e == "yes";
  f.name_key = text::name_key(r.query_param("q").substr(0, 200));
  std::string sort = r.query_param("sort");
  for (const char* s : {"kana", "birth_date", "municipality", "score", "updated"})
    if (sort == s) f.sort = s;
  f.descending = r.query_param("order") == "desc";
  f.page = small_int(r.query_param("page")).value_or(1);
  if (f.page < 1) f.page = 1;
  f.per_page = std::clamp(small_int(r.query_param("per_page")).value_or(50), 10, 200);
  query.clear();
  for (const char* key : {"q", "municipality", "region", "care_item", "life_stage", "status", "consent", "consent_state",
                          "age_min", "age_max", "electricity", "sort", "order", "per_page"}) {
    std::string v = r.query_param(key);
    if (!v.empty()) query += std::string(query.empty() ? "" : "&") + key + "=" + http::url_encode(v);
  }
  return f;
}

json filter_view(const http::Context& ctx, const ListFilter& f) {
  const http::Request& r = ctx.request;
  Label l = label(ctx);
  const master::MasterData& md = ctx.services.master;
  const auth::Principal& p = ctx.user();
  std::string pref = p.prefecture_code.empty() ? std::string() : p.prefecture_code;
  json munis = json::array(), regions = json::array(), items = json::array();
  for (const master::Municipality* m : md.municipalities_in(pref))
    if (m->level != "designated_city")
      munis.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == f.municipality_code}});
  for (const master::Region* g : md.regions_in(pref))
    regions.push_back({{"value", g->code}, {"label", g->name}, {"selected", g->code == r.query_param("region")}});
  for (const master::CareItem& m : md.care_items())
    if (m.basic_score) items.push_back({{"value", m.code}, {"label", m.short_name_ja}, {"selected", m.code == f.care_item}});
  std::string status = r.query_param("status").empty() ? "active" : r.query_param("status");
  json statuses = options(l, "status", kStatuses, std::size(kStatuses), status);
  statuses.push_back({{"value", "all"}, {"label", l("registry.filter.all_statuses")}, {"selected", status == "all"}});
  json sorts = json::array();
  for (const char* s : {"kana", "birth_date", "municipality", "score", "updated"})
    sorts.push_back({{"value", s}, {"label", l(std::string("registry.sort.") + s)}, {"selected", f.sort == s}});
  return {{"q", r.query_param("q")},
          {"municipalities", munis},
          {"show_municipality", p.role != auth::Role::municipal_staff},
          {"regions", regions},
          {"has_regions", !regions.empty()},
          {"care_items", items},
          {"life_stages", options(l, "life_stage", kLifeStages, std::size(kLifeStages), f.life_stage)},
          {"statuses", statuses},
          {"consents", options(l, "consent_scope", kConsentScopes, std::size(kConsentScopes), f.consent_scope)},
          {"consent_missing", f.consent_state == "missing"},
          {"age_min", r.query_param("age_min")},
          {"age_max", r.query_param("age_max")},
          {"electricity_yes", r.query_param("electricity") == "yes"},
          {"electricity_no", r.query_param("electricity") == "no"},
          {"sorts", sorts},
          {"descending", f.descending}};
}

std::string coordinator_name(http::Context& ctx, const Child& c) {
  if (!c.coordinator_user_id) return "";
  for (const Coordinator& k : ctx.services.registry.coordinators(c.prefecture_code))
    if (k.id == *c.coordinator_user_id) return k.display_name;
  return "";
}

json errors_json(const FieldErrors& e) {
  json out = json::array();
  for (const auto& [field, message] : e) out.push_back({{"field", field}, {"message", message}});
  return out;
}

}  // namespace detail

namespace {

using namespace detail;

// The visible children matching the request's filters, one view object each for the list page (the list read is
// audited).
json listed(http::Context& ctx, const ListFilter& f, const std::string& purpose, long long& total) {
  ListResult result = ctx.services.registry.list(ctx.user(), web::actor(ctx), f, purpose);
  std::string today = today_in_japan();
  Label l = label(ctx);
  json rows = json::array();
  for (const ListRow& r : result.rows) rows.push_back(list_row_view(r, ctx.services.master, today, l));
  total = result.total;
  return rows;
}

http::Response list_page(http::Context& ctx) {
  std::string query;
  ListFilter f = filter_from_query(ctx, query);
  ListResult result;
  json rows = listed(ctx, f, "list page", result.total);
  long long pages = (result.total + f.per_page - 1) / f.per_page;
  std::string base = "/children?" + query + (query.empty() ? "" : "&");
  bool empty = rows.empty();
  json data = {{"rows", std::move(rows)},  // moved, not copied: 50 rows of some thirty fields each
               {"total", result.total},
               {"filter", filter_view(ctx, f)},
               {"page", f.page},
               {"pages", std::max<long long>(pages, 1)},
               {"has_prev", f.page > 1},
               {"has_next", f.page < pages},
               {"prev_href", base + "page=" + std::to_string(f.page - 1)},
               {"next_href", base + "page=" + std::to_string(f.page + 1)},
               {"csv_href", "/children.csv?" + query},
               {"xlsx_href", "/children.xlsx?" + query},
               {"ndjson_href", "/children.ndjson?" + query},
               {"can_write", ctx.services.policy.granted(ctx.user().role, "registry.write")},
               {"empty", empty}};
  if (ctx.request.header("HX-Request") == "true") {
    http::Response r = http::text(200, ctx.services.views.render("_children_results", data, ctx.lang),
                                  "text/html; charset=utf-8");
    r.headers["Vary"] = "HX-Request";
    return r;
  }
  return web::page(ctx, "children", "page.children", std::move(data));
}

http::Response list_api(http::Context& ctx) {
  std::string query;
  ListFilter f = filter_from_query(ctx, query);
  ListResult result = ctx.services.registry.list(ctx.user(), web::actor(ctx), f, "api list");
  // Written as text: the same members as listed() would give, without a document tree for every row.
  std::string today = today_in_japan();
  Label l = label(ctx);
  std::string body = "{\"items\":[";
  body.reserve(700 * result.rows.size() + 64);
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    if (i) body += ',';
    append_list_row_json(body, result.rows[i], ctx.services.master, today, l);
  }
  body += "],\"page\":" + std::to_string(f.page) + ",\"per_page\":" + std::to_string(f.per_page) +
          ",\"total\":" + std::to_string(result.total) + "}";
  return http::text(200, std::move(body), "application/json; charset=utf-8");
}

const char* kExportColumns[] = {"id", "family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date",
                                "birth_date_wareki", "age", "school_grade", "sex_label", "municipality_code",
                                "municipality_name", "life_stage_label", "affiliation", "status_label", "score",
                                "electricity_dependent"};

std::vector<io::Cell> export_row(const json& row, const Label& l) {
  std::vector<io::Cell> out;
  for (const char* c : kExportColumns) {
    const json& v = row[c];
    if (v.is_number()) out.emplace_back(v.get<double>());
    else if (v.is_boolean()) out.emplace_back(l(v.get<bool>() ? "registry.yes" : "registry.no"));
    else if (v.is_string()) out.emplace_back(v.get<std::string>());
    else out.emplace_back(std::monostate{});
  }
  return out;
}

std::vector<std::vector<io::Cell>> export_rows(http::Context& ctx, const std::string& format) {
  std::string query;
  ListFilter f = filter_from_query(ctx, query);
  f.per_page = 0;
  ListResult result = ctx.services.registry.list(ctx.user(), web::actor(ctx), f, "export " + format);
  std::string today = today_in_japan();
  Label l = label(ctx);
  std::vector<std::vector<io::Cell>> rows;
  for (const ListRow& r : result.rows) rows.push_back(export_row(list_row_json(r, ctx.services.master, today, l), l));
  ctx.services.audit.append(web::actor(ctx), {"export", "children", "", format + "; rows=" + std::to_string(rows.size())});
  return rows;
}

std::vector<std::string> export_header(const Label& l) {
  std::vector<std::string> h;
  for (const char* c : kExportColumns) h.push_back(l(std::string("registry.column.") + c));
  return h;
}

std::string cell_text(const io::Cell& c) {
  if (const std::string* s = std::get_if<std::string>(&c)) return io::csv_safe(*s);
  if (const double* d = std::get_if<double>(&c)) return std::to_string(static_cast<long long>(*d));
  return "";
}

http::Response export_csv(http::Context& ctx) {
  std::string csv = "\xEF\xBB\xBF" + io::csv_line(export_header(label(ctx)));
  for (const auto& row : export_rows(ctx, "csv")) {
    std::vector<std::string> fields;
    for (const io::Cell& c : row) fields.push_back(cell_text(c));
    csv += io::csv_line(fields);
  }
  http::Response r = http::text(200, csv, "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"children-" + today_in_japan() + ".csv\"";
  return r;
}

http::Response export_xlsx(http::Context& ctx) {
  io::Sheet sheet{ctx.services.views.message(ctx.lang, "page.children"), export_header(label(ctx)), export_rows(ctx, "xlsx")};
  http::Response r = http::text(200, io::write_xlsx({sheet}),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.headers["Content-Disposition"] = "attachment; filename=\"children-" + today_in_japan() + ".xlsx\"";
  return r;
}

// FHIR NDJSON of every child in the filtered list: one resource per line (Patient, Condition, Device,
// Consent, CarePlan), for bulk transfer to other systems.
http::Response export_ndjson(http::Context& ctx) {
  std::string query;
  ListFilter f = filter_from_query(ctx, query);
  f.per_page = 0;
  ListResult result = ctx.services.registry.list(ctx.user(), web::actor(ctx), f, "export fhir");
  std::vector<Child> children;
  for (const ListRow& r : result.rows)
    if (auto c = ctx.services.registry.store().get(r.id)) children.push_back(std::move(*c));
  ctx.services.audit.append(web::actor(ctx),
                            {"export", "children", "", "fhir ndjson; rows=" + std::to_string(children.size())});
  http::Response r = http::text(200, fhir::ndjson(children, ctx.services.master.care_items()),
                                "application/fhir+ndjson");
  r.headers["Content-Disposition"] = "attachment; filename=\"children-" + today_in_japan() + ".ndjson\"";
  return r;
}

}  // namespace

void grant_permissions(auth::Policy& policy) {
  using auth::Role;
  policy.grant("registry.read", {Role::prefecture_admin, Role::center_staff, Role::municipal_staff, Role::coordinator});
  policy.grant("registry.write", {Role::prefecture_admin, Role::center_staff});
  policy.grant("registry.erase", {Role::prefecture_admin});
  policy.grant("registry.review", {Role::prefecture_admin, Role::center_staff});
}

void add_object_checks(auth::Policy& policy, Registry& registry, Registrations& registrations) {
  policy.add_object_check("child", [&registry](const auth::Principal& p, const std::string& id) {
    return registry.access(p, id);
  });
  policy.add_object_check("registration", [&registrations](const auth::Principal& p, const std::string& id) {
    return registrations.access(p, id);
  });
}

void add_routes(http::Router& router) {
  detail::add_list_routes(router);
  detail::add_record_routes(router);
  detail::add_registration_routes(router);
}

void detail::add_list_routes(http::Router& router) {
  auth::Rule read = auth::Rule::needs("registry.read");
  router.add({"GET", "/children", read, list_page, "医療的ケア児の一覧（絞り込み・検索）"});
  router.add({"GET", "/children.csv", read, export_csv, "医療的ケア児の一覧のCSV出力"});
  router.add({"GET", "/children.xlsx", read, export_xlsx, "医療的ケア児の一覧のExcel出力"});
  router.add({"GET", "/children.ndjson", read, export_ndjson, "医療的ケア児の一覧のFHIR R4出力（NDJSON）"});
  router.add({"GET", "/api/v1/children", read, list_api,
              "List children visible to the caller, with the list page's filters (audited)"});
}

}  // namespace tsunagu::registry
