// The facility list import's pages: upload, map the columns, check, import (all valid rows or nothing).
#include <nlohmann/json.hpp>


#include "app/services.h"
#include "core/auth/crypto.h"
#include "core/db/scan.h"
#include "core/text/number.h"
#include "resources/import.h"
#include "resources/routes.h"
#include "resources/service.h"
#include "web/page.h"

namespace tsunagu::resources {
namespace {

using json = nlohmann::json;
constexpr long long kUploadLifetime = 24 * 3600;


struct Upload {
  long long id = 0;
  std::string file_name, content;
};

// The caller's own upload, not older than a day.
std::optional<Upload> own_upload(http::Context& ctx) {
  auto id = text::parse_id(ctx.param("id"));
  if (!id) return std::nullopt;
  db::Session sql(ctx.services.db);
  db::Scan s(sql, "SELECT id, file_name, content FROM resource_uploads WHERE id = $1 AND user_id = $2 AND created_at >= $3",
             {std::to_string(*id), std::to_string(ctx.user().user_id), std::to_string(db::now_seconds() - kUploadLifetime)});
  if (!s.next()) return std::nullopt;
  return Upload{s.integer(0), std::string(s.text(1)), auth::base64_decode(s.text(2))};
}

http::Response upload_form(http::Context& ctx) { return web::page(ctx, "resource_import", "page.resource_import"); }

http::Response upload_post(http::Context& ctx) {
  auto file = ctx.request.file("file");
  if (!file || file->data.empty()) return web::error(ctx, 422, "取り込むファイルを選んでください。");
  try {
    import_table(file->data);  // readable at all?
  } catch (const std::invalid_argument& e) {
    return web::error(ctx, 422, e.what());
  }
  db::Session sql(ctx.services.db);
  long long now = db::now_seconds(), id = 0, user = ctx.user().user_id;
  std::string name = file->filename.value_or(""), content = auth::base64_encode(file->data);
  sql << "DELETE FROM resource_uploads WHERE created_at < :t", soci::use(now - kUploadLifetime);
  sql << "INSERT INTO resource_uploads (user_id, prefecture_code, file_name, content, created_at) "
         "VALUES (:u, :p, :f, :c, :a) RETURNING id",
      soci::use(user), soci::use(ctx.user().prefecture_code), soci::use(name), soci::use(content), soci::use(now),
      soci::into(id);
  return http::redirect("/resources/import/" + std::to_string(id));
}

json mapping_view(const ImportTable& t, const ColumnMapping& m) {
  json fields = json::array();
  for (const ImportField& f : kImportFields) {
    json options = json::array();
    auto chosen = m.find(std::string(f.key));
    for (std::size_t i = 0; i < t.headers.size(); ++i)
      options.push_back({{"value", i}, {"label", t.headers[i].empty() ? "（" + std::to_string(i + 1) + "列目）" : t.headers[i]},
                         {"selected", chosen != m.end() && chosen->second == i}});
    fields.push_back({{"key", f.key}, {"label", f.label}, {"required", f.required}, {"options", options}});
  }
  json preview = json::array();
  for (std::size_t r = t.header_index + 1; r < t.table.rows.size() && preview.size() < 3; ++r) {
    json cells = json::array();
    for (std::size_t i = 0; i < t.headers.size(); ++i)
      cells.push_back({{"v", i < t.table.rows[r].cells.size() ? t.table.rows[r].cells[i] : ""}});
    preview.push_back({{"cells", cells}});
  }
  json headers = json::array();
  for (const std::string& h : t.headers) headers.push_back({{"h", h}});
  return {{"fields", fields}, {"preview", preview}, {"headers", headers}};
}

http::Response mapping_page(http::Context& ctx) {
  auto u = own_upload(ctx);
  if (!u) return web::error(ctx, 404, "この取り込みは見つかりません（1日を過ぎたか、処理済みです）。");
  ImportTable t = import_table(u->content);
  json data = mapping_view(t, guess_mapping(t));
  data["id"] = u->id;
  data["file_name"] = u->file_name;
  data["format"] = t.table.format;
  return web::page(ctx, "resource_import_map", "page.resource_import", std::move(data));
}

http::Response mapping_post(http::Context& ctx) {
  auto u = own_upload(ctx);
  if (!u) return web::error(ctx, 404, "この取り込みは見つかりません（1日を過ぎたか、処理済みです）。");
  ImportTable t = import_table(u->content);
  http::Params form = ctx.request.form();
  ColumnMapping m;
  for (const ImportField& f : kImportFields) {
    auto v = text::parse_decimal(form["field_" + std::string(f.key)], 4);
    if (v && static_cast<std::size_t>(*v) < t.headers.size()) m[std::string(f.key)] = static_cast<std::size_t>(*v);
  }
  ImportCheck check = check_import(t, m, ctx.services.master, ctx.user().prefecture_code);
  std::string mode = form["mode"];
  bool stored = false;
  std::string refusal;
  if (mode != "check") {
    if (check.facilities.empty()) refusal = "取り込める行がありません。";
    else if (check.invalid_rows > 0 && mode != "valid")
      refusal = std::to_string(check.invalid_rows) + "行に誤りがあるため、何も取り込みませんでした。";
    else {
      SaveResult r = ctx.services.resources.create_many(ctx.user(), web::actor(ctx), check.facilities);
      if (r.ok()) {
        stored = true;
        ctx.services.public_index.refresh();
        db::Session sql(ctx.services.db);
        sql << "DELETE FROM resource_uploads WHERE id = :i", soci::use(u->id);
      } else {
        refusal = r.errors.begin()->second;
      }
    }
  }
  json issues = json::array();
  for (const ImportIssue& i : check.issues)
    issues.push_back({{"line", i.line ? std::to_string(i.line) : std::string("—")}, {"column", i.column}, {"message", i.message}});
  json data = mapping_view(t, m);
  data.update({{"id", u->id}, {"file_name", u->file_name}, {"format", t.table.format}, {"checked", true},
               {"rows", check.rows}, {"invalid_rows", check.invalid_rows}, {"facilities", check.facilities.size()},
               {"issues", issues}, {"has_issues", !issues.empty()}, {"stored", stored}, {"refusal", refusal},
               {"can_import_valid", check.invalid_rows > 0 && !check.facilities.empty()}});
  return web::page(ctx, stored ? "resource_import_done" : "resource_import_map", "page.resource_import", data,
                   stored || mode == "check" ? 200 : 422);
}

}  // namespace

void add_import_routes(http::Router& router) {
  using auth::Rule;
  router.add({"GET", "/resources/import", Rule::needs("resources.create"), upload_form, "施設一覧の取り込み（ファイルの選択）"});
  router.add({"POST", "/resources/import", Rule::needs("resources.create"), upload_post, "施設一覧のファイルを送る"});
  router.add({"GET", "/resources/import/{id}", Rule::needs("resources.create"), mapping_page, "列の対応づけと確認"});
  router.add({"POST", "/resources/import/{id}", Rule::needs("resources.create"), mapping_post,
              "確認、または取り込み（すべて・正しい行だけ）"});
}

}  // namespace tsunagu::resources
