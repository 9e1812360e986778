#include "core/auth/accounts.h"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "core/auth/crypto.h"
#include "core/text/lg_code.h"

namespace tsunagu::auth {

namespace {

constexpr const char* kUserColumns =
    "id, login, display_name, role, prefecture_code, municipality_code, facility_id, disabled, totp_enabled";

UserRow read_user(const soci::row& r) {
  UserRow u;
  u.id = db::row_int(r, 0);
  u.login = db::row_text(r, 1);
  u.display_name = db::row_text(r, 2);
  u.role = db::row_text(r, 3);
  u.prefecture_code = db::row_text(r, 4);
  u.municipality_code = db::row_text(r, 5);
  u.facility_id = db::row_opt_int(r, 6);
  u.disabled = db::row_int(r, 7) != 0;
  u.totp_enabled = db::row_int(r, 8) != 0;
  return u;
}

void load_departments(db::Session& sql, UserRow& u) {
  soci::rowset<std::string> rs =
      (sql.prepare << "SELECT department FROM user_departments WHERE user_id = :id ORDER BY department", soci::use(u.id));
  u.departments.assign(rs.begin(), rs.end());
}

boost::optional<std::string> nullable(const std::string& s) {
  return s.empty() ? boost::optional<std::string>() : boost::optional<std::string>(s);
}

}  // namespace

std::string check_new_user(const NewUser& u) {
  static const std::regex login_re("[a-z0-9][a-z0-9._-]{2,63}");
  if (!std::regex_match(u.login, login_re))
    return "ログインIDは英小文字・数字・「.」「_」「-」の3〜64文字で入力してください。";
  if (u.display_name.empty()) return "表示名を入力してください。";
  if (u.password.size() < 10) return "パスワードは10文字以上にしてください。";
  switch (u.role) {
    case Role::system_admin:
      return "";
    case Role::prefecture_admin:
    case Role::center_staff:
    case Role::coordinator:
      return u.prefecture_code.size() == 2 ? "" : "都道府県コード（2桁）を指定してください。";
    case Role::municipal_staff:
      if (!text::valid_lg_code(u.municipality_code))
        return "市区町村コード（6桁、検査数字付き）が正しくありません。";
      if (u.departments.empty()) return "市区町村職員には部署を1つ以上指定してください。";
      for (const std::string& d : u.departments)
        if (!valid_department(d)) return "部署「" + d + "」は使えません。";
      return "";
    case Role::facility_staff:
      if (!u.facility_id) return "事業所職員には事業所IDを指定してください。";
      return u.prefecture_code.size() == 2 ? "" : "都道府県コード（2桁）を指定してください。";
  }
  return "役割が正しくありません。";
}

long long Users::create(const NewUser& u) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  long long id = create(sql, u);
  tx.commit();
  return id;
}

long long Users::create(db::Session& sql, const NewUser& input) {
  NewUser u = input;
  if (u.role == Role::municipal_staff && u.municipality_code.size() == 6) u.prefecture_code = u.municipality_code.substr(0, 2);
  if (std::string problem = check_new_user(u); !problem.empty()) throw std::invalid_argument(problem);
  int exists = 0;
  sql << "SELECT COUNT(*) FROM users WHERE login = :l", soci::use(u.login), soci::into(exists);
  if (exists) throw std::invalid_argument("ログインID「" + u.login + "」は既に使われています。");
  if (!u.prefecture_code.empty()) {
    sql << "SELECT COUNT(*) FROM prefectures WHERE code = :c", soci::use(u.prefecture_code), soci::into(exists);
    if (!exists) throw std::invalid_argument("都道府県コード「" + u.prefecture_code + "」は登録されていません。");
  }
  if (!u.municipality_code.empty()) {
    sql << "SELECT COUNT(*) FROM municipalities WHERE code = :c", soci::use(u.municipality_code), soci::into(exists);
    if (!exists) throw std::invalid_argument("市区町村コード「" + u.municipality_code + "」は登録されていません。");
  }
  long long now = db::now_seconds(), id = 0;
  std::string hash = hash_password(u.password), role(role_name(u.role));
  boost::optional<long long> facility;
  if (u.facility_id) facility = *u.facility_id;
  // Named, not temporaries: SOCI binds by reference and runs the statement at the end of the expression.
  boost::optional<std::string> prefecture = nullable(u.prefecture_code), municipality = nullable(u.municipality_code);
  sql << "INSERT INTO users (login, display_name, password_hash, role, prefecture_code, municipality_code, facility_id, "
         "created_at, updated_at) VALUES (:l, :d, :h, :r, :p, :m, :f, :c, :u) RETURNING id",
      soci::use(u.login), soci::use(u.display_name), soci::use(hash), soci::use(role),
      soci::use(prefecture), soci::use(municipality), soci::use(facility),
      soci::use(now), soci::use(now), soci::into(id);
  for (const std::string& d : u.departments)
    sql << "INSERT INTO user_departments (user_id, department) VALUES (:id, :d)", soci::use(id), soci::use(d);
  return id;
}

std::optional<UserRow> Users::find(const std::string& login) {
  db::Session sql(db_);
  soci::row r;
  sql << std::string("SELECT ") + kUserColumns + " FROM users WHERE login = :l", soci::use(login), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  UserRow u = read_user(r);
  load_departments(sql, u);
  return u;
}

std::vector<UserRow> Users::list(const std::string& municipality_code) {
  db::Session sql(db_);
  std::string q = std::string("SELECT ") + kUserColumns + " FROM users";
  if (!municipality_code.empty()) q += " WHERE municipality_code = :m";
  q += " ORDER BY login";
  soci::rowset<soci::row> rs = municipality_code.empty() ? (sql.prepare << q)
                                                          : (sql.prepare << q, soci::use(municipality_code));
  std::vector<UserRow> out;
  for (const soci::row& r : rs) out.push_back(read_user(r));
  for (UserRow& u : out) load_departments(sql, u);
  return out;
}

std::optional<Principal> Users::principal(long long user_id) {
  db::Session sql(db_);
  soci::row r;
  sql << std::string("SELECT ") + kUserColumns + " FROM users WHERE id = :id", soci::use(user_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  UserRow u = read_user(r);
  if (u.disabled) return std::nullopt;
  auto role = parse_role(u.role);
  if (!role) return std::nullopt;
  load_departments(sql, u);
  Principal p;
  p.user_id = u.id;
  p.login = u.login;
  p.display_name = u.display_name;
  p.role = *role;
  p.prefecture_code = u.prefecture_code;
  p.municipality_code = u.municipality_code;
  p.departments = u.departments;
  p.facility_id = u.facility_id;
  return p;
}

std::optional<long long> Users::authenticate(const std::string& login, const std::string& password) {
  db::Session sql(db_);
  long long id = 0;
  int disabled = 0;
  std::string hash;
  sql << "SELECT id, password_hash, disabled FROM users WHERE login = :l", soci::use(login), soci::into(id),
      soci::into(hash), soci::into(disabled);
  if (!sql.got_data()) {
    // Spend the same time as a real check, so timing does not reveal which logins exist.
    static const std::string dummy = hash_password("timing-equaliser-password");
    verify_password(dummy, password);
    return std::nullopt;
  }
  if (!verify_password(hash, password) || disabled) return std::nullopt;
  return id;
}

bool Users::set_password(const std::string& login, const std::string& password) {
  if (password.size() < 10) throw std::invalid_argument("パスワードは10文字以上にしてください。");
  db::Session sql(db_);
  std::string hash = hash_password(password);
  long long now = db::now_seconds();
  soci::statement st = (sql.prepare << "UPDATE users SET password_hash = :h, updated_at = :t WHERE login = :l",
                        soci::use(hash), soci::use(now), soci::use(login));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool Users::set_disabled(const std::string& login, bool disabled) {
  db::Session sql(db_);
  int d = disabled ? 1 : 0;
  long long now = db::now_seconds();
  soci::statement st = (sql.prepare << "UPDATE users SET disabled = :d, updated_at = :t WHERE login = :l",
                        soci::use(d), soci::use(now), soci::use(login));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool Users::set_totp(long long user_id, const std::optional<std::string>& secret) {
  db::Session sql(db_);
  boost::optional<std::string> s;
  if (secret) s = *secret;
  int enabled = secret ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE users SET totp_secret = :s, totp_enabled = :e WHERE id = :id",
                        soci::use(s), soci::use(enabled), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<std::string> Users::totp_secret(long long user_id) {
  db::Session sql(db_);
  boost::optional<std::string> s;
  int enabled = 0;
  sql << "SELECT totp_secret, totp_enabled FROM users WHERE id = :id", soci::use(user_id), soci::into(s),
      soci::into(enabled);
  if (!sql.got_data() || !enabled || !s) return std::nullopt;
  return *s;
}

bool Users::role_requires_totp(Role role) {
  db::Session sql(db_);
  int required = 0;
  std::string name(role_name(role));
  sql << "SELECT require_totp FROM role_settings WHERE role = :r", soci::use(name), soci::into(required);
  return sql.got_data() && required != 0;
}

void Users::set_role_requires_totp(Role role, bool required) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  std::string name(role_name(role));
  int r = required ? 1 : 0;
  sql << "DELETE FROM role_settings WHERE role = :r", soci::use(name);
  sql << "INSERT INTO role_settings (role, require_totp) VALUES (:r, :q)", soci::use(name), soci::use(r);
  tx.commit();
}

bool Users::any() {
  db::Session sql(db_);
  int n = 0;
  sql << "SELECT COUNT(*) FROM users", soci::into(n);
  return n > 0;
}

Sessions::Created Sessions::create(long long user_id, const std::string& client_addr, bool second_factor_pending) {
  Created c{random_token(32), random_token(32)};
  std::string hash = sha256_hex(c.token);
  long long now = db::now_seconds(), expires = now + limits_.absolute_seconds;
  int pending = second_factor_pending ? 1 : 0;
  db::Session sql(db_);
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, second_factor_pending, created_at, last_seen_at, "
         "expires_at, client_addr) VALUES (:h, :u, :c, :p, :n, :n2, :e, :a)",
      soci::use(hash), soci::use(user_id), soci::use(c.csrf_token), soci::use(pending), soci::use(now), soci::use(now),
      soci::use(expires), soci::use(client_addr);
  return c;
}

std::optional<SessionInfo> Sessions::lookup(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string hash = sha256_hex(token);
  db::Session sql(db_);
  SessionInfo info;
  long long last_seen = 0, expires = 0;
  int pending = 0;
  sql << "SELECT user_id, csrf_token, second_factor_pending, last_seen_at, expires_at FROM sessions WHERE token_hash = :h",
      soci::use(hash), soci::into(info.user_id), soci::into(info.csrf_token), soci::into(pending),
      soci::into(last_seen), soci::into(expires);
  if (!sql.got_data()) return std::nullopt;
  long long now = db::now_seconds();
  if (now >= expires || now - last_seen >= limits_.idle_seconds) {
    sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
    return std::nullopt;
  }
  if (now - last_seen >= limits_.touch_every_seconds)
    sql << "UPDATE sessions SET last_seen_at = :n WHERE token_hash = :h", soci::use(now), soci::use(hash);
  info.second_factor_pending = pending != 0;
  return info;
}

void Sessions::complete_second_factor(const std::string& token) {
  std::string hash = sha256_hex(token);
  db::Session sql(db_);
  sql << "UPDATE sessions SET second_factor_pending = 0 WHERE token_hash = :h", soci::use(hash);
}

void Sessions::destroy(const std::string& token) {
  std::string hash = sha256_hex(token);
  db::Session sql(db_);
  sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
}

void Sessions::destroy_for_user(long long user_id) {
  db::Session sql(db_);
  sql << "DELETE FROM sessions WHERE user_id = :u", soci::use(user_id);
}

std::string ApiTokens::create(long long user_id, int days) {
  if (days < 1 || days > 3650) throw std::invalid_argument("有効日数は1〜3650日で指定してください。");
  std::string token = "tsu_" + random_token(32);
  std::string hash = sha256_hex(token);
  long long now = db::now_seconds(), expires = now + static_cast<long long>(days) * 86400;
  db::Session sql(db_);
  sql << "INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES (:h, :u, :c, :e)",
      soci::use(hash), soci::use(user_id), soci::use(now), soci::use(expires);
  return token;
}

bool ApiTokens::revoke(const std::string& token_or_id) {
  db::Session sql(db_);
  long long now = db::now_seconds();
  bool numeric = !token_or_id.empty() && token_or_id.size() < 19 &&
                 std::all_of(token_or_id.begin(), token_or_id.end(), [](char c) { return c >= '0' && c <= '9'; });
  soci::statement st(sql);
  if (numeric) {
    long long id = std::stoll(token_or_id);
    st = (sql.prepare << "UPDATE api_tokens SET revoked_at = :n WHERE id = :id AND revoked_at IS NULL", soci::use(now),
          soci::use(id));
    st.execute(true);
  } else {
    std::string hash = sha256_hex(token_or_id);
    st = (sql.prepare << "UPDATE api_tokens SET revoked_at = :n WHERE token_hash = :h AND revoked_at IS NULL",
          soci::use(now), soci::use(hash));
    st.execute(true);
  }
  return st.get_affected_rows() > 0;
}

std::optional<long long> ApiTokens::lookup(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string hash = sha256_hex(token);
  db::Session sql(db_);
  long long user_id = 0, expires = 0;
  boost::optional<long long> revoked;
  sql << "SELECT user_id, expires_at, revoked_at FROM api_tokens WHERE token_hash = :h", soci::use(hash),
      soci::into(user_id), soci::into(expires), soci::into(revoked);
  if (!sql.got_data() || revoked || db::now_seconds() >= expires) return std::nullopt;
  return user_id;
}

bool LoginThrottle::allowed(const std::string& login, const std::string& client_addr) {
  db::Session sql(db_);
  long long since = db::now_seconds() - limits_.window_seconds;
  int by_login = 0, by_addr = 0;
  sql << "SELECT COUNT(*) FROM login_attempts WHERE login = :l AND at >= :s AND succeeded = 0", soci::use(login),
      soci::use(since), soci::into(by_login);
  sql << "SELECT COUNT(*) FROM login_attempts WHERE client_addr = :a AND at >= :s AND succeeded = 0",
      soci::use(client_addr), soci::use(since), soci::into(by_addr);
  return by_login < limits_.per_login && by_addr < limits_.per_address;
}

void LoginThrottle::record(const std::string& login, const std::string& client_addr, bool succeeded) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  long long now = db::now_seconds();
  int ok = succeeded ? 1 : 0;
  std::string l = login.substr(0, 128);
  if (succeeded) {
    // A successful login clears the account's earlier failures.
    sql << "DELETE FROM login_attempts WHERE login = :l AND succeeded = 0", soci::use(l);
  } else {
    sql << "INSERT INTO login_attempts (login, client_addr, at, succeeded) VALUES (:l, :a, :t, :s)", soci::use(l),
        soci::use(client_addr), soci::use(now), soci::use(ok);
  }
  // Old attempts are of no further use.
  long long cutoff = now - 24 * 60 * 60;
  sql << "DELETE FROM login_attempts WHERE at < :c", soci::use(cutoff);
  tx.commit();
}

}  // namespace tsunagu::auth
