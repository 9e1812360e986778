#include "core/db/statement_cache.h"

#include <stdexcept>
#include <utility>

namespace tsunagu::db {

using namespace sqlite_api;

StatementCaches::StatementCaches(soci::connection_pool& pool, std::size_t pool_size) {
  for (std::size_t i = 0; i < pool_size; ++i) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(pool.at(i).get_backend());
    connections_[backend->conn_];
  }
}

StatementCaches::~StatementCaches() {
  for (auto& [conn, kept] : connections_)
    for (auto& [query, stmt] : kept.statements) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCaches::take(sqlite3* conn, const std::string& query) {
  auto c = connections_.find(conn);
  if (c != connections_.end()) {
    auto it = c->second.statements.find(query);
    if (it != c->second.statements.end() && it->second) return std::exchange(it->second, nullptr);
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(conn, query.c_str(), static_cast<int>(query.size() + 1), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw std::runtime_error(std::string("scan: ") + sqlite3_errmsg(conn));
  }
  return stmt;
}

void StatementCaches::give_back(sqlite3* conn, const std::string& query, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  auto c = connections_.find(conn);
  if (c == connections_.end()) {
    sqlite3_finalize(stmt);
    return;
  }
  Kept& kept = c->second;
  auto [it, added] = kept.statements.try_emplace(query, stmt);
  if (!added) {
    if (it->second) sqlite3_finalize(stmt);  // a second statement for the same query: one is kept
    else it->second = stmt;
    return;
  }
  kept.order.push_back(query);
  if (kept.order.size() <= kPerConnection) return;
  auto oldest = kept.statements.find(kept.order.front());
  if (oldest->second) sqlite3_finalize(oldest->second);  // one in use is finalised when given back
  kept.statements.erase(oldest);
  kept.order.pop_front();
}

}  // namespace tsunagu::db
