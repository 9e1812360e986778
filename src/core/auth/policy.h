// Authorisation, deny by default. A route names one permission and, optionally, the scoped object
// it touches (a prefecture, municipality or facility taken from a path parameter, or a domain object
// such as a child, whose visibility its domain decides). The Policy grants permissions to roles; the scope
// check compares the object with the principal's scope. Domains add permissions and object checks at
// start-up with grant() and add_object_check(); nothing is allowed that was not granted.
// Not thread-safe while being configured; read-only (and safe to share) once the server starts.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/auth/principal.h"

namespace tsunagu::auth {

enum class ScopeKind { none, prefecture, municipality, facility, object };

// What a route requires. `permission` empty means public (no login).
struct Rule {
  std::string permission;
  ScopeKind scope = ScopeKind::none;
  std::string scope_param;                 // path parameter holding the object's code or id
  std::vector<std::string> departments;    // for municipal staff: at least one of these (empty: any)
  std::string object_type;                 // for ScopeKind::object: whose check decides, e.g. "child"

  static Rule open() { return {}; }
  static Rule needs(std::string permission) {
    Rule r;
    r.permission = std::move(permission);
    return r;
  }
  Rule in_prefecture(std::string param) && { scope = ScopeKind::prefecture, scope_param = std::move(param); return std::move(*this); }
  Rule in_municipality(std::string param) && { scope = ScopeKind::municipality, scope_param = std::move(param); return std::move(*this); }
  Rule in_facility(std::string param) && { scope = ScopeKind::facility, scope_param = std::move(param); return std::move(*this); }
  Rule on_object(std::string type, std::string param) && {
    scope = ScopeKind::object, object_type = std::move(type), scope_param = std::move(param);
    return std::move(*this);
  }
  Rule for_departments(std::vector<std::string> d) && { departments = std::move(d); return std::move(*this); }
  bool is_public() const { return permission.empty(); }
};

// The object a scoped rule points at, resolved from the path (e.g. a municipality and its prefecture).
struct ScopeTarget {
  ScopeKind kind = ScopeKind::none;
  std::string prefecture_code;
  std::string municipality_code;
  long long facility_id = 0;
  bool object_visible = false;             // ScopeKind::object: what the domain's check answered
};

// A domain's answer to "may this principal see object `id`?"; missing objects are answered 404.
enum class ObjectAccess { missing, hidden, visible };
using ObjectCheck = std::function<ObjectAccess(const Principal&, const std::string& id)>;

class Policy {
 public:
  void grant(const std::string& permission, std::initializer_list<Role> roles);
  void grant_every_role(const std::string& permission);
  bool granted(Role role, const std::string& permission) const;
  const std::map<std::string, std::set<Role>>& grants() const { return grants_; }
  void add_object_check(const std::string& object_type, ObjectCheck check);
  // Unknown object types are missing: a route cannot name a check nobody registered.
  ObjectAccess check_object(const std::string& object_type, const Principal& p, const std::string& id) const;

  // Role grants the permission, the departments match, and the target lies within the principal's scope.
  bool allows(const Principal& p, const Rule& rule, const ScopeTarget& target) const;

 private:
  std::map<std::string, std::set<Role>> grants_;
  std::map<std::string, ObjectCheck> object_checks_;
};

// Whether `target` lies within the scope of `p` (independent of permissions).
bool in_scope(const Principal& p, const ScopeTarget& target);

}  // namespace tsunagu::auth
