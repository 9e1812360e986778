// Versioned schema migrations compiled into the binary (migrations/NNNN_name[.sqlite|.postgresql].sql).
// A version may have one common file and/or one file per database. Safe to run from several app servers
// at once: PostgreSQL takes an advisory lock, SQLite serialises on its write lock.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "core/db/database.h"

namespace tsunagu::db {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;  // for the database at hand
};

// The migrations for `kind`, in version order.
std::vector<Migration> migrations_for(Kind kind);

// Splits an SQL script into statements (keeps trigger bodies and $$-quoted functions whole).
std::vector<std::string> split_statements(const std::string& script);

// Applies what is missing, up to version `up_to` (every version by default); returns the versions applied now.
// (A lower `up_to` builds the schema as an older release left it, to test the migrations after it.)
std::vector<int> migrate(Database& db, int up_to = std::numeric_limits<int>::max());

// The highest applied version (0 for an empty database).
int schema_version(Session& sql);

}  // namespace tsunagu::db
