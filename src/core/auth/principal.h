// Who is making a request: a user with one role and the scope that role is bound to.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::auth {

enum class Role { system_admin, prefecture_admin, center_staff, coordinator, municipal_staff, facility_staff };

inline constexpr Role kAllRoles[] = {Role::system_admin,  Role::prefecture_admin, Role::center_staff,
                                     Role::coordinator,   Role::municipal_staff,  Role::facility_staff};

// Departments of a municipality a municipal user may belong to.
inline constexpr std::string_view kDepartments[] = {"maternal_child_health", "disability_welfare", "childcare",
                                                    "education", "disaster"};

std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view name);
bool valid_department(std::string_view name);

struct Principal {
  long long user_id = 0;
  std::string login;
  std::string display_name;
  Role role = Role::facility_staff;
  std::string prefecture_code;              // 2 digits; empty only for system_admin
  std::string municipality_code;            // municipal_staff only
  std::vector<std::string> departments;     // municipal_staff only
  std::optional<long long> facility_id;     // facility_staff only
  bool via_token = false;                   // authenticated by an API bearer token
};

}  // namespace tsunagu::auth
