#include "census/routes.h"

#include <nlohmann/json.hpp>

#include <functional>

#include "app/services.h"
#include "census/feedback.h"
#include "census/persons.h"
#include "census/report.h"
#include "census/service.h"
#include "census/template.h"
#include "core/io/csv.h"
#include "core/io/xlsx.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "registry/service.h"
#include "web/page.h"

namespace tsunagu::census {
namespace {

using json = nlohmann::json;
using auth::Role;

constexpr long long kUploadLifetime = 24 * 3600;
constexpr int kReviewPage = 30;

bool is_center(const auth::Principal& p) { return p.role == Role::center_staff || p.role == Role::prefecture_admin; }

// The prefecture whose census a principal works on: its own, or its municipality's.
std::string prefecture_of(const auth::Principal& p) {
  if (p.role == Role::municipal_staff) return p.municipality_code.substr(0, std::min<std::size_t>(2, p.municipality_code.size()));
  return p.prefecture_code;
}

// Pages without a round in the path belong to the installation's prefecture.
bool in_installation(const http::Context& ctx) {
  return prefecture_of(ctx.user()) == ctx.services.settings.prefecture_code;
}

// The 年度 of today in Japan: April to March.
int current_round_year() {
  std::string today = registry::today_in_japan();
  int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2));
  return m >= 4 ? y : y - 1;
}

std::optional<int> year_of(const http::Context& ctx) {
  auto y = text::parse_id(ctx.param("year"));
  if (!y || !valid_round(static_cast<int>(*y))) return std::nullopt;
  return static_cast<int>(*y);
}

http::Response xlsx(std::string bytes, const std::string& file_name) {
  http::Response r = http::text(200, std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.headers["Content-Disposition"] = "attachment; filename=\"" + file_name + "\"";
  return r;
}

std::string municipality_name(http::Context& ctx, const std::string& code) {
  const master::Municipality* m = ctx.services.master.municipality(code);
  return m ? m->name : code;
}

std::string kind_label(const std::string& kind) {
  if (kind == "municipality") return "市区町村";
  if (kind == "education") return "教育委員会";
  if (kind == "registry") return "台帳";
  return "その他";
}

json issues_json(const Sheet& s) {
  json out = json::array();
  for (const Issue& i : s.issues)
    out.push_back({{"line", i.line ? std::to_string(i.line) : std::string("—")}, {"column", i.column},
                   {"message", i.message}, {"error", i.error}});
  return out;
}

// ---- index and upload --------------------------------------------------------------------------------

http::Response index_page(http::Context& ctx) {
  if (!in_installation(ctx)) return web::error(ctx, 403);
  db::Session sql(ctx.services.db);
  json rounds = json::array();
  for (const Round& r : store::list_rounds(sql))
    rounds.push_back({{"year", r.year}, {"reconciled", r.reconciled_at.has_value()},
                      {"reconciled_at", r.reconciled_at ? web::local_time(*r.reconciled_at) : ""},
                      {"frozen", r.frozen_at.has_value()}});
  const auth::Principal& p = ctx.user();
  json data = {{"rounds", rounds},
               {"no_rounds", rounds.empty()},
               {"year", current_round_year()},
               {"center", is_center(p)},
               {"can_upload", ctx.services.policy.granted(p.role, "census.upload")},
               {"municipality", p.municipality_code.empty() ? "" : municipality_name(ctx, p.municipality_code)}};
  json municipalities = json::array();
  if (is_center(p))
    for (const master::Municipality* m : ctx.services.master.municipalities_in(p.prefecture_code))
      if (m->level != "prefecture" && m->level != "designated_city")
        municipalities.push_back({{"code", m->code}, {"name", m->name}});
  data["municipalities"] = municipalities;
  return web::page(ctx, "census", "page.census", std::move(data));
}

// What the request may import as: municipal staff only their own municipality's sheet.
struct Target {
  std::string source, kind, municipality;
};

std::optional<Target> upload_target(http::Context& ctx, const http::Params& form, std::string& error) {
  const auth::Principal& p = ctx.user();
  if (p.role == Role::municipal_staff) {
    if (p.municipality_code.empty()) return error = "市区町村が設定されていません。", std::nullopt;
    return Target{"mun-" + p.municipality_code, "municipality", p.municipality_code};
  }
  auto get = [&](const char* k) { return form.count(k) ? text::trim(form.at(k)) : std::string(); };
  Target t{get("source"), get("kind"), get("municipality")};
  if (t.kind == "municipality") {
    if (t.municipality.empty()) return error = "市区町村を選んでください。", std::nullopt;
    const master::Municipality* m = ctx.services.master.municipality(t.municipality);
    if (!m || m->prefecture_code != p.prefecture_code) return error = "市区町村を選んでください。", std::nullopt;
    if (t.source.empty()) t.source = "mun-" + t.municipality;
  } else {
    t.municipality.clear();
    if (t.source.empty()) t.source = t.kind;
  }
  return t;
}

http::Response import_result(http::Context& ctx, int year, const Target& t, const std::string& file_name,
                             const ImportResult& r, long long pending_id, int status) {
  json data = {{"year", year},
               {"source", t.source},
               {"kind", kind_label(t.kind)},
               {"file_name", file_name},
               {"format", r.sheet.format},
               {"data_rows", r.sheet.data_rows},
               {"valid_rows", r.sheet.rows.size()},
               {"invalid_rows", r.sheet.invalid_rows},
               {"stored", r.stored},
               {"checked_only", !r.stored && r.refusal.empty()},
               {"refusal", r.refusal},
               {"issues", issues_json(r.sheet)},
               {"has_issues", !r.sheet.issues.empty()},
               {"pending", pending_id > 0},
               {"pending_id", pending_id}};
  return web::page(ctx, "census_import", "page.census_import", std::move(data), status);
}

http::Response import_post(http::Context& ctx) {
  if (!in_installation(ctx)) return web::error(ctx, 403);
  http::Params form = ctx.request.form();
  auto file = ctx.request.file("file");
  auto round = text::parse_id(form.count("round") ? form["round"] : "");
  if (!round || !valid_round(static_cast<int>(*round))) return web::error(ctx, 422, "調査年度を西暦で入力してください。");
  if (!file || file->data.empty()) return web::error(ctx, 422, "取り込むファイルを選んでください。");
  std::string error;
  auto target = upload_target(ctx, form, error);
  if (!target) return web::error(ctx, 422, error);
  ImportRequest req;
  req.round = static_cast<int>(*round);
  req.source = target->source;
  req.kind = target->kind;
  req.municipality = target->municipality;
  req.file_name = file->filename.value_or("");
  req.bytes = file->data;
  req.dry_run = form["mode"] == "check";
  ImportResult r;
  try {
    r = ctx.services.census.import(req, web::actor(ctx));
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 422, e.what());
  }
  long long pending = 0;
  if (!r.stored && !req.dry_run && r.sheet.invalid_rows > 0 && !r.sheet.rows.empty()) {
    db::Session sql(ctx.services.db);
    store::purge_uploads(sql, db::now_seconds() - kUploadLifetime);
    pending = store::save_upload(sql, {0, req.round, req.source, req.kind, req.municipality, req.file_name, req.bytes,
                                       ctx.user().user_id, 0});
  }
  return import_result(ctx, req.round, *target, req.file_name, r, pending, r.stored || req.dry_run ? 200 : 422);
}

http::Response upload_decision(http::Context& ctx) {
  if (!in_installation(ctx)) return web::error(ctx, 403);
  auto id = text::parse_id(ctx.param("id"));
  db::Session sql(ctx.services.db);
  auto u = id ? store::get_upload(sql, *id) : std::nullopt;
  if (!u || u->user_id != ctx.user().user_id || u->created_at < db::now_seconds() - kUploadLifetime)
    return web::error(ctx, 404, "この取り込みは見つかりません（1日を過ぎたか、すでに処理済みです）。");
  store::delete_upload(sql, u->id);
  Target t{u->source, u->kind, u->municipality_code};
  if (ctx.request.form()["choice"] != "valid") return http::redirect("/census/" + std::to_string(u->round_year));
  ImportRequest req{u->round_year, u->source, u->kind, u->municipality_code, u->file_name, u->content, true, false};
  try {
    ImportResult r = ctx.services.census.import(req, web::actor(ctx));
    return import_result(ctx, u->round_year, t, u->file_name, r, 0, r.stored ? 200 : 422);
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 422, e.what());
  }
}

// ---- a round ------------------------------------------------------------------------------------------

http::Response round_page(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  db::Session sql(ctx.services.db);
  auto round = store::get_round(sql, *year);
  if (!round) return web::error(ctx, 404, std::to_string(*year) + "年度の調査にはまだ何も取り込まれていません。");
  const auth::Principal& p = ctx.user();
  bool center = is_center(p);
  json sources = json::array(), history = json::array();
  std::set<std::string> submitted;
  for (const Source& s : store::sources(sql, *year, false)) {
    if (!center && s.municipality_code != p.municipality_code) continue;
    json j = {{"name", s.name}, {"kind", kind_label(s.kind)},
              {"municipality", s.municipality_code.empty() ? "" : municipality_name(ctx, s.municipality_code)},
              {"version", s.version}, {"rows", s.row_count}, {"skipped", s.skipped_rows}, {"file_name", s.file_name},
              {"format", s.file_format}, {"imported_at", web::local_time(s.imported_at)}, {"imported_by", s.imported_by}};
    (s.active ? sources : history).push_back(j);
    if (s.active && s.kind == "municipality") submitted.insert(s.municipality_code);
  }
  json status = json::array();
  if (center)
    for (const master::Municipality* m : ctx.services.master.municipalities_in(round->prefecture_code))
      if (m->level != "prefecture" && m->level != "designated_city")
        status.push_back({{"name", m->name}, {"submitted", submitted.count(m->code) > 0}});
  json data = {{"year", *year},
               {"center", center},
               {"frozen", round->frozen_at.has_value()},
               {"frozen_at", round->frozen_at ? web::local_time(*round->frozen_at) : ""},
               {"reconciled", round->reconciled_at.has_value()},
               {"reconciled_at", round->reconciled_at ? web::local_time(*round->reconciled_at) : ""},
               {"sources", sources},
               {"history", history},
               {"has_history", !history.empty()},
               {"status", status},
               {"submitted", submitted.size()},
               {"municipality_count", status.size()},
               {"own_code", p.municipality_code}};
  if (round->reconciled_at) {
    long long persons = 0;
    sql << "SELECT COUNT(DISTINCT person_key) FROM census_links WHERE round_year = :y", soci::use(*year), soci::into(persons);
    data["persons"] = persons;
    data["review_count"] = store::count_pairs(sql, *year, "review") + store::count_pairs(sql, *year, "held");
    data["link_count"] = store::count_pairs(sql, *year, "link");
    if (center) {
      try {
        json feedback = json::array();
        RoundData d = load_round(sql, *year, ctx.services.master);
        for (const FeedbackSummary& f : feedback_summary(d, ctx.services.master))
          feedback.push_back({{"code", f.code}, {"name", f.name}, {"own_rows", f.own_rows}, {"only_here", f.only_here},
                              {"missing_here", f.missing_here}, {"disagreements", f.disagreements}});
        data["has_feedback"] = !feedback.empty();
        data["feedback"] = feedback;
      } catch (const std::invalid_argument& e) {
        data["stale"] = e.what();
      }
    }
  }
  return web::page(ctx, "census_round", "page.census_round", std::move(data));
}

// A change to a round from its page: runs `action`, then back to the page; a refusal (Japanese) is a 422 page.
http::Response round_action(http::Context& ctx, const std::function<std::string(int)>& action) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  try {
    if (std::string refusal = action(*year); !refusal.empty()) return web::error(ctx, 422, refusal);
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 422, e.what());
  }
  return http::redirect("/census/" + std::to_string(*year));
}

http::Response reconcile_post(http::Context& ctx) {
  return round_action(ctx, [&](int year) {
    ctx.services.census.reconcile(year, web::actor(ctx));
    return std::string();
  });
}

http::Response registry_post(http::Context& ctx) {
  return round_action(ctx, [&](int year) { return ctx.services.census.import_registry(year, web::actor(ctx)).refusal; });
}

http::Response freeze_post(http::Context& ctx) {
  return round_action(ctx, [&](int year) {
    if (ctx.request.form()["confirm"] != std::to_string(year))
      return "確定するには、確認欄に調査年度（" + std::to_string(year) + "）を入力してください。";
    ctx.services.census.freeze(year, web::actor(ctx));
    return std::string();
  });
}

// ---- review -------------------------------------------------------------------------------------------

json row_json(http::Context& ctx, const StoredRow& r) {
  std::string care;
  for (std::size_t at = 0, next; at < r.care_items.size(); at = next + 1) {
    next = r.care_items.find(' ', at);
    if (next == std::string::npos) next = r.care_items.size();
    care += (care.empty() ? "" : "、") + ctx.services.census.care_names().short_name(r.care_items.substr(at, next - at));
  }
  return {{"id", r.id}, {"source", r.source}, {"record_id", r.record_id}, {"line", r.line}, {"name", r.name},
          {"kana", r.kana}, {"birth_date", r.birth_date}, {"sex", r.sex == "male" ? "男" : r.sex == "female" ? "女" : ""},
          {"municipality", municipality_name(ctx, r.municipality_code)}, {"address", r.address}, {"care", care},
          {"affiliation", r.affiliation.empty() ? "" : affiliation_label(r.affiliation)}};
}

http::Response review_page(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  int page = static_cast<int>(text::parse_id(ctx.request.query_param("page")).value_or(1));
  page = std::max(1, std::min(page, 100000));
  db::Session sql(ctx.services.db);
  auto round = store::get_round(sql, *year);
  if (!round) return web::error(ctx, 404);
  json pairs = json::array();
  for (const store::ReviewPair& rp : store::review_pairs(sql, *year, kReviewPage, (page - 1) * kReviewPage)) {
    Explanation why = explain(rp.pair.explanation);
    json fields = json::array();
    for (const auto& [label, value] : why.fields) fields.push_back({{"label", label}, {"value", value}});
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", rp.pair.score);
    json a = row_json(ctx, rp.a), b = row_json(ctx, rp.b);
    a["person"] = store::person_key_of(sql, *year, rp.a.id);
    b["person"] = store::person_key_of(sql, *year, rp.b.id);
    pairs.push_back({{"a", a}, {"b", b}, {"score", score},
                     {"held", rp.pair.decision == "held"},
                     {"rule", why.rule}, {"fields", fields}});
  }
  long long total = store::count_pairs(sql, *year, "review") + store::count_pairs(sql, *year, "held");
  ctx.services.audit.append(web::actor(ctx), {"read", "census_round", std::to_string(*year), "review queue"});
  json data = {{"year", *year}, {"pairs", pairs}, {"empty", pairs.empty()}, {"total", total},
               {"frozen", round->frozen_at.has_value()}, {"page", page},
               {"prev", page > 1 ? page - 1 : 0}, {"next", page * kReviewPage < total ? page + 1 : 0}};
  return web::page(ctx, "census_review", "page.census_review", std::move(data));
}

http::Response review_post(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  http::Params form = ctx.request.form();
  auto a = text::parse_id(form["a"]), b = text::parse_id(form["b"]);
  std::string decision = form["decision"];
  if (!a || !b || (decision != "same" && decision != "different")) return web::error(ctx, 422, "判断を選んでください。");
  {
    db::Session sql(ctx.services.db);
    auto ra = store::row_by_id(sql, *a), rb = store::row_by_id(sql, *b);
    if (!ra || !rb) return web::error(ctx, 404);
    db::Transaction tx(sql);
    store::save_review(sql, *year, {ra->source, ra->record_id, rb->source, rb->record_id, decision == "same"},
                       ctx.user().login);
    ctx.services.audit.append(sql, web::actor(ctx), {"update", "census_round", std::to_string(*year),
                                                      "review " + ra->source + "/" + ra->record_id + " " + rb->source +
                                                          "/" + rb->record_id + ": " + decision});
    tx.commit();
  }
  try {
    ctx.services.census.reconcile(*year, web::actor(ctx));
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 422, e.what());
  }
  return http::redirect("/census/" + std::to_string(*year) + "/review");
}

http::Response person_page(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  const std::string& key = ctx.param("key");
  db::Session sql(ctx.services.db);
  std::vector<StoredRow> rows = store::person_rows(sql, *year, key);
  if (rows.empty()) return web::error(ctx, 404);
  std::map<long long, const StoredRow*> by_id;
  json rows_json = json::array();
  std::vector<long long> ids;
  for (const StoredRow& r : rows) {
    by_id[r.id] = &r;
    ids.push_back(r.id);
    rows_json.push_back(row_json(ctx, r));
  }
  json pairs = json::array();
  for (const store::PairLine& p : store::pairs_among(sql, *year, ids)) {
    Explanation why = explain(p.explanation);
    json fields = json::array();
    for (const auto& [label, value] : why.fields) fields.push_back({{"label", label}, {"value", value}});
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", p.score);
    const StoredRow& a = *by_id[p.row_a];
    const StoredRow& b = *by_id[p.row_b];
    pairs.push_back({{"a", a.source + " " + a.record_id}, {"b", b.source + " " + b.record_id}, {"score", score},
                     {"linked", p.decision == "link"}, {"reviewed", why.reviewed}, {"rule", why.rule},
                     {"fields", fields}});
  }
  ctx.services.audit.append(web::actor(ctx), {"read", "census_person", key, std::to_string(*year)});
  return web::page(ctx, "census_person", "page.census_person",
                   {{"year", *year}, {"key", key}, {"rows", rows_json}, {"pairs", pairs}, {"has_pairs", !pairs.empty()}});
}

http::Response links_csv(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  std::vector<store::PersonLink> links;
  try {
    links = ctx.services.census.links(*year, web::actor(ctx));
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 409, e.what());
  }
  std::string body = io::csv_line({"source", "record_id", "person_key"});
  for (const store::PersonLink& l : links) body += io::csv_line({io::csv_safe(l.source), io::csv_safe(l.record_id), l.person_key});
  http::Response r = http::text(200, std::move(body), "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"census-" + std::to_string(*year) + "-links.csv\"";
  return r;
}

// ---- statistics, report, feedback, template ----------------------------------------------------------

http::Response stats_page(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  RoundStats s;
  try {
    s = round_stats(ctx.services.census, *year, web::actor(ctx));
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 404, e.what());
  }
  bool publish = ctx.request.query_param("publish") == "1";
  json tables = json::array();
  int chart = 0;
  for (const Table& t : s.tables) {
    long long max = 1;
    for (const Count& c : t.counts) max = std::max({max, c.n, c.previous.value_or(0)});
    json rows = json::array();
    int y = 0;
    for (const Count& c : t.counts) {
      bool hidden = publish && c.n > 0 && c.n < kSuppressBelow;
      json row = {{"label", c.label}, {"n", publish ? published(c.n) : std::to_string(c.n)},
                  {"y", y}, {"text_y", y + 13}, {"w", hidden ? 0 : static_cast<int>(300.0 * c.n / max)}};
      if (c.previous) {
        bool prev_hidden = publish && *c.previous > 0 && *c.previous < kSuppressBelow;
        row["previous"] = publish ? published(*c.previous) : std::to_string(*c.previous);
        row["pw"] = prev_hidden ? 0 : static_cast<int>(300.0 * *c.previous / max);
        row["py"] = y + 9;
        long long diff = *c.previous;
        row["change"] = publish && (c.n < kSuppressBelow || diff < kSuppressBelow) ? "—" : (c.n - diff >= 0 ? "+" : "") + std::to_string(c.n - diff);
      }
      rows.push_back(row);
      y += c.previous ? 20 : 18;
    }
    tables.push_back({{"title", t.title}, {"rows", rows}, {"height", y + 4}, {"chart_id", "chart-" + std::to_string(chart++)}});
  }
  json data = {{"year", *year}, {"persons", publish ? published(s.persons) : std::to_string(s.persons)}, {"rows", s.rows},
               {"reference_date", s.reference_date}, {"tables", tables}, {"publish", publish},
               {"has_previous", s.previous_year != 0}, {"previous_year", s.previous_year},
               {"previous_persons", s.previous_persons ? std::to_string(*s.previous_persons) : ""}};
  return web::page(ctx, "census_stats", "page.census_stats", std::move(data));
}

http::Response report_xlsx(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  try {
    return xlsx(round_report_xlsx(ctx.services.census, *year, web::actor(ctx)), "census-" + std::to_string(*year) + ".xlsx");
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 404, e.what());
  }
}

http::Response feedback_xlsx_route(http::Context& ctx) {
  auto year = year_of(ctx);
  if (!year) return web::error(ctx, 404);
  const std::string& code = ctx.param("code");
  db::Session sql(ctx.services.db);
  auto round = store::get_round(sql, *year);
  if (!round || code.compare(0, 2, round->prefecture_code) != 0) return web::error(ctx, 404);
  try {
    RoundData d = load_round(sql, *year, ctx.services.master);
    Feedback f = feedback_for(d, code, ctx.services.master);
    ctx.services.audit.append(web::actor(ctx), {"export", "census_round", std::to_string(*year), "feedback " + code});
    return xlsx(feedback_xlsx(f, *year), "census-" + std::to_string(*year) + "-feedback-" + code + ".xlsx");
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 404, e.what());
  }
}

http::Response template_xlsx(http::Context&) { return xlsx(template_workbook(), "census-template.xlsx"); }

http::Response template_csv(http::Context&) {
  http::Response r = http::text(200, template_csv_text(), "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"census-template.csv\"";
  return r;
}

}  // namespace

void grant_permissions(auth::Policy& policy) {
  policy.grant("census.read", {Role::prefecture_admin, Role::center_staff, Role::municipal_staff});
  policy.grant("census.upload", {Role::prefecture_admin, Role::center_staff, Role::municipal_staff});
  policy.grant("census.feedback", {Role::prefecture_admin, Role::center_staff, Role::municipal_staff});
  policy.grant("census.run", {Role::prefecture_admin, Role::center_staff});
}

void add_object_checks(auth::Policy& policy, Census& census) {
  policy.add_object_check("census_round", [&census](const auth::Principal& p, const std::string& id) {
    auto year = text::parse_id(id);
    if (!year || !valid_round(static_cast<int>(*year))) return auth::ObjectAccess::missing;
    auto round = census.round(static_cast<int>(*year));
    if (!round) return auth::ObjectAccess::missing;
    return prefecture_of(p) == round->prefecture_code ? auth::ObjectAccess::visible : auth::ObjectAccess::hidden;
  });
}

void add_routes(http::Router& router) {
  using auth::Rule;
  auto on_round = [](const char* permission) { return Rule::needs(permission).on_object("census_round", "year"); };
  router.add({"GET", "/census", Rule::needs("census.read"), index_page, "実数調査（取り込みと年度の一覧）"});
  router.add({"GET", "/census/template.xlsx", Rule::needs("census.read"), template_xlsx, "共通シートのひな形（Excel）"});
  router.add({"GET", "/census/template.csv", Rule::needs("census.read"), template_csv, "共通シートのひな形（CSV）"});
  router.add({"POST", "/census/import", Rule::needs("census.upload"), import_post, "共通シートの確認と取り込み"});
  router.add({"POST", "/census/uploads/{id}", Rule::needs("census.upload"), upload_decision,
              "誤りのあるファイルの扱い（正しい行だけ取り込む・取り込まない）"});
  router.add({"GET", "/census/{year}", on_round("census.read"), round_page, "調査年度の提出状況と突合"});
  router.add({"POST", "/census/{year}/registry", on_round("census.run"), registry_post, "台帳を提出元として取り込む"});
  router.add({"POST", "/census/{year}/reconcile", on_round("census.run"), reconcile_post, "突合の実行"});
  router.add({"POST", "/census/{year}/freeze", on_round("census.run"), freeze_post, "調査結果の確定"});
  router.add({"GET", "/census/{year}/review", on_round("census.run"), review_page, "確認待ちの組"});
  router.add({"POST", "/census/{year}/review", on_round("census.run"), review_post, "組の判断（同じ児・別の児）"});
  router.add({"GET", "/census/{year}/persons/{key}", on_round("census.run"), person_page,
              "一人の児にまとめた行と、その理由（各項目の一致・スコア）"});
  router.add({"GET", "/census/{year}/links.csv", on_round("census.run"), links_csv,
              "行と児の対応（source,record_id,person_key）のCSV"});
  router.add({"GET", "/census/{year}/stats", on_round("census.run"), stats_page, "統計（年度比較・グラフ）"});
  router.add({"GET", "/census/{year}/report.xlsx", on_round("census.run"), report_xlsx, "公表用の集計表（Excel）"});
  router.add({"GET", "/census/{year}/feedback/{code}", Rule::needs("census.feedback").in_municipality("code"),
              feedback_xlsx_route, "市区町村への差異のフィードバック（Excel）"});
}

}  // namespace tsunagu::census
