// The authorisation matrix: role × scope × route → allowed or denied, through the real pipeline.
// Every route that is not public must have a row here: a later issue adds rows, not code paths.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "app/app.h"
#include "support/test_db.h"

namespace tsunagu {
namespace {

// Users: one per role, plus users whose scope lies elsewhere (東京都, 13).
enum U { admin, pref_admin, center, coordinator, muni_shimo, muni_yama, facility, center_tokyo, pref_tokyo };
const char* kLogins[] = {"admin", "pref", "center", "coord", "shimo", "yama", "facility", "tokyo", "tokyoadmin"};
// User ids: the users above in order (1…9), then the coordinator whom the administrators manage in the rows below.
constexpr int kManagedUser = 10;

struct Row {
  std::string method, pattern, path;
  std::set<U> allowed;  // everyone else is refused with 403
};

const std::set<U> kAll{admin, pref_admin, center, coordinator, muni_shimo, muni_yama, facility, center_tokyo, pref_tokyo};
const std::set<U> kRegistryReaders{pref_admin, center, coordinator, muni_shimo, muni_yama, center_tokyo, pref_tokyo};
const std::set<U> kUserAdmins{admin, pref_admin, pref_tokyo};
std::string managed(const std::string& rest = "") { return "/admin/users/" + std::to_string(kManagedUser) + rest; }
const std::set<U> kChildViewers{pref_admin, center, coordinator, muni_shimo};
const std::set<U> kCensusUsers{pref_admin, center, muni_shimo, muni_yama};

std::vector<Row> matrix() {
  return {
      {"GET", "/", "/", kAll},
      {"GET", "/account", "/account", kAll},
      {"POST", "/account/totp", "/account/totp", kAll},
      {"POST", "/account/password", "/account/password", kAll},
      {"POST", "/logout", "/logout", kAll},
      {"GET", "/api/v1/me", "/api/v1/me", kAll},
      {"GET", "/care-items", "/care-items", kAll},
      {"GET", "/api/v1/care-items", "/api/v1/care-items", kAll},
      {"GET", "/prefectures", "/prefectures", kAll},
      {"GET", "/api/v1/prefectures", "/api/v1/prefectures", kAll},
      // Master data of the own prefecture (the handler compares the region's prefecture).
      {"GET", "/regions/{code}", "/regions/3506",
       {admin, pref_admin, center, coordinator, muni_shimo, muni_yama, facility}},
      {"GET", "/prefectures/{code}", "/prefectures/35", {admin, pref_admin, center, coordinator}},
      {"GET", "/api/v1/prefectures/{code}", "/api/v1/prefectures/35", {admin, pref_admin, center, coordinator}},
      {"GET", "/municipalities/{code}", "/municipalities/352012", {admin, pref_admin, center, coordinator, muni_shimo}},
      {"GET", "/api/v1/municipalities/{code}", "/api/v1/municipalities/352012",
       {admin, pref_admin, center, coordinator, muni_shimo}},
      {"GET", "/municipalities/{code}/staff", "/municipalities/352012/staff", {admin, pref_admin, center, muni_shimo}},
      {"GET", "/api/v1/municipalities/{code}/staff", "/api/v1/municipalities/352012/staff",
       {admin, pref_admin, center, muni_shimo}},
      // The audit log: every administrator; a prefecture administrator reads only the entries filed under their
      // own prefecture (AuditEntriesAreReadInTheirOwnPrefectureOnly below).
      {"GET", "/admin/audit", "/admin/audit", {admin, pref_admin, pref_tokyo}},
      {"GET", "/admin/audit.csv", "/admin/audit.csv", {admin, pref_admin, pref_tokyo}},
      {"GET", "/api/v1/audit", "/api/v1/audit", {admin, pref_admin, pref_tokyo}},
      // User administration: the list and the new-user form are every administrator's (each sees and creates the
      // users of their own prefecture only); one user only to the system administrator and that user's prefecture
      // administrator, and a system administrator only to a system administrator. Role settings: system_admin.
      {"GET", "/admin/users", "/admin/users", kUserAdmins},
      {"GET", "/admin/users/new", "/admin/users/new", kUserAdmins},
      {"POST", "/admin/users", "/admin/users", kUserAdmins},
      {"GET", "/admin/users/{id}", managed(), {admin, pref_admin}},
      {"GET", "/admin/users/{id}", "/admin/users/1", {admin}},
      {"GET", "/admin/users/{id}", "/admin/users/9", {admin, pref_tokyo}},
      {"POST", "/admin/users/{id}/disable", managed("/disable"), {admin, pref_admin}},
      {"POST", "/admin/users/{id}/disable", "/admin/users/1/disable", {admin}},
      {"POST", "/admin/users/{id}/enable", managed("/enable"), {admin, pref_admin}},
      {"POST", "/admin/users/{id}/password", managed("/password"), {admin, pref_admin}},
      {"POST", "/admin/users/{id}/password", "/admin/users/1/password", {admin}},
      {"POST", "/admin/roles/{role}/totp", "/admin/roles/coordinator/totp", {admin}},
      // Registry: lists are open to every role that reads the registry (their rows are filtered by the same
      // rule); a record only to those who may see that child. Child 1 lives in 下関市 (352012), is assigned to
      // the coordinator, and its family consented to sharing with the municipality and the care team.
      {"GET", "/children", "/children", kRegistryReaders},
      {"GET", "/children.csv", "/children.csv", kRegistryReaders},
      {"GET", "/children.xlsx", "/children.xlsx", kRegistryReaders},
      {"GET", "/children.ndjson", "/children.ndjson", kRegistryReaders},
      {"GET", "/children/{id}/fhir", "/children/1/fhir", kChildViewers},
      {"GET", "/api/v1/children", "/api/v1/children", kRegistryReaders},
      {"GET", "/children/new", "/children/new", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/children", "/children", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/api/v1/children", "/api/v1/children", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/children/{id}", "/children/1", kChildViewers},
      {"GET", "/children/{id}/print", "/children/1/print", kChildViewers},
      {"GET", "/children/{id}/history", "/children/1/history", kChildViewers},
      {"GET", "/api/v1/children/{id}", "/api/v1/children/1", kChildViewers},
      {"GET", "/api/v1/children/{id}/history", "/api/v1/children/1/history", kChildViewers},
      {"GET", "/children/{id}/edit", "/children/1/edit", {pref_admin, center}},
      {"POST", "/children/{id}", "/children/1", {pref_admin, center}},
      {"PUT", "/api/v1/children/{id}", "/api/v1/children/1", {pref_admin, center}},
      {"POST", "/children/{id}/consents", "/children/1/consents", {pref_admin, center}},
      {"POST", "/api/v1/children/{id}/consents", "/api/v1/children/1/consents", {pref_admin, center}},
      // Consent 999 does not exist: the request is authorised but changes nothing.
      {"POST", "/children/{id}/consents/{consent}/withdraw", "/children/1/consents/999/withdraw", {pref_admin, center}},
      {"POST", "/api/v1/children/{id}/consents/{consent}/withdraw", "/api/v1/children/1/consents/999/withdraw",
       {pref_admin, center}},
      {"GET", "/children/{id}/erase", "/children/1/erase", {pref_admin}},
      // Registration form submissions: center staff and prefecture administrators of the prefecture only.
      {"GET", "/registrations", "/registrations", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/registrations/{id}", "/registrations/1", {pref_admin, center}},
      {"POST", "/registrations/{id}/merge", "/registrations/1/merge", {pref_admin, center}},
      {"POST", "/registrations/{id}/reject", "/registrations/1/reject", {pref_admin, center}},
      {"POST", "/registrations/{id}/accept", "/registrations/1/accept", {pref_admin, center}},
      {"POST", "/children/{id}/erase", "/children/1/erase", {pref_admin}},
      // Census: the installation serves 山口県 (35); round 2026 exists. Municipal staff import their own sheet
      // and read their own feedback; reconciling, review and statistics are the center's.
      {"GET", "/census", "/census", kCensusUsers},
      {"GET", "/census/template.xlsx", "/census/template.xlsx", {pref_admin, center, muni_shimo, muni_yama, center_tokyo, pref_tokyo}},
      {"GET", "/census/template.csv", "/census/template.csv", {pref_admin, center, muni_shimo, muni_yama, center_tokyo, pref_tokyo}},
      {"POST", "/census/import", "/census/import", kCensusUsers},
      {"POST", "/census/uploads/{id}", "/census/uploads/1", kCensusUsers},
      {"GET", "/census/{year}", "/census/2026", kCensusUsers},
      {"POST", "/census/{year}/registry", "/census/2026/registry", {pref_admin, center}},
      {"POST", "/census/{year}/reconcile", "/census/2026/reconcile", {pref_admin, center}},
      {"POST", "/census/{year}/freeze", "/census/2026/freeze", {pref_admin, center}},
      {"GET", "/census/{year}/review", "/census/2026/review", {pref_admin, center}},
      {"POST", "/census/{year}/review", "/census/2026/review", {pref_admin, center}},
      {"GET", "/census/{year}/persons/{key}", "/census/2026/persons/P0", {pref_admin, center}},
      {"GET", "/census/{year}/links.csv", "/census/2026/links.csv", {pref_admin, center}},
      {"GET", "/census/{year}/stats", "/census/2026/stats", {pref_admin, center}},
      {"GET", "/census/{year}/report.xlsx", "/census/2026/report.xlsx", {pref_admin, center}},
      {"GET", "/census/{year}/feedback/{code}", "/census/2026/feedback/352012", {pref_admin, center, muni_shimo}},
      // Resources: facility 1 (下関市) belongs to the facility user; center staff edit every facility of 山口県.
      {"GET", "/resources", "/resources", {pref_admin, center, coordinator, facility, center_tokyo, pref_tokyo}},
      {"GET", "/resources/new", "/resources/new", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/resources", "/resources", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/resources/organizations", "/resources/organizations", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/resources/import", "/resources/import", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/resources/import", "/resources/import", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/resources/import/{id}", "/resources/import/1", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"POST", "/resources/import/{id}", "/resources/import/1", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/resources/gaps", "/resources/gaps", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/resources/gaps.xlsx", "/resources/gaps.xlsx", {pref_admin, center, center_tokyo, pref_tokyo}},
      {"GET", "/resources/{id}", "/resources/1", {pref_admin, center, facility}},
      {"GET", "/resources/{id}/edit", "/resources/1/edit", {pref_admin, center, facility}},
      {"POST", "/resources/{id}", "/resources/1", {pref_admin, center, facility}},
      {"POST", "/resources/{id}/confirm", "/resources/1/confirm", {pref_admin, center, facility}},
  };
}

class AuthorizationMatrix : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(tdb_->url(), Settings{});
    auto add = [&](U u, auth::Role role, std::string pref, std::string muni, std::vector<std::string> deps,
                   std::optional<long long> fac) {
      auth::NewUser n{kLogins[u], kLogins[u], "correct horse battery", role, pref, muni, deps, fac};
      long long id = app_->services().users.create(n);
      tokens_[u] = app_->services().tokens.create(id, 1);
    };
    using auth::Role;
    add_facility();  // before the facility user, whose facility must exist
    add(admin, Role::system_admin, "", "", {}, std::nullopt);
    add(pref_admin, Role::prefecture_admin, "35", "", {}, std::nullopt);
    add(center, Role::center_staff, "35", "", {}, std::nullopt);
    add(coordinator, Role::coordinator, "35", "", {}, std::nullopt);
    add(muni_shimo, Role::municipal_staff, "", "352012", {"maternal_child_health"}, std::nullopt);
    add(muni_yama, Role::municipal_staff, "", "352039", {"education"}, std::nullopt);
    add(facility, Role::facility_staff, "35", "", {}, 1);
    add(center_tokyo, Role::center_staff, "13", "", {}, std::nullopt);
    add(pref_tokyo, Role::prefecture_admin, "13", "", {}, std::nullopt);
    auth::NewUser managed_user{"managed", "managed", "correct horse battery", Role::coordinator, "35", "", {}, std::nullopt};
    ASSERT_EQ(app_->services().users.create(managed_user), kManagedUser);
    add_child();
  }
  // Center staff of 山口県, who set up the objects the rows below ask for.
  static auth::Principal yamaguchi_center() {
    auth::Principal p;
    p.role = auth::Role::center_staff;
    p.prefecture_code = "35";
    return p;
  }
  // Facility 1: in 下関市, the facility user's.
  void add_facility() {
    auth::Principal p = yamaguchi_center();
    resources::Facility f;
    f.name = "あおぞら訪問看護";
    f.municipality_code = "352012";
    f.services = {{0, "visiting_nursing", 0, 18, std::nullopt, std::nullopt, {{"suction", ""}}, {"night_holiday"}, ""}};
    ASSERT_EQ(app_->services().resources.create(p, {std::nullopt, "test", "center_staff", "", ""}, f).id, 1);
  }
  // Child 1: see the comment above the registry rows; submission 1; census round 2026.
  void add_child() {
    auth::Principal p = yamaguchi_center();
    registry::Child c;
    c.family_name = "下関";
    c.given_name = "一郎";
    c.family_name_kana = "しものせき";
    c.given_name_kana = "いちろう";
    c.birth_date = "2020-05-05";
    c.sex = "male";
    c.municipality_code = "352012";
    c.life_stage = "home";
    c.source = "hospital";
    c.status = "active";
    c.coordinator_user_id = app_->services().users.find(kLogins[coordinator])->id;
    std::vector<registry::Consent> consents{{0, "municipality_sharing", "2024-04-01", "paper"},
                                            {0, "care_team_sharing", "2024-04-01", "paper"}};
    auto r = app_->services().registry.create(p, {std::nullopt, "test", "center_staff", "", ""}, c, consents, "test");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.id, 1);
    registry::Submission sub;
    sub.child = c;
    sub.child.coordinator_user_id.reset();
    sub.consents = {"registration"};
    app_->services().registrations.submit({std::nullopt, "", "public", "", "192.0.2.1"}, sub, "35");
    ASSERT_EQ(sub.id, 1);
    census::ImportRequest sheet{2026, "mun-352012", "municipality", "352012", "s.csv",
                                "記録番号,氏名,生年月日\n1,下関 一郎,2020-05-05\n"};
    ASSERT_TRUE(app_->services().census.import(sheet, {std::nullopt, "test", "center_staff", "", ""}).stored);
  }
  int status(U u, const std::string& method, const std::string& path) {
    http::Request r;
    r.method = method;
    r.target = path;
    r.client_addr = "127.0.0.1";
    r.headers["Authorization"] = "Bearer " + tokens_[u];
    return app_->pipeline().handle(r).status;
  }
  http::Response get(U u, const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.target = path;
    r.client_addr = "127.0.0.1";
    r.headers["Authorization"] = "Bearer " + tokens_[u];
    return app_->pipeline().handle(r);
  }
  // The logins and prefectures of the audit entries `u` reads at /api/v1/audit (with `query`), newest first.
  std::vector<std::pair<std::string, std::string>> audit_seen_by(U u, const std::string& query = "") {
    http::Response r = get(u, "/api/v1/audit?" + query);
    EXPECT_EQ(r.status, 200) << kLogins[u];
    std::vector<std::pair<std::string, std::string>> out;
    nlohmann::json answer = nlohmann::json::parse(r.content());
    for (const auto& e : answer["items"])
      out.emplace_back(e["login"].get<std::string>(), e["prefecture_code"].get<std::string>());
    return out;
  }
  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<App> app_;
  std::map<U, std::string> tokens_;
};

TEST_P(AuthorizationMatrix, EveryRoleAndScopeGetsExactlyItsRoutes) {
  for (const Row& row : matrix()) {
    for (U u : kAll) {
      int s = status(u, row.method, row.path);
      bool allowed = row.allowed.count(u) > 0;
      if (allowed) EXPECT_TRUE(s != 401 && s != 403) << kLogins[u] << " " << row.method << " " << row.path << " → " << s;
      else EXPECT_EQ(s, 403) << kLogins[u] << " " << row.method << " " << row.path;
    }
  }
}

TEST_P(AuthorizationMatrix, EveryNonPublicRouteHasARow) {
  std::set<std::string> covered;
  for (const Row& row : matrix()) covered.insert(row.method + " " + row.pattern);
  for (const http::Route& r : app_->services().router.routes()) {
    if (r.rule.is_public()) continue;
    EXPECT_TRUE(covered.count(r.method + " " + r.pattern)) << "no matrix row for " << r.method << " " << r.pattern;
  }
}

TEST_P(AuthorizationMatrix, PublicRoutesAreOnlyTheseAndAnonymousIsRefusedElsewhere) {
  std::set<std::string> expected_public{"GET /login",       "POST /login",     "GET /login/totp",
                                        "POST /login/totp", "GET /lang",       "GET /healthz",
                                        "GET /readyz",      "GET /static/{path*}", "GET /api/v1/openapi.json",
                                        "GET /register",    "POST /register",  "GET /find",
                                        "GET /find/facilities/{id}", "GET /api/v1/resources",
                                        "GET /api/v1/hsds/services", "GET /api/v1/hsds/services/{id}",
                                        "GET /api/v1/hsds/organizations"};
  std::set<std::string> actual;
  for (const http::Route& r : app_->services().router.routes())
    if (r.rule.is_public()) actual.insert(r.method + " " + r.pattern);
  EXPECT_EQ(actual, expected_public);
  for (const Row& row : matrix()) {
    http::Request r;
    r.method = row.method;
    r.target = row.path;
    int s = app_->pipeline().handle(r).status;
    EXPECT_TRUE(s == 401 || s == 303) << "anonymous " << row.method << " " << row.path << " → " << s;
  }
}

TEST_P(AuthorizationMatrix, OnlyThePublicSiteHealthAndStaticFilesGoWithoutASession) {
  std::set<std::string> sessionless, nonblocking;
  for (const http::Route& r : app_->services().router.routes()) {
    if (r.sessionless) sessionless.insert(r.method + " " + r.pattern);
    if (r.nonblocking) nonblocking.insert(r.method + " " + r.pattern);
  }
  std::set<std::string> in_memory{"GET /healthz", "GET /static/{path*}", "GET /find", "GET /find/facilities/{id}",
                                  "GET /api/v1/resources"};
  EXPECT_EQ(nonblocking, in_memory);
  in_memory.insert("GET /readyz");
  EXPECT_EQ(sessionless, in_memory);
  auto runs_inline = [&](const std::string& method, const std::string& target) {
    http::Request r;
    r.method = method;
    r.target = target;
    return app_->pipeline().runs_inline(r);
  };
  EXPECT_TRUE(runs_inline("GET", "/api/v1/resources?q=%E3%81%B2"));
  EXPECT_TRUE(runs_inline("HEAD", "/find/facilities/1"));
  EXPECT_TRUE(runs_inline("GET", "/no/such/page"));  // a 404 page needs no database
  EXPECT_FALSE(runs_inline("GET", "/"));
  EXPECT_FALSE(runs_inline("GET", "/readyz"));
  EXPECT_FALSE(runs_inline("POST", "/login"));
  // Whoever asks, a sessionless route serves them alike: a bad token is not even looked at.
  http::Request r;
  r.method = "GET";
  r.target = "/api/v1/resources";
  r.headers["Authorization"] = "Bearer not-a-token";
  EXPECT_EQ(app_->pipeline().handle(r).status, 200);
  r.target = "/api/v1/me";
  EXPECT_EQ(app_->pipeline().handle(r).status, 401);
}

// Whose audit entries an administrator reads: each entry is filed under its actor's prefecture (a municipal user's
// is their municipality's); a prefecture administrator reads only their own prefecture's, the system administrator
// every entry, or one prefecture's when asked.
TEST_P(AuthorizationMatrix, AuditEntriesAreReadInTheirOwnPrefectureOnly) {
  for (U u : {center, muni_shimo, center_tokyo}) EXPECT_EQ(status(u, "GET", "/api/v1/children"), 200);
  EXPECT_EQ(status(center_tokyo, "GET", "/children/1"), 403);  // a refusal is filed too
  using Seen = std::vector<std::pair<std::string, std::string>>;
  auto logins = [](const Seen& seen) {
    std::multiset<std::string> out;
    for (const auto& [login, pref] : seen) out.insert(login);
    return out;
  };
  auto all_in = [](const Seen& seen, const std::string& pref) {
    for (const auto& [login, p] : seen)
      if (p != pref) return false;
    return true;
  };
  Seen yamaguchi = audit_seen_by(pref_admin, "object_type=children");
  EXPECT_EQ(logins(yamaguchi), (std::multiset<std::string>{"center", "shimo"}));
  EXPECT_TRUE(all_in(audit_seen_by(pref_admin), "35"));
  Seen tokyo = audit_seen_by(pref_tokyo);
  EXPECT_TRUE(all_in(tokyo, "13"));
  EXPECT_EQ(logins(audit_seen_by(pref_tokyo, "object_type=children")), (std::multiset<std::string>{"tokyo"}));
  EXPECT_EQ(logins(audit_seen_by(pref_tokyo, "action=denied")), (std::multiset<std::string>{"tokyo"}));
  // Asking for another prefecture changes nothing for a prefecture administrator.
  EXPECT_EQ(audit_seen_by(pref_tokyo, "object_type=children&prefecture=35"), audit_seen_by(pref_tokyo, "object_type=children"));
  EXPECT_EQ(logins(audit_seen_by(admin, "object_type=children")), (std::multiset<std::string>{"center", "shimo", "tokyo"}));
  EXPECT_EQ(logins(audit_seen_by(admin, "object_type=children&prefecture=13")), (std::multiset<std::string>{"tokyo"}));
  // The CSV export and the HTML page are narrowed alike.
  std::string csv(get(pref_tokyo, "/admin/audit.csv").content());
  EXPECT_NE(csv.find("tokyo"), std::string::npos);
  EXPECT_EQ(csv.find("shimo"), std::string::npos);
  EXPECT_EQ(csv.find(",center,"), std::string::npos);
  std::string html(get(pref_admin, "/admin/audit?object_type=children").content());
  EXPECT_NE(html.find("shimo"), std::string::npos);
  EXPECT_EQ(html.find("tokyo"), std::string::npos);
}

TEST_P(AuthorizationMatrix, RegionsOfAnotherPrefectureAreRefused) {
  EXPECT_EQ(status(center_tokyo, "GET", "/regions/3506"), 403);
  EXPECT_EQ(status(center, "GET", "/regions/3506"), 200);
}

TEST_P(AuthorizationMatrix, DepartmentRulesNarrowMunicipalStaff) {
  auth::Policy policy;
  policy.grant("education.read", {auth::Role::municipal_staff});
  auth::Principal p;
  p.role = auth::Role::municipal_staff;
  p.municipality_code = "352012";
  p.departments = {"maternal_child_health"};
  auth::ScopeTarget t{auth::ScopeKind::municipality, "35", "352012", 0};
  auto rule = auth::Rule::needs("education.read").in_municipality("code").for_departments({"education"});
  EXPECT_FALSE(policy.allows(p, rule, t));
  p.departments.push_back("education");
  EXPECT_TRUE(policy.allows(p, rule, t));
  t.municipality_code = "352039";
  EXPECT_FALSE(policy.allows(p, rule, t));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrix, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
