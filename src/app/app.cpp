#include "app/app.h"

#include "census/routes.h"
#include "core/db/migrate.h"
#include "master/routes.h"
#include "registry/routes.h"
#include "resources/routes.h"
#include "web/routes.h"

namespace tsunagu {

void register_permissions(auth::Policy& policy) {
  web::grant_permissions(policy);
  master::grant_permissions(policy);
  registry::grant_permissions(policy);
  census::grant_permissions(policy);
  resources::grant_permissions(policy);
}

void register_routes(http::Router& router) {
  web::add_system_routes(router);
  web::add_session_routes(router);
  web::add_audit_routes(router);
  web::add_user_routes(router);
  master::add_routes(router);
  registry::add_routes(router);
  census::add_routes(router);
  resources::add_routes(router);
}

App::App(const std::string& db_url, Settings settings, std::size_t pool_size) {
  db_ = db::Database::open(db_url, pool_size);
  db::migrate(*db_);
  master::seed_master_data(*db_);
  audit_ = std::make_unique<audit::AuditLog>(*db_);
  users_ = std::make_unique<auth::Users>(*db_);
  sessions_ = std::make_unique<auth::Sessions>(*db_);
  tokens_ = std::make_unique<auth::ApiTokens>(*db_);
  throttle_ = std::make_unique<auth::LoginThrottle>(*db_);
  user_admin_ = std::make_unique<auth::UserAdmin>(*db_, *audit_, *users_, *sessions_, *throttle_);
  policy_ = std::make_unique<auth::Policy>();
  register_permissions(*policy_);
  web::add_object_checks(*policy_, *user_admin_);
  views_ = std::make_unique<view::Views>();
  master_ = std::make_unique<master::MasterData>();
  master_->load(*db_);
  registry_ = std::make_unique<registry::Registry>(*db_, *audit_, *master_);
  registrations_ = std::make_unique<registry::Registrations>(*db_, *audit_, *registry_);
  registry::add_object_checks(*policy_, *registry_, *registrations_);
  census_ = std::make_unique<census::Census>(*db_, *audit_, *master_, settings.prefecture_code, registry_.get());
  census::add_object_checks(*policy_, *census_);
  resources_ = std::make_unique<resources::Directory>(*db_, *audit_, *master_);
  resources::add_object_checks(*policy_, *resources_);
  public_index_ = std::make_unique<resources::PublicIndex>(*db_, *master_, settings.prefecture_code);
  boundaries_ = std::make_unique<geo::Boundaries>(geo::Boundaries::load_embedded());
  router_ = std::make_unique<http::Router>();
  register_routes(*router_);
  services_.reset(new Services{settings, *db_, *audit_, *users_, *sessions_, *tokens_, *throttle_, *user_admin_,
                               *policy_, *views_, *master_, *router_, *registry_, *registrations_, *census_,
                               *resources_, *public_index_, *boundaries_});
  pipeline_ = std::make_unique<Pipeline>(*services_);
}

App::~App() = default;

}  // namespace tsunagu
