#include "app/pipeline.h"

#include <cstdio>
#include <iostream>

#include "core/auth/crypto.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "web/page.h"

namespace tsunagu {

namespace {

bool is_safe_method(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

bool body_needs_text(const http::Request& r) {
  std::string type = r.header("Content-Type");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("text/", 0) == 0;
}

std::string bearer_token(const http::Request& r) {
  std::string h = r.header("Authorization");
  if (h.size() > 7 && (h.rfind("Bearer ", 0) == 0 || h.rfind("bearer ", 0) == 0)) return h.substr(7);
  return "";
}

}  // namespace

void add_security_headers(http::Response& r, bool is_static) {
  r.headers.emplace("X-Content-Type-Options", "nosniff");
  r.headers.emplace("Referrer-Policy", "same-origin");
  r.headers.emplace("X-Frame-Options", "DENY");
  r.headers.emplace("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  // Pages may hold personal data: never kept by browsers or proxies. Static assets set their own.
  if (!is_static) r.headers.emplace("Cache-Control", "no-store");
}

Pipeline::Pipeline(Services& services) : s_(services), request_id_prefix_(auth::random_hex(5)) {}

std::string Pipeline::next_request_id() {
  char counter[17];
  std::snprintf(counter, sizeof counter, "%06llx",
                static_cast<unsigned long long>(requests_.fetch_add(1, std::memory_order_relaxed) & 0xffffffffffULL));
  return request_id_prefix_ + counter;
}

bool Pipeline::runs_inline(const http::Request& req) const {
  std::string path;
  http::Params query;
  if (!http::parse_target(req.target, path, query)) return true;
  http::Match m = s_.router.match(req.method, path);
  return m.status != 200 || m.route->nonblocking;
}

http::Response Pipeline::handle(http::Request& req) {
  http::Context ctx{req, s_};
  ctx.request_id = next_request_id();
  std::string lang = req.cookie(kLangCookie).value_or("ja");
  ctx.lang = lang == "en" ? "en" : "ja";
  http::Response res;
  bool is_static = false;
  try {
    if (!http::parse_target(req.target, req.path, req.query) ||
        (body_needs_text(req) && !text::valid_utf8(req.body))) {
      res = web::error(ctx, 400, s_.views.message(ctx.lang, "error.bad_request_detail"));
    } else {
      http::Match m = s_.router.match(req.method, req.path);
      if (m.status == 404) {
        res = web::error(ctx, 404);
      } else if (m.status == 405) {
        res = web::error(ctx, 405);
        res.headers["Allow"] = m.allowed_methods;
      } else {
        is_static = m.route->pattern.rfind("/static/", 0) == 0;
        res = dispatch(ctx, m);
      }
    }
  } catch (const std::exception& e) {
    // The detail goes to the server log only: no SQL text or internals reach a user.
    std::cerr << R"({"level":"error","request_id":")" << ctx.request_id << R"(","error":)"
              << nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "}\n";
    try {
      res = web::error(ctx, 500);
    } catch (...) {
      res = http::text(500, "Internal Server Error\n");
    }
  }
  res.headers["X-Request-Id"] = ctx.request_id;
  if (ctx.principal) res.log_user = std::to_string(ctx.principal->user_id);
  add_security_headers(res, is_static);
  return res;
}

bool Pipeline::authenticate(http::Context& ctx, http::Response& refusal) {
  std::string bearer = bearer_token(ctx.request);
  if (!bearer.empty()) {
    auto user_id = s_.tokens.lookup(bearer);
    if (user_id) ctx.principal = s_.users.principal(*user_id);
    if (ctx.principal) {
      ctx.principal->via_token = true;
      return true;
    }
    refusal = web::error(ctx, 401, s_.views.message(ctx.lang, "error.bad_token"));
    refusal.headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\"";
    return false;
  }
  auto token = ctx.request.cookie(kSessionCookie);
  if (!token) {
    ctx.csrf_token = ctx.request.cookie(kFormCookie).value_or("");
    return true;
  }
  auto session = s_.sessions.lookup(*token);
  if (!session) return true;
  ctx.session_token = *token;
  ctx.csrf_token = session->csrf_token;
  ctx.second_factor_pending = session->second_factor_pending;
  if (!session->second_factor_pending) ctx.principal = s_.users.principal(session->user_id);
  return true;
}

bool Pipeline::resolve_scope(http::Context& ctx, const auth::Rule& rule, auth::ScopeTarget& target) {
  target.kind = rule.scope;
  if (rule.scope == auth::ScopeKind::none) return true;
  const std::string& value = ctx.params[rule.scope_param];
  switch (rule.scope) {
    case auth::ScopeKind::municipality: {
      const master::Municipality* m = s_.master.municipality(value);
      if (!m) return false;
      target.municipality_code = m->code;
      target.prefecture_code = m->prefecture_code;
      return true;
    }
    case auth::ScopeKind::prefecture:
      if (!s_.master.prefecture(value)) return false;
      target.prefecture_code = value;
      return true;
    case auth::ScopeKind::facility:
      if (auto id = text::parse_id(value)) {
        target.facility_id = *id;
        return true;
      }
      return false;
    case auth::ScopeKind::object: {
      auth::ObjectAccess access = s_.policy.check_object(rule.object_type, *ctx.principal, value);
      target.object_visible = access == auth::ObjectAccess::visible;
      return access != auth::ObjectAccess::missing;
    }
    case auth::ScopeKind::none:
      return true;
  }
  return false;
}

bool Pipeline::csrf_ok(http::Context& ctx) {
  if (is_safe_method(ctx.request.method)) return true;
  if (ctx.principal && ctx.principal->via_token) return true;  // no ambient credential to abuse
  std::string sent = ctx.request.header("X-CSRF-Token");
  if (sent.empty()) {
    auto form = ctx.request.form();
    sent = form.count("_csrf") ? form["_csrf"] : "";
  }
  return !ctx.csrf_token.empty() && auth::equal_constant_time(sent, ctx.csrf_token);
}

http::Response Pipeline::dispatch(http::Context& ctx, const http::Match& m) {
  ctx.params = m.params;
  const auth::Rule& rule = m.route->rule;
  if (!m.route->sessionless) {
    http::Response refusal;
    if (!authenticate(ctx, refusal)) return refusal;
  }
  if (!rule.is_public()) {
    if (!ctx.principal) {
      if (ctx.second_factor_pending && !ctx.request.wants_json()) return http::redirect("/login/totp");
      if (ctx.request.wants_json() || !is_safe_method(ctx.request.method)) {
        http::Response r = web::error(ctx, 401);
        if (ctx.request.wants_json()) r.headers["WWW-Authenticate"] = "Bearer";
        return r;
      }
      return http::redirect("/login?next=" + http::url_encode(ctx.request.target));
    }
    auth::ScopeTarget target;
    // A role without the permission learns nothing of the object, not even whether it exists.
    bool granted = s_.policy.granted(ctx.principal->role, rule.permission);
    if (granted && !resolve_scope(ctx, rule, target)) return web::error(ctx, 404);
    if (!granted || !s_.policy.allows(*ctx.principal, rule, target)) {
      s_.audit.append(web::actor(ctx), {"denied", "route", m.route->method + " " + m.route->pattern, ctx.request.path});
      return web::error(ctx, 403);
    }
  }
  if (!csrf_ok(ctx)) return web::error(ctx, 403, s_.views.message(ctx.lang, "error.csrf"));
  return m.route->handler(ctx);
}

}  // namespace tsunagu
