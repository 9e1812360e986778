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
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/http/message.h"
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

  // The public site's answers are the same for every visitor, so a rendered one is kept with the snapshot it
  // came from and served again for the same key (language and request target) until the snapshot changes
  // or kCacheSeconds pass (the "not confirmed for 12 months" flags follow the clock). `render` makes it on a
  // miss; only 200 responses are kept, at most kCacheEntries of them (then the cache starts afresh).
  static constexpr int kCacheSeconds = 60;
  static constexpr std::size_t kCacheEntries = 4096;
  http::Response cached(const std::string& key, const std::function<http::Response()>& render);
  // For measuring the uncached cost (serve --no-public-cache).
  void set_caching(bool on) { caching_ = on; }

  // Checks the fingerprint now and rebuilds if the directory changed.
  void refresh();
  // Builds the snapshot now, then refreshes it every `every` on a thread of its own until destroyed.
  void keep_current(std::chrono::milliseconds every);

  // A service as the search compares it, and what a query asks of one (see Snapshot::compress).
  struct CompactService {
    int type = 0;
    int age_min = -1, age_max = -1;  // -1: open
    std::uint64_t features = 0, care = 0;
  };
  struct CompactQuery {
    bool any = false;   // some condition on the services at all
    bool none = false;  // asks for a code no service has: nothing matches
    int type = -1;
    std::optional<int> age;
    std::uint64_t features = 0, care = 0;
  };

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
  std::atomic<bool> caching_{true};
  std::jthread refresher_;  // last: stopped and joined first
};

}  // namespace tsunagu::resources
