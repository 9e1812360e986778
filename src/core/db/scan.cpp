#include "core/db/scan.h"

#include "core/db/statement_cache.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace tsunagu::db {

class Scan::Backend {
 public:
  virtual ~Backend() = default;
  virtual bool next() = 0;
  virtual std::string_view text(int column) const = 0;
  virtual bool null(int column) const = 0;
  virtual void finish() = 0;
};

namespace {

// SOCI's header declares SQLite's API inside this namespace (and its include guard keeps it there).
using namespace sqlite_api;

class SqliteScan : public Scan::Backend {
 public:
  // The statement comes from the connection's kept ones (db::StatementCaches) and goes back there.
  SqliteScan(Session& sql, const std::string& query)
      : conn_(static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_),
        caches_(sql.database().statement_caches()),
        query_(query) {
    if (caches_) {
      stmt_ = caches_->take(conn_, query_);
    } else if (sqlite3_prepare_v2(conn_, query.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt_);
      throw std::runtime_error(std::string("scan: ") + sqlite3_errmsg(conn_));
    }
  }
  SqliteScan(Session& sql, const std::string& query, const std::vector<std::string>& params) : SqliteScan(sql, query) {
    for (std::size_t i = 0; i < params.size(); ++i)
      sqlite3_bind_text(stmt_, static_cast<int>(i + 1), params[i].data(), static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
  }
  SqliteScan(Session& sql, const std::string& query, const Binds& binds) : SqliteScan(sql, query) {
    binds.each_value([this](std::size_t n, const std::string* text, long long integer) {
      int index = sqlite3_bind_parameter_index(stmt_, (":b" + std::to_string(n)).c_str());
      if (index == 0) return;  // a value the statement does not use
      if (text) sqlite3_bind_text(stmt_, index, text->data(), static_cast<int>(text->size()), SQLITE_TRANSIENT);
      else sqlite3_bind_int64(stmt_, index, integer);
    });
  }
  ~SqliteScan() override {
    if (caches_) caches_->give_back(conn_, query_, stmt_);
    else sqlite3_finalize(stmt_);
  }
  bool null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  void finish() override { sqlite3_reset(stmt_); }
  bool next() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("scan: ") + sqlite3_errmsg(conn_));
  }
  std::string_view text(int column) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3* conn_ = nullptr;
  StatementCaches* caches_ = nullptr;
  std::string query_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A query with db::Binds placeholders (:b1, :b2, …) for libpq, which numbers them ($1, $2, …), and its values
// as text in that order.
std::string numbered(const std::string& query) {
  std::string out;
  out.reserve(query.size());
  for (std::size_t i = 0; i < query.size(); ++i) {
    bool placeholder = query[i] == ':' && i + 2 < query.size() && query[i + 1] == 'b' &&
                       std::isdigit(static_cast<unsigned char>(query[i + 2])) && (i == 0 || query[i - 1] != ':');
    if (!placeholder) {
      out += query[i];
      continue;
    }
    out += '$';
    ++i;  // skip the 'b'; the digits follow as they are
  }
  return out;
}

std::vector<std::string> values_as_text(const Binds& binds) {
  std::vector<std::string> out;
  binds.each_value([&out](std::size_t, const std::string* text, long long integer) {
    out.push_back(text ? *text : std::to_string(integer));
  });
  return out;
}

class PostgresScan : public Scan::Backend {
 public:
  PostgresScan(Session& sql, const std::string& query, const std::vector<std::string>& params) {
    conn_ = static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    if (!PQsendQueryParams(conn_, query.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                           nullptr, 0) ||
        !PQsetSingleRowMode(conn_))
      throw std::runtime_error(std::string("scan: ") + PQerrorMessage(conn_));
    active_ = true;
  }
  ~PostgresScan() override { finish(); }
  void finish() override {
    if (row_) PQclear(row_), row_ = nullptr;
    drain();
  }
  bool next() override {
    if (row_) PQclear(row_), row_ = nullptr;
    if (!active_) return false;
    PGresult* r = PQgetResult(conn_);
    if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
      row_ = r;
      return true;
    }
    std::string error;
    // (A statement that returns no rows, such as an INSERT, ends with PGRES_COMMAND_OK.)
    if (r && PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
      error = PQresultErrorMessage(r);
    if (r) PQclear(r);
    drain();
    if (!error.empty()) throw std::runtime_error("scan: " + error);
    return false;
  }
  bool null(int column) const override { return !row_ || PQgetisnull(row_, 0, column); }
  std::string_view text(int column) const override {
    if (!row_ || PQgetisnull(row_, 0, column)) return {};
    return {PQgetvalue(row_, 0, column), static_cast<std::size_t>(PQgetlength(row_, 0, column))};
  }

 private:
  void drain() {
    if (!active_) return;
    active_ = false;
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  }
  PGconn* conn_ = nullptr;
  PGresult* row_ = nullptr;
  bool active_ = false;
};

}  // namespace

Scan::Scan(Session& sql, const std::string& query, const std::vector<std::string>& params) {
  if (sql.kind() == Kind::postgresql) backend_ = std::make_unique<PostgresScan>(sql, query, params);
  else backend_ = std::make_unique<SqliteScan>(sql, query, params);
}

Scan::Scan(Session& sql, const std::string& query, const Binds& binds) {
  if (sql.kind() == Kind::postgresql) backend_ = std::make_unique<PostgresScan>(sql, numbered(query), values_as_text(binds));
  else backend_ = std::make_unique<SqliteScan>(sql, query, binds);
}

Scan::~Scan() = default;

bool Scan::next() { return backend_->next(); }

std::string_view Scan::text(int column) const { return backend_->text(column); }

void Scan::finish() { backend_->finish(); }

long long Scan::integer(int column) const {
  std::string_view t = text(column);
  long long v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

bool Scan::null(int column) const { return backend_->null(column); }

std::optional<long long> Scan::optional_integer(int column) const {
  if (null(column)) return std::nullopt;
  return integer(column);
}

double Scan::real(int column) const { return std::strtod(std::string(text(column)).c_str(), nullptr); }

}  // namespace tsunagu::db
