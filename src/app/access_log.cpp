#include "app/access_log.h"

#include "core/text/json_text.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace tsunagu {

namespace {

void append_field(std::string& out, const char* name, std::string_view value) {
  text::append_json_key(out, name);
  text::append_json_string(out, value);
}

}  // namespace

std::string access_log_line(const http::Exchange& x, std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char time[32];
  std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &tm);
  auto id = x.response.headers.find("X-Request-Id");
  std::string out;
  out.reserve(256);
  out += "{\"time\":\"";
  out += time;
  out += '"';
  append_field(out, "request_id", id == x.response.headers.end() ? "" : id->second);
  append_field(out, "method", x.request.method);
  append_field(out, "path", x.request.path);
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, ",\"status\":%d,\"bytes\":%zu,\"ms\":%.2f", x.response.status,
                x.response.content().size(), std::round(x.duration_ms * 100) / 100);
  out += numbers;
  append_field(out, "client", x.request.client_addr);
  append_field(out, "user", x.response.log_user);
  out += "}\n";
  return out;
}

AccessLog::AccessLog(std::ostream& out, std::chrono::milliseconds flush_every, std::size_t batch_bytes)
    : out_(out), flush_every_(flush_every), batch_bytes_(batch_bytes),
      writer_([this](std::stop_token stop) { run(stop); }) {}

AccessLog::~AccessLog() {
  writer_.request_stop();
  writer_.join();
  out_ << pending_ << std::flush;
}

void AccessLog::write(const http::Exchange& x) {
  std::string line = access_log_line(x, std::chrono::system_clock::now());
  std::lock_guard lock(mutex_);
  pending_ += line;
  if (pending_.size() >= batch_bytes_) wake_.notify_one();
}

void AccessLog::run(std::stop_token stop) {
  std::string batch;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, flush_every_, [this] { return pending_.size() >= batch_bytes_; });
      batch.swap(pending_);
    }
    if (!batch.empty()) {
      out_ << batch << std::flush;
      batch.clear();
    }
  }
}

}  // namespace tsunagu
