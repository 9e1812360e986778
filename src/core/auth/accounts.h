// Accounts: users with one role and a scope, browser sessions, API tokens and login throttling, all kept
// in the database (several app servers may share one PostgreSQL, so nothing lives in process memory).
// Secrets (session and API tokens) are stored only as SHA-256 hashes. Thread-safe.
#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/auth/principal.h"
#include "core/db/database.h"

namespace tsunagu::auth {

struct NewUser {
  std::string login;
  std::string display_name;
  std::string password;
  Role role = Role::center_staff;
  std::string prefecture_code;
  std::string municipality_code;
  std::vector<std::string> departments;
  std::optional<long long> facility_id;
  bool password_temporary = false;  // chosen by an administrator: the user is asked to choose their own
};

// The prefecture a new user belongs to: a municipal user's is their municipality's, anyone else's is as given.
std::string home_prefecture(const NewUser& u);

struct UserRow {
  long long id = 0;
  std::string login, display_name, role, prefecture_code, municipality_code;
  std::vector<std::string> departments;
  std::optional<long long> facility_id;
  bool disabled = false;
  bool totp_enabled = false;
  std::optional<long long> last_login_at;
  bool password_temporary = false;  // set by an administrator; the user is asked to choose their own
};

// Which users a list shows; an empty field does not narrow it.
struct UserFilter {
  std::string prefecture_code;
  std::string role;
  std::string municipality_code;
};

// Problems with a form's fields: field name → message key in the catalogues (e.g. "users.error.login").
using FieldErrors = std::map<std::string, std::string>;

// Passwords have at least this many characters (not bytes), wherever they are set.
inline constexpr std::size_t kMinPasswordChars = 10;
bool password_long_enough(const std::string& password);
bool valid_login(const std::string& login);

// The rules on a new user that need no database: login, name, password, and the scope its role needs.
FieldErrors check_new_user(const NewUser& u);

// The Japanese text of a message key from the catalogue, for the command line and exceptions.
std::string japanese_message(const std::string& key);

// Thrown by Users::create: what() is the first problem in Japanese, `errors` all of them by field.
class InvalidUser : public std::invalid_argument {
 public:
  explicit InvalidUser(FieldErrors errors);
  const FieldErrors& errors() const { return errors_; }

 private:
  FieldErrors errors_;
};

class Users {
 public:
  explicit Users(db::Database& db) : db_(db) {}
  // Creates the user in its own transaction; throws InvalidUser (a std::invalid_argument) with a Japanese message.
  long long create(const NewUser& u);
  long long create(db::Session& sql, const NewUser& u);
  // Everything create() refuses: check_new_user, and against the database a free login, a known prefecture and
  // municipality, and a facility that exists in the user's prefecture. `u` as create() stores it (a municipal
  // user's prefecture is their municipality's).
  FieldErrors check(db::Session& sql, NewUser& u);
  std::optional<Principal> principal(long long user_id);
  std::optional<UserRow> find(const std::string& login);
  std::optional<UserRow> get(long long user_id);
  std::vector<UserRow> list(const std::string& municipality_code = "");
  std::vector<UserRow> list(const UserFilter& filter);
  // Checks the password of an enabled user; returns the id.
  std::optional<long long> authenticate(const std::string& login, const std::string& password);
  // Checks the password of user `user_id` (enabled or not), for a change of password.
  bool password_matches(long long user_id, const std::string& password);
  // Throws std::invalid_argument for a short password. The by-login forms are the command line's.
  bool set_password(const std::string& login, const std::string& password);
  // Stores a hash_password() hash in the caller's transaction (hash first: it is slow, and holds no lock).
  bool set_password_hash(db::Session& sql, long long user_id, const std::string& hash, bool temporary);
  bool set_disabled(const std::string& login, bool disabled);
  bool set_disabled(db::Session& sql, long long user_id, bool disabled);
  void record_login(long long user_id);
  bool set_totp(long long user_id, const std::optional<std::string>& secret);
  std::optional<std::string> totp_secret(long long user_id);
  bool role_requires_totp(Role role);
  void set_role_requires_totp(Role role, bool required);
  void set_role_requires_totp(db::Session& sql, Role role, bool required);
  std::vector<Role> roles_requiring_totp();
  bool any();

 private:
  db::Database& db_;
};

struct SessionLimits {
  long long idle_seconds = 30 * 60;
  long long absolute_seconds = 12 * 60 * 60;
  long long touch_every_seconds = 60;  // last_seen is written at most this often
};

struct SessionInfo {
  long long user_id = 0;
  std::string csrf_token;
  bool second_factor_pending = false;
};

class Sessions {
 public:
  Sessions(db::Database& db, SessionLimits limits = {}) : db_(db), limits_(limits) {}
  struct Created {
    std::string token;
    std::string csrf_token;
  };
  Created create(long long user_id, const std::string& client_addr, bool second_factor_pending);
  // The live session for a cookie token (idle and absolute timeouts applied), or nothing.
  std::optional<SessionInfo> lookup(const std::string& token);
  void complete_second_factor(const std::string& token);
  void destroy(const std::string& token);
  void destroy_for_user(long long user_id);
  // Ends the user's sessions inside the caller's transaction, except the one whose cookie token is `keep`.
  void destroy_for_user(db::Session& sql, long long user_id, const std::string& keep = "");
  const SessionLimits& limits() const { return limits_; }

 private:
  db::Database& db_;
  SessionLimits limits_;
};

class ApiTokens {
 public:
  explicit ApiTokens(db::Database& db) : db_(db) {}
  // A new token for the user, valid for `days`; the clear token is returned once and never stored.
  std::string create(long long user_id, int days);
  // Revokes by clear token or by its id; true if one was revoked.
  bool revoke(const std::string& token_or_id);
  std::optional<long long> lookup(const std::string& token);

 private:
  db::Database& db_;
};

struct ThrottleLimits {
  int per_login = 5;          // failures in the window before the account is held
  int per_address = 20;       // failures in the window before the address is held
  long long window_seconds = 15 * 60;
};

class LoginThrottle {
 public:
  LoginThrottle(db::Database& db, ThrottleLimits limits = {}) : db_(db), limits_(limits) {}
  bool allowed(const std::string& login, const std::string& client_addr);
  void record(const std::string& login, const std::string& client_addr, bool succeeded);

 private:
  db::Database& db_;
  ThrottleLimits limits_;
};

}  // namespace tsunagu::auth
