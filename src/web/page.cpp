#include "web/page.h"

#include "app/services.h"
#include "core/auth/crypto.h"
#include "core/http/message.h"

#include <ctime>

namespace tsunagu::web {

namespace {

nlohmann::json navigation(const http::Context& ctx) {
  nlohmann::json nav = nlohmann::json::array();
  if (!ctx.principal) return nav;
  const auth::Principal& p = *ctx.principal;
  const auth::Policy& policy = ctx.services.policy;
  auto add = [&](const std::string& href, const std::string& key) {
    bool current = ctx.request.path == href || (href != "/" && ctx.request.path.rfind(href, 0) == 0);
    nav.push_back({{"href", href}, {"label", ctx.services.views.message(ctx.lang, key)}, {"current", current}});
  };
  add("/", "nav.dashboard");
  if (policy.granted(p.role, "registry.read")) add("/children", "nav.children");
  if (policy.granted(p.role, "registry.review")) add("/registrations", "nav.registrations");
  if (policy.granted(p.role, "census.read")) add("/census", "nav.census");
  if (policy.granted(p.role, "resources.read")) add("/resources", "nav.resources");
  if (policy.granted(p.role, "master.read")) {
    if (p.role == auth::Role::municipal_staff) add("/municipalities/" + p.municipality_code, "nav.municipality");
    else if (!p.prefecture_code.empty()) add("/prefectures/" + p.prefecture_code, "nav.prefecture");
    else add("/prefectures", "nav.prefectures");
    add("/care-items", "nav.care_items");
  }
  if (policy.granted(p.role, "users.manage")) add("/admin/users", "nav.users");
  if (policy.granted(p.role, "audit.read")) add("/admin/audit", "nav.audit");
  add("/account", "nav.account");
  return nav;
}

}  // namespace

std::string role_label(const http::Context& ctx, auth::Role role) {
  return ctx.services.views.message(ctx.lang, "role." + std::string(auth::role_name(role)));
}

http::Response page(http::Context& ctx, const std::string& name, const std::string& title_key, nlohmann::json data,
                    int status) {
  const view::Views& views = ctx.services.views;
  data["lang"] = ctx.lang;
  data["csrf"] = ctx.csrf_token;
  std::string title = views.message(ctx.lang, title_key);
  if (ctx.principal) {
    data["user"] = {{"display_name", ctx.principal->display_name}, {"role", role_label(ctx, ctx.principal->role)}};
  }
  nlohmann::json layout = {{"lang", ctx.lang}, {"csrf", ctx.csrf_token}, {"title", title}};
  if (data.contains("user")) layout["user"] = data["user"];
  layout["content"] = views.render(name, data, ctx.lang);
  layout["nav"] = navigation(ctx);
  layout["other_lang"] = ctx.lang == "ja" ? "en" : "ja";
  layout["other_lang_label"] = ctx.lang == "ja" ? "English" : "日本語";
  layout["next"] = http::url_encode(ctx.request.target);
  http::Response r = http::text(status, views.render("layout", layout, ctx.lang), "text/html; charset=utf-8");
  return r;
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::text(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json; charset=utf-8");
}

http::Response error(http::Context& ctx, int status, const std::string& detail) {
  const view::Views& views = ctx.services.views;
  std::string title = views.message(ctx.lang, "error." + std::to_string(status));
  if (title == "error." + std::to_string(status)) title = views.message(ctx.lang, "error.other");
  if (ctx.request.wants_json()) {
    nlohmann::json problem = {{"type", "about:blank"},
                              {"title", std::string(http::reason(status))},
                              {"status", status},
                              {"instance", ctx.request.path},
                              {"request_id", ctx.request_id}};
    if (!detail.empty()) problem["detail"] = detail;
    http::Response r = json_response(status, problem);
    r.headers["Content-Type"] = "application/problem+json";
    return r;
  }
  nlohmann::json data = {{"status", status}, {"message", title}, {"request_id", ctx.request_id}};
  if (!detail.empty()) data["detail"] = detail;
  return page(ctx, "error", "error.title", std::move(data), status);
}

audit::Actor actor(const http::Context& ctx) {
  audit::Actor a;
  if (ctx.principal) {
    a.user_id = ctx.principal->user_id;
    a.login = ctx.principal->login;
    a.role = std::string(auth::role_name(ctx.principal->role));
    a.prefecture_code = ctx.principal->prefecture_code;
  }
  a.request_id = ctx.request_id;
  a.client_addr = ctx.request.client_addr;
  return a;
}

namespace {

std::string format_time(long long t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string cookie(const http::Context& ctx, const std::string& name, const std::string& value, long long max_age) {
  std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
  if (ctx.services.settings.secure_cookies || ctx.request.secure) c += "; Secure";
  return c;
}

std::string anonymous_form_token(http::Context& ctx) {
  if (ctx.csrf_token.empty()) ctx.csrf_token = auth::random_token(32);
  return ctx.csrf_token;
}

std::string iso_time(long long t) { return format_time(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string local_time(long long t) { return format_time(t + 9 * 3600, "%Y-%m-%d %H:%M"); }

}  // namespace tsunagu::web
