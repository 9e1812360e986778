#include "app/demo.h"

#include "core/auth/crypto.h"
#include "registry/synthetic.h"
#include "resources/synthetic.h"

namespace tsunagu {

std::string seed_demo(auth::Users& users) {
  if (users.any()) return "";
  using auth::Role;
  struct Demo {
    const char* login;
    const char* name;
    Role role;
    const char* municipality;
    std::vector<std::string> departments;
    std::optional<long long> facility;
  };
  const Demo demos[] = {
      {"admin", "デモ 管理者（システム）", Role::system_admin, "", {}, std::nullopt},
      {"pref.admin", "見本 県子（県庁・デモ）", Role::prefecture_admin, "", {}, std::nullopt},
      {"center", "見本 支援太郎（センター・デモ）", Role::center_staff, "", {}, std::nullopt},
      {"coordinator", "見本 つなぐ（コーディネーター・デモ）", Role::coordinator, "", {}, std::nullopt},
      {"shimonoseki", "見本 関子（下関市・デモ）", Role::municipal_staff, "352012",
       {"maternal_child_health", "disability_welfare"}, std::nullopt},
      {"yamaguchi", "見本 山男（山口市・デモ）", Role::municipal_staff, "352039", {"childcare", "education"}, std::nullopt},
      {"facility", "見本 施設子（事業所・デモ）", Role::facility_staff, "", {}, 1},
  };
  std::string out;
  for (const Demo& d : demos) {
    auth::NewUser u;
    u.login = d.login;
    u.display_name = d.name;
    u.password = auth::random_token(12);
    u.role = d.role;
    u.prefecture_code = d.role == Role::system_admin ? "" : "35";
    u.municipality_code = d.municipality;
    u.departments = d.departments;
    u.facility_id = d.facility;
    users.create(u);
    out += std::string(d.login) + "\t" + u.password + "\t" + std::string(auth::role_name(d.role)) +
           (*d.municipality ? std::string("\t") + d.municipality : "") + "\n";
  }
  return out;
}

std::size_t seed_demo_registry(Services& services) {
  return registry::seed_demo_children(services.registry, services.users);
}

std::size_t seed_demo_resources(Services& services) {
  return resources::seed_demo_facilities(services.resources, "35", 150, 20261121);
}

}  // namespace tsunagu
