// The resource directory's HTTP surface: the public search site (/find, no login, no personal data), its JSON
// API (/api/v1/resources), and the staff pages (/resources) where center staff edit every facility of their
// prefecture and facility staff their own, with one-click confirmation that an entry is current.
#pragma once
#include "core/auth/policy.h"
#include "core/http/router.h"

namespace tsunagu::resources {

class Directory;

void grant_permissions(auth::Policy& policy);
void add_object_checks(auth::Policy& policy, Directory& directory);
void add_routes(http::Router& router);
// The facility list import (routes_import.cpp); add_routes calls it before the /resources/{id} routes.
void add_import_routes(http::Router& router);
// The HSDS 3.0 API (/api/v1/hsds/..., public): routes_hsds.cpp; add_routes calls it.
void add_hsds_routes(http::Router& router);

}  // namespace tsunagu::resources
