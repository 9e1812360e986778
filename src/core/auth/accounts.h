// Accounts: users with one role and a scope, browser sessions, API tokens and login throttling, all kept
// in the database (several app servers may share one PostgreSQL, so nothing lives in process memory).
// Secrets (session and API tokens) are stored only as SHA-256 hashes. Thread-safe.
#pragma once
#include <optional>
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
};

struct UserRow {
  long long id = 0;
  std::string login, display_name, role, prefecture_code, municipality_code;
  std::vector<std::string> departments;
  std::optional<long long> facility_id;
  bool disabled = false;
  bool totp_enabled = false;
};

// Why a new user cannot be created, in Japanese; empty when it can.
std::string check_new_user(const NewUser& u);

class Users {
 public:
  explicit Users(db::Database& db) : db_(db) {}
  // Creates the user in its own transaction; throws std::invalid_argument with a Japanese message.
  long long create(const NewUser& u);
  long long create(db::Session& sql, const NewUser& u);
  std::optional<Principal> principal(long long user_id);
  std::optional<UserRow> find(const std::string& login);
  std::vector<UserRow> list(const std::string& municipality_code = "");
  // Checks the password of an enabled user; returns the id.
  std::optional<long long> authenticate(const std::string& login, const std::string& password);
  bool set_password(const std::string& login, const std::string& password);
  bool set_disabled(const std::string& login, bool disabled);
  bool set_totp(long long user_id, const std::optional<std::string>& secret);
  std::optional<std::string> totp_secret(long long user_id);
  bool role_requires_totp(Role role);
  void set_role_requires_totp(Role role, bool required);
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
