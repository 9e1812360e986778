#include "app/pipeline.h"
#include "core/auth/crypto.h"
#include "core/auth/totp.h"
#include "web/form_fields.h"
#include "web/page.h"
#include "web/routes.h"

namespace tsunagu::web {

using auth::Rule;
using nlohmann::json;

namespace {


// Only local paths, so a crafted link cannot send a user elsewhere after login.
std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0 || next.find('\\') != std::string::npos) return "/";
  return next;
}

// Where a signed-in user goes: where they were going, or /account to replace a temporary password.
std::string after_login(Services& s, long long user_id, const std::string& next) {
  auto u = s.users.get(user_id);
  return u && u->password_temporary ? "/account" : safe_next(next);
}

http::Response login_form(http::Context& ctx, const std::string& message, int status, const std::string& login = "") {
  std::string token = anonymous_form_token(ctx);
  json data = {{"login", login}, {"next", safe_next(ctx.request.query_param("next"))}};
  if (!message.empty()) data["message"] = message;
  if (ctx.request.method == "POST") data["next"] = safe_next(ctx.request.form()["next"]);
  http::Response r = page(ctx, "login", "page.login", std::move(data), status);
  r.set_cookie(cookie(ctx, kFormCookie, token, -1));
  return r;
}

http::Response login_get(http::Context& ctx) {
  if (ctx.principal) return http::redirect("/");
  return login_form(ctx, "", 200);
}

http::Response login_post(http::Context& ctx) {
  Services& s = ctx.services;
  http::Params form = ctx.request.form();
  std::string login = form["login"].substr(0, 128), password = form["password"];
  audit::Actor who = actor(ctx);
  who.login = login;
  // A failed sign-in to an existing account is filed under that account's prefecture; one to no account, under none.
  auto filed_under_account = [&] {
    if (auto u = s.users.find(login)) who.prefecture_code = u->prefecture_code;
  };
  if (!s.throttle.allowed(login, ctx.request.client_addr)) {
    filed_under_account();
    s.audit.append(who, {"login_failed", "user", login, "throttled"});
    return login_form(ctx, s.views.message(ctx.lang, "login.throttled"), 429, login);
  }
  auto user_id = s.users.authenticate(login, password);
  s.throttle.record(login, ctx.request.client_addr, user_id.has_value());
  if (!user_id) {
    filed_under_account();
    s.audit.append(who, {"login_failed", "user", login, "bad credentials"});
    return login_form(ctx, s.views.message(ctx.lang, "login.failed"), 401, login);
  }
  auto principal = s.users.principal(*user_id);
  bool needs_code = s.users.totp_secret(*user_id).has_value();
  if (principal) who.prefecture_code = principal->prefecture_code;
  if (!needs_code && principal && s.users.role_requires_totp(principal->role)) {
    // The role requires a second factor this user has not set up: no session until they do.
    s.audit.append(who, {"login_failed", "user", login, "second factor required but not set up"});
    return login_form(ctx, s.views.message(ctx.lang, "login.totp_required"), 403, login);
  }
  if (ctx.session_token.size()) s.sessions.destroy(ctx.session_token);  // a new session id at every login
  auto session = s.sessions.create(*user_id, ctx.request.client_addr, needs_code);
  who.user_id = *user_id;
  if (principal) who.role = std::string(auth::role_name(principal->role));
  s.audit.append(who, {needs_code ? "login_password" : "login", "user", std::to_string(*user_id), ""});
  if (!needs_code) s.users.record_login(*user_id);
  std::string next = after_login(s, *user_id, form["next"]);
  http::Response r = http::redirect(needs_code ? "/login/totp?next=" + http::url_encode(next) : next);
  r.set_cookie(cookie(ctx, kSessionCookie, session.token, s.sessions.limits().absolute_seconds));
  r.set_cookie(cookie(ctx, kFormCookie, "", 0));
  return r;
}

http::Response totp_get(http::Context& ctx) {
  if (!ctx.second_factor_pending) return http::redirect("/login");
  return page(ctx, "totp", "page.totp", {{"next", safe_next(ctx.request.query_param("next"))}});
}

http::Response totp_post(http::Context& ctx) {
  Services& s = ctx.services;
  if (!ctx.second_factor_pending) return http::redirect("/login");
  http::Params form = ctx.request.form();
  auto info = s.sessions.lookup(ctx.session_token);
  auto secret = info ? s.users.totp_secret(info->user_id) : std::nullopt;
  audit::Actor who = actor(ctx);
  if (info) who.user_id = info->user_id;
  if (auto p = info ? s.users.principal(info->user_id) : std::nullopt) {
    who.login = p->login;
    who.role = std::string(auth::role_name(p->role));
    who.prefecture_code = p->prefecture_code;
  }
  std::string code = form["code"];
  if (!secret || !s.throttle.allowed("totp:" + std::to_string(info->user_id), ctx.request.client_addr) ||
      !auth::verify_totp(*secret, code, db::now_seconds())) {
    if (info) s.throttle.record("totp:" + std::to_string(info->user_id), ctx.request.client_addr, false);
    s.audit.append(who, {"login_failed", "user", info ? std::to_string(info->user_id) : "", "bad second factor"});
    return page(ctx, "totp", "page.totp", {{"next", safe_next(form["next"])}, {"message", s.views.message(ctx.lang, "totp.failed")}}, 401);
  }
  s.sessions.complete_second_factor(ctx.session_token);
  s.audit.append(who, {"login", "user", std::to_string(info->user_id), "second factor"});
  s.users.record_login(info->user_id);
  return http::redirect(after_login(s, info->user_id, form["next"]));
}

http::Response logout_post(http::Context& ctx) {
  ctx.services.audit.append(actor(ctx), {"logout", "user", ctx.principal ? std::to_string(ctx.principal->user_id) : "", ""});
  if (!ctx.session_token.empty()) ctx.services.sessions.destroy(ctx.session_token);
  http::Response r = http::redirect("/login");
  r.set_cookie(cookie(ctx, kSessionCookie, "", 0));
  return r;
}

// The password form's fields and their errors (message keys by field).
json password_fields(http::Context& ctx, const auth::FieldErrors& errors) {
  FormFields fields(ctx, "pw-", errors);
  json f;
  f["current_password"] = fields.password("current_password", "account.current_password", "current-password");
  f["new_password"] = fields.password("new_password", "account.new_password", "new-password", "account.password_hint");
  f["new_password_again"] = fields.password("new_password_again", "account.new_password_again", "new-password");
  f["errors"] = fields.summary();
  f["has_errors"] = !errors.empty();
  return f;
}

http::Response account_page(http::Context& ctx, const auth::FieldErrors& errors = {}, int status = 200) {
  Services& s = ctx.services;
  const auth::Principal& p = ctx.user();
  bool enabled = s.users.totp_secret(p.user_id).has_value();
  auto row = s.users.get(p.user_id);
  json data = {{"login", p.login}, {"display_name", p.display_name}, {"role", role_label(ctx, p.role)},
               {"totp_enabled", enabled}, {"totp_required", s.users.role_requires_totp(p.role)},
               {"password_temporary", row && row->password_temporary},
               {"password_changed", ctx.request.query_param("password") == "changed"},
               {"pw", password_fields(ctx, errors)}};
  if (!enabled) {
    std::string secret = ctx.request.query_param("secret");
    if (!auth::base32_decode(secret) || secret.size() != 32) secret = auth::new_totp_secret();
    data["secret"] = secret;
    data["uri"] = auth::totp_uri("tsunagu", p.login, secret);
  }
  return page(ctx, "account", "page.account", std::move(data), status);
}

http::Response account_get(http::Context& ctx) { return account_page(ctx); }

http::Response account_password_post(http::Context& ctx) {
  http::Params form = ctx.request.form();
  auth::AdminResult r = ctx.services.user_admin.change_own_password(
      ctx.user(), actor(ctx), form["current_password"], form["new_password"], form["new_password_again"],
      ctx.session_token);
  if (!r.ok()) return account_page(ctx, r.errors, 422);
  return http::redirect("/account?password=changed");
}

http::Response account_totp_post(http::Context& ctx) {
  Services& s = ctx.services;
  const auth::Principal& p = ctx.user();
  http::Params form = ctx.request.form();
  if (form["action"] == "disable") {
    if (s.users.role_requires_totp(p.role)) return error(ctx, 409, s.views.message(ctx.lang, "totp.cannot_disable"));
    s.users.set_totp(p.user_id, std::nullopt);
    s.audit.append(actor(ctx), {"update", "user", std::to_string(p.user_id), "second factor disabled"});
    return http::redirect("/account");
  }
  std::string secret = form["secret"];
  if (!auth::base32_decode(secret) || !auth::verify_totp(secret, form["code"], db::now_seconds()))
    return http::redirect("/account?secret=" + http::url_encode(secret) + "&failed=1");
  s.users.set_totp(p.user_id, secret);
  s.audit.append(actor(ctx), {"update", "user", std::to_string(p.user_id), "second factor enabled"});
  return http::redirect("/account");
}

}  // namespace

void add_session_routes(http::Router& router) {
  router.add({"GET", "/login", Rule::open(), login_get, "ログイン画面"});
  router.add({"POST", "/login", Rule::open(), login_post, "ログイン"});
  router.add({"GET", "/login/totp", Rule::open(), totp_get, "確認コードの入力"});
  router.add({"POST", "/login/totp", Rule::open(), totp_post, "確認コードの確認"});
  router.add({"POST", "/logout", Rule::needs("session.use"), logout_post, "ログアウト"});
  router.add({"GET", "/account", Rule::needs("session.use"), account_get, "アカウントと二段階認証"});
  router.add({"POST", "/account/totp", Rule::needs("session.use"), account_totp_post, "二段階認証の設定"});
  router.add({"POST", "/account/password", Rule::needs("session.use"), account_password_post, "パスワードの変更"});
}

}  // namespace tsunagu::web
