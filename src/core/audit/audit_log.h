// The append-only audit log. Every login, and every read or change of personal data, is appended
// with who did it, in what role, when, what, and from where. Each entry's hash covers its fields and the
// previous entry's hash, so `verify()` finds the first entry changed or removed after the fact.
// Thread-safe: each call borrows its own database session, or uses the caller's inside a transaction.
//
// On SQLite the log is in a file of its own (db::audit_file_for), so that reads do not change the registry's file.
// A change must not be stored without its entry, and a transaction is atomic per file only: an entry appended in
// a change's transaction is written to an outbox in the registry's file, committed with the change, and moved into
// the chain right after (migrations/0015_audit_own_file.sqlite.sql). On PostgreSQL every entry joins the chain
// where it is appended.
//
// Appends made in their own transaction (reads, searches, logins) are committed in groups: entries that arrive
// while a group is being written wait, and the next caller writes them all in one transaction. Each caller
// still returns only once its own entry is committed (or throws if it could not be), so nothing is answered
// before its entry is stored; under load, many readers share one write transaction instead of queueing for
// one each. When the last group held more than one entry (other requests are in flight), the caller that
// writes the next group first waits up to kGroupWindow for more, or until kGroupMost are waiting: a commit
// writes the same few pages (the head, the last leaf of the table and of each index) however many entries it
// holds, so under load a group of several costs little more disk traffic than one entry did. A lone caller
// (the last group held one) never waits.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/db/database.h"

namespace tsunagu::audit {

struct Actor {
  Actor() = default;
  Actor(std::optional<long long> user_id, std::string login, std::string role, std::string request_id,
        std::string client_addr, std::string prefecture_code = "")
      : user_id(user_id), login(std::move(login)), role(std::move(role)), request_id(std::move(request_id)),
        client_addr(std::move(client_addr)), prefecture_code(std::move(prefecture_code)) {}

  std::optional<long long> user_id;
  std::string login;        // as typed, for failed logins
  std::string role;
  std::string request_id;
  std::string client_addr;
  std::string prefecture_code;  // the actor's prefecture (2 digits); empty for system administrators and the public
};

struct Event {
  Event(std::string action, std::string object_type, std::string object_id, std::string detail,
        std::string prefecture_code = "")
      : action(std::move(action)), object_type(std::move(object_type)), object_id(std::move(object_id)),
        detail(std::move(detail)), prefecture_code(std::move(prefecture_code)) {}

  std::string action;       // login, login_failed, logout, read, create, update, delete, search, export
  std::string object_type;  // e.g. user, municipality_staff, audit_log
  std::string object_id;
  std::string detail;       // short, no personal data beyond ids
  std::string prefecture_code;  // the object's prefecture, when known: files an entry whose actor has none
};

struct Entry {
  long long seq = 0;
  long long at = 0;
  std::optional<long long> user_id;
  std::string login, role, action, object_type, object_id, request_id, client_addr, detail, prev_hash, hash;
  // The prefecture whose log holds the entry: the actor's, else the object's; empty = system administrators only.
  // Covered by the hash when not empty (entries written before it existed have none and verify as before).
  std::string prefecture_code;
};

// The prefecture an entry is filed under.
std::string filed_under(const Actor& actor, const Event& event);

struct Filter {
  std::string login, action, object_type, object_id;
  // Set: only the entries filed under this prefecture (a prefecture administrator's view). Unset: every entry.
  std::optional<std::string> prefecture;
  long long from = 0, to = 0;  // seconds; 0 = open
  int limit = 100, offset = 0;
};

struct Verification {
  bool ok = true;
  long long checked = 0;
  long long first_broken_seq = 0;  // 0 when ok
  std::string reason;
};

// The hash of an entry over its fields and prev_hash (hex SHA-256).
std::string entry_hash(const Entry& e);

inline constexpr std::chrono::microseconds kGroupWindow{1500};
inline constexpr std::size_t kGroupMost = 32;

class AuditLog {
 public:
  explicit AuditLog(db::Database& db) : db_(db) {}
  // Appends in its own transaction, which entries appended at the same moment by other threads may share;
  // returns once the entry is committed.
  void append(const Actor& actor, const Event& event);
  // Appends inside the caller's open transaction, so the entry commits or rolls back with the change. On SQLite
  // the entry goes to the outbox in the registry's file and is moved into the chain once the transaction commits.
  void append(db::Session& sql, const Actor& actor, const Event& event);
  // The entries a change left in the outbox (SQLite) into the chain, each once. query, count and verify move
  // first, so they see every committed entry.
  void move_outbox();
  std::vector<Entry> query(const Filter& filter);
  long long count(const Filter& filter);
  Verification verify();
  // How many groups the appends have been written in so far (a group of several entries is one transaction).
  std::size_t groups_written();

 private:
  struct Waiting;  // an entry waiting for its group to commit
  void write_group(const std::vector<std::shared_ptr<Waiting>>& group);
  void move_outbox(db::Session& sql);

  db::Database& db_;
  std::mutex group_mutex_;           // guards the members below
  std::condition_variable written_;  // a group was committed or failed
  std::condition_variable arrived_;  // an entry joined waiting_
  std::vector<std::shared_ptr<Waiting>> waiting_;
  bool writing_ = false;
  std::size_t last_group_ = 1;  // entries in the group written last
  std::size_t groups_ = 0;
};

}  // namespace tsunagu::audit
