// The application: opens the database, applies migrations, loads master data, and wires the services,
// the routes of every domain and the request pipeline. One App per process; no global state.
#pragma once
#include <memory>
#include <string>

#include "app/pipeline.h"
#include "app/services.h"

namespace tsunagu {

class App {
 public:
  // Opens `db_url`, migrates, seeds master data if missing, and registers every route.
  App(const std::string& db_url, Settings settings, std::size_t pool_size = 8);
  ~App();
  Services& services() { return *services_; }
  Pipeline& pipeline() { return *pipeline_; }

 private:
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::Users> users_;
  std::unique_ptr<auth::Sessions> sessions_;
  std::unique_ptr<auth::ApiTokens> tokens_;
  std::unique_ptr<auth::LoginThrottle> throttle_;
  std::unique_ptr<auth::UserAdmin> user_admin_;
  std::unique_ptr<auth::Policy> policy_;
  std::unique_ptr<view::Views> views_;
  std::unique_ptr<master::MasterData> master_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<registry::Registrations> registrations_;
  std::unique_ptr<census::Census> census_;
  std::unique_ptr<resources::Directory> resources_;
  std::unique_ptr<resources::PublicIndex> public_index_;
  std::unique_ptr<geo::Boundaries> boundaries_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<Pipeline> pipeline_;
};

// Every domain's permissions and routes; tests use these to build the authorisation matrix.
void register_permissions(auth::Policy& policy);
void register_routes(http::Router& router);

}  // namespace tsunagu
