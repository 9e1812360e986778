// The database: a pool of SOCI sessions over SQLite (WAL) or PostgreSQL, chosen by URL.
//   sqlite:///absolute/path.db, sqlite://relative/path.db, postgresql://user@host:port/name
// Thread-safe: each thread borrows its own session from the pool (`db::Session sql(db)`).
#pragma once
#include <boost/optional.hpp>
#include <soci/boost-optional.h>
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace tsunagu::db {

enum class Kind { sqlite, postgresql };

class Database {
 public:
  // Opens `pool_size` connections; throws std::runtime_error with a readable message on failure.
  static std::unique_ptr<Database> open(const std::string& url, std::size_t pool_size = 4);
  ~Database();

  Kind kind() const { return kind_; }
  const std::string& url() const { return url_; }
  soci::connection_pool& pool() { return *pool_; }
  // For SQLite, the file path; empty for PostgreSQL.
  const std::string& sqlite_path() const { return sqlite_path_; }

 private:
  Database() = default;
  Kind kind_ = Kind::sqlite;
  std::string url_, sqlite_path_;
  std::size_t size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
};

// A session borrowed from the pool for the lifetime of this object.
class Session : public soci::session {
 public:
  explicit Session(Database& db) : soci::session(db.pool()), kind_(db.kind()) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A transaction that rolls back unless committed. On SQLite it takes the write lock at once
// (BEGIN IMMEDIATE) so that two writers never deadlock upgrading a read lock.
class Transaction {
 public:
  explicit Transaction(Session& sql);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Session& sql_;
  bool open_ = true;
};

// Splits a database URL into kind and backend connect string; throws on an unknown scheme.
struct Target {
  Kind kind;
  std::string connect;  // SOCI connect string
  std::string path;     // SQLite file
};
Target parse_url(const std::string& url);

// Reading a soci::row portably: SQLite reports INTEGER PRIMARY KEY as int, PostgreSQL BIGINT as long long.
long long row_int(const soci::row& r, std::size_t i);        // 0 for NULL
std::optional<long long> row_opt_int(const soci::row& r, std::size_t i);
std::string row_text(const soci::row& r, std::size_t i);     // "" for NULL
double row_double(const soci::row& r, std::size_t i);

// Seconds since the Unix epoch, the one time format stored in the database.
long long now_seconds();

}  // namespace tsunagu::db
