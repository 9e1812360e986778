#include "core/auth/user_admin.h"

#include <algorithm>

#include "core/auth/crypto.h"
#include "core/text/number.h"

namespace tsunagu::auth {

namespace {

// New passwords: long enough, and typed the same twice.
void check_new_password(FieldErrors& e, const std::string& field, const std::string& password,
                        const std::string& again, const std::string& again_field) {
  if (!password_long_enough(password)) e[field] = "users.error.password_short";
  else if (password != again) e[again_field] = "users.error.password_mismatch";
}

std::string scope_detail(const NewUser& u) {
  std::string d = "role=" + std::string(role_name(u.role));
  if (!u.prefecture_code.empty()) d += " prefecture=" + u.prefecture_code;
  if (!u.municipality_code.empty()) d += " municipality=" + u.municipality_code;
  if (u.facility_id) d += " facility=" + std::to_string(*u.facility_id);
  return d;
}

// A prefecture administrator gives only roles below system administrator, and only in their own prefecture.
void check_scope(FieldErrors& e, const Principal& admin, const NewUser& u) {
  std::vector<Role> roles = assignable_roles(admin);
  if (std::find(roles.begin(), roles.end(), u.role) == roles.end()) {
    e["role"] = "users.error.role_not_allowed";
    return;
  }
  if (admin.role == Role::system_admin || u.prefecture_code.empty() || u.prefecture_code == admin.prefecture_code) return;
  if (u.role == Role::municipal_staff) e["municipality_code"] = "users.error.municipality_not_allowed";
  else e["prefecture_code"] = "users.error.prefecture_not_allowed";
}

}  // namespace

bool may_manage(const Principal& admin, const UserRow& target) {
  switch (admin.role) {
    case Role::system_admin:
      return true;
    case Role::prefecture_admin:
      return target.role != role_name(Role::system_admin) && !admin.prefecture_code.empty() &&
             target.prefecture_code == admin.prefecture_code;
    default:
      return false;
  }
}

std::vector<Role> assignable_roles(const Principal& admin) {
  std::vector<Role> out;
  if (admin.role != Role::system_admin && admin.role != Role::prefecture_admin) return out;
  for (Role r : kAllRoles)
    if (admin.role == Role::system_admin || r != Role::system_admin) out.push_back(r);
  return out;
}

bool may_change_role_settings(const Principal& admin) { return admin.role == Role::system_admin; }

std::vector<UserRow> UserAdmin::list(const Principal& admin, const audit::Actor& actor, UserFilter filter) {
  std::vector<UserRow> out;
  if (assignable_roles(admin).empty()) return out;
  if (admin.role == Role::prefecture_admin) filter.prefecture_code = admin.prefecture_code;
  for (UserRow& u : users_.list(filter))
    if (may_manage(admin, u)) out.push_back(std::move(u));
  std::string detail;
  for (const auto& [name, value] : {std::pair{"prefecture", filter.prefecture_code}, {"role", filter.role},
                                    {"municipality", filter.municipality_code}})
    if (!value.empty()) {
      if (!detail.empty()) detail += ' ';
      detail.append(name).append("=").append(value);
    }
  audit_.append(actor, {"search", "user", "", detail});
  return out;
}

ObjectAccess UserAdmin::access(const Principal& admin, const std::string& id) {
  auto user_id = text::parse_id(id);
  auto target = user_id ? users_.get(*user_id) : std::nullopt;
  if (!target) return ObjectAccess::missing;
  return may_manage(admin, *target) ? ObjectAccess::visible : ObjectAccess::hidden;
}

std::optional<UserRow> UserAdmin::read(const Principal& admin, const audit::Actor& actor, long long user_id) {
  auto target = users_.get(user_id);
  if (!target || !may_manage(admin, *target)) return std::nullopt;
  audit_.append(actor, {"read", "user", std::to_string(user_id), "", target->prefecture_code});
  return target;
}

AdminResult UserAdmin::refuse(const audit::Actor& actor, long long user_id, const std::string& why) {
  audit_.append(actor, {"denied", "user", user_id ? std::to_string(user_id) : "", why});
  return {0, {{"user", "users.error.not_allowed"}}};
}

AdminResult UserAdmin::create(const Principal& admin, const audit::Actor& actor, NewUser u,
                              const std::string& password_again) {
  if (assignable_roles(admin).empty()) return refuse(actor, 0, "create user: role manages no users");
  u.password_temporary = true;
  db::Session sql(db_);
  db::Transaction tx(sql);
  FieldErrors e = users_.check(sql, u);  // normalises u: a municipal user's prefecture is their municipality's
  check_scope(e, admin, u);
  if (!e.count("password")) check_new_password(e, "password", u.password, password_again, "password_again");
  if (!e.empty()) return {0, e};
  AdminResult r;
  r.id = users_.create(sql, u);
  audit_.append(sql, actor, {"create", "user", std::to_string(r.id), scope_detail(u), u.prefecture_code});
  tx.commit();
  return r;
}

AdminResult UserAdmin::set_disabled(const Principal& admin, const audit::Actor& actor, long long user_id,
                                    bool disabled) {
  auto target = users_.get(user_id);
  if (!target || !may_manage(admin, *target)) return refuse(actor, user_id, disabled ? "disable" : "enable");
  if (disabled && user_id == admin.user_id) return {0, {{"disabled", "users.error.disable_self"}}};
  db::Session sql(db_);
  db::Transaction tx(sql);
  users_.set_disabled(sql, user_id, disabled);
  if (disabled) sessions_.destroy_for_user(sql, user_id);
  audit_.append(sql, actor,
                {"update", "user", std::to_string(user_id), disabled ? "disabled" : "enabled", target->prefecture_code});
  tx.commit();
  return {user_id, {}};
}

AdminResult UserAdmin::reset_password(const Principal& admin, const audit::Actor& actor, long long user_id,
                                      const std::string& password, const std::string& password_again) {
  auto target = users_.get(user_id);
  if (!target || !may_manage(admin, *target)) return refuse(actor, user_id, "password reset");
  FieldErrors e;
  if (user_id == admin.user_id) e["password"] = "users.error.reset_self";
  else check_new_password(e, "password", password, password_again, "password_again");
  if (!e.empty()) return {0, e};
  std::string hash = hash_password(password);
  db::Session sql(db_);
  db::Transaction tx(sql);
  users_.set_password_hash(sql, user_id, hash, true);
  sessions_.destroy_for_user(sql, user_id);
  audit_.append(sql, actor, {"update", "user", std::to_string(user_id), "temporary password set by an administrator",
                             target->prefecture_code});
  tx.commit();
  return {user_id, {}};
}

bool UserAdmin::set_role_requires_totp(const Principal& admin, const audit::Actor& actor, Role role, bool required) {
  std::string name(role_name(role));
  if (!may_change_role_settings(admin)) {
    audit_.append(actor, {"denied", "role_settings", name, "second factor"});
    return false;
  }
  db::Session sql(db_);
  db::Transaction tx(sql);
  users_.set_role_requires_totp(sql, role, required);
  audit_.append(sql, actor, {"update", "role_settings", name, required ? "second factor required" : "second factor optional"});
  tx.commit();
  return true;
}

AdminResult UserAdmin::change_own_password(const Principal& self, const audit::Actor& actor, const std::string& current,
                                           const std::string& password, const std::string& password_again,
                                           const std::string& current_session) {
  const std::string throttle_key = "password:" + std::to_string(self.user_id);
  if (!throttle_.allowed(throttle_key, actor.client_addr)) {
    audit_.append(actor, {"denied", "user", std::to_string(self.user_id), "password change: throttled"});
    return {0, {{"current_password", "users.error.throttled"}}};
  }
  if (!users_.password_matches(self.user_id, current)) {
    throttle_.record(throttle_key, actor.client_addr, false);
    audit_.append(actor, {"denied", "user", std::to_string(self.user_id), "password change: current password wrong"});
    return {0, {{"current_password", "users.error.current_password"}}};
  }
  FieldErrors e;
  check_new_password(e, "new_password", password, password_again, "new_password_again");
  if (e.empty() && password == current) e["new_password"] = "users.error.password_same";
  if (!e.empty()) return {0, e};
  throttle_.record(throttle_key, actor.client_addr, true);
  std::string hash = hash_password(password);
  db::Session sql(db_);
  db::Transaction tx(sql);
  users_.set_password_hash(sql, self.user_id, hash, false);
  sessions_.destroy_for_user(sql, self.user_id, current_session);
  audit_.append(sql, actor, {"update", "user", std::to_string(self.user_id), "password changed; other sessions ended"});
  tx.commit();
  return {self.user_id, {}};
}

}  // namespace tsunagu::auth
