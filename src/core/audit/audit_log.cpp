#include "core/audit/audit_log.h"

#include <stdexcept>

#include "core/auth/crypto.h"
#include "core/db/binds.h"
#include "core/db/scan.h"

namespace tsunagu::audit {

std::string entry_hash(const Entry& e) {
  std::string s;
  auto add = [&s](const std::string& v) {
    s += v;
    s += '\x1f';  // unit separator: no field can fake a boundary
  };
  add(std::to_string(e.seq));
  add(std::to_string(e.at));
  add(e.user_id ? std::to_string(*e.user_id) : "");
  for (const std::string* f : {&e.login, &e.role, &e.action, &e.object_type, &e.object_id, &e.request_id,
                               &e.client_addr, &e.detail, &e.prev_hash})
    add(*f);
  if (!e.prefecture_code.empty()) add(e.prefecture_code);
  return auth::sha256_hex(s);
}

std::string filed_under(const Actor& actor, const Event& event) {
  return actor.prefecture_code.empty() ? event.prefecture_code : actor.prefecture_code;
}

struct AuditLog::Waiting {
  Actor actor;
  Event event;
  bool done = false;         // guarded by group_mutex_
  std::exception_ptr error;  // set with done when the group failed
};

void AuditLog::append(const Actor& actor, const Event& event) {
  auto mine = std::make_shared<Waiting>(Waiting{actor, event, false, nullptr});
  std::unique_lock lock(group_mutex_);
  waiting_.push_back(mine);
  arrived_.notify_one();
  while (!mine->done) {
    if (writing_) {
      written_.wait(lock);
      continue;
    }
    // No group is being written: this caller writes everything waiting, its own entry included (after a
    // moment's wait for more when the last group showed that others are in flight).
    writing_ = true;
    if (last_group_ > 1)
      arrived_.wait_for(lock, kGroupWindow, [this] { return waiting_.size() >= kGroupMost; });
    std::vector<std::shared_ptr<Waiting>> group;
    group.swap(waiting_);
    last_group_ = group.size();
    ++groups_;
    lock.unlock();
    try {
      write_group(group);
    } catch (...) {
      // One entry's failure must not fail the others: each is tried again on its own.
      if (group.size() == 1) group[0]->error = std::current_exception();
      for (std::size_t i = 0; group.size() > 1 && i < group.size(); ++i) {
        try {
          write_group({group[i]});
        } catch (...) {
          group[i]->error = std::current_exception();
        }
      }
    }
    lock.lock();
    for (const auto& w : group) w->done = true;
    writing_ = false;
    written_.notify_all();
  }
  if (mine->error) std::rethrow_exception(mine->error);
}

std::size_t AuditLog::groups_written() {
  std::lock_guard lock(group_mutex_);
  return groups_;
}

namespace {

Entry new_entry(const Actor& actor, const Event& event, long long at) {
  Entry e;
  e.at = at;
  e.user_id = actor.user_id;
  e.login = actor.login;
  e.role = actor.role;
  e.action = event.action;
  e.object_type = event.object_type;
  e.object_id = event.object_id;
  e.request_id = actor.request_id;
  e.client_addr = actor.client_addr;
  e.detail = event.detail;
  e.prefecture_code = filed_under(actor, event);
  return e;
}

// The text fields an entry has before it joins the chain, in the order of kUnchained (after at and user_id).
std::vector<std::string*> unchained_texts(Entry& e) {
  return {&e.login, &e.role, &e.action, &e.object_type, &e.object_id, &e.request_id, &e.client_addr, &e.detail,
          &e.prefecture_code};
}
constexpr const char* kUnchained =
    "at, user_id, login, role, action, object_type, object_id, request_id, client_addr, detail, prefecture_code";

// The placeholders of `e`'s kUnchained values, bound in `b`, for a VALUES list.
std::string unchained_values(Entry& e, db::Binds& b) {
  std::string values = b.integer(e.at) + ", " + (e.user_id ? b.integer(*e.user_id) : "NULL");
  for (const std::string* f : unchained_texts(e)) values += ", " + b.text(*f);
  return values;
}

// Appends `e` (all but seq, prev_hash and hash) to the chain, in the caller's transaction. Taking the head row
// first serialises appenders (row lock on PostgreSQL, write lock on SQLite). The statements are kept prepared
// (db::Scan): every read of personal data appends an entry.
void chain(db::Session& sql, Entry e) {
  {
    db::Scan head(sql, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
    if (!head.next()) throw std::runtime_error("audit_head is missing");
    e.seq = head.integer(0);
    e.prev_hash = head.text(1);
  }
  e.hash = entry_hash(e);
  db::Binds b;
  std::string values = b.integer(e.seq) + ", " + b.text(e.prev_hash) + ", " + b.text(e.hash) + ", " +
                       unchained_values(e, b);
  db::Scan(sql, std::string("INSERT INTO audit_log (seq, prev_hash, hash, ") + kUnchained + ") VALUES (" + values + ")",
           b)
      .next();
  db::Binds h;
  std::string hash = h.text(e.hash);
  db::Scan(sql, "UPDATE audit_head SET hash = " + hash + " WHERE id = 1", h).next();
}

// SQLite: `e` into the outbox of the registry's file, in the caller's transaction. Its id is above the outbox's
// largest and above the last id moved into the chain (migration 0015 says why).
void to_outbox(db::Session& sql, Entry e) {
  db::Binds b;
  db::Scan(sql,
           std::string("INSERT INTO audit_outbox (id, ") + kUnchained +
               ") SELECT MAX(COALESCE((SELECT MAX(id) FROM audit_outbox), 0), "
               "(SELECT outbox_moved FROM audit_head WHERE id = 1)) + 1, " + unchained_values(e, b),
           b)
      .next();
}

// The outbox's entries above the last id moved, into the chain, in one transaction of the audit file (which only
// reads the registry's); returns the last id moved.
long long move_into_chain(db::Session& sql) {
  db::Transaction tx(sql);
  long long moved = 0;
  {
    db::Scan head(sql, "SELECT outbox_moved FROM audit_head WHERE id = 1");
    if (!head.next()) throw std::runtime_error("audit_head is missing");
    moved = head.integer(0);
  }
  std::vector<std::pair<long long, Entry>> waiting;
  {
    db::Binds b;
    std::string after = b.integer(moved);
    db::Scan rows(sql, std::string("SELECT id, ") + kUnchained + " FROM audit_outbox WHERE id > " + after + " ORDER BY id",
                  b);
    while (rows.next()) {
      Entry e;
      e.at = rows.integer(1);
      e.user_id = rows.optional_integer(2);
      std::vector<std::string*> texts = unchained_texts(e);
      for (std::size_t i = 0; i < texts.size(); ++i) *texts[i] = rows.text(3 + i);
      waiting.emplace_back(rows.integer(0), std::move(e));
    }
  }
  for (auto& [id, e] : waiting) chain(sql, std::move(e));
  if (!waiting.empty()) {
    moved = waiting.back().first;
    db::Binds b;
    std::string last = b.integer(moved);
    db::Scan(sql, "UPDATE audit_head SET outbox_moved = " + last + " WHERE id = 1", b).next();
  }
  tx.commit();
  return moved;
}

// The outbox's entries up to `moved` (in the chain already) out of the registry's file, in a transaction of its own.
void delete_moved(db::Session& sql, long long moved) {
  db::Binds b;
  std::string last = b.integer(moved);
  if (!db::Scan(sql, "SELECT 1 FROM audit_outbox WHERE id <= " + last + " LIMIT 1", b).next()) return;
  db::Transaction tx(sql);
  db::Binds d;
  std::string upto = d.integer(moved);
  db::Scan(sql, "DELETE FROM audit_outbox WHERE id <= " + upto, d).next();
  tx.commit();
}

}  // namespace

// A group's transaction writes the audit file only (on SQLite): its entries change nothing else.
void AuditLog::write_group(const std::vector<std::shared_ptr<Waiting>>& group) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  long long now = db::now_seconds();
  for (const auto& w : group) chain(sql, new_entry(w->actor, w->event, now));
  tx.commit();
}

void AuditLog::append(db::Session& sql, const Actor& actor, const Event& event) {
  Entry e = new_entry(actor, event, db::now_seconds());
  if (sql.kind() == db::Kind::postgresql) return chain(sql, e);
  to_outbox(sql, e);
  sql.after_commit(this, [this](db::Session& s) {
    try {
      move_outbox(s);
    } catch (...) {
      // The entry is stored in the outbox; the next move (query, count, verify or change) takes it.
    }
  });
}

void AuditLog::move_outbox(db::Session& sql) {
  if (sql.kind() != db::Kind::sqlite) return;
  // (A schema older than migration 0015 has no outbox: its log is in the registry's file.)
  if (!db::Scan(sql, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'audit_outbox'").next() ||
      !db::Scan(sql, "SELECT 1 FROM audit_outbox LIMIT 1").next())
    return;
  delete_moved(sql, move_into_chain(sql));
}

void AuditLog::move_outbox() {
  if (db_.kind() != db::Kind::sqlite) return;
  db::Session sql(db_);
  move_outbox(sql);
}

namespace {

Entry read_entry(const soci::row& r) {
  Entry e;
  e.seq = db::row_int(r, 0);
  e.at = db::row_int(r, 1);
  e.user_id = db::row_opt_int(r, 2);
  std::string* fields[] = {&e.login,     &e.role,        &e.action, &e.object_type, &e.object_id,
                           &e.request_id, &e.client_addr, &e.detail, &e.prev_hash,   &e.hash, &e.prefecture_code};
  for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = db::row_text(r, 3 + i);
  return e;
}

constexpr const char* kColumns =
    "seq, at, user_id, login, role, action, object_type, object_id, request_id, client_addr, detail, prev_hash, hash, "
    "prefecture_code";

// WHERE clause for a filter; every value is bound, never spliced.
std::string where(const Filter& f) {
  std::string w = " WHERE 1 = 1";
  if (f.prefecture) w += " AND prefecture_code = :pref";
  if (!f.login.empty()) w += " AND login = :login";
  if (!f.action.empty()) w += " AND action = :action";
  if (!f.object_type.empty()) w += " AND object_type = :otype";
  if (!f.object_id.empty()) w += " AND object_id = :oid";
  if (f.from) w += " AND at >= :from";
  if (f.to) w += " AND at < :to";
  return w;
}

void bind(soci::statement& st, const Filter& f) {
  if (f.prefecture) st.exchange(soci::use(*f.prefecture, "pref"));
  if (!f.login.empty()) st.exchange(soci::use(f.login, "login"));
  if (!f.action.empty()) st.exchange(soci::use(f.action, "action"));
  if (!f.object_type.empty()) st.exchange(soci::use(f.object_type, "otype"));
  if (!f.object_id.empty()) st.exchange(soci::use(f.object_id, "oid"));
  if (f.from) st.exchange(soci::use(f.from, "from"));
  if (f.to) st.exchange(soci::use(f.to, "to"));
}

}  // namespace

std::vector<Entry> AuditLog::query(const Filter& f) {
  move_outbox();
  db::Session sql(db_);
  soci::row r;
  soci::statement st(sql);
  bind(st, f);
  st.exchange(soci::into(r));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM audit_log" + where(f) + " ORDER BY seq DESC LIMIT " +
             std::to_string(std::clamp(f.limit, 1, 100000)) + " OFFSET " + std::to_string(std::max(0, f.offset)));
  st.define_and_bind();
  std::vector<Entry> out;
  if (st.execute(true)) {
    do out.push_back(read_entry(r));
    while (st.fetch());
  }
  return out;
}

long long AuditLog::count(const Filter& f) {
  move_outbox();
  db::Session sql(db_);
  long long n = 0;
  soci::statement st(sql);
  bind(st, f);
  st.exchange(soci::into(n));
  st.alloc();
  st.prepare("SELECT COUNT(*) FROM audit_log" + where(f));
  st.define_and_bind();
  st.execute(true);
  return n;
}

Verification AuditLog::verify() {
  move_outbox();
  db::Session sql(db_);
  Verification v;
  std::string prev;
  long long expected = 1;
  soci::rowset<soci::row> rows = (sql.prepare << std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
  for (const soci::row& r : rows) {
    Entry e = read_entry(r);
    ++v.checked;
    std::string reason;
    if (e.seq != expected) reason = "entry " + std::to_string(expected) + " is missing";
    else if (e.prev_hash != prev) reason = "prev_hash does not match the previous entry";
    else if (entry_hash(e) != e.hash) reason = "contents do not match the entry's hash";
    if (!reason.empty()) {
      v.ok = false;
      v.first_broken_seq = e.seq != expected ? expected : e.seq;
      v.reason = reason;
      return v;
    }
    prev = e.hash;
    ++expected;
  }
  long long head_seq = 0;
  std::string head_hash;
  sql << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(head_seq), soci::into(head_hash);
  if (head_seq != expected - 1 || head_hash != prev) {
    v.ok = false;
    v.first_broken_seq = expected;
    v.reason = "entries after " + std::to_string(expected - 1) + " are missing (head is at " +
               std::to_string(head_seq) + ")";
  }
  return v;
}

}  // namespace tsunagu::audit
