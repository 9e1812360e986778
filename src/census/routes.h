// The census's web pages: upload a sheet (municipal staff their own municipality's; center staff any
// source), see a round's sources and submission status, reconcile, review uncertain pairs, statistics with
// charts, the report workbook, per-municipality feedback, and the common sheet's template.
#pragma once
#include "core/auth/policy.h"
#include "core/http/router.h"

namespace tsunagu::census {

class Census;

void grant_permissions(auth::Policy& policy);
// Rounds are objects: a principal sees the rounds of its own prefecture (municipal staff: its municipality's).
void add_object_checks(auth::Policy& policy, Census& census);
void add_routes(http::Router& router);

}  // namespace tsunagu::census
