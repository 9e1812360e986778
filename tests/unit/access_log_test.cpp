#include "app/access_log.h"

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace tsunagu {
namespace {

// A stream buffer the test may read while the log's thread writes to it.
class LockedBuffer : public std::streambuf {
 public:
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(mutex_);
    text_.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    std::lock_guard lock(mutex_);
    text_ += traits_type::to_char_type(c);
    return c;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

struct Sample {
  http::Request request;
  http::Response response;
  Sample() {
    request.method = "GET";
    request.path = "/children/12";
    request.target = "/children/12?q=%E5%B1%B1%E7%94%B0";  // a name: must never reach the log
    request.client_addr = "192.0.2.7";
    response.status = 403;
    response.body = "forbidden";
    response.headers.emplace("X-Request-Id", "abc123000001");
    response.log_user = "shimo";
  }
  http::Exchange exchange() const { return {request, response, 1.23456}; }
};

TEST(AccessLog, OneJsonLinePerRequestWithThePathOnly) {
  Sample s;
  std::string line = access_log_line(s.exchange(), std::chrono::system_clock::time_point{} + std::chrono::seconds(86400));
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "1970-01-02T00:00:00Z");
  EXPECT_EQ(j["request_id"], "abc123000001");
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/children/12");
  EXPECT_EQ(j["status"], 403);
  EXPECT_EQ(j["bytes"], 9);
  EXPECT_DOUBLE_EQ(j["ms"].get<double>(), 1.23);
  EXPECT_EQ(j["client"], "192.0.2.7");
  EXPECT_EQ(j["user"], "shimo");
  EXPECT_EQ(line.find("q="), std::string::npos);
  EXPECT_EQ(line.find("%E5"), std::string::npos);
}

TEST(AccessLog, QuotesAndControlCharactersAreEscaped) {
  Sample s;
  s.request.path = "/a\"b\\c\n\x01";
  s.response.log_user = "tab\there";
  s.response.headers.clear();
  std::string line = access_log_line(s.exchange(), std::chrono::system_clock::now());
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line, whatever the path holds
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["path"], "/a\"b\\c\n\x01");
  EXPECT_EQ(j["user"], "tab\there");
  EXPECT_EQ(j["request_id"], "");
}

TEST(AccessLog, LinesAreWrittenInBatchesAndNoneIsLostAtTheEnd) {
  LockedBuffer buffer;
  std::ostream out(&buffer);
  {
    // A long interval: nothing is written until the batch grows past its size or the log is destroyed.
    AccessLog log(out, std::chrono::hours(1), 1 << 20);
    Sample s;
    for (int i = 0; i < 100; ++i) log.write(s.exchange());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(buffer.text(), "");
  }
  std::istringstream lines(buffer.text());
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) EXPECT_EQ(nlohmann::json::parse(line)["status"], 403);
  EXPECT_EQ(n, 100);
}

TEST(AccessLog, AFullBatchIsWrittenWithoutWaitingForTheInterval) {
  LockedBuffer buffer;
  std::ostream out(&buffer);
  AccessLog log(out, std::chrono::hours(1), 512);
  Sample s;
  for (int i = 0; i < 10; ++i) log.write(s.exchange());  // well over 512 bytes
  bool written = false;
  for (int i = 0; i < 500 && !written; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    written = !buffer.text().empty();
  }
  EXPECT_TRUE(written);
}

}  // namespace
}  // namespace tsunagu
