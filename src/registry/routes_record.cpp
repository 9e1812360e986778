// One child: detail, print view, new and edit forms, consents, version history, legal erasure, and the
// same through the JSON API. Every route with {id} passes the "child" object check first (routes.h).
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "registry/fhir.h"
#include "registry/present.h"
#include "registry/record_json.h"
#include "registry/routes.h"
#include "registry/routes_common.h"
#include "web/page.h"

namespace tsunagu::registry::detail {

using nlohmann::json;

namespace {

json consent_form(const http::Context& ctx, const FieldErrors& errors) {
  Label l = label(ctx);
  json scopes = options(l, "consent_scope", kConsentScopes, std::size(kConsentScopes), "");
  json methods = options(l, "consent_method", kConsentMethods, std::size(kConsentMethods), "paper");
  return {{"scopes", scopes}, {"methods", methods}, {"errors", errors_json(errors)}, {"has_errors", !errors.empty()},
          {"today", today_in_japan()}};
}

http::Response show(http::Context& ctx, const std::string& view, const std::string& title,
                    const FieldErrors& consent_errors = {}, int status = 200) {
  auto c = ctx.services.registry.read(ctx.user(), web::actor(ctx), child_id(ctx), view);
  if (!c) return web::error(ctx, 404);
  json data = {{"child", page_json(*c, ctx.services.master, today_in_japan(), label(ctx), coordinator_name(ctx, *c))},
               {"can_write", ctx.services.policy.granted(ctx.user().role, "registry.write")},
               {"can_erase", ctx.services.policy.granted(ctx.user().role, "registry.erase")},
               {"form", consent_form(ctx, consent_errors)},
               {"printed_at", today_in_japan()}};
  return web::page(ctx, view, title, std::move(data), status);
}

http::Response detail_page(http::Context& ctx) { return show(ctx, "child", "page.child"); }
http::Response print_page(http::Context& ctx) { return show(ctx, "child_print", "page.child_print"); }

http::Response form_page(http::Context& ctx, const Child& c, const FieldErrors& errors, bool is_new, int status) {
  json data = form_view(c, errors, label(ctx), ctx.services.master,
                        ctx.services.registry.coordinators(ctx.user().prefecture_code));
  data["is_new"] = is_new;
  data["action"] = is_new ? std::string("/children") : "/children/" + std::to_string(c.id);
  data["id"] = c.id;
  return web::page(ctx, "child_form", is_new ? "page.child_new" : "page.child_edit", std::move(data), status);
}

http::Response new_page(http::Context& ctx) {
  Child c;
  c.prefecture_code = ctx.user().prefecture_code;
  c.source = "municipal_report";
  c.life_stage = "home";
  return form_page(ctx, c, {}, true, 200);
}

http::Response create(http::Context& ctx) {
  http::Params form = ctx.request.form();
  Child c = child_from_form(form, ctx.services.master.care_items());
  c.prefecture_code = ctx.user().prefecture_code;
  if (c.status.empty()) c.status = "active";
  SaveResult r = ctx.services.registry.create(ctx.user(), web::actor(ctx), c, {}, "登録");
  if (!r.ok()) return form_page(ctx, c, r.errors, true, 422);
  return http::redirect("/children/" + std::to_string(r.id));
}

http::Response edit_page(http::Context& ctx) {
  auto c = ctx.services.registry.read(ctx.user(), web::actor(ctx), child_id(ctx), "edit form");
  if (!c) return web::error(ctx, 404);
  return form_page(ctx, *c, {}, false, 200);
}

http::Response update(http::Context& ctx) {
  Child c = child_from_form(ctx.request.form(), ctx.services.master.care_items());
  c.id = child_id(ctx);
  c.prefecture_code = ctx.user().prefecture_code;
  SaveResult r = ctx.services.registry.update(ctx.user(), web::actor(ctx), c, "更新");
  if (r.conflict) {
    FieldErrors e{{"version", ctx.services.views.message(ctx.lang, "registry.conflict")}};
    return form_page(ctx, c, e, false, 409);
  }
  if (!r.ok()) return form_page(ctx, c, r.errors, false, 422);
  return http::redirect("/children/" + std::to_string(c.id));
}

http::Response history_page(http::Context& ctx) {
  long long id = child_id(ctx);
  auto c = ctx.services.registry.read(ctx.user(), web::actor(ctx), id, "history");
  if (!c) return web::error(ctx, 404);
  std::vector<Version> versions = ctx.services.registry.store().history(id);
  json list = json::array();
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const Version& v = versions[i];
    json changes = i + 1 < versions.size() ? diff(versions[i + 1].snapshot, v.snapshot) : json::array();
    for (json& ch : changes) {
      std::string field = ch["field"].get<std::string>();
      ch["label"] = ctx.services.views.message(ctx.lang, "registry.field." + field);
      for (const char* k : {"before", "after"}) ch[k] = describe(field, ch[k], ctx.services.master, label(ctx));
    }
    list.push_back({{"version", v.version}, {"saved_at", web::local_time(v.saved_at)}, {"login", v.login},
                    {"summary", v.summary}, {"changes", changes}, {"is_first", i + 1 == versions.size()}});
  }
  json data = {{"child", {{"id", id}, {"full_name", c->full_name()}}}, {"versions", list}};
  return web::page(ctx, "child_history", "page.child_history", std::move(data));
}

Consent consent_from(const http::Params& form) {
  Consent k;
  auto get = [&](const char* key) { return form.count(key) ? form.at(key) : std::string(); };
  k.scope = get("scope");
  k.method = get("method");
  k.given_on = get("given_on");
  return k;
}

http::Response add_consent(http::Context& ctx) {
  FieldErrors e = ctx.services.registry.add_consent(web::actor(ctx), child_id(ctx), consent_from(ctx.request.form()));
  if (!e.empty()) return show(ctx, "child", "page.child", e, 422);
  return http::redirect("/children/" + ctx.param("id") + "#consent");
}

std::optional<long long> consent_param(const http::Context& ctx) { return text::parse_id(ctx.param("consent")); }

http::Response withdraw(http::Context& ctx) {
  auto consent = consent_param(ctx);
  if (!consent) return web::error(ctx, 404);
  http::Params form = ctx.request.form();
  std::string on = form.count("withdrawn_on") ? form["withdrawn_on"] : today_in_japan();
  FieldErrors e = ctx.services.registry.withdraw_consent(web::actor(ctx), child_id(ctx), *consent, on);
  if (!e.empty()) return show(ctx, "child", "page.child", e, 422);
  return http::redirect("/children/" + ctx.param("id") + "#consent");
}

http::Response erase_page(http::Context& ctx) { return show(ctx, "child_erase", "page.child_erase"); }

http::Response erase(http::Context& ctx) {
  http::Params form = ctx.request.form();
  std::string reason = form.count("reason") ? text::trim(form["reason"]) : "";
  std::string confirm = form.count("confirm") ? form["confirm"] : "";
  if (reason.empty() || confirm != ctx.param("id")) {
    FieldErrors e{{"confirm", ctx.services.views.message(ctx.lang, "registry.erase.invalid")}};
    return show(ctx, "child_erase", "page.child_erase", e, 422);
  }
  ctx.services.registry.erase(web::actor(ctx), child_id(ctx), reason.substr(0, 500));
  return http::redirect("/children?erased=1");
}

http::Response fhir_bundle(http::Context& ctx) {
  auto c = ctx.services.registry.read(ctx.user(), web::actor(ctx), child_id(ctx), "fhir export");
  if (!c) return web::error(ctx, 404);
  ctx.services.audit.append(web::actor(ctx), {"export", "child", ctx.param("id"), "fhir bundle"});
  http::Response r = http::text(200, fhir::bundle(*c, ctx.services.master.care_items()).dump(2),
                                "application/fhir+json; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"child-" + ctx.param("id") + ".fhir.json\"";
  return r;
}

// API

http::Response api_get(http::Context& ctx) {
  auto c = ctx.services.registry.read(ctx.user(), web::actor(ctx), child_id(ctx), "api");
  if (!c) return web::error(ctx, 404);
  return web::json_response(200, api_json(*c, ctx.services.master, today_in_japan()));
}

http::Response invalid(const FieldErrors& e) {
  return web::json_response(422, {{"type", "about:blank"}, {"title", "入力内容に誤りがあります"}, {"status", 422},
                                  {"errors", errors_json(e)}});
}

std::optional<json> body_json(const http::Context& ctx) {
  json j = json::parse(ctx.request.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

http::Response api_create(http::Context& ctx) {
  auto j = body_json(ctx);
  if (!j) return web::error(ctx, 400, "JSONのオブジェクトを送ってください。");
  Child c;
  std::vector<Consent> consents;
  try {
    c = child_from_json(*j);
    if (j->contains("consents"))
      for (const json& k : (*j)["consents"])
        consents.push_back(consent_from({{"scope", k.value("scope", "")}, {"method", k.value("method", "")},
                                         {"given_on", k.value("given_on", "")}}));
  } catch (const json::exception&) {
    return web::error(ctx, 400, "JSONの値の型が正しくありません。");
  }
  c.prefecture_code = ctx.user().prefecture_code;
  if (c.status.empty()) c.status = "active";
  SaveResult r = ctx.services.registry.create(ctx.user(), web::actor(ctx), c, consents, "登録（API）");
  if (!r.ok()) return invalid(r.errors);
  auto saved = ctx.services.registry.store().get(r.id);
  http::Response res = web::json_response(201, api_json(*saved, ctx.services.master, today_in_japan()));
  res.headers["Location"] = "/api/v1/children/" + std::to_string(r.id);
  return res;
}

http::Response api_update(http::Context& ctx) {
  auto j = body_json(ctx);
  if (!j || !j->contains("version") || !(*j)["version"].is_number_integer())
    return web::error(ctx, 400, "version（整数）を含むJSONのオブジェクトを送ってください。");
  Child c;
  try {
    c = child_from_json(*j);
  } catch (const json::exception&) {
    return web::error(ctx, 400, "JSONの値の型が正しくありません。");
  }
  c.id = child_id(ctx);
  c.version = (*j)["version"].get<int>();
  c.prefecture_code = ctx.user().prefecture_code;
  SaveResult r = ctx.services.registry.update(ctx.user(), web::actor(ctx), c, "更新（API）");
  if (r.conflict) return web::error(ctx, 409, ctx.services.views.message(ctx.lang, "registry.conflict"));
  if (!r.ok()) return invalid(r.errors);
  return web::json_response(200, api_json(*ctx.services.registry.store().get(c.id), ctx.services.master, today_in_japan()));
}

http::Response api_history(http::Context& ctx) {
  long long id = child_id(ctx);
  ctx.services.audit.append(web::actor(ctx), {"read", "child", std::to_string(id), "api history"});
  json list = json::array();
  for (const Version& v : ctx.services.registry.store().history(id))
    list.push_back({{"version", v.version}, {"saved_at", v.saved_at}, {"login", v.login}, {"summary", v.summary},
                    {"record", v.snapshot}});
  return web::json_response(200, {{"items", list}});
}

http::Response api_add_consent(http::Context& ctx) {
  auto j = body_json(ctx);
  if (!j) return web::error(ctx, 400, "JSONのオブジェクトを送ってください。");
  Consent k = consent_from({{"scope", j->value("scope", "")}, {"method", j->value("method", "")},
                            {"given_on", j->value("given_on", "")}});
  FieldErrors e = ctx.services.registry.add_consent(web::actor(ctx), child_id(ctx), k);
  if (!e.empty()) return invalid(e);
  return web::json_response(201, api_json(*ctx.services.registry.store().get(child_id(ctx)), ctx.services.master,
                                          today_in_japan()));
}

http::Response api_withdraw(http::Context& ctx) {
  auto consent = consent_param(ctx);
  if (!consent) return web::error(ctx, 404);
  auto j = body_json(ctx);
  std::string on = j && j->contains("withdrawn_on") && (*j)["withdrawn_on"].is_string()
                       ? (*j)["withdrawn_on"].get<std::string>() : today_in_japan();
  FieldErrors e = ctx.services.registry.withdraw_consent(web::actor(ctx), child_id(ctx), *consent, on);
  if (!e.empty()) return invalid(e);
  return web::json_response(200, api_json(*ctx.services.registry.store().get(child_id(ctx)), ctx.services.master,
                                          today_in_japan()));
}

}  // namespace

void add_record_routes(http::Router& router) {
  using auth::Rule;
  const std::string v1 = "/api/v1";
  auto read = [] { return Rule::needs("registry.read").on_object("child", "id"); };
  auto write = [] { return Rule::needs("registry.write").on_object("child", "id"); };
  router.add({"GET", "/children/new", Rule::needs("registry.write"), new_page, "医療的ケア児の新規登録フォーム"});
  router.add({"POST", "/children", Rule::needs("registry.write"), create, "医療的ケア児の新規登録"});
  router.add({"GET", "/children/{id}", read(), detail_page, "医療的ケア児の台帳"});
  router.add({"GET", "/children/{id}/print", read(), print_page, "台帳の印刷用表示"});
  router.add({"GET", "/children/{id}/history", read(), history_page, "台帳の変更履歴"});
  router.add({"GET", "/children/{id}/fhir", read(), fhir_bundle, "台帳のFHIR R4出力（Bundle）"});
  router.add({"GET", "/children/{id}/edit", write(), edit_page, "台帳の編集フォーム"});
  router.add({"POST", "/children/{id}", write(), update, "台帳の更新"});
  router.add({"POST", "/children/{id}/consents", write(), add_consent, "同意の記録"});
  router.add({"POST", "/children/{id}/consents/{consent}/withdraw", write(), withdraw, "同意の撤回の記録"});
  router.add({"GET", "/children/{id}/erase", Rule::needs("registry.erase").on_object("child", "id"), erase_page,
              "台帳の法的削除（確認）"});
  router.add({"POST", "/children/{id}/erase", Rule::needs("registry.erase").on_object("child", "id"), erase,
              "台帳の法的削除"});
  router.add({"POST", v1 + "/children", Rule::needs("registry.write"), api_create, "Register a child"});
  router.add({"GET", v1 + "/children/{id}", read(), api_get, "A child's record with derived facts and consents (audited)"});
  router.add({"PUT", v1 + "/children/{id}", write(), api_update, "Save a new version of a child's record"});
  router.add({"GET", v1 + "/children/{id}/history", read(), api_history, "Every version of a child's record"});
  router.add({"POST", v1 + "/children/{id}/consents", write(), api_add_consent, "Record a consent"});
  router.add({"POST", v1 + "/children/{id}/consents/{consent}/withdraw", write(), api_withdraw,
              "Record the withdrawal of a consent"});
}

}  // namespace tsunagu::registry::detail
