// The interface shell and platform routes: sign-in and sign-out, second factor, dashboard, language,
// account, audit log viewer, health, static assets and the OpenAPI document.
#pragma once
#include "core/auth/policy.h"
#include <nlohmann/json.hpp>

#include "core/http/router.h"

namespace tsunagu::web {

void grant_permissions(auth::Policy& policy);
void add_session_routes(http::Router& router);   // login, logout, TOTP, account
void add_system_routes(http::Router& router);    // dashboard, language, health, static, OpenAPI, me
void add_audit_routes(http::Router& router);     // audit log viewer and export

// The OpenAPI 3 document built from the router's /api/v1 routes.
nlohmann::json openapi_document(const http::Router& router);

}  // namespace tsunagu::web
