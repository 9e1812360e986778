// Who may see which child. Center staff and prefecture administrators see their prefecture's children;
// municipal staff see a child of their own municipality only while the family's consent to share with the
// resident municipality is in force; coordinators see the children assigned to them while the consent to
// share with the care team is in force; facility staff and system administrators (who run the system, not
// the casework) see none. The same rule runs as a check on one record (can_see) and, in the store, as a
// WHERE clause on lists, so a list never shows a child its detail page would refuse.
#pragma once
#include <optional>
#include <string>

#include "core/auth/principal.h"

namespace tsunagu::registry {

enum class Reach { none, prefecture, municipality_with_consent, assigned_with_consent };

Reach reach(const auth::Principal& p);

// What the rule needs to know of a child.
struct ChildScope {
  std::string prefecture_code, municipality_code;
  std::optional<long long> coordinator_user_id;
  bool municipality_sharing = false;  // consent in force
  bool care_team_sharing = false;     // consent in force
};

bool can_see(const auth::Principal& p, const ChildScope& c);

}  // namespace tsunagu::registry
