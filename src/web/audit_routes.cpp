#include <ctime>

#include "app/services.h"
#include "core/io/csv.h"
#include "core/text/number.h"
#include "web/page.h"
#include "web/routes.h"

namespace tsunagu::web {

using auth::Rule;
using nlohmann::json;

namespace {

// Dates in filters are ISO (YYYY-MM-DD), taken as UTC days.
long long day_start(const std::string& date) {
  std::tm tm{};
  if (date.size() != 10 || !strptime(date.c_str(), "%Y-%m-%d", &tm)) return 0;
  return static_cast<long long>(timegm(&tm));
}

// The filter a request asks for, narrowed to what its user may read: a system administrator reads every entry (and
// may ask for one prefecture's); anyone else who holds audit.read, only the entries filed under their own
// prefecture. Without a prefecture they read nothing.
std::optional<audit::Filter> filter_for(const http::Context& ctx) {
  const http::Request& req = ctx.request;
  audit::Filter f;
  const auth::Principal& p = ctx.user();
  if (p.role == auth::Role::system_admin) {
    std::string asked = req.query_param("prefecture");
    if (asked.size() == 2 && text::parse_decimal(asked, 2)) f.prefecture = asked;
  } else if (p.prefecture_code.size() == 2) {
    f.prefecture = p.prefecture_code;
  } else {
    return std::nullopt;
  }
  f.login = req.query_param("login").substr(0, 128);
  f.action = req.query_param("action").substr(0, 32);
  f.object_type = req.query_param("object_type").substr(0, 64);
  f.object_id = req.query_param("object_id").substr(0, 128);
  f.from = day_start(req.query_param("from"));
  if (long long to = day_start(req.query_param("to"))) f.to = to + 86400;
  std::string page = req.query_param("page");
  int n = static_cast<int>(text::parse_decimal(page, 6).value_or(1));
  f.limit = 100;
  f.offset = (std::max(n, 1) - 1) * f.limit;
  return f;
}

// A holder of audit.read with no prefecture to be narrowed to (a misconfigured account) is refused, and that is
// audited like any other refusal.
http::Response refuse(http::Context& ctx) {
  ctx.services.audit.append(actor(ctx), {"denied", "audit_log", "", "no prefecture to narrow the log to"});
  return error(ctx, 403);
}

json entry_json(const audit::Entry& e) {
  return {{"seq", e.seq},
          {"at", iso_time(e.at)},
          {"user_id", e.user_id ? json(*e.user_id) : json(nullptr)},
          {"login", e.login},
          {"role", e.role},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"request_id", e.request_id},
          {"client_addr", e.client_addr},
          {"detail", e.detail},
          {"prefecture_code", e.prefecture_code}};
}

http::Response audit_page(http::Context& ctx) {
  auto scoped = filter_for(ctx);
  if (!scoped) return refuse(ctx);
  audit::Filter f = *scoped;
  auto& log = ctx.services.audit;
  json entries = json::array();
  for (const audit::Entry& e : log.query(f)) entries.push_back(entry_json(e));
  long long total = log.count(f);
  ctx.services.audit.append(actor(ctx), {"search", "audit_log", "", ""});
  int page_no = f.offset / f.limit + 1;
  std::string query = ctx.request.target.find('?') == std::string::npos ? "" : ctx.request.target.substr(ctx.request.target.find('?'));
  bool every_prefecture = ctx.user().role == auth::Role::system_admin;
  json data = {{"entries", entries},
               {"total", std::to_string(total)},
               {"every_prefecture", every_prefecture},
               {"filter", {{"login", f.login}, {"action", f.action}, {"object_type", f.object_type},
                           {"object_id", f.object_id}, {"from", ctx.request.query_param("from")},
                           {"to", ctx.request.query_param("to")},
                           {"prefecture", every_prefecture ? f.prefecture.value_or("") : ""}}},
               {"export_query", query},
               {"page", page_no},
               {"has_next", f.offset + f.limit < total},
               {"has_prev", page_no > 1},
               {"next_page", page_no + 1},
               {"prev_page", page_no - 1}};
  return page(ctx, "audit", "page.audit", std::move(data));
}

http::Response audit_export(http::Context& ctx) {
  auto scoped = filter_for(ctx);
  if (!scoped) return refuse(ctx);
  audit::Filter f = *scoped;
  f.limit = 100000;
  f.offset = 0;
  std::string csv = "\xEF\xBB\xBF" + io::csv_line({"seq", "at", "user_id", "login", "role", "action", "object_type",
                                                   "object_id", "request_id", "client_addr", "detail",
                                                   "prefecture_code", "hash"});
  for (const audit::Entry& e : ctx.services.audit.query(f))
    csv += io::csv_line({std::to_string(e.seq), iso_time(e.at), e.user_id ? std::to_string(*e.user_id) : "", e.login,
                         e.role, e.action, e.object_type, e.object_id, e.request_id, e.client_addr, e.detail,
                         e.prefecture_code, e.hash});
  // The export is itself audited.
  ctx.services.audit.append(actor(ctx), {"export", "audit_log", "", "csv"});
  http::Response r = http::text(200, csv, "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"audit_log.csv\"";
  return r;
}

http::Response audit_api(http::Context& ctx) {
  auto scoped = filter_for(ctx);
  if (!scoped) return refuse(ctx);
  audit::Filter f = *scoped;
  json items = json::array();
  for (const audit::Entry& e : ctx.services.audit.query(f)) items.push_back(entry_json(e));
  long long total = ctx.services.audit.count(f);
  ctx.services.audit.append(actor(ctx), {"search", "audit_log", "", "api"});
  return json_response(200, {{"items", items}, {"total", total}});
}

}  // namespace

void add_audit_routes(http::Router& router) {
  router.add({"GET", "/admin/audit", Rule::needs("audit.read"), audit_page, "監査ログ"});
  router.add({"GET", "/admin/audit.csv", Rule::needs("audit.read"), audit_export, "監査ログのCSV出力"});
  router.add({"GET", "/api/v1/audit", Rule::needs("audit.read"), audit_api, "Audit log entries (filtered; a prefecture administrator reads only the entries filed under their prefecture; audited)"});
}

}  // namespace tsunagu::web
