// User administration (/admin/users): the list with filters, a new user, disabling and enabling, a temporary
// password, and the role settings for a second factor. Who manages whom is auth::UserAdmin's rule; the routes
// only turn forms into its calls and its answers into pages.
#include "app/services.h"
#include "core/text/lg_code.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "web/form_fields.h"
#include "web/page.h"
#include "web/routes.h"

namespace tsunagu::web {

using auth::Role;
using auth::Rule;
using nlohmann::json;

namespace {

std::string msg(const http::Context& ctx, const std::string& key) { return ctx.services.views.message(ctx.lang, key); }

std::string form_value(const http::Params& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

long long user_id(const http::Context& ctx) { return text::parse_id(ctx.param("id")).value_or(0); }

// Where a user works, for people: the prefecture, the municipality, or the facility.
std::string scope_text(http::Context& ctx, const auth::UserRow& u) {
  const master::MasterData& md = ctx.services.master;
  if (u.facility_id) {
    auto f = ctx.services.resources.get(*u.facility_id);
    return msg(ctx, "users.facility") + " " + std::to_string(*u.facility_id) + (f ? " " + f->name : "");
  }
  if (const master::Municipality* m = md.municipality(u.municipality_code)) return m->name;
  if (const master::Prefecture* p = md.prefecture(u.prefecture_code)) return p->name;
  return msg(ctx, "users.scope_all");
}

json user_json(http::Context& ctx, const auth::UserRow& u) {
  json departments = json::array();
  for (const std::string& d : u.departments) departments.push_back(msg(ctx, "department." + d));
  auto role = auth::parse_role(u.role);
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", role ? role_label(ctx, *role) : u.role},
          {"scope", scope_text(ctx, u)},
          {"departments", departments},
          {"disabled", u.disabled},
          {"totp", u.totp_enabled},
          {"temporary", u.password_temporary},
          {"last_login", u.last_login_at ? local_time(*u.last_login_at) : msg(ctx, "users.never")}};
}

json role_options(const http::Context& ctx, const std::vector<Role>& roles, const std::string& selected) {
  json out = json::array();
  for (Role r : roles) {
    std::string name(auth::role_name(r));
    out.push_back({{"value", name}, {"label", role_label(ctx, r)}, {"selected", name == selected}});
  }
  return out;
}

json prefecture_options(const http::Context& ctx, const std::string& selected) {
  json out = json::array();
  for (const master::Prefecture& p : ctx.services.master.prefectures())
    out.push_back({{"value", p.code}, {"label", p.name}, {"selected", p.code == selected}});
  return out;
}

json municipality_options(const http::Context& ctx, const std::string& prefecture, const std::string& selected) {
  json out = json::array();
  for (const master::Municipality* m : ctx.services.master.municipalities_in(prefecture))
    out.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == selected}});
  return out;
}

// The list

http::Response list_page(http::Context& ctx) {
  const auth::Principal& admin = ctx.user();
  bool system = admin.role == Role::system_admin;
  auth::UserFilter f;
  if (auto r = auth::parse_role(ctx.request.query_param("role"))) f.role = std::string(auth::role_name(*r));
  if (system && ctx.services.master.prefecture(ctx.request.query_param("prefecture")))
    f.prefecture_code = ctx.request.query_param("prefecture");
  if (const master::Municipality* m = ctx.services.master.municipality(ctx.request.query_param("municipality")))
    f.municipality_code = m->code;
  json rows = json::array();
  for (const auth::UserRow& u : ctx.services.user_admin.list(admin, actor(ctx), f)) rows.push_back(user_json(ctx, u));
  // Municipalities to filter by: the administrator's prefecture, or the one chosen, or the installation's.
  std::string places = !f.prefecture_code.empty() ? f.prefecture_code
                       : !admin.prefecture_code.empty() ? admin.prefecture_code
                                                         : ctx.services.settings.prefecture_code;
  json data = {{"rows", rows},
               {"count", rows.size()},
               {"empty", rows.empty()},
               {"system", system},
               {"roles", role_options(ctx, auth::assignable_roles(admin), f.role)},
               {"prefectures", prefecture_options(ctx, f.prefecture_code)},
               {"municipalities", municipality_options(ctx, places, f.municipality_code)}};
  if (std::string done = ctx.request.query_param("done"); done == "totp") data["notice"] = msg(ctx, "users.totp_done");
  if (auth::may_change_role_settings(admin)) {
    std::vector<Role> required = ctx.services.users.roles_requiring_totp();
    json settings = json::array();
    for (Role r : auth::kAllRoles) {
      bool on = std::find(required.begin(), required.end(), r) != required.end();
      settings.push_back({{"role", std::string(auth::role_name(r))}, {"label", role_label(ctx, r)}, {"required", on}});
    }
    data["role_settings"] = settings;
    data["has_role_settings"] = true;
  }
  return page(ctx, "users", "page.users", std::move(data));
}

// A new user

// The form's fields, as the templates' _text_field and _select_field partials want them.
json new_user_view(http::Context& ctx, const http::Params& form, const auth::FieldErrors& errors) {
  const auth::Principal& admin = ctx.user();
  bool system = admin.role == Role::system_admin;
  FormFields fields(ctx, "u-", errors);
  json v;
  v["login"] = fields.text("login", form_value(form, "login"), "users.login", true, "users.hint.login");
  v["login"]["autocomplete"] = "off";
  v["display_name"] = fields.text("display_name", form_value(form, "display_name"), "users.name", true);
  v["role"] = fields.text("role", "", "users.role", true);
  v["role"]["options"] = role_options(ctx, auth::assignable_roles(admin), form_value(form, "role"));
  std::string prefecture = system ? form_value(form, "prefecture_code") : admin.prefecture_code;
  v["prefecture_code"] = fields.text("prefecture_code", prefecture, "users.prefecture", false, "users.hint.prefecture");
  v["prefecture_code"]["options"] = prefecture_options(ctx, prefecture);
  if (const master::Prefecture* p = ctx.services.master.prefecture(admin.prefecture_code)) v["own_prefecture"] = p->name;
  v["municipality_code"] = fields.text("municipality_code", form_value(form, "municipality_code"), "users.municipality",
                                       false, "users.hint.municipality");
  v["municipality_code"]["inputmode"] = "numeric";
  v["facility_id"] = fields.text("facility_id", form_value(form, "facility_id"), "users.facility_id", false,
                                 "users.hint.facility");
  v["facility_id"]["inputmode"] = "numeric";
  v["password"] = fields.password("password", "users.password", "new-password", "users.hint.password");
  v["password_again"] = fields.password("password_again", "users.password_again", "new-password");
  json departments = fields.text("departments", "", "users.departments", false, "users.hint.departments");
  json options = json::array();
  for (std::string_view d : auth::kDepartments) {
    std::string code(d);
    options.push_back({{"name", "department." + code}, {"id", "u-department-" + code},
                       {"label", msg(ctx, "department." + code)}, {"checked", form.count("department." + code) > 0}});
  }
  departments["options"] = options;
  v["departments"] = departments;
  v["system"] = system;
  v["errors"] = fields.summary();
  v["has_errors"] = !errors.empty();
  return v;
}

http::Response new_user_page(http::Context& ctx, const http::Params& form, const auth::FieldErrors& errors, int status) {
  return page(ctx, "user_new", "page.user_new", new_user_view(ctx, form, errors), status);
}

http::Response new_user_get(http::Context& ctx) { return new_user_page(ctx, {}, {}, 200); }

// The form's scope fields that the chosen role uses; the others are left out.
auth::NewUser new_user_from(const http::Context& ctx, const http::Params& form, auth::FieldErrors& errors) {
  auth::NewUser u;
  u.login = text::trim(form_value(form, "login"));
  u.display_name = form_value(form, "display_name");
  u.password = form_value(form, "password");
  auto role = auth::parse_role(form_value(form, "role"));
  if (!role) {
    errors["role"] = "users.error.role";
    return u;
  }
  u.role = *role;
  const auth::Principal& admin = ctx.user();
  std::string prefecture = admin.role == Role::system_admin ? form_value(form, "prefecture_code") : admin.prefecture_code;
  switch (u.role) {
    case Role::system_admin:
      break;
    case Role::municipal_staff: {
      std::string typed = text::trim(form_value(form, "municipality_code"));
      u.municipality_code = text::normalize_lg_code(typed).value_or(typed);
      for (std::string_view d : auth::kDepartments)
        if (form.count("department." + std::string(d))) u.departments.emplace_back(d);
      break;
    }
    case Role::facility_staff: {
      u.prefecture_code = prefecture;
      std::string typed = text::trim(form_value(form, "facility_id"));
      if (auto id = text::parse_id(typed)) u.facility_id = *id;
      else if (!typed.empty()) errors["facility_id"] = "users.error.facility_number";
      break;
    }
    default:
      u.prefecture_code = prefecture;
  }
  return u;
}

http::Response create_post(http::Context& ctx) {
  http::Params form = ctx.request.form();
  auth::FieldErrors errors;
  auth::NewUser u = new_user_from(ctx, form, errors);
  if (!errors.empty()) return new_user_page(ctx, form, errors, 422);
  auth::AdminResult r = ctx.services.user_admin.create(ctx.user(), actor(ctx), u, form_value(form, "password_again"));
  if (r.refused()) return error(ctx, 403);
  if (!r.ok()) return new_user_page(ctx, form, r.errors, 422);
  return http::redirect("/admin/users/" + std::to_string(r.id) + "?done=created");
}

// One user

const char* kNotices[][2] = {{"created", "users.created"},
                             {"disabled", "users.disabled_done"},
                             {"enabled", "users.enabled_done"},
                             {"password", "users.reset_done"}};

http::Response user_page(http::Context& ctx, const auth::FieldErrors& errors = {}, int status = 200) {
  auto u = ctx.services.user_admin.read(ctx.user(), actor(ctx), user_id(ctx));
  if (!u) return error(ctx, 404);
  FormFields fields(ctx, "p-", errors);
  json data = {{"u", user_json(ctx, *u)}, {"self", u->id == ctx.user().user_id}};
  data["password"] = fields.password("password", "users.password", "new-password", "users.hint.reset");
  data["password_again"] = fields.password("password_again", "users.password_again", "new-password");
  data["errors"] = fields.summary();
  if (errors.count("disabled")) {
    data["disable_error"] = msg(ctx, errors.at("disabled"));
    data["errors"].push_back({{"id", "disable-error"}, {"message", data["disable_error"]}});
  }
  data["has_errors"] = !errors.empty();
  std::string done = ctx.request.query_param("done");
  for (const auto& [code, key] : kNotices)
    if (done == code) data["notice"] = msg(ctx, key);
  return page(ctx, "user", "page.user", std::move(data), status);
}

http::Response user_get(http::Context& ctx) { return user_page(ctx); }

http::Response after(http::Context& ctx, const auth::AdminResult& r, const std::string& done) {
  if (r.refused()) return error(ctx, 403);
  if (!r.ok()) return user_page(ctx, r.errors, 422);
  return http::redirect("/admin/users/" + ctx.param("id") + "?done=" + done);
}

http::Response disable_post(http::Context& ctx) {
  return after(ctx, ctx.services.user_admin.set_disabled(ctx.user(), actor(ctx), user_id(ctx), true), "disabled");
}

http::Response enable_post(http::Context& ctx) {
  return after(ctx, ctx.services.user_admin.set_disabled(ctx.user(), actor(ctx), user_id(ctx), false), "enabled");
}

http::Response password_post(http::Context& ctx) {
  http::Params form = ctx.request.form();
  auth::AdminResult r = ctx.services.user_admin.reset_password(ctx.user(), actor(ctx), user_id(ctx),
                                                               form_value(form, "password"),
                                                               form_value(form, "password_again"));
  return after(ctx, r, "password");
}

// Role settings

http::Response role_totp_post(http::Context& ctx) {
  auto role = auth::parse_role(ctx.param("role"));
  if (!role) return error(ctx, 404);
  bool required = ctx.request.form()["required"] == "1";
  if (!ctx.services.user_admin.set_role_requires_totp(ctx.user(), actor(ctx), *role, required)) return error(ctx, 403);
  return http::redirect("/admin/users?done=totp");
}

}  // namespace

void add_object_checks(auth::Policy& policy, auth::UserAdmin& user_admin) {
  policy.add_object_check("user", [&user_admin](const auth::Principal& p, const std::string& id) {
    return user_admin.access(p, id);
  });
}

void add_user_routes(http::Router& router) {
  auto one = [] { return Rule::needs("users.manage").on_object("user", "id"); };
  router.add({"GET", "/admin/users", Rule::needs("users.manage"), list_page, "ユーザーの一覧"});
  router.add({"GET", "/admin/users/new", Rule::needs("users.manage"), new_user_get, "ユーザーの作成画面"});
  router.add({"POST", "/admin/users", Rule::needs("users.manage"), create_post, "ユーザーの作成"});
  router.add({"GET", "/admin/users/{id}", one(), user_get, "ユーザーの詳細"});
  router.add({"POST", "/admin/users/{id}/disable", one(), disable_post, "ユーザーを無効にする"});
  router.add({"POST", "/admin/users/{id}/enable", one(), enable_post, "ユーザーを有効に戻す"});
  router.add({"POST", "/admin/users/{id}/password", one(), password_post, "仮のパスワードの設定"});
  router.add({"POST", "/admin/roles/{role}/totp", Rule::needs("roles.manage"), role_totp_post,
              "役割ごとの二段階認証の設定"});
}

}  // namespace tsunagu::web
