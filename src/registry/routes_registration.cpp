// The public family registration form (/register, several short steps, no account) and the center's review
// of submissions (/registrations). Answers travel between steps as hidden fields, so nothing is stored
// until the family confirms; nothing a family submitted is shown to anyone but center staff.
#include "app/pipeline.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "core/text/wareki.h"
#include "registry/routes.h"
#include "registry/routes_common.h"
#include "web/page.h"

namespace tsunagu::registry::detail {

using nlohmann::json;

namespace {

bool shown_on(const std::string& field, const std::string& step) {
  const RegistrationStep* s = registration_step(step);
  return s && s->owns_input(field);
}

std::string step_of(const http::Params& form) {
  auto it = form.find("step");
  if (it != form.end() && registration_step(it->second)) return it->second;
  return "child";
}

int index_of(const std::string& step) {
  const std::vector<RegistrationStep>& steps = registration_steps();
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].name == step) return static_cast<int>(i);
  return 0;
}

std::string step_at(int index) { return std::string(registration_steps().at(index).name); }

Submission submission_from(const http::Params& raw, const master::MasterData& md) {
  http::Params form = raw;
  std::size_t n = 0;
  for (std::string_view kind : kDeviceKinds)
    if (raw.count("device." + std::string(kind))) form["devices." + std::to_string(n++) + ".kind"] = std::string(kind);
  Submission s;
  s.child = child_from_form(form, md.care_items());
  for (ChildCareItem& i : s.child.care_items) i.watch_level = "low";  // staff assess the watch level
  for (std::string_view scope : kConsentScopes)
    if (raw.count("consent." + std::string(scope))) s.consents.emplace_back(scope);
  return s;
}

json checks(const Label& l, const std::string& group, const std::string_view* codes, std::size_t n,
            const http::Params& form, const std::string& prefix) {
  json out = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    std::string code(codes[i]);
    out.push_back({{"name", prefix + code}, {"id", "r-" + prefix.substr(0, prefix.size() - 1) + "-" + code},
                   {"label", l("registry." + group + "." + code)}, {"checked", form.count(prefix + code) > 0}});
  }
  return out;
}

json summary(const Submission& s, const http::Context& ctx) {
  Label l = label(ctx);
  const master::MasterData& md = ctx.services.master;
  const master::Municipality* m = md.municipality(s.child.municipality_code);
  json care = json::array(), devices = json::array(), consents = json::array();
  for (const ChildCareItem& i : s.child.care_items)
    for (const master::CareItem& c : md.care_items())
      if (c.code == i.code) care.push_back(c.short_name_ja);
  for (const Device& d : s.child.devices) devices.push_back(l("registry.device." + d.kind));
  for (const std::string& k : s.consents) consents.push_back(l("registry.consent_scope." + k));
  const Child& c = s.child;
  return {{"name", c.full_name()}, {"kana", c.full_name_kana()}, {"birth_date", text::format_wareki(c.birth_date)},
          {"sex", l("registry.sex." + c.sex)}, {"municipality", m ? m->name : ""}, {"address", c.address},
          {"care", care}, {"devices", devices}, {"diagnosis", c.diagnoses.empty() ? "" : c.diagnoses[0].name},
          {"hospital", c.hospital}, {"life_stage", l("registry.life_stage." + c.life_stage)},
          {"guardian", c.guardians.empty() ? json::object() : json{{"name", c.guardians[0].name},
                                                                   {"phone", c.guardians[0].phone},
                                                                   {"email", c.guardians[0].email}}},
          {"consents", consents}};
}

http::Response form_page(http::Context& ctx, const std::string& step, const http::Params& form,
                         const FieldErrors& errors, int status) {
  Label l = label(ctx);
  const master::MasterData& md = ctx.services.master;
  std::string token = web::anonymous_form_token(ctx);
  auto get = [&](const std::string& k) { return form.count(k) ? form.at(k) : std::string(); };
  json hidden = json::array();
  for (const auto& [k, v] : form)
    if (k != "step" && k != "go" && k != "_csrf" && k != "website" && !shown_on(k, step))
      hidden.push_back({{"name", k}, {"value", v}});
  json values = json::object();
  for (const auto& [k, v] : form) values[k] = v;
  json err = json::object(), list = json::array();
  for (const auto& [k, message] : errors) {
    std::string id = "r-" + k;
    std::replace(id.begin(), id.end(), '.', '-');
    err[k] = message;
    list.push_back({{"id", id}, {"message", message}});
  }
  json munis = json::array();
  for (const master::Municipality* m : md.municipalities_in(ctx.services.settings.prefecture_code))
    if (m->level != "designated_city")
      munis.push_back({{"value", m->code}, {"label", m->name}, {"selected", m->code == get("municipality_code")}});
  json care = json::array();
  for (const master::CareItem& c : md.care_items())
    if (c.basic_score)
      care.push_back({{"name", "care." + c.code}, {"id", "r-care-" + c.code}, {"label", c.short_name_ja},
                      {"checked", form.count("care." + c.code) > 0}});
  int index = index_of(step);
  json data = {{"step", step},
               {"is_" + step, true},
               {"step_no", index + 1},
               {"step_count", registration_steps().size()},
               {"has_back", index > 0},
               {"hidden", hidden},
               {"v", values},
               {"e", err},
               {"errors", list},
               {"has_errors", !errors.empty()},
               {"municipalities", munis},
               {"care_items", care},
               {"devices", checks(l, "device", kDeviceKinds, std::size(kDeviceKinds) - 1, form, "device.")},
               {"consents", checks(l, "consent_scope", kConsentScopes, std::size(kConsentScopes), form, "consent.")},
               {"sexes", options(l, "sex", kSexes, std::size(kSexes), get("sex"))},
               {"life_stages", options(l, "life_stage", kLifeStages, std::size(kLifeStages), get("life_stage"))},
               {"prefecture", md.prefecture(ctx.services.settings.prefecture_code)->name}};
  if (step == "confirm") {
    Submission s = submission_from(form, md);
    ctx.services.registrations.check_step(s, "confirm", ctx.services.settings.prefecture_code);  // normalises
    data["summary"] = summary(s, ctx);
  }
  http::Response r = web::page(ctx, "register", "page.register", std::move(data), status);
  r.set_cookie(web::cookie(ctx, kFormCookie, token, -1));
  return r;
}

http::Response register_get(http::Context& ctx) { return form_page(ctx, "child", {}, {}, 200); }

http::Response register_post(http::Context& ctx) {
  http::Params form = ctx.request.form();
  std::string step = step_of(form), go = form.count("go") ? form["go"] : "next";
  int index = index_of(step);
  if (go == "back") return form_page(ctx, step_at(std::max(0, index - 1)), form, {}, 200);
  Submission s = submission_from(form, ctx.services.master);
  const std::string& pref = ctx.services.settings.prefecture_code;
  FieldErrors errors = ctx.services.registrations.check_step(s, step, pref);
  if (!errors.empty()) return form_page(ctx, step, form, errors, 422);
  if (step != "confirm") return form_page(ctx, step_at(index + 1), form, {}, 200);
  // A filled honeypot is a robot: it gets the same answer as a person and nothing is stored.
  bool robot = form.count("website") && !form["website"].empty();
  if (!robot && ctx.services.registrations.rate_limited(ctx.request.client_addr))
    return web::page(ctx, "register_done", "page.register", {{"limited", true}}, 429);
  audit::Actor who = web::actor(ctx);
  who.role = "public";
  who.prefecture_code = pref;  // the installation's prefecture receives the form
  std::string receipt = robot ? "" : ctx.services.registrations.submit(who, s, pref);
  return web::page(ctx, "register_done", "page.register", {{"receipt", receipt}, {"robot", robot}});
}

// Staff review

json submission_json(const Submission& s, const http::Context& ctx) {
  json j = summary(s, ctx);
  j["id"] = s.id;
  j["receipt_no"] = s.receipt_no;
  j["submitted_at"] = web::local_time(s.submitted_at);
  j["status"] = s.status;
  j["is_pending"] = s.status == "pending";
  j["phone"] = s.child.guardians.empty() ? "" : s.child.guardians[0].phone;
  return j;
}

http::Response list_page(http::Context& ctx) {
  json rows = json::array();
  for (const Submission& s : ctx.services.registrations.pending(ctx.user().prefecture_code))
    rows.push_back(submission_json(s, ctx));
  ctx.services.audit.append(web::actor(ctx), {"read", "registrations", "", "pending list"});
  return web::page(ctx, "registrations", "page.registrations", {{"rows", rows}, {"empty", rows.empty()}});
}

long long submission_id(const http::Context& ctx) { return std::stoll(ctx.param("id")); }

http::Response review_page(http::Context& ctx, const FieldErrors& errors = {}, int status = 200) {
  auto s = ctx.services.registrations.get(submission_id(ctx));
  if (!s) return web::error(ctx, 404);
  ctx.services.audit.append(web::actor(ctx), {"read", "registration", ctx.param("id"), "review"});
  json matches = json::array();
  for (const Match& m : ctx.services.registrations.matches(*s, ctx.user().prefecture_code)) {
    const master::Municipality* muni = ctx.services.master.municipality(m.municipality_code);
    matches.push_back({{"child_id", m.child_id}, {"likely", m.strength == "likely"}, {"name", m.full_name},
                       {"kana", m.full_name_kana}, {"birth_date", text::format_wareki(m.birth_date)},
                       {"municipality", muni ? muni->name : ""}});
  }
  json list = json::array();
  for (const auto& [k, message] : errors) list.push_back({{"id", "review-actions"}, {"message", message}});
  return web::page(ctx, "registration", "page.registration",
                   {{"s", submission_json(*s, ctx)}, {"matches", matches}, {"has_matches", !matches.empty()},
                    {"errors", list}, {"has_errors", !errors.empty()}}, status);
}

http::Response review_get(http::Context& ctx) { return review_page(ctx); }

http::Response accept(http::Context& ctx) {
  SaveResult r = ctx.services.registrations.accept(ctx.user(), web::actor(ctx), submission_id(ctx));
  if (!r.ok()) return review_page(ctx, r.errors, 422);
  return http::redirect("/children/" + std::to_string(r.id) + "/edit");
}

http::Response merge(http::Context& ctx) {
  http::Params form = ctx.request.form();
  auto target = text::parse_id(form.count("child_id") ? form["child_id"] : "");
  if (!target) return review_page(ctx, {{"child_id", "統合先の台帳を選んでください。"}}, 422);
  SaveResult r = ctx.services.registrations.merge(ctx.user(), web::actor(ctx), submission_id(ctx), *target);
  if (!r.ok()) return review_page(ctx, r.errors, r.conflict ? 409 : 422);
  return http::redirect("/children/" + std::to_string(*target));
}

http::Response reject(http::Context& ctx) {
  http::Params form = ctx.request.form();
  std::string reason = form.count("reason") ? text::trim(form["reason"]) : "";
  if (reason.empty()) return review_page(ctx, {{"reason", "却下の理由を入力してください。"}}, 422);
  if (!ctx.services.registrations.reject(web::actor(ctx), submission_id(ctx), reason.substr(0, 500)))
    return review_page(ctx, {{"status", "この申込みは既に処理されています。"}}, 422);
  return http::redirect("/registrations");
}

}  // namespace

void add_registration_routes(http::Router& router) {
  using auth::Rule;
  auto review = [] { return Rule::needs("registry.review").on_object("registration", "id"); };
  router.add({"GET", "/register", Rule::open(), register_get, "医療的ケア児の登録フォーム（ご家族向け）"});
  router.add({"POST", "/register", Rule::open(), register_post, "登録フォームの各ステップと送信"});
  router.add({"GET", "/registrations", Rule::needs("registry.review"), list_page, "登録フォームの申込み（確認待ち）"});
  router.add({"GET", "/registrations/{id}", review(), review_get, "申込みの確認と既存台帳との照合"});
  router.add({"POST", "/registrations/{id}/accept", review(), accept, "申込みを新しい台帳として受け付ける"});
  router.add({"POST", "/registrations/{id}/merge", review(), merge, "申込みを既存の台帳に統合する"});
  router.add({"POST", "/registrations/{id}/reject", review(), reject, "申込みを却下する"});
}

}  // namespace tsunagu::registry::detail
