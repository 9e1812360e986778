#include "core/db/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <stop_token>
#include <filesystem>
#include <thread>

#include "core/db/statement_cache.h"
#include "core/text/utf8.h"

namespace tsunagu::db {

namespace {

std::string uri_decode(const std::string& s) {
  std::optional<std::string> decoded = text::percent_decode(s, false);
  if (!decoded) throw std::runtime_error("database URL has a bad %-escape: " + s);
  return *decoded;
}

// libpq keyword values are quoted so that spaces and quotes survive.
std::string keyword(const std::string& key, const std::string& value) {
  std::string v;
  for (char c : value) {
    if (c == '\\' || c == '\'') v += '\\';
    v += c;
  }
  return key + "='" + v + "' ";
}

// postgresql://user:password@host:port/dbname?key=value → libpq "key='value' …" (SOCI does not pass URIs through).
std::string pg_keywords(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3), query;
  if (std::size_t q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string out, dbname;
  if (std::size_t slash = rest.find('/'); slash != std::string::npos) {
    dbname = uri_decode(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  if (std::size_t at = rest.rfind('@'); at != std::string::npos) {
    std::string auth = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::size_t colon = auth.find(':');
    out += keyword("user", uri_decode(auth.substr(0, colon)));
    if (colon != std::string::npos) out += keyword("password", uri_decode(auth.substr(colon + 1)));
  }
  std::size_t colon = rest.rfind(':');
  bool has_port = colon != std::string::npos && rest.find(']', colon) == std::string::npos;
  std::string host = has_port ? rest.substr(0, colon) : rest;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (!host.empty()) out += keyword("host", uri_decode(host));
  if (has_port) out += keyword("port", rest.substr(colon + 1));
  if (!dbname.empty()) out += keyword("dbname", dbname);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string pair = query.substr(0, amp);
    query = amp == std::string::npos ? "" : query.substr(amp + 1);
    std::size_t eq = pair.find('=');
    if (eq != std::string::npos) out += keyword(uri_decode(pair.substr(0, eq)), uri_decode(pair.substr(eq + 1)));
  }
  return out;
}

}  // namespace

Target parse_url(const std::string& url) {
  if (url.rfind("sqlite://", 0) == 0) {
    std::string path = url.substr(9);
    if (path.empty()) throw std::runtime_error("sqlite URL without a path: " + url);
    return {Kind::sqlite, "db=" + path + " timeout=10", path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return {Kind::postgresql, pg_keywords(url), ""};
  throw std::runtime_error("unknown database URL (use sqlite:///path or postgresql://…): " + url);
}

// Switching a new file to WAL needs a moment alone with it, and SQLite answers "locked" at once (without its
// busy handler) when another connection is opening the same file: retry until the busy timeout.
static void enable_wal(soci::session& s) {
  auto deadline = std::chrono::steady_clock::now() + kBusyTimeout;
  for (;;) {
    try {
      s << "PRAGMA journal_mode=WAL";
      return;
    } catch (const soci::soci_error&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

constexpr long long kSqliteMapBytes = 1LL << 30;  // address space only; the kernel shares the pages

static void attach_audit_file(soci::session& s, const std::string& audit_path) {
  s << "ATTACH DATABASE :path AS audit", soci::use(audit_path);
}

static void prepare_sqlite(soci::session& s, const std::string& audit_path) {
  s << "PRAGMA busy_timeout=" + std::to_string(std::chrono::milliseconds(kBusyTimeout).count());
  attach_audit_file(s, audit_path);
  enable_wal(s);  // both files
  s << "PRAGMA foreign_keys=ON";
  s << "PRAGMA main.synchronous=NORMAL";
  s << "PRAGMA audit.synchronous=NORMAL";
  s << "PRAGMA wal_autocheckpoint=0";  // the Checkpointer's job
  // Pages read through a memory map, which stays valid while the file does not change: reads append to the audit
  // file, not to this one. The audit file changes on every commit, so it is read through the page cache.
  s << "PRAGMA main.mmap_size=" + std::to_string(kSqliteMapBytes);
  s << "PRAGMA audit.mmap_size=0";
}

// A connection of its own that checkpoints every kCheckpointEvery, in two steps: a PASSIVE checkpoint copies
// what it can of the write-ahead log into the database without blocking readers or writers; then, holding this
// process's writer turn (Database::sqlite_writer) so that no commit lands meanwhile, a RESTART checkpoint copies
// the few frames committed since and waits for the reads still on the log to end, so that the next writer starts
// the log again from the beginning instead of letting it grow. It waits at most kRestartWait (its connection's
// busy timeout) and otherwise tries again next time, so writers wait only for that second, short step. (The last connection to close
// checkpoints what is left, whatever the setting.)
class Checkpointer {
 public:
  static constexpr std::chrono::milliseconds kRestartWait{10};

  Checkpointer(const std::string& connect, const std::string& audit_path, std::timed_mutex& writer) : writer_(writer) {
    session_.open(soci::sqlite3, connect);
    session_ << "PRAGMA busy_timeout=" + std::to_string(kRestartWait.count());
    attach_audit_file(session_, audit_path);  // a checkpoint without a schema name checkpoints every attached file
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  ~Checkpointer() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run(std::stop_token stop) {
    std::mutex m;
    std::unique_lock lock(m);
    while (!wake_.wait_for(lock, stop, kCheckpointEvery, [] { return false; }) && !stop.stop_requested()) {
      try {
        checkpoint("PASSIVE");
        std::unique_lock turn(writer_, std::defer_lock);
        if (turn.try_lock_for(kBusyTimeout)) checkpoint("RESTART");
      } catch (const std::exception&) {
        // Tried again next time; the log only grows meanwhile.
      }
    }
  }
  void checkpoint(const std::string& mode) {
    int busy = 0, frames = 0, copied = 0;
    session_ << "PRAGMA wal_checkpoint(" + mode + ")", soci::into(busy), soci::into(frames), soci::into(copied);
  }
  std::timed_mutex& writer_;
  soci::session session_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: started once the members it uses exist
};

std::unique_ptr<Database> Database::open(const std::string& url, std::size_t pool_size) {
  Target t = parse_url(url);
  std::unique_ptr<Database> db(new Database());
  db->kind_ = t.kind;
  db->url_ = url;
  db->sqlite_path_ = t.path;
  if (t.kind == Kind::sqlite) db->sqlite_audit_path_ = audit_file_for(t.path);
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
        prepare_sqlite(s, db->sqlite_audit_path_);
      } else {
        s.open(soci::postgresql, t.connect);
        s << "SET client_min_messages TO WARNING";
      }
    }
    if (t.kind == Kind::sqlite) {
      db->statements_ = std::make_unique<StatementCaches>(*db->pool_, pool_size);
      db->checkpointer_ = std::make_unique<Checkpointer>(t.connect, db->sqlite_audit_path_, db->sqlite_writer_);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + (t.kind == Kind::sqlite ? t.path : std::string("(postgresql)")) +
                             ": " + e.what());
  }
  return db;
}

Database::~Database() {
  checkpointer_.reset();
  statements_.reset();
}

std::string audit_file_for(const std::string& path) {
  std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + ".audit" + p.extension().string())).string();
}

void Session::after_commit(const void* key, std::function<void(Session&)> work) {
  for (const auto& [k, w] : after_commit_)
    if (k == key) return;
  after_commit_.emplace_back(key, std::move(work));
}

void Session::run_after_commit() {
  auto work = std::move(after_commit_);
  after_commit_.clear();
  for (auto& [key, w] : work) w(*this);
}

Transaction::Transaction(Session& sql) : sql_(sql) {
  if (sql_.kind() == Kind::postgresql) {
    sql_ << "BEGIN";
    return;
  }
  writer_ = std::unique_lock<std::timed_mutex>(sql_.database().sqlite_writer(), std::defer_lock);
  if (!writer_.try_lock_for(kBusyTimeout)) throw std::runtime_error("database busy: no write turn within the timeout");
  sql_ << "BEGIN IMMEDIATE";
}

Transaction::~Transaction() {
  if (!open_) return;
  sql_.after_commit_.clear();
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // The connection is broken; nothing was committed.
  }
}

void Transaction::commit() {
  sql_ << "COMMIT";
  open_ = false;
  if (writer_.owns_lock()) writer_.unlock();
  sql_.run_after_commit();
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
