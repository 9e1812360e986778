// The public search served from memory: a snapshot of the served prefecture's active facilities with their
// services, search keys and each facility's API item already rendered as JSON, searched without the database.
// Results are the same as Directory::search (tested).
//
// Keeping it current: refresh() asks the database for a fingerprint (count and latest change, confirmation and
// version of the prefecture's facilities) and rebuilds the snapshot when it differs. A save in this process
// calls refresh() itself, so its author sees the change at once. Edits made through other app servers on the
// same PostgreSQL are picked up by keep_current()'s thread, which refreshes every few seconds; a server runs
// it. Without that thread (tools, tests), a search refreshes when the last check is older than kRecheckSeconds.
//
// Thread-safe: searches read an immutable snapshot through a shared_ptr and never wait for a rebuild once a
// snapshot exists and the thread runs; one rebuild at a time.
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "resources/service.h"

namespace tsunagu::resources {

class PublicIndex {
 public:
  static constexpr int kRecheckSeconds = 2;

  PublicIndex(db::Database& db, const master::MasterData& md, std::string prefecture_code);
  ~PublicIndex();

  ResultPage search(const Query& q);
  // The same search as the body of GET /api/v1/resources: {"items":[…],"page":…,"total":…}.
  std::string search_json(const Query& q);
  // An active facility of the served prefecture, for its public page.
  std::optional<Facility> facility(long long id);

  // Checks the fingerprint now and rebuilds if the directory changed.
  void refresh();
  // Builds the snapshot now, then refreshes it every `every` on a thread of its own until destroyed.
  void keep_current(std::chrono::milliseconds every);

 private:
  struct Snapshot;
  using Hits = std::vector<std::pair<std::size_t, double>>;  // facility index, distance in km
  std::shared_ptr<const Snapshot> current();
  std::shared_ptr<const Snapshot> build(const std::string& fingerprint) const;
  std::string fingerprint() const;
  Hits hits(const Snapshot& snap, const Query& q) const;

  db::Database& db_;
  const master::MasterData& md_;
  std::string prefecture_code_;
  std::mutex build_mutex_;  // one fingerprint check and rebuild at a time
  std::mutex mutex_;        // guards snapshot_, checked_ and kept_current_
  std::shared_ptr<const Snapshot> snapshot_;
  std::chrono::steady_clock::time_point checked_{};
  bool kept_current_ = false;
  std::jthread refresher_;  // last: stopped and joined first
};

}  // namespace tsunagu::resources
