#include "core/http/message.h"

#include <strings.h>

#include "core/text/utf8.h"

namespace tsunagu::http {

bool CaseLess::operator()(std::string_view a, std::string_view b) const {
  std::size_t n = std::min(a.size(), b.size());
  int c = strncasecmp(a.data(), b.data(), n);
  return c != 0 ? c < 0 : a.size() < b.size();
}

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string all = header("Cookie");
  std::string_view rest = all;
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::string Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

namespace {

std::optional<std::vector<Part>> multipart_parts(const Request& r) {
  std::optional<std::string> boundary = multipart_boundary(r.header("Content-Type"));
  if (!boundary) return std::nullopt;
  return parse_multipart(r.body, *boundary);
}

}  // namespace

Params Request::form() const {
  Params out;
  if (header("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    parse_urlencoded(body, out);
  } else if (auto parts = multipart_parts(*this)) {
    for (Part& p : *parts)
      if (!p.filename && text::valid_utf8(p.name) && text::valid_utf8(p.data)) out[p.name] = std::move(p.data);
  }
  return out;
}

std::optional<Part> Request::file(std::string_view name) const {
  if (auto parts = multipart_parts(*this)) {
    for (Part& p : *parts)
      if (p.filename && p.name == name) return std::move(p);
  }
  return std::nullopt;
}

bool Request::wants_json() const {
  return path.rfind("/api/", 0) == 0 || header("Accept").find("application/json") != std::string::npos;
}

// Decodes into `out`; false for a bad escape or a result that is not UTF-8.
static bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  std::optional<std::string> decoded = text::percent_decode(in, plus_is_space);
  if (!decoded) return false;
  out = std::move(*decoded);
  return true;
}

bool parse_urlencoded(std::string_view text, Params& out) {
  bool ok = true;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), key, true) ||
        (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true))) {
      ok = false;
      continue;
    }
    out[key] = value;
  }
  return ok;
}

bool parse_target(std::string_view target, std::string& path, Params& query) {
  if (target.empty() || target.front() != '/') return false;
  std::size_t q = target.find('?');
  if (!percent_decode(target.substr(0, q), path, false)) return false;
  if (text::has_control_chars(path)) return false;
  if (q != std::string_view::npos && !parse_urlencoded(target.substr(q + 1), query)) return false;
  return true;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Response text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.headers["Location"] = std::move(location);
  return r;
}

std::string_view reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

}  // namespace tsunagu::http
