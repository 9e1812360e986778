#include "core/http/multipart.h"

#include <strings.h>

#include <algorithm>
#include <utility>

#include "core/text/utf8.h"

namespace tsunagu::http {

namespace {

constexpr std::size_t kMaxHeaderBytes = 8192;  // one part's header block, blank line included
constexpr std::size_t kMaxBoundary = 70;      // RFC 2046

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A header value split into its leading token and its `; name=value` parameters (names lower-cased,
// quoted values unquoted). Nothing for an unterminated quoted string.
struct HeaderValue {
  std::string_view head;
  std::vector<std::pair<std::string, std::string>> params;

  const std::string* param(std::string_view name) const {
    for (const auto& [n, v] : params)
      if (n == name) return &v;
    return nullptr;
  }
};

std::optional<HeaderValue> split_header_value(std::string_view v) {
  HeaderValue out;
  std::size_t semi = v.find(';');
  out.head = trim_space(v.substr(0, semi));
  std::size_t i = semi == std::string_view::npos ? v.size() : semi + 1;
  while (i < v.size()) {
    std::size_t end = v.find_first_of("=;", i);
    std::string_view name = trim_space(v.substr(i, end - i));
    if (end == std::string_view::npos || v[end] == ';') {  // a parameter without a value: ignored
      i = end == std::string_view::npos ? v.size() : end + 1;
      continue;
    }
    i = end + 1;
    while (i < v.size() && is_space(v[i])) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      // Browsers do not escape inside quotes (they write %22), and old ones send Windows paths with
      // raw backslashes, so a backslash escapes only a quote or a backslash.
      for (++i;; ++i) {
        if (i >= v.size()) return std::nullopt;
        if (v[i] == '"') break;
        if (v[i] == '\\' && i + 1 < v.size() && (v[i + 1] == '"' || v[i + 1] == '\\')) ++i;
        value += v[i];
      }
      i = v.find(';', i + 1);  // anything between the closing quote and the next ';' is ignored
      i = i == std::string_view::npos ? v.size() : i + 1;
    } else {
      std::size_t stop = v.find(';', i);
      value = trim_space(v.substr(i, stop - i));
      i = stop == std::string_view::npos ? v.size() : stop + 1;
    }
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    out.params.emplace_back(std::move(lower), std::move(value));
  }
  return out;
}

bool is_boundary_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// The HTML standard's escapes for names in form-data: only '"', CR and LF, as %22, %0D and %0A.
std::string unescape_name(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string_view code = s.substr(i, 3);
    if (iequals(code, "%22")) out += '"';
    else if (iequals(code, "%0D")) out += '\r';
    else if (iequals(code, "%0A")) out += '\n';
    else {
      out += s[i];
      continue;
    }
    i += 2;
  }
  return out;
}

// RFC 5987 ext-value in UTF-8 ("UTF-8'lang'percent-escaped"); nothing for other charsets or bad escapes.
std::optional<std::string> decode_ext_value(std::string_view v) {
  std::size_t q1 = v.find('\'');
  std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || !iequals(v.substr(0, q1), "UTF-8")) return std::nullopt;
  return text::percent_decode(v.substr(q2 + 1), false);
}

std::string clean_filename(std::string name) {
  std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
  if (name == "." || name == ".." || !text::valid_utf8(name)) return "";
  return name;
}

// Where one delimiter line was found: the data before it ends at `data_end` (its CRLF or LF belongs
// to the delimiter) and the next part starts at `next`.
struct Delimiter {
  std::size_t data_end;
  std::size_t next;
  bool close;
};

// "--boundary" at `at`, then "--" for the close delimiter, transport padding, and a line end (or, after
// the close delimiter, the end of the body).
std::optional<Delimiter> delimiter_at(std::string_view body, std::size_t at, std::size_t dash_boundary_size,
                                      std::size_t from) {
  std::size_t i = at + dash_boundary_size;
  bool close = body.substr(i, 2) == "--";
  if (close) i += 2;
  while (i < body.size() && is_space(body[i])) ++i;
  std::size_t next;
  if (i == body.size() && close) next = i;
  else if (i < body.size() && body[i] == '\n') next = i + 1;
  else if (body.substr(i, 2) == "\r\n") next = i + 2;
  else return std::nullopt;
  std::size_t data_end = at;
  if (data_end > from) --data_end;  // the LF before the boundary
  if (data_end > from && body[data_end - 1] == '\r') --data_end;
  return Delimiter{data_end, next, close};
}

// The first delimiter line at or after `from`: one starting at `from` itself or right after a LF.
// Linear: find() visits each byte once, and a comparison with "--boundary" (which holds no LF) stops
// at the first byte that differs, before or at the next LF, so comparisons never overlap.
std::optional<Delimiter> find_delimiter(std::string_view body, std::string_view dash_boundary, std::size_t from) {
  std::size_t at = from;
  while (true) {
    if (body.substr(at, dash_boundary.size()) == dash_boundary) {
      if (auto d = delimiter_at(body, at, dash_boundary.size(), from)) return d;
    }
    std::size_t lf = body.find('\n', at);
    if (lf == std::string_view::npos) return std::nullopt;
    at = lf + 1;
  }
}

// Reads a part's header lines from `pos` through the blank line that ends them; returns the position
// of the data, or nothing for a malformed or over-long header block.
std::optional<std::size_t> read_headers(std::string_view body, std::size_t pos, Part& part) {
  std::string_view window = body.substr(0, std::min(body.size(), pos + kMaxHeaderBytes));
  std::optional<HeaderValue> disposition;
  while (true) {
    std::size_t lf = window.find('\n', pos);
    if (lf == std::string_view::npos) return std::nullopt;
    std::string_view line = window.substr(pos, lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = lf + 1;
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view name = line.substr(0, colon), value = trim_space(line.substr(colon + 1));
    if (name.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
    if (iequals(name, "Content-Disposition")) {
      if (disposition) return std::nullopt;
      disposition = split_header_value(value);
      if (!disposition) return std::nullopt;
    } else if (iequals(name, "Content-Type")) {
      part.content_type = value;
    }
  }
  if (!disposition || !iequals(disposition->head, "form-data")) return std::nullopt;
  const std::string* name = disposition->param("name");
  if (!name) return std::nullopt;
  part.name = unescape_name(*name);
  std::optional<std::string> filename;
  if (const std::string* ext = disposition->param("filename*")) filename = decode_ext_value(*ext);
  if (!filename) {
    if (const std::string* plain = disposition->param("filename")) filename = unescape_name(*plain);
  }
  if (filename) part.filename = clean_filename(std::move(*filename));
  return pos;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::optional<HeaderValue> v = split_header_value(content_type);
  if (!v || !iequals(v->head, "multipart/form-data")) return std::nullopt;
  const std::string* boundary = v->param("boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary || boundary->back() == ' ') return std::nullopt;
  for (char c : *boundary)
    if (!is_boundary_char(c)) return std::nullopt;
  return *boundary;
}

std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary,
                                                 std::size_t max_parts) {
  if (boundary.empty() || boundary.size() > kMaxBoundary) return std::nullopt;
  for (char c : boundary)
    if (!is_boundary_char(c)) return std::nullopt;
  std::string dash_boundary = "--" + std::string(boundary);
  std::optional<Delimiter> d = find_delimiter(body, dash_boundary, 0);
  std::vector<Part> parts;
  while (d && !d->close) {
    if (parts.size() == max_parts) return std::nullopt;
    Part part;
    std::optional<std::size_t> data = read_headers(body, d->next, part);
    if (!data) return std::nullopt;
    d = find_delimiter(body, dash_boundary, *data);
    if (!d) return std::nullopt;
    part.data = body.substr(*data, d->data_end - *data);
    parts.push_back(std::move(part));
  }
  if (!d) return std::nullopt;
  return parts;
}

}  // namespace tsunagu::http
