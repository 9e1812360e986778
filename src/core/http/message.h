// Plain HTTP request and response values. Handlers see only these, never sockets or Beast types,
// so they are tested without a network. Header names are compared case-insensitively.
// Form bodies come in two encodings, application/x-www-form-urlencoded and multipart/form-data (forms
// with a file input); form() reads the text fields of either, file() the files of the second.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/multipart.h"

namespace tsunagu::http {

struct CaseLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::map<std::string, std::string, CaseLess>;
using Params = std::map<std::string, std::string>;

struct Request {
  std::string method;       // "GET", "POST", …
  std::string target;       // raw request target: path and query
  std::string path;         // percent-decoded path
  Params query;             // decoded query parameters (last value wins)
  Headers headers;
  std::string body;
  std::string client_addr;  // peer address
  bool secure = false;      // served over TLS (directly or behind a proxy that says so)

  std::string header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::string query_param(std::string_view name) const;
  // Fields of an application/x-www-form-urlencoded body, or the text fields (parts without a filename)
  // of a multipart/form-data body; the last value of a name wins. Fields that are not UTF-8 are left
  // out; empty for other types and for a malformed body.
  Params form() const;
  // The first file part named `name` of a multipart/form-data body; nothing when there is none or the
  // body is of another type or malformed. A file input left empty arrives with filename "" and no data.
  std::optional<Part> file(std::string_view name) const;
  bool wants_json() const;  // API path or a client that asks for JSON
};

struct Response {
  int status = 200;
  Headers headers;
  std::vector<std::string> set_cookies;  // several Set-Cookie headers may be sent
  std::string body;
  // A body kept elsewhere (an answer many requests share), sent in place of `body` and never copied.
  std::shared_ptr<const std::string> shared_body;
  std::string log_user;  // for the access log only; never sent

  void set_cookie(std::string cookie) { set_cookies.push_back(std::move(cookie)); }
  // What is sent: the shared body if there is one, else `body`.
  std::string_view content() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
  // Moves `body` into `shared_body`, so that copies of this response share it.
  void share_body() {
    if (!shared_body) shared_body = std::make_shared<const std::string>(std::move(body));
    body.clear();
  }
};

// Parses "path?query" into a Request's path and query; false when the target is not a valid
// origin-form target (bad percent escapes, invalid UTF-8, control characters).
bool parse_target(std::string_view target, std::string& path, Params& query);
bool parse_urlencoded(std::string_view text, Params& out);
std::string url_encode(std::string_view text);

Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
Response redirect(std::string location, int status = 303);
std::string_view reason(int status);

}  // namespace tsunagu::http
