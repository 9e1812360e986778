#include "core/auth/policy.h"

#include <algorithm>

namespace tsunagu::auth {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::system_admin: return "system_admin";
    case Role::prefecture_admin: return "prefecture_admin";
    case Role::center_staff: return "center_staff";
    case Role::coordinator: return "coordinator";
    case Role::municipal_staff: return "municipal_staff";
    case Role::facility_staff: return "facility_staff";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (role_name(r) == name) return r;
  return std::nullopt;
}

bool valid_department(std::string_view name) {
  return std::find(std::begin(kDepartments), std::end(kDepartments), name) != std::end(kDepartments);
}

void Policy::grant(const std::string& permission, std::initializer_list<Role> roles) {
  grants_[permission].insert(roles.begin(), roles.end());
}

void Policy::grant_every_role(const std::string& permission) {
  grants_[permission].insert(std::begin(kAllRoles), std::end(kAllRoles));
}

bool Policy::granted(Role role, const std::string& permission) const {
  auto it = grants_.find(permission);
  return it != grants_.end() && it->second.count(role) > 0;
}

void Policy::add_object_check(const std::string& object_type, ObjectCheck check) {
  object_checks_[object_type] = std::move(check);
}

ObjectAccess Policy::check_object(const std::string& object_type, const Principal& p, const std::string& id) const {
  auto it = object_checks_.find(object_type);
  return it == object_checks_.end() ? ObjectAccess::missing : it->second(p, id);
}

bool in_scope(const Principal& p, const ScopeTarget& t) {
  if (t.kind == ScopeKind::object) return t.object_visible;  // the domain's check decided, for every role
  if (t.kind == ScopeKind::none || p.role == Role::system_admin) return true;
  switch (p.role) {
    case Role::prefecture_admin:
    case Role::center_staff:
    case Role::coordinator:
      return !p.prefecture_code.empty() && t.prefecture_code == p.prefecture_code;
    case Role::municipal_staff:
      if (t.kind == ScopeKind::municipality) return t.municipality_code == p.municipality_code;
      return false;  // a municipality's staff act for their municipality, not the prefecture
    case Role::facility_staff:
      return t.kind == ScopeKind::facility && p.facility_id && *p.facility_id == t.facility_id;
    case Role::system_admin:
      return true;
  }
  return false;
}

bool Policy::allows(const Principal& p, const Rule& rule, const ScopeTarget& target) const {
  if (rule.is_public()) return true;
  if (!granted(p.role, rule.permission)) return false;
  if (p.role == Role::municipal_staff && !rule.departments.empty()) {
    bool any = std::any_of(rule.departments.begin(), rule.departments.end(), [&](const std::string& d) {
      return std::find(p.departments.begin(), p.departments.end(), d) != p.departments.end();
    });
    if (!any) return false;
  }
  return in_scope(p, target);
}

}  // namespace tsunagu::auth
