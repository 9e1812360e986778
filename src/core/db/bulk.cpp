#include "core/db/bulk.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

namespace tsunagu::db {

class BulkInsert::Backend {
 public:
  virtual ~Backend() = default;
  virtual void add(const std::vector<std::optional<std::string_view>>& values) = 0;
  virtual void finish() = 0;
};

namespace {

// SOCI's header declares SQLite's API inside this namespace (and its include guard keeps it there).
using namespace sqlite_api;

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ", ") + c;
  return out;
}

class SqliteBulk : public BulkInsert::Backend {
 public:
  SqliteBulk(Session& sql, std::string_view table, const std::vector<std::string>& columns) {
    conn_ = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
    std::string placeholders;
    for (std::size_t i = 0; i < columns.size(); ++i) placeholders += i ? ", ?" : "?";
    std::string text = "INSERT INTO " + std::string(table) + " (" + column_list(columns) + ") VALUES (" + placeholders + ")";
    if (sqlite3_prepare_v2(conn_, text.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("bulk insert: ") + sqlite3_errmsg(conn_));
  }
  ~SqliteBulk() override { sqlite3_finalize(stmt_); }

  void add(const std::vector<std::optional<std::string_view>>& values) override {
    for (std::size_t i = 0; i < values.size(); ++i) {
      int at = static_cast<int>(i + 1);
      if (values[i]) sqlite3_bind_text(stmt_, at, values[i]->data(), static_cast<int>(values[i]->size()), SQLITE_TRANSIENT);
      else sqlite3_bind_null(stmt_, at);
    }
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("bulk insert: ") + sqlite3_errmsg(conn_));
  }
  void finish() override {}

 private:
  sqlite3* conn_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class PostgresBulk : public BulkInsert::Backend {
 public:
  PostgresBulk(Session& sql, std::string_view table, const std::vector<std::string>& columns) {
    conn_ = static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
    std::string text = "COPY " + std::string(table) + " (" + column_list(columns) + ") FROM STDIN";
    PGresult* r = PQexec(conn_, text.c_str());
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok) throw std::runtime_error(std::string("bulk insert: ") + PQerrorMessage(conn_));
    copying_ = true;
  }
  ~PostgresBulk() override {
    if (copying_) {  // abandoned (an exception): end the COPY with an error so the connection stays usable
      PQputCopyEnd(conn_, "abandoned");
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    }
  }

  void add(const std::vector<std::optional<std::string_view>>& values) override {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) buffer_ += '\t';
      if (!values[i]) {
        buffer_ += "\\N";
        continue;
      }
      for (char c : *values[i]) {  // COPY text format escapes
        switch (c) {
          case '\\': buffer_ += "\\\\"; break;
          case '\t': buffer_ += "\\t"; break;
          case '\n': buffer_ += "\\n"; break;
          case '\r': buffer_ += "\\r"; break;
          default: buffer_ += c;
        }
      }
    }
    buffer_ += '\n';
    if (buffer_.size() >= (1u << 20)) flush();
  }

  void finish() override {
    flush();
    copying_ = false;
    if (PQputCopyEnd(conn_, nullptr) != 1) throw std::runtime_error(std::string("bulk insert: ") + PQerrorMessage(conn_));
    std::string error;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    if (!error.empty()) throw std::runtime_error("bulk insert: " + error);
  }

 private:
  void flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
      throw std::runtime_error(std::string("bulk insert: ") + PQerrorMessage(conn_));
    buffer_.clear();
  }
  PGconn* conn_ = nullptr;
  std::string buffer_;
  bool copying_ = false;
};

}  // namespace

BulkInsert::BulkInsert(Session& sql, std::string_view table, const std::vector<std::string>& columns)
    : columns_(columns.size()) {
  if (sql.kind() == Kind::postgresql) backend_ = std::make_unique<PostgresBulk>(sql, table, columns);
  else backend_ = std::make_unique<SqliteBulk>(sql, table, columns);
}

BulkInsert::~BulkInsert() = default;

void BulkInsert::add(const std::vector<std::optional<std::string_view>>& values) {
  if (finished_) throw std::logic_error("bulk insert: add after finish");
  if (values.size() != columns_) throw std::invalid_argument("bulk insert: wrong number of values");
  backend_->add(values);
  ++rows_;
}

void BulkInsert::finish() {
  if (finished_) return;
  finished_ = true;
  backend_->finish();
}

}  // namespace tsunagu::db
