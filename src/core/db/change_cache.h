// Numbers derived from stored data (how many rows a list filter matches) kept until the data changes. The
// data's change counter (table change_counters, moved by triggers on every insert, update and delete; see
// migrations/0010) tells: a value is served only for the counter value it was computed under. A change made
// by another app server on the same database moves the same counter, so no server serves a stale value.
// Thread-safe. Bounded: past `max_entries` keys it starts afresh.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/db/database.h"

namespace tsunagu::db {

class ChangeCache {
 public:
  explicit ChangeCache(std::string counter, std::size_t max_entries = 10000)
      : counter_(std::move(counter)), max_entries_(max_entries) {}

  // The counter's value now (one read of one row).
  long long generation(Session& sql) const;
  std::optional<long long> get(long long generation, const std::string& key);
  void put(long long generation, const std::string& key, long long value);

 private:
  std::string counter_;
  std::size_t max_entries_;
  std::mutex mutex_;          // guards generation_ and values_
  long long generation_ = -1;  // what values_ were computed under
  std::unordered_map<std::string, long long> values_;
};

}  // namespace tsunagu::db
