// Storage on both backends: migrations, accounts, sessions, tokens, throttling, audit chain, transactions.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "core/audit/audit_log.h"
#include "core/auth/accounts.h"
#include "core/db/binds.h"
#include "core/db/migrate.h"
#include "core/db/scan.h"
#include "core/db/statement_cache.h"
#include "master/master_data.h"
#include "support/test_db.h"

namespace tsunagu {
namespace {

using testing::TestDatabase;

class Storage : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    db_ = db::Database::open(tdb_->url(), 4);
    db::migrate(*db_);
    master::seed_master_data(*db_);
  }
  auth::NewUser municipal(const std::string& login, const std::string& code) {
    auth::NewUser u;
    u.login = login;
    u.display_name = "試験 " + login;
    u.password = "correct horse battery";
    u.role = auth::Role::municipal_staff;
    u.municipality_code = code;
    u.departments = {"maternal_child_health"};
    return u;
  }
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<db::Database> db_;
};

TEST_P(Storage, MigrationsAreIdempotentAndVersioned) {
  EXPECT_TRUE(db::migrate(*db_).empty());
  db::Session sql(*db_);
  EXPECT_EQ(db::schema_version(sql), db::migrations_for(db_->kind()).back().version);
}

TEST_P(Storage, ConcurrentMigrationsOfAFreshDatabaseDoNotRace) {
  TestDatabase fresh(GetParam());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&] {
      try {
        auto db = db::Database::open(fresh.url(), 1);
        db::migrate(*db);
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto db = db::Database::open(fresh.url(), 1);
  db::Session sql(*db);
  int applied = 0;
  sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(applied);
  EXPECT_EQ(applied, static_cast<int>(db::migrations_for(db->kind()).size()));
}

TEST_P(Storage, MasterDataLoadsOnceWithRealCodes) {
  EXPECT_EQ(master::seed_master_data(*db_), 0);  // already there: nothing added
  master::MasterData md;
  md.load(*db_);
  ASSERT_NE(md.municipality("352012"), nullptr);
  EXPECT_EQ(md.municipality("352012")->name, "下関市");
  EXPECT_EQ(md.municipality("352012")->region_code, "3506");
  EXPECT_EQ(md.prefectures().size(), 47u);
  EXPECT_EQ(md.regions_in("35").size(), 8u);
  EXPECT_EQ(md.care_items().size(), 23u);
  EXPECT_EQ(md.care_items().front().code, "ventilator");
  EXPECT_EQ(md.care_items().front().basic_score, 10);
}

TEST_P(Storage, UsersAuthenticateAndKeepTheirScope) {
  auth::Users users(*db_);
  long long id = users.create(municipal("shimo", "352012"));
  EXPECT_EQ(users.authenticate("shimo", "correct horse battery"), id);
  EXPECT_FALSE(users.authenticate("shimo", "wrong password!!"));
  EXPECT_FALSE(users.authenticate("nobody", "correct horse battery"));
  auto p = users.principal(id);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, auth::Role::municipal_staff);
  EXPECT_EQ(p->municipality_code, "352012");
  EXPECT_EQ(p->prefecture_code, "35");
  EXPECT_EQ(p->departments, std::vector<std::string>{"maternal_child_health"});
  EXPECT_THROW(users.create(municipal("shimo", "352012")), std::invalid_argument);  // login taken
  EXPECT_THROW(users.create(municipal("bad", "352013")), std::invalid_argument);    // check digit
  users.set_disabled("shimo", true);
  EXPECT_FALSE(users.authenticate("shimo", "correct horse battery"));
  EXPECT_FALSE(users.principal(id));
}

TEST_P(Storage, AFailedMultiRowChangeLeavesNothing) {
  auth::Users users(*db_);
  {
    db::Session sql(*db_);
    db::Transaction tx(sql);
    users.create(sql, municipal("first", "352012"));
    EXPECT_THROW(users.create(sql, municipal("first", "352039")), std::invalid_argument);
    // tx is not committed: both are rolled back
  }
  EXPECT_FALSE(users.find("first"));
  EXPECT_FALSE(users.any());
}

TEST_P(Storage, SessionsExpireWhenIdleAndOnLogout) {
  auth::Users users(*db_);
  long long id = users.create(municipal("sess", "352012"));
  auth::Sessions sessions(*db_);
  auto c = sessions.create(id, "127.0.0.1", false);
  auto info = sessions.lookup(c.token);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->user_id, id);
  EXPECT_EQ(info->csrf_token, c.csrf_token);
  EXPECT_FALSE(sessions.lookup(c.token + "x"));
  {
    db::Session sql(*db_);  // the token is stored hashed, never in clear
    int clear = 0;
    sql << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(c.token), soci::into(clear);
    EXPECT_EQ(clear, 0);
  }
  auth::Sessions strict(*db_, auth::SessionLimits{0, 3600, 60});  // any idle time is too long
  EXPECT_FALSE(strict.lookup(c.token));
  auto c2 = sessions.create(id, "127.0.0.1", false);
  sessions.destroy(c2.token);
  EXPECT_FALSE(sessions.lookup(c2.token));
}

TEST_P(Storage, ApiTokensExpireAndRevoke) {
  auth::Users users(*db_);
  long long id = users.create(municipal("api", "352012"));
  auth::ApiTokens tokens(*db_);
  std::string t = tokens.create(id, 30);
  EXPECT_EQ(tokens.lookup(t), id);
  EXPECT_TRUE(tokens.revoke(t));
  EXPECT_FALSE(tokens.lookup(t));
  EXPECT_FALSE(tokens.revoke(t));
  std::string t2 = tokens.create(id, 1);
  db::Session sql(*db_);
  sql << "UPDATE api_tokens SET expires_at = 1";
  EXPECT_FALSE(tokens.lookup(t2));
  EXPECT_THROW(tokens.create(id, 0), std::invalid_argument);
}

TEST_P(Storage, LoginThrottleHoldsAnAccountAfterRepeatedFailures) {
  auth::LoginThrottle throttle(*db_);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(throttle.allowed("victim", "10.0.0.1"));
    throttle.record("victim", "10.0.0.1", false);
  }
  throttle.record("victim", "10.0.0.2", false);
  EXPECT_FALSE(throttle.allowed("victim", "10.0.0.3"));  // per account, whatever the address
  EXPECT_TRUE(throttle.allowed("other", "10.0.0.3"));
  for (int i = 0; i < 20; ++i) throttle.record("user" + std::to_string(i), "10.9.9.9", false);
  EXPECT_FALSE(throttle.allowed("fresh", "10.9.9.9"));  // per address, whatever the account
}

// Scans run on statements kept prepared per connection (SQLite): the same query again gets fresh values and
// rows, one scan inside another of the same query works, past the limit the oldest are let go, and a schema
// change is picked up. Values of a db::Binds are bound by their placeholders on both databases.
TEST_P(Storage, ScansKeepTheirStatementsAndBindByPlaceholder) {
  auth::Users users(*db_);
  for (const char* login : {"ichiro", "jiro", "saburo"}) users.create(municipal(login, "352012"));
  db::Session sql(*db_);
  auto login_of = [&](long long id) {
    db::Scan s(sql, "SELECT login FROM users WHERE id = $1", {std::to_string(id)});
    return s.next() ? std::string(s.text(0)) : std::string("-");
  };
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(login_of(1), "ichiro");
    EXPECT_EQ(login_of(3), "saburo");
    EXPECT_EQ(login_of(99), "-");
  }
  if (db_->kind() == db::Kind::sqlite) {  // (PostgreSQL runs one statement at a time on a connection)
    std::vector<std::string> pairs;
    for (db::Scan outer(sql, "SELECT login FROM users WHERE id <= $1 ORDER BY id", {"2"}); outer.next();)
      for (db::Scan inner(sql, "SELECT login FROM users WHERE id <= $1 ORDER BY id", {"2"}); inner.next();)
        pairs.push_back(std::string(outer.text(0)) + "/" + std::string(inner.text(0)));
    EXPECT_EQ(pairs, (std::vector<std::string>{"ichiro/ichiro", "ichiro/jiro", "jiro/ichiro", "jiro/jiro"}));
  }
  for (std::size_t i = 0; i < db::StatementCaches::kPerConnection + 10; ++i) {
    db::Scan s(sql, "SELECT " + std::to_string(i) + " + COUNT(*) FROM users");
    ASSERT_TRUE(s.next());
    EXPECT_EQ(s.integer(0), static_cast<long long>(i) + 3);
  }
  EXPECT_EQ(login_of(2), "jiro");
  sql << "CREATE TABLE scan_probe (a INTEGER)";
  sql << "INSERT INTO scan_probe (a) VALUES (7)";
  auto probe = [&](int columns) {
    db::Scan s(sql, "SELECT * FROM scan_probe");
    EXPECT_TRUE(s.next());
    std::string out(s.text(0));
    for (int c = 1; c < columns; ++c) out += "|" + std::string(s.text(c));
    return out;
  };
  EXPECT_EQ(probe(1), "7");
  sql << "ALTER TABLE scan_probe ADD COLUMN b TEXT";
  sql << "UPDATE scan_probe SET b = 'x'";
  EXPECT_EQ(probe(2), "7|x");  // the kept statement is prepared again for the new schema

  db::Binds b;
  std::string q = "SELECT login, facility_id FROM users WHERE municipality_code = " + b.text("352012") +
                  " AND id <> " + b.integer(2) + " ORDER BY login";
  std::vector<std::string> found;
  for (db::Scan s(sql, q, b); s.next();) {
    found.emplace_back(s.text(0));
    EXPECT_EQ(s.optional_integer(1), std::nullopt);
  }
  EXPECT_EQ(found, (std::vector<std::string>{"ichiro", "saburo"}));
}

// SQLite: requests do not checkpoint the write-ahead log themselves; the database's checkpointer copies it back
// and starts it again within a couple of its rounds, so the log does not grow with every write.
TEST_P(Storage, TheCheckpointerKeepsTheLogShort) {
  if (db_->kind() != db::Kind::sqlite) GTEST_SKIP() << "SQLite only";
  db::Session sql(*db_);
  int autocheckpoint = -1;
  sql << "PRAGMA wal_autocheckpoint", soci::into(autocheckpoint);
  EXPECT_EQ(autocheckpoint, 0);
  sql << "CREATE TABLE log_probe (n INTEGER, pad TEXT)";
  for (int i = 0; i < 300; ++i) {
    db::Transaction tx(sql);
    sql << "INSERT INTO log_probe (n, pad) VALUES (:n, :p)", soci::use(i), soci::use(std::string(200, 'x'));
    tx.commit();
  }
  std::this_thread::sleep_for(db::kCheckpointEvery * 3);
  sql << "INSERT INTO log_probe (n, pad) VALUES (300, '')";  // the next write starts the log from its beginning
  int busy = -1, frames = -1, copied = -1;
  sql << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(frames), soci::into(copied);
  EXPECT_EQ(busy, 0);
  EXPECT_LT(frames, 300) << "the log was not started again";  // each commit above wrote at least one frame
  EXPECT_EQ(copied, frames);
}

TEST_P(Storage, AuditChainVerifiesAndFindsTampering) {
  audit::AuditLog log(*db_);
  for (int i = 0; i < 5; ++i)
    log.append({1, "alice", "center_staff", "req" + std::to_string(i), "127.0.0.1"},
               {"read", "municipality_staff", "352012", ""});
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 5);
  EXPECT_EQ(log.count({}), 5);
  audit::Filter f;
  f.login = "alice";
  f.limit = 2;
  EXPECT_EQ(log.query(f).size(), 2u);

  db::Session sql(*db_);
  EXPECT_ANY_THROW(sql << "UPDATE audit_log SET login = 'mallory' WHERE seq = 3");  // append-only
  if (db_->kind() == db::Kind::sqlite) sql << "DROP TRIGGER audit_log_no_update";
  else sql << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change";
  sql << "UPDATE audit_log SET login = 'mallory' WHERE seq = 3";
  v = log.verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 3);
}

TEST_P(Storage, AuditChainNoticesARemovedLastEntry) {
  audit::AuditLog log(*db_);
  for (int i = 0; i < 3; ++i) log.append({1, "a", "r", "q", "x"}, {"read", "t", "1", ""});
  db::Session sql(*db_);
  if (db_->kind() == db::Kind::sqlite) sql << "DROP TRIGGER audit_log_no_delete";
  else sql << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change";
  sql << "DELETE FROM audit_log WHERE seq = 3";
  auto v = log.verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 3);
}

// An entry is filed under its actor's prefecture, else its object's; the filter reads one prefecture's entries,
// and the prefecture is covered by the chain's hash like every other field.
TEST_P(Storage, AuditEntriesAreFiledUnderAPrefecture) {
  audit::AuditLog log(*db_);
  log.append({1, "yamaguchi", "center_staff", "q", "x", "35"}, {"read", "child", "1", ""});
  log.append({2, "tokyo", "center_staff", "q", "x", "13"}, {"read", "child", "2", "", "35"});  // the actor's wins
  log.append({std::nullopt, "cli", "system_admin", "q", "x"}, {"create", "user", "3", "", "35"});
  log.append({std::nullopt, "nobody", "", "q", "x"}, {"login_failed", "user", "nobody", ""});
  std::vector<std::string> filed;
  for (const audit::Entry& e : log.query({})) filed.push_back(e.prefecture_code);
  EXPECT_EQ(filed, (std::vector<std::string>{"", "35", "13", "35"}));  // newest first
  auto in = [](const char* prefecture) {
    audit::Filter f;
    f.prefecture = prefecture;
    return f;
  };
  audit::Filter yamaguchi = in("35");
  std::vector<std::string> logins;
  for (const audit::Entry& e : log.query(yamaguchi)) logins.push_back(e.login);
  EXPECT_EQ(logins, (std::vector<std::string>{"cli", "yamaguchi"}));
  EXPECT_EQ(log.count(yamaguchi), 2);
  EXPECT_EQ(log.count(in("13")), 1);
  EXPECT_EQ(log.count(in("")), 1);  // a set but empty prefecture means "filed under none", not "all"
  EXPECT_TRUE(log.verify().ok);

  db::Session sql(*db_);
  if (db_->kind() == db::Kind::sqlite) sql << "DROP TRIGGER audit_log_no_update";
  else sql << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change";
  sql << "UPDATE audit_log SET prefecture_code = '13' WHERE seq = 1";  // moving an entry to another prefecture
  auto v = log.verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 1);
}

// `threads` threads each append `each` entries at once; object ids are unique (thread * 100 + i).
void append_from_threads(audit::AuditLog& log, int threads, int each) {
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t)
    running.emplace_back([&log, t, each] {
      for (int i = 0; i < each; ++i) log.append({t, "u", "r", "q", "x"}, {"read", "t", std::to_string(t * 100 + i), ""});
    });
  for (auto& th : running) th.join();
}

TEST_P(Storage, ConcurrentAuditAppendsKeepOneChain) {
  audit::AuditLog log(*db_);
  append_from_threads(log, 4, 10);
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 40);
}

// Appends that arrive together are each stored once, in one chain, and share transactions (fewer groups than
// entries).
TEST_P(Storage, ManyConcurrentAuditAppendsAreAllStoredOnceEach) {
  audit::AuditLog log(*db_);
  append_from_threads(log, 12, 25);
  std::set<std::string> ids;
  for (const audit::Entry& e : log.query({.limit = 1000})) ids.insert(e.object_id);
  EXPECT_EQ(ids.size(), 300u);
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 300);
  EXPECT_LT(log.groups_written(), 300u);
  EXPECT_GT(log.groups_written(), 0u);
}

// Migration 0013 rebuilds the SQLite audit log on its rowid: the entries written before it keep their order,
// fields and hashes (the chain verifies), the table has no second b-tree on seq, and it is still append-only.
TEST_P(Storage, TheAuditLogKeepsItsEntriesAcrossItsRebuild) {
  TestDatabase fresh(GetParam());
  auto db = db::Database::open(fresh.url(), 2);
  db::migrate(*db, 12);
  audit::AuditLog log(*db);
  for (int i = 0; i < 5; ++i)
    log.append({i, "u" + std::to_string(i), "center_staff", "q", "x", i % 2 ? "35" : ""},
               {"read", "child", std::to_string(i), "detail " + std::to_string(i)});
  std::vector<audit::Entry> before = log.query({});
  std::vector<int> applied = db::migrate(*db);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front(), 13);
  std::vector<audit::Entry> after = log.query({});
  ASSERT_EQ(after.size(), 5u);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].seq, before[i].seq);
    EXPECT_EQ(after[i].login, before[i].login);
    EXPECT_EQ(after[i].detail, before[i].detail);
    EXPECT_EQ(after[i].prefecture_code, before[i].prefecture_code);
    EXPECT_EQ(after[i].hash, before[i].hash);
  }
  log.append({9, "later", "center_staff", "q", "x", "35"}, {"read", "child", "9", ""});
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 6);
  audit::Filter yamaguchi;
  yamaguchi.prefecture = "35";
  EXPECT_EQ(log.count(yamaguchi), 3);  // the prefecture index came back with the table

  db::Session sql(*db);
  EXPECT_ANY_THROW(sql << "UPDATE audit_log SET login = 'mallory' WHERE seq = 2");
  EXPECT_ANY_THROW(sql << "DELETE FROM audit_log WHERE seq = 6");
  if (db->kind() == db::Kind::sqlite) {
    int other_keys = -1, in_main = -1, in_audit = -1;
    sql << "SELECT COUNT(*) FROM audit.sqlite_master WHERE tbl_name = 'audit_log' AND name LIKE 'sqlite_autoindex%'",
        soci::into(other_keys);
    EXPECT_EQ(other_keys, 0);
    // Migration 0015 moved the log into its own file.
    sql << "SELECT COUNT(*) FROM main.sqlite_master WHERE tbl_name IN ('audit_log', 'audit_head')", soci::into(in_main);
    sql << "SELECT COUNT(*) FROM audit.sqlite_master WHERE tbl_name IN ('audit_log', 'audit_head')",
        soci::into(in_audit);
    EXPECT_EQ(in_main, 0);
    EXPECT_EQ(in_audit, 6);  // both tables, two indexes, two triggers
  }
}

// On SQLite the audit log is a file of its own: appends change it and leave the registry's file as it was, so
// other connections keep their page cache and memory map of the registry.
TEST_P(Storage, AuditAppendsLeaveTheRegistrysFileUnchanged) {
  if (db_->kind() != db::Kind::sqlite) GTEST_SKIP() << "PostgreSQL keeps the log in the database";
  EXPECT_EQ(db_->sqlite_audit_path(), db::audit_file_for(db_->sqlite_path()));
  EXPECT_TRUE(std::filesystem::exists(db_->sqlite_audit_path()));
  auto other = db::Database::open(tdb_->url(), 1);
  db::Session watch(*other);
  auto version = [&watch](const std::string& schema) {
    long long v = 0;
    watch << "PRAGMA " + schema + ".data_version", soci::into(v);
    return v;
  };
  long long main_before = version("main"), audit_before = version("audit");
  audit::AuditLog log(*db_);
  append_from_threads(log, 3, 4);
  EXPECT_EQ(version("main"), main_before);
  EXPECT_NE(version("audit"), audit_before);  // the appends were seen: the check above can tell
  EXPECT_EQ(log.count({}), 12);
  EXPECT_EQ(version("main"), main_before);  // counting moved nothing, the outbox being empty
}

int outbox_rows(db::Database& db) {
  db::Session sql(db);
  int n = 0;
  sql << "SELECT COUNT(*) FROM audit_outbox", soci::into(n);
  return n;
}

// A change's entry commits or rolls back with the change, and on SQLite is in the chain once the change committed.
TEST_P(Storage, AChangesEntryJoinsTheChainOnceItsTransactionCommits) {
  audit::AuditLog log(*db_);
  db::Session sql(*db_);
  {
    db::Transaction tx(sql);
    log.append(sql, {1, "alice", "center_staff", "q1", "x", "35"}, {"update", "child", "7", "rolled back"});
  }
  EXPECT_EQ(log.count({}), 0);
  {
    db::Transaction tx(sql);
    log.append(sql, {1, "alice", "center_staff", "q2", "x", "35"}, {"update", "child", "7", "v2"});
    log.append(sql, {1, "alice", "center_staff", "q2", "x", "35"}, {"update", "child", "8", "v3"});
    if (db_->kind() == db::Kind::sqlite) EXPECT_EQ(outbox_rows(*db_), 0);  // not visible outside the transaction
    tx.commit();
  }
  if (db_->kind() == db::Kind::sqlite) EXPECT_EQ(outbox_rows(*db_), 0);  // moved at the commit
  std::vector<audit::Entry> entries = log.query({});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].object_id, "8");
  EXPECT_EQ(entries[1].detail, "v2");
  EXPECT_EQ(entries[1].prefecture_code, "35");
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
}

// The states a process can leave behind when it stops between the steps of a move (SQLite): entries committed to
// the outbox and not moved are moved; entries moved and not deleted are deleted, not moved again; and an outbox
// restored from a backup older than the audit file gives new entries ids above those already moved.
TEST_P(Storage, AnOutboxMoveCutShortIsFinishedWithoutRepeatingIt) {
  if (db_->kind() != db::Kind::sqlite) GTEST_SKIP() << "PostgreSQL has no outbox";
  db::Session sql(*db_);
  auto leave = [&sql](int id, const std::string& object_id) {  // a row as a stopped process left it
    sql << "INSERT INTO audit_outbox (id, at, user_id, login, role, action, object_type, object_id, request_id, "
           "client_addr, detail, prefecture_code) VALUES (:id, 100, 1, 'alice', 'center_staff', 'update', 'child', "
           ":oid, 'q', 'x', '', '35')",
        soci::use(id), soci::use(object_id);
  };
  audit::AuditLog log(*db_);
  for (int id = 1; id <= 3; ++id) leave(id, "stopped-" + std::to_string(id));
  EXPECT_EQ(log.count({}), 3);  // moved before counting
  EXPECT_EQ(outbox_rows(*db_), 0);
  leave(2, "stopped-2");  // moved already (id 2 is not above the 3 moved): deleted, not moved again
  log.move_outbox();
  EXPECT_EQ(log.count({}), 3);
  EXPECT_EQ(outbox_rows(*db_), 0);
  leave(1, "restored");  // an older copy of the registry's file: its last id is below the moved ones
  {
    db::Transaction tx(sql);
    log.append(sql, {1, "alice", "center_staff", "q", "x", "35"}, {"update", "child", "new", ""});
    int id = 0;
    sql << "SELECT MAX(id) FROM audit_outbox", soci::into(id);
    EXPECT_EQ(id, 4);
    tx.commit();
  }
  std::vector<audit::Entry> entries = log.query({});
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].object_id, "new");
  EXPECT_EQ(entries[3].object_id, "stopped-1");
  EXPECT_EQ(entries[3].at, 100);
  EXPECT_EQ(outbox_rows(*db_), 0);
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
}

// Migration 0015 copies the log into the audit file and replaces what an older file of the same name held there.
TEST_P(Storage, TheAuditLogMovesIntoItsFileOverAStaleOne) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  TestDatabase fresh(GetParam());
  auto db = db::Database::open(fresh.url(), 2);
  db::migrate(*db, db::kAuditFileVersion - 1);
  audit::AuditLog log(*db);
  for (int i = 0; i < 4; ++i) log.append({i, "u", "center_staff", "q", "x", "35"}, {"read", "child", std::to_string(i), ""});
  std::vector<audit::Entry> before = log.query({});
  {
    db::Session sql(*db);
    sql << "CREATE TABLE audit.audit_log (seq INTEGER PRIMARY KEY, junk TEXT)";
    sql << "INSERT INTO audit.audit_log (seq, junk) VALUES (1, 'left by an older file')";
  }
  std::vector<int> applied = db::migrate(*db);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front(), db::kAuditFileVersion);
  std::vector<audit::Entry> after = log.query({});
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].hash, before[i].hash);
  log.append({9, "later", "center_staff", "q", "x", "35"}, {"read", "child", "9", ""});
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 5);
}

// A registry file whose audit file is gone does not start (ATTACH would create it empty): the error names the file.
TEST_P(Storage, AMissingAuditFileStopsTheStartWithItsName) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  TestDatabase fresh(GetParam());
  std::string audit_file;
  {
    auto db = db::Database::open(fresh.url(), 1);
    db::migrate(*db);
    audit::AuditLog(*db).append({1, "u", "r", "q", "x"}, {"read", "child", "1", ""});
    audit_file = db->sqlite_audit_path();
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(audit_file + suffix);
  auto db = db::Database::open(fresh.url(), 1);
  try {
    db::migrate(*db);
    ADD_FAILURE() << "started without its audit log";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(audit_file), std::string::npos) << e.what();
  }
}

// An entry the database refuses fails its own append only, not the others committed with it.
TEST_P(Storage, ARefusedAuditEntryFailsOnlyItsOwnAppend) {
  {
    db::Session sql(*db_);
    if (sql.kind() == db::Kind::postgresql) {
      sql << "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
             "IF NEW.object_id = 'poison' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$";
      sql << "CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_poison()";
    } else {
      sql << "CREATE TRIGGER audit.refuse_poison BEFORE INSERT ON audit_log WHEN NEW.object_id = 'poison' "
             "BEGIN SELECT RAISE(ABORT, 'refused'); END";
    }
  }
  audit::AuditLog log(*db_);
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        bool poison = t == 0 && i % 2 == 0;
        try {
          log.append({t, "u", "r", "q", "x"}, {"read", "t", poison ? "poison" : std::to_string(t * 100 + i), ""});
        } catch (const std::exception&) {
          EXPECT_TRUE(poison);
          ++refused;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(refused, 10);
  auto v = log.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 150);
}

INSTANTIATE_TEST_SUITE_P(Backends, Storage, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
