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
  std::string method;
  std::string pattern;
  auth::Rule rule;
  Handler handler;
  std::string summary;  // one line for the API description and the authorisation matrix
};

struct Match {
  const Route* route = nullptr;
  Params params;
  int status = 200;               // 404 no such path, 405 path exists but not for this method
  std::string allowed_methods;    // for 405: "GET, POST"
};

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
