// The request pipeline: every request passes through it in this order —
// target and encoding checks → route match (404/405) → authentication (session cookie or bearer token)
// → authorisation (route rule, deny by default, scope from the path) → CSRF on state-changing requests
// → handler → security headers. Nothing here knows of sockets; tests call handle() directly.
#pragma once
#include <atomic>
#include <cstdint>

#include "app/services.h"
#include "core/http/message.h"

namespace tsunagu {

inline constexpr const char* kSessionCookie = "tsunagu_session";
inline constexpr const char* kFormCookie = "tsunagu_form";  // anonymous forms' CSRF token (double submit)
inline constexpr const char* kLangCookie = "tsunagu_lang";

class Pipeline {
 public:
  explicit Pipeline(Services& services);
  http::Response handle(http::Request& request);
  // Whether the request goes to a nonblocking route (http::Route::nonblocking), which the server may answer
  // on its network thread. Malformed targets and unknown paths are answered there too (they only need an
  // error page).
  bool runs_inline(const http::Request& request) const;

 private:
  http::Response dispatch(http::Context& ctx, const http::Match& match);
  bool authenticate(http::Context& ctx, http::Response& refusal);
  bool resolve_scope(http::Context& ctx, const auth::Rule& rule, auth::ScopeTarget& target);
  bool csrf_ok(http::Context& ctx);
  std::string next_request_id();

  Services& s_;
  // Request ids: a random prefix per process (so several app servers do not collide) and a counter.
  std::string request_id_prefix_;
  std::atomic<std::uint64_t> requests_{0};
};

// Security headers every response carries.
void add_security_headers(http::Response& r, bool is_static);

}  // namespace tsunagu
