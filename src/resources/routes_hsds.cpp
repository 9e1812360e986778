// The HSDS 3.0 API of the resource directory (public, no personal data): the active facilities of the
// installation's prefecture as HSDS services and organizations, in the paginated shape of the HSDS 3.0 API
// (docs/hsds.md). Each request reads the prefecture's directory afresh: servers keep no copy of data that
// changes.
#include <nlohmann/json.hpp>

#include "app/services.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "resources/hsds.h"
#include "resources/routes.h"
#include "web/page.h"

namespace tsunagu::resources {
namespace {

using nlohmann::json;

constexpr int kDefaultPerPage = 50;
constexpr int kMaxPerPage = 200;

HsdsExport hsds_export(http::Context& ctx) {
  const std::string& prefecture = ctx.services.settings.prefecture_code;
  return HsdsExport(load_hsds_source(ctx.services.db, prefecture), ctx.services.master);
}

int query_int(const http::Request& r, const std::string& name, int fallback, int max) {
  auto v = text::parse_decimal(text::trim(r.query_param(name)), 6);
  if (!v || *v < 1) return fallback;
  return static_cast<int>(std::min<long long>(*v, max));
}

json page_of(const http::Request& r, const std::vector<json>& items) {
  return hsds_page(items, query_int(r, "page", 1, 1000000), query_int(r, "per_page", kDefaultPerPage, kMaxPerPage));
}

bool has_term(const json& service, const std::string& term_id) {
  for (const json& a : service["attributes"])
    if (a["taxonomy_term_id"] == term_id) return true;
  return false;
}

// ?organization_id= and ?taxonomy_term_id= filter; ?full=true gives fully nested services.
http::Response services(http::Context& ctx) {
  HsdsExport e = hsds_export(ctx);
  const http::Request& r = ctx.request;
  std::string organization = r.query_param("organization_id"), term = r.query_param("taxonomy_term_id");
  bool full = r.query_param("full") == "true";
  std::vector<json> items;
  for (const json& s : e.services()) {
    if (!organization.empty() && s["organization_id"] != organization) continue;
    if (!term.empty() && !has_term(s, term)) continue;
    items.push_back(full ? s : HsdsExport::service_list_item(s));
  }
  return web::json_response(200, page_of(r, items));
}

http::Response service(http::Context& ctx) {
  HsdsExport e = hsds_export(ctx);
  const json* s = e.service(ctx.param("id"));
  if (!s) return web::error(ctx, 404);
  return web::json_response(200, *s);
}

http::Response organizations(http::Context& ctx) {
  HsdsExport e = hsds_export(ctx);
  std::vector<json> items;
  for (const json& o : e.organizations()) items.push_back(HsdsExport::organization_list_item(o));
  return web::json_response(200, page_of(ctx.request, items));
}

}  // namespace

void add_hsds_routes(http::Router& router) {
  using auth::Rule;
  router.add({"GET", "/api/v1/hsds/services", Rule::open(), services,
              "HSDS 3.0 のサービス一覧（公開）: page, per_page, full=true, organization_id, taxonomy_term_id"});
  router.add({"GET", "/api/v1/hsds/services/{id}", Rule::open(), service,
              "HSDS 3.0 のサービス（公開）: 法人、所在地、属性を含む"});
  router.add({"GET", "/api/v1/hsds/organizations", Rule::open(), organizations, "HSDS 3.0 の法人一覧（公開）: page, per_page"});
}

}  // namespace tsunagu::resources
