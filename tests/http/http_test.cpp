// The real binary over real HTTP, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/audit/audit_log.h"
#include "core/auth/totp.h"
#include "core/db/database.h"
#include "http/server_process.h"
#include "support/test_db.h"

namespace tsunagu::testing {
namespace {

const std::string kPassword = "correct horse battery";

class Http : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_EQ(server_->cli("user add center --role center_staff --prefecture 35 --name 'センター 試験'", kPassword), 0);
    ASSERT_EQ(server_->cli("user add shimo --role municipal_staff --municipality 352012 --department maternal_child_health",
                           kPassword), 0);
    ASSERT_EQ(server_->cli("user add yama --role municipal_staff --municipality 352039 --department education", kPassword), 0);
  }
  std::string token(const std::string& login) {
    std::string out;
    EXPECT_EQ(server_->cli("token create " + login, "", &out), 0);
    while (!out.empty() && (out.back() == '\n')) out.pop_back();
    return out;
  }
  Reply api(const std::string& target, const std::string& bearer) {
    return server_->request("GET", target, {{"Authorization", "Bearer " + bearer}});
  }
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(Http, HealthAndReadiness) {
  EXPECT_EQ(server_->request("GET", "/healthz").status, 200);
  Reply r = server_->request("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("ready"), std::string::npos);
  EXPECT_EQ(r.headers["X-Content-Type-Options"], "nosniff");
  EXPECT_FALSE(r.headers["X-Request-Id"].empty());
}

TEST_P(Http, PersonalRoutesRefuseRequestsWithoutASession) {
  for (const char* path : {"/", "/municipalities/352012/staff", "/admin/audit", "/care-items", "/account"}) {
    Reply r = server_->request("GET", path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.headers["Location"].rfind("/login?next=", 0), 0u) << path;
  }
  for (const char* path : {"/api/v1/me", "/api/v1/municipalities/352012/staff", "/api/v1/audit", "/api/v1/care-items"}) {
    Reply r = server_->request("GET", path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.headers["Content-Type"], "application/problem+json") << path;
    auto problem = nlohmann::json::parse(r.body);
    EXPECT_EQ(problem["status"], 401);
  }
  EXPECT_EQ(server_->request("GET", "/api/v1/me", {{"Authorization", "Bearer not-a-token"}}).status, 401);
}

TEST_P(Http, LoginSessionAndLogout) {
  Browser b(*server_);
  Reply page = b.get("/login");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html lang=\"ja\">"), std::string::npos);
  Reply in = b.login("center", kPassword);
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(in.headers["Location"], "/");
  bool found = false;
  for (const std::string& c : in.set_cookies)
    if (c.rfind("tsunagu_session=", 0) == 0) {
      found = true;
      EXPECT_NE(c.find("HttpOnly"), std::string::npos);
      EXPECT_NE(c.find("SameSite=Lax"), std::string::npos);
    }
  EXPECT_TRUE(found);
  Reply home = b.get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("センター 試験"), std::string::npos);
  EXPECT_EQ(home.headers["Cache-Control"], "no-store");
  EXPECT_EQ(b.post_form("/logout", {}, false).status, 403);  // no CSRF token: refused
  EXPECT_EQ(b.get("/").status, 200);                         // and the session is still there
  EXPECT_EQ(b.post_form("/logout", {}).status, 303);
  EXPECT_EQ(b.get("/").status, 303);                         // gone
}

TEST_P(Http, WrongPasswordAndLoginCsrf) {
  Browser b(*server_);
  Reply r = b.login("center", "wrong password");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("ログインIDまたはパスワードが違います"), std::string::npos);
  Browser forged(*server_);  // a cross-site form post has no form cookie
  EXPECT_EQ(forged.post_form("/login", {{"login", "center"}, {"password", kPassword}}, false).status, 403);
}

TEST_P(Http, RepeatedFailuresHoldTheAccount) {
  Browser b(*server_);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.login("shimo", "wrong password").status, 401);
  Reply held = b.login("shimo", kPassword);
  EXPECT_EQ(held.status, 429);
  EXPECT_NE(held.body.find("しばらくログインできません"), std::string::npos);
}

// Sign-ins are filed under the account's prefecture, failed ones included; one to no account is the system
// administrators' alone. Each prefecture administrator reads their own prefecture's.
TEST_P(Http, SignInsAreAuditedUnderTheAccountsPrefecture) {
  ASSERT_EQ(server_->cli("user add yamaguchi-admin --role prefecture_admin --prefecture 35", kPassword), 0);
  ASSERT_EQ(server_->cli("user add tokyo-admin --role prefecture_admin --prefecture 13", kPassword), 0);
  ASSERT_EQ(server_->cli("user add tokyo --role center_staff --prefecture 13", kPassword), 0);
  ASSERT_EQ(server_->cli("user add auditor --role system_admin", kPassword), 0);
  EXPECT_EQ(Browser(*server_).login("shimo", kPassword).status, 303);
  EXPECT_EQ(Browser(*server_).login("tokyo", "wrong password").status, 401);
  EXPECT_EQ(Browser(*server_).login("nobody", "wrong password").status, 401);
  auto sign_ins = [&](const std::string& admin, const std::string& query) {
    auto j = nlohmann::json::parse(api("/api/v1/audit?object_type=user&" + query, token(admin)).body);
    std::set<std::string> out;
    for (const auto& e : j["items"])
      if (e["action"].get<std::string>().rfind("login", 0) == 0)
        out.insert(e["action"].get<std::string>() + " " + e["login"].get<std::string>() + " " +
                   e["prefecture_code"].get<std::string>());
    return out;
  };
  EXPECT_EQ(sign_ins("yamaguchi-admin", ""), (std::set<std::string>{"login shimo 35"}));
  EXPECT_EQ(sign_ins("tokyo-admin", ""), (std::set<std::string>{"login_failed tokyo 13"}));
  EXPECT_EQ(sign_ins("auditor", ""),
            (std::set<std::string>{"login shimo 35", "login_failed tokyo 13", "login_failed nobody "}));
  EXPECT_EQ(sign_ins("auditor", "prefecture=13"), (std::set<std::string>{"login_failed tokyo 13"}));
  // The CLI's user creations are filed under the new user's prefecture.
  auto created = nlohmann::json::parse(api("/api/v1/audit?action=create&object_type=user", token("tokyo-admin")).body);
  std::set<std::string> users;
  for (const auto& e : created["items"])
    if (e["detail"] != "api token") users.insert(e["detail"].get<std::string>());
  EXPECT_EQ(users, (std::set<std::string>{"tokyo-admin", "tokyo"}));
  std::string out;
  EXPECT_EQ(server_->cli("audit verify", "", &out), 0) << out;
}

TEST_P(Http, AMunicipalityNeverSeesAnotherMunicipalitysData) {
  Browser shimo(*server_);
  ASSERT_EQ(shimo.login("shimo", kPassword).status, 303);
  Reply own = shimo.get("/municipalities/352012/staff");
  EXPECT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("shimo"), std::string::npos);
  Reply other = shimo.get("/municipalities/352039/staff");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.body.find("yama"), std::string::npos);
  EXPECT_EQ(shimo.get("/municipalities/352039").status, 403);
  std::string t = token("shimo");
  EXPECT_EQ(api("/api/v1/municipalities/352012/staff", t).status, 200);
  Reply denied = api("/api/v1/municipalities/352039/staff", t);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.body.find("yama"), std::string::npos);
  EXPECT_EQ(api("/api/v1/municipalities/999999/staff", t).status, 404);
  // Center staff see every municipality of their prefecture, and the reads are audited.
  std::string c = token("center");
  Reply list = api("/api/v1/municipalities/352039/staff", c);
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("yama"), std::string::npos);
  EXPECT_EQ(api("/api/v1/municipalities/131016/staff", c).status, 403);  // Tokyo: another prefecture
  ASSERT_EQ(server_->cli("user add auditor --role system_admin", kPassword), 0);
  auto entries = nlohmann::json::parse(api("/api/v1/audit?object_type=municipality_staff", token("auditor")).body);
  EXPECT_GE(entries["total"].get<int>(), 3);
  auto denials = nlohmann::json::parse(api("/api/v1/audit?action=denied&login=shimo", token("auditor")).body);
  EXPECT_GE(denials["total"].get<int>(), 2);
}

// The census over the web: a municipality uploads its own sheet (errors by row and column, then the valid rows
// by choice), the center uploads the education board's list, reconciles, reviews and reads statistics; each
// municipality gets only its own feedback.
TEST_P(Http, CensusUploadReconcileReviewAndFeedback) {
  const std::string header = "記録番号,氏名,ふりがな,生年月日,性別,市区町村コード,住所,医療的ケア,所属\r\n";
  const std::string own = header +
                          "1,山田 太郎,やまだ たろう,R2.5.1,男,352012,中央1-2-3,人工呼吸器、気管切開,在宅\r\n"
                          "2,山田 次郎,やまだ じろう,R2.5.1,男,352012,中央1-2-3,吸引,在宅\r\n"
                          "3,髙橋 花子,たかはし はなこ,2018-04-31,女,352012,,経管栄養,小学校\r\n";
  Browser shimo(*server_);
  ASSERT_EQ(shimo.login("shimo", kPassword).status, 303);
  Reply index = shimo.get("/census");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  // A municipality can only import as itself, whatever the form says.
  Reply checked = shimo.post_file("/census/import", {{"round", "2026"}, {"kind", "education"}, {"mode", "import"}},
                                  "file", "下関市_2026.csv", own);
  EXPECT_EQ(checked.status, 422);
  EXPECT_NE(checked.body.find("4月31日"), std::string::npos);  // row 4, 生年月日, the reason in Japanese
  EXPECT_NE(checked.body.find("<td>4</td><td>生年月日</td>"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(checked.body, m, std::regex("/census/uploads/([0-9]+)")));
  Reply stored = shimo.post_form("/census/uploads/" + m[1].str(), {{"choice", "valid"}});
  EXPECT_EQ(stored.status, 200);
  EXPECT_NE(stored.body.find("mun-352012"), std::string::npos);
  EXPECT_EQ(shimo.post_form("/census/uploads/" + m[1].str(), {{"choice", "valid"}}).status, 404);  // used up

  Browser center(*server_);
  ASSERT_EQ(center.login("center", kPassword).status, 303);
  center.get("/census");
  const std::string education = "record_id,name,kana,birth_date,sex,municipality_name,care,affiliation\r\n"
                                "E1,山田太郎,ヤマダタロウ,2020-05-01,1,下関市,人工呼吸器,特別支援学校\r\n"
                                "E2,佐藤 一,さとう はじめ,2015-01-10,男,山口市,吸引,小学校\r\n";
  Reply edu = center.post_file("/census/import", {{"round", "2026"}, {"kind", "education"}, {"mode", "import"}},
                               "file", "education.csv", education);
  EXPECT_EQ(edu.status, 200) << edu.body;
  Reply round = center.get("/census/2026");
  ASSERT_EQ(round.status, 200);
  EXPECT_EQ(center.post_form("/census/2026/reconcile", {}).status, 303);
  round = center.get("/census/2026");
  EXPECT_NE(round.body.find("3 人"), std::string::npos) << round.body;  // 山田太郎 twice, 山田次郎, 佐藤一
  EXPECT_EQ(center.get("/census/2026/review").status, 200);
  Reply stats = center.get("/census/2026/stats?publish=1");
  EXPECT_EQ(stats.status, 200);
  EXPECT_NE(stats.body.find("<svg"), std::string::npos);
  EXPECT_NE(stats.body.find("＊"), std::string::npos);  // 3 children: suppressed for publication
  Reply csv = center.get("/census/2026/links.csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("source,record_id,person_key\r\n", 0), 0u);
  std::smatch person;
  ASSERT_TRUE(std::regex_search(csv.body, person, std::regex("education,E1,(P[0-9a-f]{16})")));
  Reply why = center.get("/census/2026/persons/" + person[1].str());
  EXPECT_EQ(why.status, 200);
  EXPECT_NE(why.body.find("mun-352012 1"), std::string::npos);  // the municipality's row of the same child
  EXPECT_NE(why.body.find("生年月日 一致"), std::string::npos);
  EXPECT_EQ(shimo.get("/census/2026/persons/" + person[1].str()).status, 403);
  Reply report = center.get("/census/2026/report.xlsx");
  EXPECT_EQ(report.status, 200);
  EXPECT_EQ(report.body.substr(0, 2), "PK");

  Reply feedback = shimo.get("/census/2026/feedback/352012");
  EXPECT_EQ(feedback.status, 200);
  EXPECT_EQ(feedback.body.substr(0, 2), "PK");
  EXPECT_EQ(shimo.get("/census/2026/feedback/352039").status, 403);
  EXPECT_EQ(shimo.get("/census/2026/stats").status, 403);
  EXPECT_EQ(shimo.post_form("/census/2026/reconcile", {}).status, 403);

  // The same round from the command line: every row once, the twins apart.
  std::string links;
  ASSERT_EQ(server_->cli("census links --round 2026", "", &links), 0);
  EXPECT_EQ(links.rfind("source,record_id,person_key\r\n", 0), 0u);
  std::map<std::string, std::string> key;
  std::istringstream lines(links);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto comma = line.rfind(',');
    key[line.substr(0, comma)] = line.substr(comma + 1);
  }
  EXPECT_EQ(key.size(), 5u);  // header + 4 rows
  EXPECT_EQ(key["education,E1"], key["mun-352012,1"]);
  EXPECT_NE(key["mun-352012,1"], key["mun-352012,2"]);
}

// The public search site needs no login and shows no personal data; the staff directory does need one.
TEST_P(Http, PublicResourceSearchWithoutLogin) {
  Reply page = server_->request("GET", "/find?care=ventilator&age=4&near=352012&km=10");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);  // the offline map
  EXPECT_NE(page.body.find("国土数値情報"), std::string::npos);  // with its credit
  Reply api = server_->request("GET", "/api/v1/resources?service=visiting_nursing");
  EXPECT_EQ(api.status, 200);
  auto body = nlohmann::json::parse(api.body);
  EXPECT_EQ(body["total"], 0);
  // Asked again, the kept answer is sent whole, with its length, and HEAD gets the headers only.
  Reply page_again = server_->request("GET", "/find?care=ventilator&age=4&near=352012&km=10");
  EXPECT_EQ(page_again.status, 200);
  EXPECT_EQ(page_again.body, page.body);
  EXPECT_EQ(page_again.headers["Content-Length"], std::to_string(page.body.size()));
  EXPECT_FALSE(page_again.headers["X-Request-Id"].empty());
  EXPECT_NE(page_again.headers["X-Request-Id"], page.headers["X-Request-Id"]);
  Reply head = server_->request("HEAD", "/find?care=ventilator&age=4&near=352012&km=10");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["Content-Length"], std::to_string(page.body.size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(server_->request("GET", "/find/facilities/1").status, 404);
  EXPECT_EQ(server_->request("GET", "/resources").status, 303);
  EXPECT_EQ(server_->request("GET", "/find?age=%FF").status, 400);
}

TEST_P(Http, ApiTokensActAsTheirUserUntilRevoked) {
  std::string t = token("shimo");
  EXPECT_EQ(t.rfind("tsu_", 0), 0u);
  Reply me = api("/api/v1/me", t);
  ASSERT_EQ(me.status, 200);
  auto j = nlohmann::json::parse(me.body);
  EXPECT_EQ(j["login"], "shimo");
  EXPECT_EQ(j["municipality_code"], "352012");
  ASSERT_EQ(server_->cli("token revoke " + t, ""), 0);
  EXPECT_EQ(api("/api/v1/me", t).status, 401);
  std::string out;
  EXPECT_NE(server_->cli("token create nobody", "", &out), 0);
}

// The registry's JSON API end to end: a child registered with a 和暦 birth date and derived facts; a refused
// record that saves nothing; filters and the name search; the municipality seeing the child only while the sharing
// consent is in force; versions, a stale save refused, the history; every read audited.
TEST_P(Http, TheRegistryApiRegistersFiltersVersionsAndSharesByConsent) {
  using nlohmann::json;
  std::string center = token("center"), shimo = token("shimo"), yama = token("yama");
  auto send = [&](const std::string& method, const std::string& target, const std::string& bearer, const json& body) {
    return server_->request(method, target, {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}},
                            body.dump());
  };
  auto total = [&](const std::string& target, const std::string& bearer) {
    Reply r = api(target, bearer);
    EXPECT_EQ(r.status, 200) << target;
    return r.status == 200 ? json::parse(r.body)["total"].get<int>() : -1;
  };
  json child = {{"family_name", "髙橋"},  {"given_name", "碧"},           {"family_name_kana", "たかはし"},
                {"given_name_kana", "あお"}, {"birth_date", "R3.4.1"},    {"sex", "female"},
                {"municipality_code", "352012"}, {"life_stage", "home"}, {"source", "hospital"},
                {"care_items", json::array({{{"code", "ventilator"}, {"watch_level", "high"}}})},
                {"devices", json::array({{{"kind", "ventilator"}, {"battery_hours", 6}, {"needs_power", true}}})}};
  Reply created = send("POST", "/api/v1/children", center, child);
  ASSERT_EQ(created.status, 201) << created.body;
  json c = json::parse(created.body);
  long long id = c["id"].get<long long>();
  EXPECT_EQ(created.headers["Location"], "/api/v1/children/" + std::to_string(id));
  EXPECT_EQ(c["birth_date"], "2021-04-01");  // 令和3年4月1日
  EXPECT_EQ(c["family_name_kana"], "タカハシ");  // kana stored in katakana
  EXPECT_EQ(c["version"], 1);
  EXPECT_TRUE(c["derived"]["electricity_dependent"].get<bool>());
  EXPECT_GT(c["derived"]["score"]["total"].get<int>(), 0);

  // A refused record: Japanese messages keyed by field, and nothing saved.
  json bad = child;
  bad["municipality_code"] = "352013";  // wrong check digit
  bad["family_name"] = "";
  Reply refused = send("POST", "/api/v1/children", center, bad);
  ASSERT_EQ(refused.status, 422);
  std::set<std::string> fields;
  json problem = json::parse(refused.body);
  for (const json& e : problem["errors"]) {
    fields.insert(e["field"].get<std::string>());
    EXPECT_FALSE(e["message"].get<std::string>().empty());
  }
  EXPECT_TRUE(fields.count("municipality_code")) << refused.body;
  EXPECT_TRUE(fields.count("family_name")) << refused.body;
  EXPECT_EQ(send("POST", "/api/v1/children", center, json::array()).status, 400);
  EXPECT_EQ(server_->request("POST", "/api/v1/children", {{"Authorization", "Bearer " + center}}, "{not json").status, 400);
  EXPECT_EQ(total("/api/v1/children", center), 1);

  // Filters and the name search (高橋 found as タカハシ, hiragana or the ordinary kanji).
  EXPECT_EQ(total("/api/v1/children?q=%E3%82%BF%E3%82%AB%E3%83%8F%E3%82%B7", center), 1);  // タカハシ
  EXPECT_EQ(total("/api/v1/children?q=%E9%AB%98%E6%A9%8B", center), 1);                    // 高橋
  EXPECT_EQ(total("/api/v1/children?care_item=ventilator&electricity=yes", center), 1);
  EXPECT_EQ(total("/api/v1/children?municipality=352039", center), 0);
  EXPECT_EQ(total("/api/v1/children?age_min=10", center), 0);

  // The home page counts the children each user may see (no names), with links to the lists.
  auto home_counts = [&](const std::string& login) {
    Browser b(*server_);
    EXPECT_EQ(b.login(login, kPassword).status, 303);
    std::string body = b.get("/").body;
    std::smatch m;
    std::regex counts("<a href=\"/children\">(\\d+)</a>[\\s\\S]*<a href=\"/children\\?electricity=yes\">(\\d+)</a>");
    return std::regex_search(body, m, counts) ? m[1].str() + "/" + m[2].str() : std::string("none");
  };
  EXPECT_EQ(home_counts("center"), "1/1");
  EXPECT_EQ(home_counts("shimo"), "0/0");

  // The municipality sees the child only while the sharing consent is in force; another municipality never.
  std::string one = "/api/v1/children/" + std::to_string(id);
  EXPECT_EQ(total("/api/v1/children", shimo), 0);
  EXPECT_EQ(api(one, shimo).status, 403);
  Reply consent = send("POST", one + "/consents", center,
                       {{"scope", "municipality_sharing"}, {"method", "paper"}, {"given_on", "2026-04-01"}});
  ASSERT_EQ(consent.status, 201) << consent.body;
  long long consent_id = 0;
  json with_consent = json::parse(consent.body);
  for (const json& k : with_consent["consents"])
    if (k["scope"] == "municipality_sharing") consent_id = k["id"].get<long long>();
  ASSERT_NE(consent_id, 0);
  EXPECT_EQ(total("/api/v1/children", shimo), 1);
  EXPECT_EQ(api(one, shimo).status, 200);
  EXPECT_EQ(home_counts("shimo"), "1/1");
  EXPECT_EQ(total("/api/v1/children", yama), 0);
  EXPECT_EQ(api(one, yama).status, 403);

  // A new version (the record as read, changed and sent back whole); a save of the old version is refused and
  // changes nothing; the history keeps both.
  json edit = json::parse(api(one, center).body);
  EXPECT_EQ(edit["version"], 1);
  edit["notes"] = "退院時カンファレンス済み";
  Reply saved = send("PUT", one, center, edit);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body)["version"], 2);
  edit["notes"] = "古い版からの保存";
  EXPECT_EQ(send("PUT", one, center, edit).status, 409);
  json now = json::parse(api(one, center).body);
  EXPECT_EQ(now["notes"], "退院時カンファレンス済み");
  EXPECT_EQ(now["version"], 2);
  json history = json::parse(api(one + "/history", center).body);
  EXPECT_EQ(history["items"].size(), 2u);
  EXPECT_EQ(send("PUT", one, shimo, edit).status, 403);  // municipal staff read, they do not edit

  // After the withdrawal the municipality sees nothing again.
  Reply withdrawn = send("POST", one + "/consents/" + std::to_string(consent_id) + "/withdraw", center,
                         {{"withdrawn_on", "2026-11-30"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(total("/api/v1/children", shimo), 0);
  EXPECT_EQ(api(one, shimo).status, 403);

  // Every read of the record is in the audit log: the detail reads above (center ×2, shimo ×1, history ×1).
  ASSERT_EQ(server_->cli("user add auditor --role system_admin", kPassword), 0);
  json reads = json::parse(
      api("/api/v1/audit?object_type=child&action=read&object_id=" + std::to_string(id), token("auditor")).body);
  EXPECT_GE(reads["total"].get<int>(), 4);
  json lists = json::parse(api("/api/v1/audit?object_type=children&login=shimo", token("auditor")).body);
  EXPECT_GE(lists["total"].get<int>(), 3);
}

TEST_P(Http, MalformedRequestsGetA4xxAndTheServerLivesOn) {
  EXPECT_EQ(server_->request("GET", "/prefectures/%zz").status, 400);
  EXPECT_EQ(server_->request("GET", "/login?next=%ff%fe").status, 400);
  Reply bad_form = server_->request("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                                    "login=\xff\xfe&password=x");
  EXPECT_EQ(bad_form.status, 400);
  Reply huge = exchange_raw(server_->port(), "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\nabc");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(exchange_raw(server_->port(), "NOT HTTP AT ALL\r\n\r\n").status, 400);
  EXPECT_EQ(exchange_raw(server_->port(), "GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n").status, 431);
  Reply r = server_->request("GET", "/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers["Content-Type"], "application/problem+json");
  Reply page = server_->request("GET", "/nothing-here");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("ページが見つかりません"), std::string::npos);
  Reply method = server_->request("DELETE", "/login");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.headers["Allow"], "GET, POST");
  EXPECT_TRUE(server_->alive());
  EXPECT_EQ(server_->request("GET", "/healthz").status, 200);
}

TEST_P(Http, OpenApiDocumentListsEveryApiRoute) {
  Reply r = server_->request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const char* path : {"/me", "/prefectures", "/prefectures/{code}", "/municipalities/{code}",
                           "/municipalities/{code}/staff", "/care-items", "/audit", "/openapi.json"})
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  EXPECT_EQ(doc["paths"]["/municipalities/{code}/staff"]["get"]["x-permission"], "staff.read");
}

TEST_P(Http, StaticAssetsRevalidateWithETag) {
  Reply css = server_->request("GET", "/static/app.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.headers["Content-Type"], "text/css; charset=utf-8");
  std::string etag = css.headers["ETag"];
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(server_->request("GET", "/static/app.css", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(server_->request("GET", "/static/htmx.min.js").status, 200);
  EXPECT_EQ(server_->request("GET", "/static/../migrations/0001_foundation.sql").status, 404);
}

TEST_P(Http, EditingAnAuditRowByHandBreaksVerification) {
  Browser b(*server_);
  ASSERT_EQ(b.login("center", kPassword).status, 303);
  b.get("/municipalities/352012/staff");
  std::string out;
  EXPECT_EQ(server_->cli("audit verify", "", &out), 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos);
  {
    auto db = db::Database::open(tdb_->url(), 1);
    db::Session sql(*db);
    if (db->kind() == db::Kind::sqlite) sql << "DROP TRIGGER audit_log_no_update";
    else sql << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change";
    sql << "UPDATE audit_log SET object_id = '352039' WHERE seq = 2";
  }
  EXPECT_EQ(server_->cli("audit verify", "", &out), 1);
  EXPECT_NE(out.find("BROKEN at entry 2"), std::string::npos) << out;
}

TEST_P(Http, SecondFactorCanBeTurnedOnAndThenRequiredForARole) {
  Browser b(*server_);
  ASSERT_EQ(b.login("center", kPassword).status, 303);
  Reply account = b.get("/account");
  ASSERT_EQ(account.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(account.body, m, std::regex(R"re(name="secret" value="([A-Z2-7]{32})")re")));
  std::string secret = m[1];
  long long now = db::now_seconds();
  EXPECT_EQ(b.post_form("/account/totp", {{"secret", secret}, {"code", "000000"}}).headers["Location"].find("failed=1") !=
                std::string::npos,
            auth::totp_code(secret, now) != "000000");
  b.get("/account");
  ASSERT_EQ(b.post_form("/account/totp", {{"secret", secret}, {"code", auth::totp_code(secret, now)}}).status, 303);
  ASSERT_EQ(b.post_form("/logout", {}).status, 303);

  Browser again(*server_);
  Reply first = again.login("center", kPassword);
  ASSERT_EQ(first.status, 303);
  EXPECT_EQ(first.headers["Location"].rfind("/login/totp", 0), 0u);
  EXPECT_EQ(again.get("/").status, 303);  // password alone is not enough
  again.get("/login/totp");
  EXPECT_EQ(again.post_form("/login/totp", {{"code", "12345x"}}).status, 401);
  EXPECT_EQ(again.post_form("/login/totp", {{"code", auth::totp_code(secret, db::now_seconds())}}).status, 303);
  EXPECT_EQ(again.get("/").status, 200);

  // Required for municipal staff: one without a second factor can no longer sign in.
  ASSERT_EQ(server_->cli("role require-totp municipal_staff", ""), 0);
  Browser shimo(*server_);
  Reply refused = shimo.login("shimo", kPassword);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("二段階認証が必要"), std::string::npos);
  ASSERT_EQ(server_->cli("role require-totp municipal_staff --off", ""), 0);
  EXPECT_EQ(Browser(*server_).login("shimo", kPassword).status, 303);
}

// The session cookie: Secure when the request came over TLS through a proxy trusted with --trust-proxy
// (X-Forwarded-Proto: https), not without that header, and not when the server does not trust the proxy.
TEST_P(Http, SessionCookieIsSecureOnlyOverTlsThroughATrustedProxy) {
  auto session_cookie = [](const Reply& r) {
    for (const std::string& c : r.set_cookies)
      if (c.rfind("tsunagu_session=", 0) == 0) return c;
    return std::string();
  };
  ServerProcess proxied(tdb_->url(), {"--trust-proxy"});
  Browser tls(proxied);
  tls.set_header("X-Forwarded-Proto", "https");
  std::string secure = session_cookie(tls.login("center", kPassword));
  ASSERT_FALSE(secure.empty());
  EXPECT_NE(secure.find("; Secure"), std::string::npos) << secure;
  EXPECT_NE(secure.find("HttpOnly"), std::string::npos) << secure;
  Browser plain(proxied);
  std::string clear = session_cookie(plain.login("center", kPassword));
  ASSERT_FALSE(clear.empty());
  EXPECT_EQ(clear.find("Secure"), std::string::npos) << clear;
  Browser untrusted(*server_);
  untrusted.set_header("X-Forwarded-Proto", "https");
  std::string believed = session_cookie(untrusted.login("center", kPassword));
  ASSERT_FALSE(believed.empty());
  EXPECT_EQ(believed.find("Secure"), std::string::npos) << believed;
}

// A prefecture administrator creates a municipal user on the web; the user signs in with the temporary password, is
// sent to /account and chooses their own.
TEST_P(Http, AnAdministratorCreatesAUserWhoSignsInAndChoosesTheirOwnPassword) {
  ASSERT_EQ(server_->cli("user add padmin --role prefecture_admin --prefecture 35 --name '県 管理者'", kPassword), 0);
  ASSERT_EQ(server_->cli("user add root --role system_admin --name 'システム 管理者'", kPassword), 0);
  Browser admin(*server_);
  ASSERT_EQ(admin.login("padmin", kPassword).status, 303);
  EXPECT_NE(admin.get("/").body.find("href=\"/admin/users\""), std::string::npos);
  ASSERT_EQ(admin.get("/admin/users/new").status, 200);
  const std::string temporary = "temporary password 1";
  Reply bad = admin.post_form("/admin/users", {{"login", "Bad Login"}, {"display_name", "新規 花子"},
                                               {"role", "municipal_staff"}, {"municipality_code", "352013"},
                                               {"department.childcare", "1"}, {"password", temporary},
                                               {"password_again", "something else"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("id=\"u-login-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("<p class=\"error\" id=\"u-municipality-code-error\">市区町村コード（6桁、検査数字付き）"),
            std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("id=\"u-password-again-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#u-login\""), std::string::npos);  // the summary links to the field
  EXPECT_NE(bad.body.find("value=\"新規 花子\""), std::string::npos);  // what was typed stays
  EXPECT_EQ(bad.body.find(temporary), std::string::npos);              // but never a password
  Reply root = admin.post_form("/admin/users", {{"login", "newroot"}, {"display_name", "x"}, {"role", "system_admin"},
                                                {"password", temporary}, {"password_again", temporary}});
  EXPECT_EQ(root.status, 422);
  EXPECT_NE(root.body.find("この役割のユーザーは作成できません"), std::string::npos);
  std::map<std::string, std::string> hanako{{"login", "hanako"}, {"display_name", "新規 花子"},
                                            {"role", "municipal_staff"}, {"municipality_code", "35201"},
                                            {"department.childcare", "1"}, {"password", temporary},
                                            {"password_again", temporary}};
  EXPECT_EQ(admin.post_form("/admin/users", hanako, false).status, 403);  // no CSRF token
  Reply created = admin.post_form("/admin/users", hanako);
  ASSERT_EQ(created.status, 303) << created.body;
  std::string location = created.headers["Location"];
  ASSERT_EQ(location.rfind("/admin/users/", 0), 0u);
  Reply page = admin.get(location);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("下関市"), std::string::npos);  // 35201 + check digit
  Reply list = admin.get("/admin/users?municipality=352012&role=municipal_staff");
  EXPECT_NE(list.body.find(">hanako</a>"), std::string::npos);
  EXPECT_NE(list.body.find(">shimo</a>"), std::string::npos);
  EXPECT_EQ(list.body.find(">yama</a>"), std::string::npos);  // another municipality
  EXPECT_EQ(admin.get("/admin/users").body.find(">root</a>"), std::string::npos);  // never a system administrator

  Browser user(*server_);
  Reply in = user.login("hanako", temporary);
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(in.headers["Location"], "/account");
  EXPECT_NE(user.get("/account").body.find("仮のパスワードでログインしています"), std::string::npos);
  const std::string own = "hanako's own password";
  Reply changed = user.post_form("/account/password",
                                 {{"current_password", temporary}, {"new_password", own}, {"new_password_again", own}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  Reply account = user.get("/account");
  EXPECT_EQ(account.status, 200);
  EXPECT_EQ(account.body.find("仮のパスワードでログインしています"), std::string::npos);
  Reply again = Browser(*server_).login("hanako", own);
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.headers["Location"], "/");
  auto me = nlohmann::json::parse(api("/api/v1/me", token("hanako")).body);
  EXPECT_EQ(me["municipality_code"], "352012");
  EXPECT_EQ(me["departments"], nlohmann::json::array({"childcare"}));
  auto created_entries = nlohmann::json::parse(api("/api/v1/audit?action=create&object_type=user", token("root")).body);
  EXPECT_GE(created_entries["total"].get<int>(), 1);
}

TEST_P(Http, AdministratorsDisableAndResetOnlyTheUsersTheyManage) {
  ASSERT_EQ(server_->cli("user add padmin --role prefecture_admin --prefecture 35", kPassword), 0);
  ASSERT_EQ(server_->cli("user add tokyoadmin --role prefecture_admin --prefecture 13", kPassword), 0);
  ASSERT_EQ(server_->cli("user add root --role system_admin", kPassword), 0);
  Browser yama(*server_);
  ASSERT_EQ(yama.login("yama", kPassword).status, 303);
  Browser admin(*server_);
  ASSERT_EQ(admin.login("padmin", kPassword).status, 303);
  std::smatch m;
  std::string list = admin.get("/admin/users").body;
  ASSERT_TRUE(std::regex_search(list, m, std::regex("href=\"(/admin/users/[0-9]+)\">yama<")));
  std::string yama_page = m[1];
  Browser tokyo(*server_);
  ASSERT_EQ(tokyo.login("tokyoadmin", kPassword).status, 303);
  EXPECT_EQ(tokyo.get(yama_page).status, 403);  // another prefecture's administrator
  tokyo.get("/admin/users");
  EXPECT_EQ(tokyo.post_form(yama_page + "/disable", {}).status, 403);
  EXPECT_EQ(yama.get("/").status, 200);

  admin.get(yama_page);
  Reply disabled = admin.post_form(yama_page + "/disable", {});
  ASSERT_EQ(disabled.status, 303);
  EXPECT_EQ(yama.get("/").status, 303);  // their session has ended
  EXPECT_EQ(Browser(*server_).login("yama", kPassword).status, 401);
  admin.get(yama_page);
  ASSERT_EQ(admin.post_form(yama_page + "/enable", {}).status, 303);
  admin.get(yama_page);
  Reply short_one = admin.post_form(yama_page + "/password", {{"password", "short"}, {"password_again", "short"}});
  EXPECT_EQ(short_one.status, 422);
  EXPECT_NE(short_one.body.find("パスワードは10文字以上にしてください"), std::string::npos);
  ASSERT_EQ(admin.post_form(yama_page + "/password",
                            {{"password", "a temporary one"}, {"password_again", "a temporary one"}}).status, 303);
  Reply in = Browser(*server_).login("yama", "a temporary one");
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(in.headers["Location"], "/account");

  ASSERT_TRUE(std::regex_search(list, m, std::regex("href=\"(/admin/users/[0-9]+)\">padmin<")));
  Reply self = admin.get(m[1].str());
  EXPECT_NE(self.body.find("自分のアカウントです"), std::string::npos);
  EXPECT_EQ(admin.post_form(m[1].str() + "/disable", {}).status, 422);  // not oneself
  // Role settings are the system administrator's.
  EXPECT_EQ(admin.post_form("/admin/roles/coordinator/totp", {{"required", "1"}}).status, 403);
  Browser root(*server_);
  ASSERT_EQ(root.login("root", kPassword).status, 303);
  Reply roles = root.get("/admin/users");
  EXPECT_NE(roles.body.find("action=\"/admin/roles/municipal_staff/totp\""), std::string::npos);
  ASSERT_EQ(root.post_form("/admin/roles/municipal_staff/totp", {{"required", "1"}}).status, 303);
  EXPECT_EQ(Browser(*server_).login("shimo", kPassword).status, 403);  // no second factor set up
  root.get("/admin/users");
  ASSERT_EQ(root.post_form("/admin/roles/municipal_staff/totp", {{"required", "0"}}).status, 303);
  EXPECT_EQ(Browser(*server_).login("shimo", kPassword).status, 303);
}

TEST_P(Http, ChangingOnesPasswordEndsOtherSessionsButNotThisOne) {
  Browser here(*server_), there(*server_);
  ASSERT_EQ(here.login("center", kPassword).status, 303);
  ASSERT_EQ(there.login("center", kPassword).status, 303);
  ASSERT_EQ(here.get("/account").status, 200);
  const std::string next = "another long password";
  Reply wrong = here.post_form("/account/password",
                               {{"current_password", "not my password"}, {"new_password", next}, {"new_password_again", next}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("<p class=\"error\" id=\"pw-current-password-error\">今のパスワードが違います。</p>"),
            std::string::npos) << wrong.body;
  EXPECT_NE(wrong.body.find("aria-invalid=\"true\""), std::string::npos);
  std::map<std::string, std::string> right{{"current_password", kPassword}, {"new_password", next},
                                           {"new_password_again", next}};
  EXPECT_EQ(here.post_form("/account/password", right, false).status, 403);  // no CSRF token
  Reply changed = here.post_form("/account/password", right);
  ASSERT_EQ(changed.status, 303);
  EXPECT_EQ(changed.headers["Location"], "/account?password=changed");
  EXPECT_NE(here.get(changed.headers["Location"]).body.find("パスワードを変更しました"), std::string::npos);
  EXPECT_EQ(there.get("/").status, 303);  // the other session has ended
  EXPECT_EQ(Browser(*server_).login("center", kPassword).status, 401);
  EXPECT_EQ(Browser(*server_).login("center", next).status, 303);
}

TEST_P(Http, CommandLineManagesUsersAndBackups) {
  std::string out;
  EXPECT_EQ(server_->cli("user list", "", &out), 0);
  EXPECT_NE(out.find("shimo\tmunicipal_staff\t35\t352012\tmaternal_child_health"), std::string::npos) << out;
  EXPECT_NE(server_->cli("user add bad --role municipal_staff --municipality 352013 --department education", kPassword, &out), 0);
  EXPECT_NE(out.find("検査数字"), std::string::npos) << out;
  EXPECT_NE(server_->cli("user add short --role center_staff --prefecture 35", "short", &out), 0);
  EXPECT_NE(server_->cli("user add nobody --role wizard", kPassword, &out), 0);
  EXPECT_NE(server_->cli("user add fac --role facility_staff --prefecture 35 --facility 999", kPassword, &out), 0);
  EXPECT_NE(out.find("--facility「999」: この事業所IDの事業所は登録されていません。"), std::string::npos) << out;
  ASSERT_EQ(server_->cli("user passwd shimo", "a new long password"), 0);
  EXPECT_EQ(Browser(*server_).login("shimo", kPassword).status, 401);
  EXPECT_EQ(Browser(*server_).login("shimo", "a new long password").status, 303);
  ASSERT_EQ(server_->cli("user disable yama", ""), 0);
  EXPECT_EQ(Browser(*server_).login("yama", kPassword).status, 401);
  if (GetParam() == "sqlite") {
    std::string copy = temp_dir() + "/copy.db";
    ASSERT_EQ(server_->cli("backup --out " + copy, "", &out), 0) << out;
    auto db = db::Database::open("sqlite://" + copy, 1);
    int users = 0;
    db::Session(*db) << "SELECT COUNT(*) FROM users", soci::into(users);
    EXPECT_EQ(users, 3);
    EXPECT_TRUE(std::filesystem::exists(db::audit_file_for(copy)));  // the audit log's file is copied beside it
    EXPECT_NE(out.find(db::audit_file_for(copy)), std::string::npos) << out;
    audit::AuditLog copied_log(*db);
    audit::Filter created;
    created.action = "create";
    created.object_type = "user";
    EXPECT_EQ(copied_log.count(created), 3);  // the three `user add` entries, moved from the outbox
    EXPECT_TRUE(copied_log.verify().ok);
    std::filesystem::remove_all(std::filesystem::path(copy).parent_path());
  } else {
    EXPECT_NE(server_->cli("backup", "", &out), 0);
    EXPECT_NE(out.find("pg_dump"), std::string::npos);
  }
}

TEST_P(Http, ShutsDownGracefullyOnSigterm) {
  EXPECT_EQ(server_->request("GET", "/healthz").status, 200);
  EXPECT_EQ(server_->terminate(), 0);
}

// A flag beats the environment, which beats the config file.
TEST(CommandLine, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  std::string dir = temp_dir();
  std::string conf = dir + "/tsunagu.conf";
  std::ofstream(conf) << "# test\ndb = sqlite://" << dir << "/from-config.db\n";
  std::string bin = TSUNAGU_BINARY;
  auto run = [&](const std::string& env, const std::string& flags) {
    return std::system((env + " " + bin + " migrate --config " + conf + " " + flags + " >/dev/null 2>&1").c_str());
  };
  ASSERT_EQ(run("", ""), 0);
  EXPECT_TRUE(std::filesystem::exists(dir + "/from-config.db"));
  ASSERT_EQ(run("TSUNAGU_DB=sqlite://" + dir + "/from-env.db", ""), 0);
  EXPECT_TRUE(std::filesystem::exists(dir + "/from-env.db"));
  ASSERT_EQ(run("TSUNAGU_DB=sqlite://" + dir + "/from-env2.db", "--db sqlite://" + dir + "/from-flag.db"), 0);
  EXPECT_TRUE(std::filesystem::exists(dir + "/from-flag.db"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/from-env2.db"));
  EXPECT_NE(std::system((bin + " migrate --config " + dir + "/missing.conf >/dev/null 2>&1").c_str()), 0);
  EXPECT_EQ(std::system((bin + " --version | grep -q '^tsunagu '").c_str()), 0);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, Http, ::testing::ValuesIn(backends()), [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu::testing
