// The database: a pool of SOCI sessions over SQLite (WAL) or PostgreSQL, chosen by URL.
//   sqlite:///absolute/path.db, sqlite://relative/path.db, postgresql://user@host:port/name
// On SQLite the audit log lives in a second file beside the first (audit_file_for), attached to every connection
// as schema "audit": every read of personal data appends an entry, and were the entries in the same file, every
// read would change it, which makes each other connection drop its page cache and memory map and read the pages
// in again. Unqualified table names find the audit tables there (main holds none of that name).
// Thread-safe: each thread borrows its own session from the pool (`db::Session sql(db)`).
#pragma once
#include <boost/optional.hpp>
#include <soci/boost-optional.h>
#include <soci/soci.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tsunagu::db {

enum class Kind { sqlite, postgresql };

class StatementCaches;  // statement_cache.h: SQLite statements kept prepared, per connection
class Checkpointer;     // database.cpp: SQLite's WAL checkpoints, off the request path

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
  // For SQLite, the audit log's file (attached as "audit"); empty for PostgreSQL.
  const std::string& sqlite_audit_path() const { return sqlite_audit_path_; }
  // SQLite has one writer at a time. Writers of this process queue here (see Transaction) instead of in
  // SQLite's busy handler, whose back-off sleeps of up to 100 ms made the latency tail under load.
  std::timed_mutex& sqlite_writer() { return sqlite_writer_; }
  // Statements db::Scan keeps prepared on each SQLite connection; null for PostgreSQL.
  StatementCaches* statement_caches() { return statements_.get(); }

 private:
  Database() = default;
  Kind kind_ = Kind::sqlite;
  std::string url_, sqlite_path_, sqlite_audit_path_;
  std::size_t size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
  std::timed_mutex sqlite_writer_;
  std::unique_ptr<StatementCaches> statements_;  // finalised before the connections close
  std::unique_ptr<Checkpointer> checkpointer_;    // stopped before the connections close
};

// SQLite: how often the checkpointer copies the write-ahead log into the database. The pooled connections do not
// checkpoint themselves (wal_autocheckpoint=0): a checkpoint run inside a COMMIT held every writer waiting, and
// with them each request waiting for its audit entry, for as long as it took to write 4 MB back (tens to
// hundreds of milliseconds).
inline constexpr std::chrono::milliseconds kCheckpointEvery{500};

// The SQLite file that holds the audit log of the database file `path`: "x.db" → "x.audit.db" in the same folder.
std::string audit_file_for(const std::string& path);

// A session borrowed from the pool for the lifetime of this object.
class Session : public soci::session {
 public:
  explicit Session(Database& db) : soci::session(db.pool()), kind_(db.kind()), db_(db) {}
  Kind kind() const { return kind_; }
  Database& database() { return db_; }
  // Work to do on this session once the open transaction has committed and given up its write turn; registered
  // once per key. Dropped if the transaction rolls back. It must not throw.
  void after_commit(const void* key, std::function<void(Session&)> work);

 private:
  friend class Transaction;
  void run_after_commit();
  Kind kind_;
  Database& db_;
  std::vector<std::pair<const void*, std::function<void(Session&)>>> after_commit_;
};

// A transaction that rolls back unless committed. On SQLite it takes the write lock at once
// (BEGIN IMMEDIATE) so that two writers never deadlock upgrading a read lock, after waiting its turn on the
// database's writer mutex (at most the busy timeout; then it throws). Do not open a second transaction on
// another session of the same database while one is open in this thread.
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
  std::unique_lock<std::timed_mutex> writer_;
};

inline constexpr std::chrono::seconds kBusyTimeout{10};

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
