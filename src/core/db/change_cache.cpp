#include "core/db/change_cache.h"

#include "core/db/scan.h"

namespace tsunagu::db {

long long ChangeCache::generation(Session& sql) const {
  Scan s(sql, "SELECT value FROM change_counters WHERE name = $1", {counter_});
  if (!s.next() || s.null(0)) throw std::runtime_error("change counter missing: " + counter_);
  return s.integer(0);
}

std::optional<long long> ChangeCache::get(long long generation, const std::string& key) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return std::nullopt;
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void ChangeCache::put(long long generation, const std::string& key, long long value) {
  std::lock_guard lock(mutex_);
  if (generation < generation_) return;  // computed before a change already seen
  if (generation > generation_ || values_.size() >= max_entries_) {
    values_.clear();
    generation_ = generation;
  }
  values_.insert_or_assign(key, value);
}

}  // namespace tsunagu::db
