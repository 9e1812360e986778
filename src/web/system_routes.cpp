#include "app/pipeline.h"
#include "core/auth/crypto.h"
#include "core/view/resources.h"
#include "web/page.h"
#include "web/routes.h"

namespace tsunagu::web {

using auth::Role;
using auth::Rule;
using nlohmann::json;

void grant_permissions(auth::Policy& policy) {
  policy.grant_every_role("session.use");
  policy.grant("audit.read", {Role::system_admin, Role::prefecture_admin});
  // Who of the users a prefecture administrator manages is auth::UserAdmin's rule (the "user" object check).
  policy.grant("users.manage", {Role::system_admin, Role::prefecture_admin});
  // Role settings hold in every prefecture.
  policy.grant("roles.manage", {Role::system_admin});
}

namespace {

std::string content_type(const std::string& name) {
  auto ends = [&](const char* s) { return name.ends_with(s); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

http::Response static_file(http::Context& ctx) {
  std::string name = "static/" + ctx.param("path");
  auto data = resources::find(name);
  if (!data || name.find("..") != std::string::npos) return http::text(404, "Not Found\n");
  std::string etag = "\"" + auth::sha256_hex(*data).substr(0, 32) + "\"";
  http::Response r;
  r.headers["ETag"] = etag;
  r.headers["Cache-Control"] = "public, max-age=3600, must-revalidate";
  if (ctx.request.header("If-None-Match") == etag) {
    r.status = 304;
    return r;
  }
  r.headers["Content-Type"] = content_type(name);
  r.body = std::string(*data);
  return r;
}

// How many active children the user may see, how many of them depend on electricity, and (for reviewers) how many
// registration forms wait: counts only, no names, over the same visibility rule as the list.
json registry_summary(http::Context& ctx) {
  const auth::Principal& p = ctx.user();
  std::string today = registry::today_in_japan();
  registry::ListFilter f;
  f.status = "active";
  json out = {{"active", ctx.services.registry.store().count_matching(p, f, today)}};
  f.electricity_dependent = true;
  out["electricity"] = ctx.services.registry.store().count_matching(p, f, today);
  bool can_review = ctx.services.policy.granted(p.role, "registry.review") && !p.prefecture_code.empty();
  out["can_review"] = can_review;
  if (can_review) out["pending"] = ctx.services.registrations.pending_count(p.prefecture_code);
  return out;
}

http::Response dashboard(http::Context& ctx) {
  const auth::Principal& p = ctx.user();
  const master::MasterData& md = ctx.services.master;
  json data = {{"role", role_label(ctx, p.role)}, {"login", p.login}};
  if (const master::Prefecture* pref = md.prefecture(p.prefecture_code))
    data["prefecture"] = {{"code", pref->code}, {"name", pref->name}, {"link", p.role != Role::municipal_staff && p.role != Role::facility_staff}};
  if (const master::Municipality* m = md.municipality(p.municipality_code))
    data["municipality"] = {{"code", m->code}, {"name", m->name}};
  json departments = json::array();
  for (const std::string& d : p.departments) departments.push_back(ctx.services.views.message(ctx.lang, "department." + d));
  data["departments"] = departments;
  data["has_departments"] = !p.departments.empty();
  data["can_audit"] = ctx.services.policy.granted(p.role, "audit.read");
  data["can_manage_users"] = ctx.services.policy.granted(p.role, "users.manage");
  if (ctx.services.policy.granted(p.role, "registry.read")) data["registry"] = registry_summary(ctx);
  return page(ctx, "dashboard", "page.dashboard", std::move(data));
}

http::Response language(http::Context& ctx) {
  std::string to = ctx.request.query_param("to") == "en" ? "en" : "ja";
  std::string next = ctx.request.query_param("next");
  if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0) next = "/";
  http::Response r = http::redirect(next);
  r.set_cookie(std::string(kLangCookie) + "=" + to + "; Path=/; Max-Age=31536000; SameSite=Lax");
  return r;
}

http::Response readyz(http::Context& ctx) {
  try {
    db::Session sql(ctx.services.db);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return json_response(200, {{"status", "ready"}});
  } catch (const std::exception&) {
    return json_response(503, {{"status", "database unreachable"}});
  }
}

http::Response me(http::Context& ctx) {
  const auth::Principal& p = ctx.user();
  return json_response(200, {{"login", p.login},
                    {"display_name", p.display_name},
                    {"role", std::string(auth::role_name(p.role))},
                    {"prefecture_code", p.prefecture_code},
                    {"municipality_code", p.municipality_code},
                    {"departments", p.departments},
                    {"facility_id", p.facility_id ? json(*p.facility_id) : json(nullptr)}});
}

}  // namespace

void add_system_routes(http::Router& router) {
  router.add({"GET", "/", Rule::needs("session.use"), dashboard, "ダッシュボード"});
  router.add({"GET", "/lang", Rule::open(), language, "表示言語の切り替え"});
  router.add(http::nonblocking(
      {"GET", "/healthz", Rule::open(), [](http::Context&) { return http::text(200, "ok\n"); }, "Process alive"}));
  router.add(http::sessionless({"GET", "/readyz", Rule::open(), readyz, "Database reachable"}));
  router.add(http::nonblocking({"GET", "/static/{path*}", Rule::open(), static_file, "静的ファイル"}));
  router.add({"GET", "/api/v1/openapi.json", Rule::open(),
              [](http::Context& ctx) { return json_response(200, openapi_document(ctx.services.router)); },
              "This API description (OpenAPI 3)"});
  router.add({"GET", "/api/v1/me", Rule::needs("session.use"), me, "The authenticated user, role and scope"});
}

}  // namespace tsunagu::web
