// Runs the real tsunagu binary against a test database and talks HTTP/1.1 to it over loopback.
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "core/http/message.h"

namespace tsunagu::testing {

struct Reply {
  int status = 0;
  http::Headers headers;
  std::vector<std::string> set_cookies;
  std::string body;
};

// Sends raw bytes and reads one response (the connection is closed after it).
Reply exchange_raw(unsigned short port, const std::string& bytes);

class ServerProcess {
 public:
  // `serve_flags` go to `tsunagu serve`, e.g. {"--trust-proxy"}.
  explicit ServerProcess(const std::string& db_url, std::vector<std::string> serve_flags = {});
  ~ServerProcess();
  unsigned short port() const { return port_; }
  Reply request(const std::string& method, const std::string& target, const http::Headers& headers = {},
                const std::string& body = "");
  // Runs `tsunagu ARGS --db URL` with `input` on stdin; returns the exit code, output in `out`.
  int cli(const std::string& args, const std::string& input, std::string* out = nullptr) const;
  // Sends SIGTERM and waits; returns the exit status.
  int terminate();
  bool alive();

 private:
  std::string db_url_;
  unsigned short port_ = 0;
  pid_t pid_ = -1;
};

// A browser-like client: keeps cookies, and knows the CSRF token of the last form it saw.
class Browser {
 public:
  explicit Browser(ServerProcess& server) : server_(server) {}
  Reply get(const std::string& target);
  Reply post_form(const std::string& target, const std::map<std::string, std::string>& fields, bool with_csrf = true);
  // multipart/form-data as a browser sends a form with a file input (and the CSRF token).
  Reply post_file(const std::string& target, const std::map<std::string, std::string>& fields,
                  const std::string& file_field, const std::string& filename, const std::string& content);
  Reply login(const std::string& login, const std::string& password);
  std::string csrf() const { return csrf_; }
  // A header sent with every request from now on (e.g. what a proxy adds: X-Forwarded-Proto).
  void set_header(const std::string& name, const std::string& value) { extra_headers_[name] = value; }

 private:
  void absorb(const Reply& r);
  std::string cookie_header() const;
  ServerProcess& server_;
  http::Headers headers() const;
  std::map<std::string, std::string> cookies_;
  http::Headers extra_headers_;
  std::string csrf_;
};

}  // namespace tsunagu::testing
