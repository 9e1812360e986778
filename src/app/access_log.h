// The access log: one JSON line per request on an output stream (standard output for `serve`, which systemd's
// journal or a log shipper reads). Lines are collected in memory and written in batches by a thread of the
// log's own — every `flush_every`, or at once when the batch passes `batch_bytes` — so a request never waits
// on a write. Destroying the log writes what is left (the server does it after the last request).
// Only the path is logged, never the query string, which may carry personal data.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "core/http/server.h"

namespace tsunagu {

// {"time":…,"request_id":…,"method":…,"path":…,"status":…,"bytes":…,"ms":…,"client":…,"user":…}\n
std::string access_log_line(const http::Exchange& x, std::chrono::system_clock::time_point now);

class AccessLog {
 public:
  explicit AccessLog(std::ostream& out, std::chrono::milliseconds flush_every = std::chrono::milliseconds(200),
                     std::size_t batch_bytes = 64 * 1024);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const http::Exchange& x);

 private:
  void run(std::stop_token stop);

  std::ostream& out_;
  std::chrono::milliseconds flush_every_;
  std::size_t batch_bytes_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::string pending_;  // guarded by mutex_
  std::jthread writer_;  // last: starts after the rest is built
};

}  // namespace tsunagu
