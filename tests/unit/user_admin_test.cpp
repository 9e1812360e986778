// User administration on both backends: who manages whom, creating users with a temporary password, disabling,
// resetting, role settings and one's own change of password (sessions ended, audit entries written); and
// migration 0008 (users.facility_id refers to facilities) applied to a database that already holds users.
#include <gtest/gtest.h>

#include "app/app.h"
#include "core/auth/user_admin.h"
#include "core/db/migrate.h"
#include "support/test_db.h"

namespace tsunagu {
namespace {

using auth::Role;

const std::string kPassword = "correct horse battery";
const std::string kNewPassword = "a new and longer password";

class UserAdministration : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(tdb_->url(), Settings{}, 4);
    facility_ = add_facility("352012");
    system_ = person("sys", Role::system_admin, "");
    pref_ = person("pref", Role::prefecture_admin, "35");
    tokyo_ = person("tokyoadmin", Role::prefecture_admin, "13");
    center_ = person("center", Role::center_staff, "35");
    person("tokyocenter", Role::center_staff, "13");
    auth::NewUser muni{"shimo", "試験 shimo", kPassword, Role::municipal_staff, "", "352012", {"childcare"}, std::nullopt};
    users().create(muni);
  }
  auth::Users& users() { return app_->services().users; }
  auth::UserAdmin& admin() { return app_->services().user_admin; }
  auth::Sessions& sessions() { return app_->services().sessions; }
  long long add_facility(const std::string& municipality) {
    auth::Principal p;
    p.role = Role::center_staff;
    p.prefecture_code = municipality.substr(0, 2);
    resources::Facility f;
    f.name = "試験 事業所 " + municipality;
    f.municipality_code = municipality;
    auto r = app_->services().resources.create(p, {std::nullopt, "test", "center_staff", "", ""}, f);
    EXPECT_TRUE(r.ok());
    return r.id;
  }
  auth::Principal person(const std::string& login, Role role, const std::string& pref) {
    long long id = users().create({login, "試験 " + login, kPassword, role, pref, "", {}, std::nullopt});
    return *users().principal(id);
  }
  audit::Actor actor(const auth::Principal& p) {
    return {p.user_id, p.login, std::string(auth::role_name(p.role)), "req", "192.0.2.7"};
  }
  long long id_of(const std::string& login) { return users().find(login)->id; }
  // How many audit entries have this action on this user.
  long long audited(const std::string& action, long long user_id) {
    audit::Filter f;
    f.action = action;
    f.object_type = "user";
    f.object_id = std::to_string(user_id);
    return app_->services().audit.count(f);
  }
  std::vector<std::string> logins(const std::vector<auth::UserRow>& rows) {
    std::vector<std::string> out;
    for (const auth::UserRow& u : rows) out.push_back(u.login);
    return out;
  }
  auth::NewUser new_center(const std::string& login, const std::string& pref) {
    return {login, "新規 " + login, kPassword, Role::center_staff, pref, "", {}, std::nullopt};
  }

  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<App> app_;
  long long facility_ = 0;
  auth::Principal system_, pref_, tokyo_, center_;
};

TEST_P(UserAdministration, PrefectureAdministratorsManageTheirOwnPrefectureButNoSystemAdministrator) {
  auth::UserRow sys = *users().get(system_.user_id), shimo = *users().find("shimo"), tokyo = *users().find("tokyocenter");
  EXPECT_TRUE(auth::may_manage(system_, sys));
  EXPECT_TRUE(auth::may_manage(system_, tokyo));
  EXPECT_TRUE(auth::may_manage(pref_, shimo));  // a municipal user's prefecture is their municipality's
  EXPECT_FALSE(auth::may_manage(pref_, sys));
  EXPECT_FALSE(auth::may_manage(pref_, tokyo));
  EXPECT_FALSE(auth::may_manage(tokyo_, shimo));
  EXPECT_FALSE(auth::may_manage(center_, shimo));
  EXPECT_TRUE(auth::assignable_roles(center_).empty());
  EXPECT_EQ(auth::assignable_roles(pref_).size(), 5u);
  EXPECT_EQ(auth::assignable_roles(system_).size(), 6u);

  EXPECT_EQ(logins(admin().list(pref_, actor(pref_), {})), (std::vector<std::string>{"center", "pref", "shimo"}));
  auth::UserFilter elsewhere;
  elsewhere.prefecture_code = "13";  // a prefecture administrator's list never leaves their prefecture
  EXPECT_EQ(logins(admin().list(pref_, actor(pref_), elsewhere)), (std::vector<std::string>{"center", "pref", "shimo"}));
  EXPECT_EQ(admin().list(system_, actor(system_), {}).size(), 6u);
  auth::UserFilter by_role;
  by_role.role = "center_staff";
  EXPECT_EQ(logins(admin().list(system_, actor(system_), by_role)), (std::vector<std::string>{"center", "tokyocenter"}));
  auth::UserFilter by_place;
  by_place.municipality_code = "352012";
  auto rows = admin().list(system_, actor(system_), by_place);
  ASSERT_EQ(logins(rows), std::vector<std::string>{"shimo"});
  EXPECT_EQ(rows[0].departments, std::vector<std::string>{"childcare"});
  EXPECT_TRUE(admin().list(center_, actor(center_), {}).empty());

  EXPECT_EQ(admin().access(pref_, std::to_string(shimo.id)), auth::ObjectAccess::visible);
  EXPECT_EQ(admin().access(pref_, std::to_string(sys.id)), auth::ObjectAccess::hidden);
  EXPECT_EQ(admin().access(tokyo_, std::to_string(shimo.id)), auth::ObjectAccess::hidden);
  EXPECT_EQ(admin().access(pref_, "999"), auth::ObjectAccess::missing);
  EXPECT_EQ(admin().access(pref_, "x"), auth::ObjectAccess::missing);
}

TEST_P(UserAdministration, CreatingAUserChecksEveryFieldAndTheAdministratorsScope) {
  auto errors = [&](const auth::Principal& who, auth::NewUser u, const std::string& again = kPassword) {
    return admin().create(who, actor(who), u, again).errors;
  };
  auth::NewUser sys{"newsys", "新規", kPassword, Role::system_admin, "", "", {}, std::nullopt};
  EXPECT_EQ(errors(pref_, sys)["role"], "users.error.role_not_allowed");
  EXPECT_EQ(errors(pref_, new_center("newcenter", "13"))["prefecture_code"], "users.error.prefecture_not_allowed");
  auth::NewUser tokyo_muni{"newmuni", "新規", kPassword, Role::municipal_staff, "", "131016", {"education"}, std::nullopt};
  EXPECT_EQ(errors(pref_, tokyo_muni)["municipality_code"], "users.error.municipality_not_allowed");
  auth::NewUser bad_digit = tokyo_muni;
  bad_digit.municipality_code = "352013";
  EXPECT_EQ(errors(system_, bad_digit)["municipality_code"], "users.error.municipality");
  auth::NewUser no_departments = tokyo_muni;
  no_departments.departments.clear();
  EXPECT_EQ(errors(system_, no_departments)["departments"], "users.error.departments");
  auth::NewUser no_facility{"newfac", "新規", kPassword, Role::facility_staff, "35", "", {}, 9999};
  EXPECT_EQ(errors(pref_, no_facility)["facility_id"], "users.error.facility_unknown");
  auth::NewUser other_prefecture = no_facility;
  other_prefecture.facility_id = add_facility("131016");
  EXPECT_EQ(errors(pref_, other_prefecture)["facility_id"], "users.error.facility_prefecture");
  EXPECT_EQ(errors(pref_, new_center("center", "35"))["login"], "users.error.login_taken");
  EXPECT_EQ(errors(pref_, new_center("Bad Login", "35"))["login"], "users.error.login");
  EXPECT_EQ(errors(pref_, new_center("newcenter", "35"), "something else")["password_again"],
            "users.error.password_mismatch");
  auth::NewUser short_password = new_center("Bad Login", "35");  // refused for its login, not its password:
  short_password.password = "パスワード九文字です";                 // 10 characters are long enough
  EXPECT_FALSE(errors(pref_, short_password, short_password.password).count("password"));
  short_password.password = "パスワード九文字";  // 8 characters, 24 bytes: too short
  EXPECT_EQ(errors(pref_, short_password, short_password.password)["password"], "users.error.password_short");
  EXPECT_FALSE(users().find("newcenter"));  // refused creations store nothing

  auth::NewUser staff{"newfac", "新規 事業所", kPassword, Role::facility_staff, "35", "", {}, facility_};
  auth::AdminResult r = admin().create(pref_, actor(pref_), staff, kPassword);
  ASSERT_TRUE(r.ok());
  auto row = users().get(r.id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->facility_id, facility_);
  EXPECT_TRUE(row->password_temporary);
  EXPECT_EQ(users().authenticate("newfac", kPassword), r.id);
  EXPECT_EQ(audited("create", r.id), 1);
  EXPECT_TRUE(admin().create(system_, actor(system_), sys, kPassword).ok());
  EXPECT_TRUE(admin().create(center_, actor(center_), new_center("x-center", "35"), kPassword).refused());
}

TEST_P(UserAdministration, DisablingEndsTheUsersSessionsAndIsAudited) {
  long long shimo = id_of("shimo");
  auto session = sessions().create(shimo, "127.0.0.1", false);
  EXPECT_TRUE(admin().set_disabled(tokyo_, actor(tokyo_), shimo, true).refused());  // another prefecture's admin
  EXPECT_EQ(audited("denied", shimo), 1);
  EXPECT_TRUE(sessions().lookup(session.token));
  ASSERT_TRUE(admin().set_disabled(pref_, actor(pref_), shimo, true).ok());
  EXPECT_FALSE(sessions().lookup(session.token));
  EXPECT_FALSE(users().principal(shimo));
  EXPECT_FALSE(users().authenticate("shimo", kPassword));
  ASSERT_TRUE(admin().set_disabled(pref_, actor(pref_), shimo, false).ok());
  EXPECT_EQ(users().authenticate("shimo", kPassword), shimo);
  EXPECT_EQ(audited("update", shimo), 2);
  EXPECT_EQ(admin().set_disabled(pref_, actor(pref_), pref_.user_id, true).errors["disabled"], "users.error.disable_self");
  EXPECT_TRUE(admin().set_disabled(pref_, actor(pref_), system_.user_id, true).refused());
  EXPECT_TRUE(users().principal(system_.user_id));
}

TEST_P(UserAdministration, AResetPasswordIsTemporaryAndEndsTheUsersSessions) {
  long long center = center_.user_id;
  auto session = sessions().create(center, "127.0.0.1", false);
  EXPECT_EQ(admin().reset_password(pref_, actor(pref_), center, "short", "short").errors["password"],
            "users.error.password_short");
  EXPECT_EQ(admin().reset_password(pref_, actor(pref_), pref_.user_id, kNewPassword, kNewPassword).errors["password"],
            "users.error.reset_self");
  EXPECT_TRUE(admin().reset_password(tokyo_, actor(tokyo_), center, kNewPassword, kNewPassword).refused());
  EXPECT_TRUE(sessions().lookup(session.token));
  ASSERT_TRUE(admin().reset_password(pref_, actor(pref_), center, kNewPassword, kNewPassword).ok());
  EXPECT_FALSE(sessions().lookup(session.token));
  EXPECT_FALSE(users().authenticate("center", kPassword));
  EXPECT_EQ(users().authenticate("center", kNewPassword), center);
  EXPECT_TRUE(users().get(center)->password_temporary);
  EXPECT_EQ(audited("update", center), 1);
}

TEST_P(UserAdministration, ChangingOnesOwnPasswordKeepsThisSessionAndEndsTheOthers) {
  long long id = center_.user_id;
  auto here = sessions().create(id, "127.0.0.1", false), elsewhere = sessions().create(id, "198.51.100.1", false);
  auto change = [&](const std::string& current, const std::string& next, const std::string& again) {
    return admin().change_own_password(center_, actor(center_), current, next, again, here.token);
  };
  EXPECT_EQ(change("wrong password!", kNewPassword, kNewPassword).errors["current_password"],
            "users.error.current_password");
  EXPECT_EQ(audited("denied", id), 1);
  EXPECT_EQ(change(kPassword, "short", "short").errors["new_password"], "users.error.password_short");
  EXPECT_EQ(change(kPassword, kNewPassword, "typo").errors["new_password_again"], "users.error.password_mismatch");
  EXPECT_EQ(change(kPassword, kPassword, kPassword).errors["new_password"], "users.error.password_same");
  EXPECT_TRUE(sessions().lookup(elsewhere.token));  // nothing changed yet
  ASSERT_TRUE(change(kPassword, kNewPassword, kNewPassword).ok());
  EXPECT_TRUE(sessions().lookup(here.token));
  EXPECT_FALSE(sessions().lookup(elsewhere.token));
  EXPECT_EQ(users().authenticate("center", kNewPassword), id);
  EXPECT_FALSE(users().get(id)->password_temporary);
  EXPECT_EQ(audited("update", id), 1);
  // Guessing the current password is held like guessing at the login form.
  for (int i = 0; i < 5; ++i) change("wrong password!", "another long password", "another long password");
  EXPECT_EQ(change(kNewPassword, "another long password", "another long password").errors["current_password"],
            "users.error.throttled");
}

TEST_P(UserAdministration, OnlyTheSystemAdministratorChangesRoleSettings) {
  EXPECT_FALSE(admin().set_role_requires_totp(pref_, actor(pref_), Role::coordinator, true));
  EXPECT_FALSE(users().role_requires_totp(Role::coordinator));
  EXPECT_TRUE(admin().set_role_requires_totp(system_, actor(system_), Role::coordinator, true));
  EXPECT_TRUE(users().role_requires_totp(Role::coordinator));
  EXPECT_EQ(users().roles_requiring_totp(), std::vector<Role>{Role::coordinator});
  audit::Filter f;
  f.object_type = "role_settings";
  EXPECT_EQ(app_->services().audit.count(f), 2);  // the refusal and the change
}

TEST_P(UserAdministration, TheCommandLinesRulesRefuseAFacilityThatDoesNotExist) {
  auth::NewUser staff{"fac2", "試験", kPassword, Role::facility_staff, "35", "", {}, 424242};
  try {
    users().create(staff);
    FAIL() << "created a user of a facility that does not exist";
  } catch (const auth::InvalidUser& e) {
    EXPECT_EQ(e.errors().at("facility_id"), "users.error.facility_unknown");
    EXPECT_STREQ(e.what(), "この事業所IDの事業所は登録されていません。");
  }
  // The database refuses it too (migration 0008).
  db::Session sql(app_->services().db);
  long long now = 0, missing = 424242;
  auto insert = [&] {
    sql << "INSERT INTO users (login, display_name, password_hash, role, facility_id, created_at, updated_at) "
           "VALUES ('raw', 'raw', 'x', 'facility_staff', :f, :c, :u)",
        soci::use(missing), soci::use(now), soci::use(now);
  };
  EXPECT_ANY_THROW(insert());
}

INSTANTIATE_TEST_SUITE_P(Backends, UserAdministration, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

// Migration 0008 on a database that has users, their sessions and departments, and a facility user whose
// facility id names no facility.
class FacilityForeignKeyMigration : public ::testing::TestWithParam<std::string> {};

TEST_P(FacilityForeignKeyMigration, KeepsEveryUserAndTheirRowsAndClearsAFacilityThatDoesNotExist) {
  testing::TestDatabase tdb(GetParam());
  auto db = db::Database::open(tdb.url(), 4);
  db::Session sql(*db);
  {
    // The schema as it was before 0008.
    db::Transaction tx(sql);
    sql << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    for (const db::Migration& m : db::migrations_for(db->kind())) {
      if (m.version >= 8) continue;
      for (const auto& step : m.steps)
        for (const std::string& statement : step) sql << statement;
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, 0)", soci::use(m.version),
          soci::use(m.name);
    }
    tx.commit();
  }
  master::seed_master_data(*db);
  long long facility = 0, now = 0;
  sql << "INSERT INTO facilities (version, prefecture_code, municipality_code, name, name_kana, postal_code, address, "
         "phone, website, hours, description, status, search_key, confirmed_by, created_at, updated_at) VALUES "
         "(1, '35', '352012', 'あおぞら', '', '', '', '', '', '', '', 'active', '', '', 0, 0) RETURNING id",
      soci::into(facility);
  auto add_user = [&](const std::string& login, const std::string& role, std::optional<long long> fac) {
    long long id = 0;
    boost::optional<long long> f;
    if (fac) f = *fac;
    sql << "INSERT INTO users (login, display_name, password_hash, role, prefecture_code, facility_id, created_at, "
           "updated_at) VALUES (:l, :d, 'hash', :r, '35', :f, :c, :u) RETURNING id",
        soci::use(login), soci::use(login), soci::use(role), soci::use(f), soci::use(now), soci::use(now),
        soci::into(id);
    return id;
  };
  long long kept = add_user("kept", "facility_staff", facility), dangling = add_user("dangling", "facility_staff", 4242);
  long long center = add_user("center", "center_staff", std::nullopt);
  sql << "INSERT INTO user_departments (user_id, department) VALUES (:u, 'childcare')", soci::use(center);
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_addr) "
         "VALUES ('h', :u, 'c', 0, 0, 0, '')",
      soci::use(center);

  std::vector<int> applied = db::migrate(*db);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front(), 8);

  auth::Users users(*db);
  EXPECT_EQ(users.get(kept)->facility_id, facility);
  EXPECT_FALSE(users.get(dangling)->facility_id.has_value());
  EXPECT_EQ(users.get(center)->departments, std::vector<std::string>{"childcare"});
  int sessions = 0;
  sql << "SELECT COUNT(*) FROM sessions WHERE user_id = :u", soci::use(center), soci::into(sessions);
  EXPECT_EQ(sessions, 1);
  long long next = users.create({"after", "after", kPassword, Role::center_staff, "35", "", {}, std::nullopt});
  EXPECT_GT(next, center);  // ids go on where they were
  long long missing = 4343;
  auto point_elsewhere = [&] { sql << "UPDATE users SET facility_id = :f WHERE id = :id", soci::use(missing), soci::use(kept); };
  EXPECT_ANY_THROW(point_elsewhere());
  if (db->kind() == db::Kind::sqlite) {
    int problems = 0;
    sql << "SELECT COUNT(*) FROM pragma_foreign_key_check", soci::into(problems);
    EXPECT_EQ(problems, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FacilityForeignKeyMigration, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
