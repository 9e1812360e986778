#include "core/db/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <filesystem>

namespace tsunagu::db {

Target parse_url(const std::string& url) {
  if (url.rfind("sqlite://", 0) == 0) {
    std::string path = url.substr(9);
    if (path.empty()) throw std::runtime_error("sqlite URL without a path: " + url);
    return {Kind::sqlite, "db=" + path + " timeout=10", path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return {Kind::postgresql, url, ""};
  throw std::runtime_error("unknown database URL (use sqlite:///path or postgresql://…): " + url);
}

static void prepare_sqlite(soci::session& s) {
  s << "PRAGMA journal_mode=WAL";
  s << "PRAGMA foreign_keys=ON";
  s << "PRAGMA synchronous=NORMAL";
  s << "PRAGMA busy_timeout=10000";
}

std::unique_ptr<Database> Database::open(const std::string& url, std::size_t pool_size) {
  Target t = parse_url(url);
  std::unique_ptr<Database> db(new Database());
  db->kind_ = t.kind;
  db->url_ = url;
  db->sqlite_path_ = t.path;
  db->size_ = pool_size;
  if (t.kind == Kind::sqlite) {
    auto parent = std::filesystem::path(t.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  db->pool_ = std::make_unique<soci::connection_pool>(pool_size);
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_->at(i);
      if (t.kind == Kind::sqlite) {
        s.open(soci::sqlite3, t.connect);
        prepare_sqlite(s);
      } else {
        s.open(soci::postgresql, t.connect);
        s << "SET client_min_messages TO WARNING";
      }
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + (t.kind == Kind::sqlite ? t.path : std::string("(postgresql)")) +
                             ": " + e.what());
  }
  return db;
}

Database::~Database() = default;

Transaction::Transaction(Session& sql) : sql_(sql) {
  sql_ << (sql_.kind() == Kind::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // The connection is broken; nothing was committed.
  }
}

void Transaction::commit() {
  sql_ << "COMMIT";
  open_ = false;
}

std::optional<long long> row_opt_int(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<long long>(r.get<double>(i));
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: throw std::runtime_error("column " + std::to_string(i) + " is not an integer");
  }
}

long long row_int(const soci::row& r, std::size_t i) { return row_opt_int(r, i).value_or(0); }

std::string row_text(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_ok ? r.get<std::string>(i) : std::string();
}

double row_double(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return 0;
  if (r.get_properties(i).get_data_type() == soci::dt_double) return r.get<double>(i);
  return static_cast<double>(row_int(r, i));
}

long long now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tsunagu::db
