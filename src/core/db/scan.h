// Reading rows fast: the native APIs (sqlite3_step, libpq in single-row mode) instead of SOCI's row objects,
// which cost microseconds per column, and on SQLite a statement kept prepared per connection
// (db::StatementCaches) instead of one parsed and planned per call. For bulk reads such as a census round of a
// million rows, and for the queries every request runs (its token, its user, a list page).
// Parameters are either text, written $1, $2, … in the SQL (each once, in order: SQLite numbers named parameters
// by first appearance), or the values of a db::Binds, written with the placeholders it returned. Not thread-safe;
// one per query, on the caller's session.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/binds.h"
#include "core/db/database.h"

namespace tsunagu::db {

class Scan {
 public:
  Scan(Session& sql, const std::string& query, const std::vector<std::string>& params = {});
  Scan(Session& sql, const std::string& query, const Binds& binds);
  ~Scan();
  Scan(const Scan&) = delete;
  Scan& operator=(const Scan&) = delete;

  // Moves to the next row; false at the end. Throws std::runtime_error on a database error. A statement that
  // changes data (INSERT, UPDATE) runs in the first call, which returns its RETURNING rows, if any.
  bool next();
  // Discards the rest of the result, so that the session can run another statement (PostgreSQL runs one at a
  // time on a connection; the destructor does the same).
  void finish();
  std::string_view text(int column) const;  // "" for NULL
  long long integer(int column) const;      // 0 for NULL or text that is not a number
  double real(int column) const;
  bool null(int column) const;
  std::optional<long long> optional_integer(int column) const;  // nullopt for NULL

  class Backend;

 private:
  std::unique_ptr<Backend> backend_;
};

}  // namespace tsunagu::db
