// The public search served from memory: a snapshot of the served prefecture's active facilities with their
// services and search keys, searched without the database. The snapshot is rebuilt when the directory changes:
// at most every kRecheckSeconds a request asks the database for a fingerprint (count and latest change and
// confirmation times of the prefecture's facilities) and rebuilds when it differs — so several app servers on one
// PostgreSQL see each other's edits within seconds. Results are the same as Directory::search (tested).
// Thread-safe: searches read an immutable snapshot through a shared_ptr; one rebuild at a time.
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "resources/service.h"

namespace tsunagu::resources {

class PublicIndex {
 public:
  static constexpr int kRecheckSeconds = 2;

  PublicIndex(db::Database& db, const master::MasterData& md, std::string prefecture_code);
  ResultPage search(const Query& q);
  // Forces the next search to check the fingerprint (after a change made by this process).
  void touch();

 private:
  struct Snapshot;
  std::shared_ptr<const Snapshot> current();
  std::shared_ptr<const Snapshot> build(const std::string& fingerprint);
  std::string fingerprint();

  db::Database& db_;
  const master::MasterData& md_;
  std::string prefecture_code_;
  std::mutex mutex_;  // guards snapshot_ and checked_
  std::shared_ptr<const Snapshot> snapshot_;
  std::chrono::steady_clock::time_point checked_{};
};

}  // namespace tsunagu::resources
