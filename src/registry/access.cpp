#include "registry/access.h"

namespace tsunagu::registry {

using auth::Role;

Reach reach(const auth::Principal& p) {
  switch (p.role) {
    case Role::prefecture_admin:
    case Role::center_staff:
      return p.prefecture_code.empty() ? Reach::none : Reach::prefecture;
    case Role::municipal_staff:
      return p.municipality_code.empty() ? Reach::none : Reach::municipality_with_consent;
    case Role::coordinator:
      return Reach::assigned_with_consent;
    case Role::system_admin:
    case Role::facility_staff:
      return Reach::none;
  }
  return Reach::none;
}

bool can_see(const auth::Principal& p, const ChildScope& c) {
  switch (reach(p)) {
    case Reach::prefecture:
      return c.prefecture_code == p.prefecture_code;
    case Reach::municipality_with_consent:
      return c.municipality_code == p.municipality_code && c.municipality_sharing;
    case Reach::assigned_with_consent:
      return c.coordinator_user_id && *c.coordinator_user_id == p.user_id && c.care_team_sharing;
    case Reach::none:
      return false;
  }
  return false;
}

}  // namespace tsunagu::registry
