// Master-data pages and API: prefecture → regions → municipalities, care items, and a municipality's
// staff list (personal data, scoped to the municipality).
#pragma once
#include "core/auth/policy.h"
#include "core/http/router.h"

namespace tsunagu::master {

void grant_permissions(auth::Policy& policy);
void add_routes(http::Router& router);

}  // namespace tsunagu::master
