// The services every handler may use, created once at start-up and passed by reference (no globals).
#pragma once
#include <string>

#include "census/service.h"
#include "core/audit/audit_log.h"
#include "core/auth/accounts.h"
#include "core/auth/policy.h"
#include "core/auth/user_admin.h"
#include "core/db/database.h"
#include "core/geo/boundaries.h"
#include "core/http/router.h"
#include "core/view/views.h"
#include "master/master_data.h"
#include "registry/registration.h"
#include "registry/service.h"
#include "resources/public_index.h"
#include "resources/service.h"

namespace tsunagu {

struct Settings {
  bool secure_cookies = false;   // add Secure to cookies (set when served over TLS)
  std::string site_name = "tsunagu";
  std::string prefecture_code = "35";  // the prefecture this installation serves (its public registration form)
};

struct Services {
  Settings settings;
  db::Database& db;
  audit::AuditLog& audit;
  auth::Users& users;
  auth::Sessions& sessions;
  auth::ApiTokens& tokens;
  auth::LoginThrottle& throttle;
  auth::UserAdmin& user_admin;   // user administration and one's own password
  auth::Policy& policy;
  view::Views& views;
  master::MasterData& master;
  http::Router& router;
  registry::Registry& registry;
  registry::Registrations& registrations;
  census::Census& census;
  resources::Directory& resources;
  resources::PublicIndex& public_index;  // the public search, from memory
  const geo::Boundaries& boundaries;  // municipal boundaries for maps, loaded once
};

}  // namespace tsunagu
