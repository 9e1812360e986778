// Test databases on both backends. SQLite: a fresh file in a temp dir. PostgreSQL: a fresh database
// on the server named by TSUNAGU_TEST_PG (an admin URL such as postgresql://postgres@127.0.0.1:5433/postgres),
// dropped afterwards. scripts/test.sh starts that server; with TSUNAGU_REQUIRE_PG=1 a missing server fails.
#pragma once
#include <string>
#include <vector>

namespace tsunagu::testing {

// "sqlite", plus "postgresql" when TSUNAGU_TEST_PG is set.
std::vector<std::string> backends();

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }

 private:
  std::string backend_, url_, dir_, pg_name_;
};

// A unique scratch directory, removed by the caller.
std::string temp_dir();

}  // namespace tsunagu::testing
