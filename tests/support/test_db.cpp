#include "support/test_db.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "core/db/database.h"
#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace tsunagu::testing {

namespace {

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 10; ++i) s += alphabet[rng() % 36];
  return s;
}

std::string pg_admin_url() {
  const char* env = std::getenv("TSUNAGU_TEST_PG");
  return env ? env : "";
}

// Replaces the database name at the end of a postgresql:// URL.
std::string with_database(const std::string& url, const std::string& name) {
  std::size_t q = url.find('?');
  std::string base = url.substr(0, q);
  std::size_t slash = base.rfind('/');
  return base.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

}  // namespace

std::vector<std::string> backends() {
  std::vector<std::string> out{"sqlite"};
  if (!pg_admin_url().empty()) out.push_back("postgresql");
  return out;
}

std::string temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("tsunagu-test-" + random_suffix());
  std::filesystem::create_directories(dir);
  return dir.string();
}

TestDatabase::TestDatabase(const std::string& backend) : backend_(backend) {
  if (backend == "sqlite") {
    dir_ = temp_dir();
    url_ = "sqlite://" + dir_ + "/test.db";
    return;
  }
  pg_name_ = "tsunagu_t_" + random_suffix();
  soci::session admin(soci::postgresql, db::parse_url(pg_admin_url()).connect);
  admin << "CREATE DATABASE " + pg_name_;  // a generated identifier, never user input
  url_ = with_database(pg_admin_url(), pg_name_);
}

TestDatabase::~TestDatabase() {
  try {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_name_.empty()) {
      soci::session admin(soci::postgresql, db::parse_url(pg_admin_url()).connect);
      admin << "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)";
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "test database cleanup failed: %s\n", e.what());
  }
}

// Running the suite without PostgreSQL when it was asked for is a failure, not a silent skip.
TEST(TestEnvironment, PostgresqlAvailableWhenRequired) {
  const char* require = std::getenv("TSUNAGU_REQUIRE_PG");
  if (require && std::string(require) == "1") {
    ASSERT_FALSE(pg_admin_url().empty()) << "TSUNAGU_REQUIRE_PG=1 but TSUNAGU_TEST_PG is not set";
    soci::session s(soci::postgresql, db::parse_url(pg_admin_url()).connect);
    int one = 0;
    s << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
}

}  // namespace tsunagu::testing
