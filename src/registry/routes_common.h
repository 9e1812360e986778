// Helpers shared by the registry's route files (not part of the domain's interface).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "app/services.h"
#include "registry/form.h"
#include "registry/service.h"
#include "registry/store.h"

namespace tsunagu::registry::detail {

Label label(const http::Context& ctx);
long long child_id(const http::Context& ctx);  // the {id} of a route whose object check passed
// The list filter from the query string; `query` receives the filter as a query string for links.
ListFilter filter_from_query(const http::Context& ctx, std::string& query);
nlohmann::json filter_view(const http::Context& ctx, const ListFilter& f);
std::string coordinator_name(http::Context& ctx, const Child& c);
nlohmann::json errors_json(const FieldErrors& e);

void add_list_routes(http::Router& router);
void add_record_routes(http::Router& router);
void add_registration_routes(http::Router& router);

}  // namespace tsunagu::registry::detail
