// The interface shell and platform routes: sign-in and sign-out, second factor, dashboard, language,
// account (second factor, own password), audit log viewer, user administration, health, static assets and the
// OpenAPI document.
#pragma once
#include "core/auth/policy.h"
#include "core/auth/user_admin.h"
#include <nlohmann/json.hpp>

#include "core/http/router.h"

namespace tsunagu::web {

void grant_permissions(auth::Policy& policy);
void add_session_routes(http::Router& router);   // login, logout, TOTP, account
void add_system_routes(http::Router& router);    // dashboard, language, health, static, OpenAPI, me
void add_audit_routes(http::Router& router);     // audit log viewer and export
void add_user_routes(http::Router& router);      // user administration (/admin/users)
// The "user" object of /admin/users/{id}: whether the administrator manages that user.
void add_object_checks(auth::Policy& policy, auth::UserAdmin& user_admin);

// The OpenAPI 3 document built from the router's /api/v1 routes.
nlohmann::json openapi_document(const http::Router& router);

}  // namespace tsunagu::web
