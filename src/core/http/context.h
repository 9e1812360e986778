// What a handler gets: the request, its path parameters and who is asking. Services (database,
// audit log, views…) are wired once at start-up in app/services.h and reached through `services`.
#pragma once
#include <optional>
#include <string>

#include "core/auth/principal.h"
#include "core/http/message.h"

namespace tsunagu {
struct Services;
}

namespace tsunagu::http {

struct Context {
  Context(const Request& r, Services& s) : request(r), services(s) {}

  const Request& request;
  Services& services;
  Params params;                               // path parameters, e.g. {"code": "352012"}
  std::string request_id;
  std::optional<auth::Principal> principal;    // empty on public routes without a session
  std::string csrf_token;                      // the session's (or the anonymous form cookie's), for forms
  std::string session_token;                   // the session cookie, when there is one
  bool second_factor_pending = false;          // password accepted, TOTP code still owed
  std::string lang = "ja";                     // "ja" or "en"

  const auth::Principal& user() const { return *principal; }
  const std::string& param(const std::string& name) const { return params.at(name); }
};

}  // namespace tsunagu::http
