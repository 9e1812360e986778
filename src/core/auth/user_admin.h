// User administration from the web, and a user's own change of password. Who may manage whom:
//   - a system administrator manages every user;
//   - a prefecture administrator manages the users of their own prefecture, but never a system administrator
//     (they may neither create one nor change one);
//   - nobody else manages users.
// Role settings (a second factor required for a role) hold in every prefecture, so only a system administrator
// changes them. Every change commits together with its audit entry (and the sessions it ends) in one transaction.
// Thread-safe: each call borrows its own database session.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/audit/audit_log.h"
#include "core/auth/accounts.h"
#include "core/auth/policy.h"

namespace tsunagu::auth {

bool may_manage(const Principal& admin, const UserRow& target);
// The roles `admin` may give a new user (none for a role that manages no users).
std::vector<Role> assignable_roles(const Principal& admin);
bool may_change_role_settings(const Principal& admin);

// The answer of a change: the new user's id, or the problems by field (message keys, "users.error.*"). The field
// "user" holds a refusal: the administrator may not do this to this user.
struct AdminResult {
  long long id = 0;
  FieldErrors errors;
  bool ok() const { return errors.empty(); }
  bool refused() const { return errors.count("user") > 0; }
};

class UserAdmin {
 public:
  UserAdmin(db::Database& db, audit::AuditLog& audit, Users& users, Sessions& sessions, LoginThrottle& throttle)
      : db_(db), audit_(audit), users_(users), sessions_(sessions), throttle_(throttle) {}

  // The users `admin` manages, narrowed by `filter`; a prefecture administrator's list never leaves their
  // prefecture nor shows a system administrator. The list is audited as a search.
  std::vector<UserRow> list(const Principal& admin, const audit::Actor& actor, UserFilter filter);
  // For the "user" object check of /admin/users/{id}: missing, hidden (not theirs to manage) or visible.
  ObjectAccess access(const Principal& admin, const std::string& id);
  // A user record for an administrator who may manage it (audited as a read); nothing otherwise.
  std::optional<UserRow> read(const Principal& admin, const audit::Actor& actor, long long user_id);

  // Creates a user whose password, chosen by the administrator and repeated in `password_again`, is temporary.
  AdminResult create(const Principal& admin, const audit::Actor& actor, NewUser u, const std::string& password_again);
  // Disabling ends the user's sessions. Nobody disables their own account.
  AdminResult set_disabled(const Principal& admin, const audit::Actor& actor, long long user_id, bool disabled);
  // Sets a temporary password and ends the user's sessions. Their own password people change at /account.
  AdminResult reset_password(const Principal& admin, const audit::Actor& actor, long long user_id,
                             const std::string& password, const std::string& password_again);
  // False (and audited as denied) for an administrator who may not change role settings.
  bool set_role_requires_totp(const Principal& admin, const audit::Actor& actor, Role role, bool required);

  // A signed-in user's change of their own password: the current one must match (failures are throttled like
  // logins), the new one is repeated. Ends every other session of the user; the one with cookie token
  // `current_session` stays.
  AdminResult change_own_password(const Principal& self, const audit::Actor& actor, const std::string& current,
                                  const std::string& password, const std::string& password_again,
                                  const std::string& current_session);

 private:
  AdminResult refuse(const audit::Actor& actor, long long user_id, const std::string& why);
  db::Database& db_;
  audit::AuditLog& audit_;
  Users& users_;
  Sessions& sessions_;
  LoginThrottle& throttle_;
};

}  // namespace tsunagu::auth
