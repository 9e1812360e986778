// Page helpers shared by every domain: the layout around a page, error pages and problem+json,
// JSON responses, and the audit actor of a request.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/audit/audit_log.h"
#include "core/http/context.h"

namespace tsunagu::web {

// Renders templates/NAME.mustache inside the layout. `title_key` names a catalogue message.
// The template sees `data`, plus `t` (messages), `lang`, `csrf` and `user`.
http::Response page(http::Context& ctx, const std::string& name, const std::string& title_key,
                    nlohmann::json data = nlohmann::json::object(), int status = 200);

// An error for a person (Japanese page) or a program (RFC 9457 problem+json), by the request.
http::Response error(http::Context& ctx, int status, const std::string& detail = "");

http::Response json_response(int status, const nlohmann::json& body);

// Who did it, for the audit log.
audit::Actor actor(const http::Context& ctx);

// A cookie: HttpOnly, SameSite=Lax, and Secure when configured or when the request came over TLS.
// max_age < 0: a session cookie; 0: delete it.
std::string cookie(const http::Context& ctx, const std::string& name, const std::string& value, long long max_age);

// Anonymous forms (login, the family registration form) carry a double-submit token: the same random value
// in a cookie (kFormCookie) and in the form. Returns the request's token or a new one, and sets ctx.csrf_token;
// the caller sets the cookie on its response.
std::string anonymous_form_token(http::Context& ctx);

// Times stored as epoch seconds: ISO 8601 in UTC (exports, API), and Japan time for people ("2026-04-01 09:30").
std::string iso_time(long long t);
std::string local_time(long long t);

// The role's name in the interface language.
std::string role_label(const http::Context& ctx, auth::Role role);

}  // namespace tsunagu::web
