// The registry's HTTP surface: staff pages under /children, the JSON API under /api/v1/children, exports
// (CSV, xlsx, FHIR) and the object check that decides, per request, whether a child is visible.
#pragma once
#include "core/auth/policy.h"
#include "core/http/router.h"

namespace tsunagu::registry {

class Registry;
class Registrations;

void grant_permissions(auth::Policy& policy);
void add_object_checks(auth::Policy& policy, Registry& registry, Registrations& registrations);
void add_routes(http::Router& router);

}  // namespace tsunagu::registry
