// Versioned schema migrations compiled into the binary (migrations/NNNN_name[.sqlite|.postgresql].sql).
// A version may have one common file and/or one file per database. Safe to run from several app servers
// at once: PostgreSQL takes an advisory lock, SQLite serialises on its write lock.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "core/db/database.h"

namespace tsunagu::db {

// A migration runs in one transaction, or in several where its file says so with a line "-- @commit": on SQLite a
// transaction is atomic per file, so a migration that moves tables into the attached audit file first copies
// them there and commits, and only then drops the originals. Every step but the last must be safe to run again
// (an interrupted migration starts over from its first step); the version is recorded with the last.
struct Migration {
  int version;
  std::string name;
  std::vector<std::vector<std::string>> steps;  // each step's statements, for the database at hand
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

// From this version on, an SQLite database keeps its audit log in its own file (Database::sqlite_audit_path).
inline constexpr int kAuditFileVersion = 15;

}  // namespace tsunagu::db
