#include "http/server_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <stdexcept>
#include <thread>

namespace tsunagu::testing {

namespace {

unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

int connect_to(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

Reply parse_reply(const std::string& raw) {
  Reply r;
  std::size_t end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < end) {
    std::size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon), value = line.substr(colon + 2);
    if (strcasecmp(name.c_str(), "Set-Cookie") == 0) r.set_cookies.push_back(value);
    else r.headers[name] = value;
    pos = eol + 2;
  }
  r.body = raw.substr(end + 4);
  return r;
}

}  // namespace

Reply exchange_raw(unsigned short port, const std::string& bytes) {
  int fd = connect_to(port);
  if (fd < 0) throw std::runtime_error("cannot connect");
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string raw;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return parse_reply(raw);
}

ServerProcess::ServerProcess(const std::string& db_url, std::vector<std::string> serve_flags) : db_url_(db_url) {
  if (cli("migrate", "") != 0) throw std::runtime_error("migrate failed");
  port_ = free_port();
  std::vector<std::string> args{TSUNAGU_BINARY, "serve", "--db", db_url_, "--listen", "127.0.0.1:" + std::to_string(port_)};
  args.insert(args.end(), serve_flags.begin(), serve_flags.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    std::freopen("/dev/null", "w", stdout);  // the access log
    ::execv(TSUNAGU_BINARY, argv.data());
    std::_Exit(127);
  }
  for (int i = 0; i < 200; ++i) {
    int fd = connect_to(port_);
    if (fd >= 0) {
      ::close(fd);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("server did not start");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
}

int ServerProcess::terminate() {
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool ServerProcess::alive() { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

int ServerProcess::cli(const std::string& args, const std::string& input, std::string* out) const {
  std::string cmd = "printf '%s\\n' '" + input + "' | " + TSUNAGU_BINARY + " " + args + " --db '" + db_url_ + "' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  int status = ::pclose(p);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Reply ServerProcess::request(const std::string& method, const std::string& target, const http::Headers& headers,
                             const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  return exchange_raw(port_, req);
}

void Browser::absorb(const Reply& r) {
  for (const std::string& c : r.set_cookies) {
    std::string pair = c.substr(0, c.find(';'));
    std::size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (value.empty()) cookies_.erase(name);
    else cookies_[name] = value;
  }
  static const std::regex csrf_re(R"re(name="_csrf" value="([^"]+)")re");
  std::smatch m;
  if (std::regex_search(r.body, m, csrf_re)) csrf_ = m[1];
}

http::Headers Browser::headers() const {
  http::Headers h = extra_headers_;
  if (!cookies_.empty()) h["Cookie"] = cookie_header();
  return h;
}

std::string Browser::cookie_header() const {
  std::string h;
  for (const auto& [k, v] : cookies_) h += (h.empty() ? "" : "; ") + k + "=" + v;
  return h;
}

Reply Browser::get(const std::string& target) {
  Reply r = server_.request("GET", target, headers());
  absorb(r);
  return r;
}

Reply Browser::post_form(const std::string& target, const std::map<std::string, std::string>& fields, bool with_csrf) {
  std::string body;
  auto add = [&](const std::string& k, const std::string& v) {
    body += (body.empty() ? "" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  };
  if (with_csrf) add("_csrf", csrf_);
  for (const auto& [k, v] : fields) add(k, v);
  http::Headers h = headers();
  h["Content-Type"] = "application/x-www-form-urlencoded";
  Reply r = server_.request("POST", target, h, body);
  absorb(r);
  return r;
}

Reply Browser::post_file(const std::string& target, const std::map<std::string, std::string>& fields,
                         const std::string& file_field, const std::string& filename, const std::string& content) {
  const std::string boundary = "----tsunaguTestBoundary7MA4YWxkTrZu0gW";
  std::string body;
  auto field = [&](const std::string& name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  };
  field("_csrf", csrf_);
  for (const auto& [k, v] : fields) field(k, v);
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" + filename +
          "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  http::Headers h = headers();
  h["Content-Type"] = "multipart/form-data; boundary=" + boundary;
  Reply r = server_.request("POST", target, h, body);
  absorb(r);
  return r;
}

Reply Browser::login(const std::string& login, const std::string& password) {
  get("/login");
  return post_form("/login", {{"login", login}, {"password", password}, {"next", "/"}});
}

}  // namespace tsunagu::testing
