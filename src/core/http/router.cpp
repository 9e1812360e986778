#include "core/http/router.h"

#include <stdexcept>

namespace tsunagu::http {

namespace {

// The non-empty segments of a path, as views into it ("/a//b/" → {"a", "b"}).
template <typename Out>
void split(std::string_view path, Out&& out) {
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out(path.substr(i, j - i));
    i = j;
  }
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// A pattern as the router keeps it: each segment a literal or a parameter name; a last "{name*}" takes the
// rest of the path (static files).
Route::Segments compile(const std::string& pattern) {
  Route::Segments out;
  split(pattern, [&](std::string_view seg) {
    if (!is_param(seg)) {
      out.push_back({std::string(seg), false});
    } else if (seg.size() > 3 && seg.ends_with("*}")) {
      out.push_back({std::string(seg.substr(1, seg.size() - 3)), true, true});
    } else {
      out.push_back({std::string(seg.substr(1, seg.size() - 2)), true});
    }
  });
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i].rest) throw std::logic_error("a {name*} segment must come last: " + pattern);
  return out;
}

bool match_pattern(const Route::Segments& pat, const std::vector<std::string_view>& segs, Params* params) {
  bool rest = !pat.empty() && pat.back().rest;
  if (rest ? segs.size() < pat.size() : segs.size() != pat.size()) return false;
  for (std::size_t i = 0; i < pat.size(); ++i)
    if (!pat[i].param && pat[i].text != segs[i]) return false;
  if (!params) return true;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i].rest) {
      // From this segment to the end of the last one, with single slashes between them.
      std::string joined;
      for (std::size_t k = i; k < segs.size(); ++k) (joined += k > i ? "/" : "") += segs[k];
      (*params)[pat[i].text] = std::move(joined);
    } else if (pat[i].param) {
      (*params)[pat[i].text] = std::string(segs[i]);
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  split(path, [&](std::string_view seg) { out.emplace_back(seg); });
  return out;
}

void Router::add(Route route) {
  if (!route.handler) throw std::logic_error("route without handler: " + route.pattern);
  if (route.nonblocking && !route.sessionless)
    throw std::logic_error("a nonblocking route must be sessionless (a session lookup reads the database): " +
                           route.pattern);
  if (route.sessionless && !route.rule.is_public())
    throw std::logic_error("a sessionless route must be open to everyone: " + route.pattern);
  for (const Route& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::logic_error("route registered twice: " + route.method + " " + route.pattern);
  route.segments = compile(route.pattern);
  routes_.push_back(std::move(route));
}

Match Router::match(const std::string& method, const std::string& path) const {
  std::vector<std::string_view> segs;
  split(path, [&](std::string_view seg) { segs.push_back(seg); });
  Match result;
  result.status = 404;
  for (const Route& r : routes_) {
    if (!match_pattern(r.segments, segs, nullptr)) continue;
    bool same = r.method == method || (method == "HEAD" && r.method == "GET");
    if (same) {
      match_pattern(r.segments, segs, &result.params);
      result.route = &r;
      result.status = 200;
      return result;
    }
    result.status = 405;
    if (result.allowed_methods.find(r.method) == std::string::npos)
      result.allowed_methods += (result.allowed_methods.empty() ? "" : ", ") + r.method;
  }
  return result;
}

}  // namespace tsunagu::http
