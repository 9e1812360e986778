// Routes: method + path pattern ("/municipalities/{code}") + access rule + handler.
// Every route must state its rule (auth::Rule::open() for public pages), so nothing is served by accident.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/auth/policy.h"
#include "core/http/context.h"

namespace tsunagu::http {

using Handler = std::function<Response(Context&)>;

struct Route {
  Route(std::string m, std::string p, auth::Rule r, Handler h, std::string s = "")
      : method(std::move(m)), pattern(std::move(p)), rule(std::move(r)), handler(std::move(h)), summary(std::move(s)) {}

  std::string method;
  std::string pattern;
  auth::Rule rule;
  Handler handler;
  std::string summary;  // one line for the API description and the authorisation matrix
  // The handler never looks up a session: it serves everyone alike, as to a visitor without one (static
  // files, health, the public search). Such a route must have an open rule.
  bool sessionless = false;
  // The handler never waits on the database or a file, so the server may run it on its network thread
  // instead of handing it to the worker pool. Implies sessionless.
  bool nonblocking = false;

  struct Segment {
    std::string text;    // a literal, or the parameter's name
    bool param = false;  // "{name}"
    bool rest = false;   // "{name*}": the rest of the path, last only
  };
  using Segments = std::vector<Segment>;
  Segments segments;  // the pattern, split by Router::add
};

struct Match {
  const Route* route = nullptr;
  Params params;
  int status = 200;               // 404 no such path, 405 path exists but not for this method
  std::string allowed_methods;    // for 405: "GET, POST"
};

// Marks a route sessionless (see Route::sessionless).
inline Route sessionless(Route r) {
  r.sessionless = true;
  return r;
}
// Marks a route nonblocking and therefore sessionless (see Route::nonblocking).
inline Route nonblocking(Route r) {
  r.sessionless = r.nonblocking = true;
  return r;
}

class Router {
 public:
  void add(Route route);
  Match match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits a path into segments ("/a/b/" → {"a", "b"}).
std::vector<std::string> segments(const std::string& path);

}  // namespace tsunagu::http
