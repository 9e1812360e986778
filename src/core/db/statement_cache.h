// SQLite statements kept prepared on each pooled connection, so that a query run again and again (a list page,
// a token lookup) is not parsed and planned again each time: sqlite3_prepare_v2 was a quarter of a registry
// list request's time. Used by db::Scan. SQLite re-prepares a kept statement by itself when the schema changes.
//
// Thread-safety: the map of connections is fixed when the database opens; each connection's statements are
// touched only by the thread that holds that connection's session, as the pool guarantees.
#pragma once
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

namespace tsunagu::db {

class StatementCaches {
 public:
  static constexpr std::size_t kPerConnection = 64;  // distinct statements kept per connection

  StatementCaches(soci::connection_pool& pool, std::size_t pool_size);
  ~StatementCaches();  // finalises every kept statement
  StatementCaches(const StatementCaches&) = delete;
  StatementCaches& operator=(const StatementCaches&) = delete;

  // A prepared statement for `query` on `conn`: a kept one when there is one not in use, else a new one.
  // Throws std::runtime_error with SQLite's message when the query does not prepare.
  sqlite_api::sqlite3_stmt* take(sqlite_api::sqlite3* conn, const std::string& query);
  // Takes back a statement `take` gave out: reset, unbound and kept for the next use (the oldest kept one is
  // finalised past kPerConnection), or finalised when one is kept for the query already.
  void give_back(sqlite_api::sqlite3* conn, const std::string& query, sqlite_api::sqlite3_stmt* stmt);

 private:
  struct Kept {
    std::unordered_map<std::string, sqlite_api::sqlite3_stmt*> statements;  // null while the statement is in use
    std::deque<std::string> order;                                          // the keys, oldest first
  };
  std::unordered_map<sqlite_api::sqlite3*, Kept> connections_;
};

}  // namespace tsunagu::db
