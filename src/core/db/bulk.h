// Many rows into one table in one go: COPY … FROM STDIN on PostgreSQL (one round trip per megabyte, not per
// row) and one prepared INSERT stepped per row on SQLite (in process, no round trips). Values are text or
// NULL; the database converts them to the column types. Use inside a Transaction: a failure throws, and the
// caller's rollback leaves nothing behind.
// Not thread-safe; one per statement. The table and column names are the caller's constants, never input.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"

namespace tsunagu::db {

class BulkInsert {
 public:
  BulkInsert(Session& sql, std::string_view table, const std::vector<std::string>& columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  // One row: as many values as columns; nullopt is NULL.
  void add(const std::vector<std::optional<std::string_view>>& values);
  // Sends what is buffered and ends the statement; throws std::runtime_error on a database error.
  void finish();
  std::size_t rows() const { return rows_; }

  class Backend;

 private:
  std::unique_ptr<Backend> backend_;
  std::size_t columns_ = 0, rows_ = 0;
  bool finished_ = false;
};

}  // namespace tsunagu::db
