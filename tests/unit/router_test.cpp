#include <gtest/gtest.h>

#include "core/db/migrate.h"
#include "core/http/message.h"
#include "core/http/router.h"

namespace tsunagu {
namespace {

http::Response ok(http::Context&) { return http::text(200, "ok"); }

TEST(Router, MatchesParametersMethodsAndRest) {
  http::Router r;
  r.add({"GET", "/municipalities/{code}", auth::Rule::needs("x"), ok, ""});
  r.add({"POST", "/municipalities/{code}", auth::Rule::needs("x"), ok, ""});
  r.add({"GET", "/static/{path*}", auth::Rule::open(), ok, ""});
  auto m = r.match("GET", "/municipalities/352012");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.params.at("code"), "352012");
  EXPECT_EQ(r.match("HEAD", "/municipalities/352012").status, 200);
  auto bad = r.match("DELETE", "/municipalities/352012");
  EXPECT_EQ(bad.status, 405);
  EXPECT_EQ(bad.allowed_methods, "GET, POST");
  EXPECT_EQ(r.match("GET", "/municipalities").status, 404);
  EXPECT_EQ(r.match("GET", "/municipalities/1/2").status, 404);
  auto s = r.match("GET", "/static/css/app.css");
  EXPECT_EQ(s.params.at("path"), "css/app.css");
  EXPECT_THROW(r.add({"GET", "/static/{path*}", auth::Rule::open(), ok, ""}), std::logic_error);
  EXPECT_EQ(r.match("GET", "//static//css//app.css").params.at("path"), "css/app.css");
  EXPECT_EQ(r.match("GET", "/static").status, 404);
  EXPECT_THROW(r.add({"GET", "/files/{rest*}/more", auth::Rule::open(), ok, ""}), std::logic_error);
}

TEST(Router, FirstRegisteredMatchWinsAndLiteralsAreExact) {
  http::Router r;
  r.add({"GET", "/resources/new", auth::Rule::needs("create"), ok, ""});
  r.add({"GET", "/resources/{id}", auth::Rule::needs("read"), ok, ""});
  EXPECT_EQ(r.match("GET", "/resources/new").route->rule.permission, "create");
  auto m = r.match("GET", "/resources/12");
  EXPECT_EQ(m.route->rule.permission, "read");
  EXPECT_EQ(m.params.at("id"), "12");
  EXPECT_EQ(r.match("GET", "/resources/newer").params.at("id"), "newer");
  EXPECT_EQ(r.match("GET", "/Resources/new").status, 404);
}

TEST(Router, OnlyOpenRoutesGoWithoutASessionAndOnlySessionlessOnesRunInline) {
  http::Router r;
  EXPECT_THROW(r.add(http::sessionless({"GET", "/private", auth::Rule::needs("x"), ok, ""})), std::logic_error);
  http::Route blocking_with_session{"GET", "/a", auth::Rule::open(), ok, ""};
  blocking_with_session.nonblocking = true;
  EXPECT_THROW(r.add(blocking_with_session), std::logic_error);
  r.add(http::nonblocking({"GET", "/healthz", auth::Rule::open(), ok, ""}));
  r.add(http::sessionless({"GET", "/readyz", auth::Rule::open(), ok, ""}));
  r.add({"GET", "/", auth::Rule::needs("x"), ok, ""});
  const http::Route* health = r.match("GET", "/healthz").route;
  EXPECT_TRUE(health->nonblocking && health->sessionless);
  const http::Route* ready = r.match("GET", "/readyz").route;
  EXPECT_TRUE(ready->sessionless && !ready->nonblocking);
  EXPECT_FALSE(r.match("GET", "/").route->sessionless);
}

TEST(Message, TargetsAreDecodedAndMalformedOnesRefused) {
  std::string path;
  http::Params q;
  EXPECT_TRUE(http::parse_target("/a%20b?x=1&y=%E4%B8%8B%E9%96%A2+%E5%B8%82", path, q));
  EXPECT_EQ(path, "/a b");
  EXPECT_EQ(q["y"], "下関 市");
  EXPECT_FALSE(http::parse_target("/bad%zz", path, q));
  EXPECT_FALSE(http::parse_target("/bad%", path, q));
  EXPECT_FALSE(http::parse_target("/bad%ff%fe", path, q));    // not UTF-8
  EXPECT_FALSE(http::parse_target("/nul%00", path, q));       // control character
  EXPECT_FALSE(http::parse_target("relative", path, q));
  EXPECT_FALSE(http::parse_target("/?q=%c0%af", path, q));    // overlong encoding
}

TEST(Message, CookiesAndForms) {
  http::Request r;
  r.headers["cookie"] = "a=1; tsunagu_session=abc; b=2";
  EXPECT_EQ(r.cookie("tsunagu_session").value_or(""), "abc");
  EXPECT_FALSE(r.cookie("missing"));
  r.headers["Content-Type"] = "application/x-www-form-urlencoded";
  r.body = "login=%E5%B1%B1&password=a+b%26c";
  auto f = r.form();
  EXPECT_EQ(f["login"], "山");
  EXPECT_EQ(f["password"], "a b&c");
}

TEST(Migrations, StatementsSplitWithTriggersAndFunctionsWhole) {
  auto s = db::split_statements(
      "CREATE TABLE a (x INTEGER); -- note\n"
      "CREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n  SELECT RAISE(ABORT, 'no');\nEND;\n"
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'x';\nEND;\n$$;\n"
      "-- only a comment\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_NE(s[1].find("END"), std::string::npos);
  EXPECT_NE(s[2].find("RAISE EXCEPTION"), std::string::npos);
}

// A migration file may commit between its steps ("-- @commit"); the version is recorded with the last step.
TEST(Migrations, AFileSplitsIntoStepsAtItsCommitLines) {
  for (db::Kind kind : {db::Kind::sqlite, db::Kind::postgresql}) {
    for (const db::Migration& m : db::migrations_for(kind)) {
      if (m.version != db::kAuditFileVersion) {
        EXPECT_EQ(m.steps.size(), 1u) << m.version;
        continue;
      }
      if (kind == db::Kind::postgresql) {
        EXPECT_EQ(m.steps.size(), 1u);  // a comment only: no statement at all
        EXPECT_TRUE(m.steps[0].empty());
        continue;
      }
      ASSERT_EQ(m.steps.size(), 2u);
      std::string first, second;
      for (const std::string& s : m.steps[0]) first += s;
      for (const std::string& s : m.steps[1]) second += s;
      EXPECT_NE(first.find("CREATE TABLE audit.audit_log"), std::string::npos);
      EXPECT_EQ(first.find("DROP TABLE main."), std::string::npos);  // the originals stay until the copy committed
      EXPECT_NE(second.find("DROP TABLE main.audit_log"), std::string::npos);
      EXPECT_EQ(second.find("audit."), std::string::npos);
    }
  }
}

TEST(Migrations, EachBackendGetsItsOwnDialect) {
  auto lite = db::migrations_for(db::Kind::sqlite), pg = db::migrations_for(db::Kind::postgresql);
  ASSERT_EQ(lite.size(), pg.size());
  ASSERT_FALSE(lite.empty());
  EXPECT_EQ(lite[0].version, 1);
  std::string all_lite, all_pg;
  for (auto& m : lite) for (auto& step : m.steps) for (auto& s : step) all_lite += s;
  for (auto& m : pg) for (auto& step : m.steps) for (auto& s : step) all_pg += s;
  EXPECT_NE(all_lite.find("AUTOINCREMENT"), std::string::npos);
  EXPECT_NE(all_pg.find("GENERATED BY DEFAULT AS IDENTITY"), std::string::npos);
  EXPECT_EQ(all_pg.find("{{id}}"), std::string::npos);
  EXPECT_NE(all_pg.find("plpgsql"), std::string::npos);
  EXPECT_EQ(all_lite.find("plpgsql"), std::string::npos);
}

TEST(Database, UrlsChooseTheBackend) {
  EXPECT_EQ(db::parse_url("sqlite:///var/x.db").path, "/var/x.db");
  EXPECT_EQ(db::parse_url("sqlite://var/x.db").path, "var/x.db");
  EXPECT_EQ(db::parse_url("postgresql://u@h:5432/d").kind, db::Kind::postgresql);
  EXPECT_EQ(db::parse_url("postgresql://u%40x:p%27w@127.0.0.1:5433/tsunagu?sslmode=disable").connect,
            "user='u@x' password='p\\'w' host='127.0.0.1' port='5433' dbname='tsunagu' sslmode='disable' ");
  EXPECT_THROW(db::parse_url("mysql://x"), std::runtime_error);
}

}  // namespace
}  // namespace tsunagu
