#include "core/http/router.h"

#include <stdexcept>

namespace tsunagu::http {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

static bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

static bool match_pattern(const std::string& pattern, const std::vector<std::string>& segs, Params& params) {
  std::vector<std::string> pat = segments(pattern);
  // A trailing "{path*}" takes the rest of the path (static files).
  bool rest = !pat.empty() && pat.back().size() > 3 && pat.back().ends_with("*}");
  if (rest ? segs.size() < pat.size() : segs.size() != pat.size()) return false;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (rest && i + 1 == pat.size()) {
      std::string joined;
      for (std::size_t k = i; k < segs.size(); ++k) joined += (k > i ? "/" : "") + segs[k];
      params[pat[i].substr(1, pat[i].size() - 3)] = joined;
    } else if (is_param(pat[i])) {
      params[pat[i].substr(1, pat[i].size() - 2)] = segs[i];
    } else if (pat[i] != segs[i]) {
      return false;
    }
  }
  return true;
}

void Router::add(Route route) {
  if (!route.handler) throw std::logic_error("route without handler: " + route.pattern);
  for (const Route& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::logic_error("route registered twice: " + route.method + " " + route.pattern);
  routes_.push_back(std::move(route));
}

Match Router::match(const std::string& method, const std::string& path) const {
  std::vector<std::string> segs = segments(path);
  Match result;
  result.status = 404;
  for (const Route& r : routes_) {
    Params params;
    if (!match_pattern(r.pattern, segs, params)) continue;
    bool same = r.method == method || (method == "HEAD" && r.method == "GET");
    if (same) {
      result.route = &r;
      result.params = std::move(params);
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
