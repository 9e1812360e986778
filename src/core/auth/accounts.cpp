#include "core/auth/accounts.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "core/auth/crypto.h"
#include "core/db/binds.h"
#include "core/db/scan.h"
#include "core/text/kana.h"
#include "core/text/lg_code.h"
#include "core/text/utf8.h"
#include "core/view/resources.h"

namespace tsunagu::auth {

namespace {

constexpr const char* kUserColumns =
    "id, login, display_name, role, prefecture_code, municipality_code, facility_id, disabled, totp_enabled, "
    "last_login_at, password_temporary";

// A row of kUserColumns.
UserRow read_user(const db::Scan& r) {
  UserRow u;
  u.id = r.integer(0);
  u.login = r.text(1);
  u.display_name = r.text(2);
  u.role = r.text(3);
  u.prefecture_code = r.text(4);
  u.municipality_code = r.text(5);
  u.facility_id = r.optional_integer(6);
  u.disabled = r.integer(7) != 0;
  u.totp_enabled = r.integer(8) != 0;
  u.last_login_at = r.optional_integer(9);
  u.password_temporary = r.integer(10) != 0;
  return u;
}

void load_departments(db::Session& sql, UserRow& u) {
  for (db::Scan d(sql, "SELECT department FROM user_departments WHERE user_id = $1 ORDER BY department",
                  {std::to_string(u.id)});
       d.next();)
    u.departments.emplace_back(d.text(0));
}

boost::optional<std::string> nullable(const std::string& s) {
  return s.empty() ? boost::optional<std::string>() : boost::optional<std::string>(s);
}

// The one text value `query` answers for `key`, or nothing when it finds no row.
template <typename Key>
std::optional<std::string> one_text(db::Session& sql, const char* query, const Key& key) {
  std::string value;
  sql << query, soci::use(key), soci::into(value);
  if (!sql.got_data()) return std::nullopt;
  return value;
}

// " WHERE …" for a user list, with the filter's values bound in `b`.
std::string user_where(const UserFilter& f, db::Binds& b) {
  std::string where = " WHERE 1 = 1";
  if (!f.prefecture_code.empty()) where += " AND prefecture_code = " + b.text(f.prefecture_code);
  if (!f.role.empty()) where += " AND role = " + b.text(f.role);
  if (!f.municipality_code.empty()) where += " AND municipality_code = " + b.text(f.municipality_code);
  return where;
}

// The user `condition` (on one parameter $1, `key`) picks, with their departments. Run on statements kept
// prepared (db::Scan): every request looks up its user.
std::optional<UserRow> one_user(db::Session& sql, const char* condition, const std::string& key) {
  std::optional<UserRow> u;
  {
    db::Scan r(sql, std::string("SELECT ") + kUserColumns + " FROM users WHERE " + condition, {key});
    if (r.next()) u = read_user(r);
  }
  if (u) load_departments(sql, *u);
  return u;
}

bool needs_prefecture(Role r) { return r != Role::system_admin && r != Role::municipal_staff; }

}  // namespace

bool password_long_enough(const std::string& password) { return text::char_count(password) >= kMinPasswordChars; }

bool valid_login(const std::string& login) {
  static const std::regex login_re("[a-z0-9][a-z0-9._-]{2,63}");
  return std::regex_match(login, login_re);
}

FieldErrors check_new_user(const NewUser& u) {
  FieldErrors e;
  if (!valid_login(u.login)) e["login"] = "users.error.login";
  if (text::trim(u.display_name).empty()) e["display_name"] = "users.error.display_name";
  else if (text::has_control_chars(u.display_name) || text::char_count(u.display_name) > 100)
    e["display_name"] = "users.error.display_name_text";
  if (!password_long_enough(u.password)) e["password"] = "users.error.password_short";
  if (needs_prefecture(u.role) && u.prefecture_code.size() != 2) e["prefecture_code"] = "users.error.prefecture";
  if (u.role == Role::municipal_staff) {
    if (!text::valid_lg_code(u.municipality_code)) e["municipality_code"] = "users.error.municipality";
    if (u.departments.empty()) e["departments"] = "users.error.departments";
    for (const std::string& d : u.departments)
      if (!valid_department(d)) e["departments"] = "users.error.department_unknown";
  }
  if (u.role == Role::facility_staff && !u.facility_id) e["facility_id"] = "users.error.facility";
  return e;
}

std::string japanese_message(const std::string& key) {
  static const nlohmann::json catalogue = nlohmann::json::parse(resources::find("i18n/ja.json").value_or("{}"));
  std::string path = "/" + key;
  std::replace(path.begin(), path.end(), '.', '/');
  nlohmann::json::json_pointer pointer(path);
  if (!catalogue.contains(pointer) || !catalogue.at(pointer).is_string()) return key;
  return catalogue.at(pointer).get<std::string>();
}

InvalidUser::InvalidUser(FieldErrors errors)
    : std::invalid_argument(errors.empty() ? "" : japanese_message(errors.begin()->second)), errors_(std::move(errors)) {}

long long Users::create(const NewUser& u) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  long long id = create(sql, u);
  tx.commit();
  return id;
}

std::string home_prefecture(const NewUser& u) {
  if (u.role == Role::municipal_staff && u.municipality_code.size() == 6) return u.municipality_code.substr(0, 2);
  return u.prefecture_code;
}

FieldErrors Users::check(db::Session& sql, NewUser& u) {
  u.display_name = text::trim(u.display_name);
  u.prefecture_code = home_prefecture(u);
  FieldErrors e = check_new_user(u);
  if (!e.count("login")) {
    int exists = 0;
    sql << "SELECT COUNT(*) FROM users WHERE login = :l", soci::use(u.login), soci::into(exists);
    if (exists) e["login"] = "users.error.login_taken";
  }
  if (!u.prefecture_code.empty() && !e.count("prefecture_code") &&
      !one_text(sql, "SELECT code FROM prefectures WHERE code = :c", u.prefecture_code))
    e["prefecture_code"] = "users.error.prefecture_unknown";
  if (!u.municipality_code.empty() && !e.count("municipality_code") &&
      !one_text(sql, "SELECT code FROM municipalities WHERE code = :c", u.municipality_code))
    e["municipality_code"] = "users.error.municipality_unknown";
  if (u.facility_id) {
    // users.facility_id refers to facilities(id) (migration 0008); a facility belongs to one prefecture.
    auto facility_prefecture = one_text(sql, "SELECT prefecture_code FROM facilities WHERE id = :f", *u.facility_id);
    if (!facility_prefecture) e["facility_id"] = "users.error.facility_unknown";
    else if (!u.prefecture_code.empty() && *facility_prefecture != u.prefecture_code)
      e["facility_id"] = "users.error.facility_prefecture";
  }
  return e;
}

long long Users::create(db::Session& sql, const NewUser& input) {
  NewUser u = input;
  if (FieldErrors problems = check(sql, u); !problems.empty()) throw InvalidUser(std::move(problems));
  long long now = db::now_seconds(), id = 0;
  std::string hash = hash_password(u.password), role(role_name(u.role));
  int temporary = u.password_temporary ? 1 : 0;
  boost::optional<long long> facility;
  if (u.facility_id) facility = *u.facility_id;
  // Named, not temporaries: SOCI binds by reference and runs the statement at the end of the expression.
  boost::optional<std::string> prefecture = nullable(u.prefecture_code), municipality = nullable(u.municipality_code);
  sql << "INSERT INTO users (login, display_name, password_hash, role, prefecture_code, municipality_code, facility_id, "
         "password_temporary, created_at, updated_at) VALUES (:l, :d, :h, :r, :p, :m, :f, :t, :c, :u) RETURNING id",
      soci::use(u.login), soci::use(u.display_name), soci::use(hash), soci::use(role),
      soci::use(prefecture), soci::use(municipality), soci::use(facility), soci::use(temporary),
      soci::use(now), soci::use(now), soci::into(id);
  for (const std::string& d : u.departments)
    sql << "INSERT INTO user_departments (user_id, department) VALUES (:id, :d)", soci::use(id), soci::use(d);
  return id;
}

std::optional<UserRow> Users::find(const std::string& login) {
  db::Session sql(db_);
  return one_user(sql, "login = $1", login);
}

std::optional<UserRow> Users::get(long long user_id) {
  db::Session sql(db_);
  return one_user(sql, "id = $1", std::to_string(user_id));
}

std::vector<UserRow> Users::list(const std::string& municipality_code) {
  UserFilter f;
  f.municipality_code = municipality_code;
  return list(f);
}

std::vector<UserRow> Users::list(const UserFilter& f) {
  db::Session sql(db_);
  std::vector<UserRow> out;
  std::map<long long, std::size_t> index;
  db::Binds users;
  std::string q = std::string("SELECT ") + kUserColumns + " FROM users" + user_where(f, users) + " ORDER BY login";
  for (db::Scan r(sql, q, users); r.next();) {
    out.push_back(read_user(r));
    index[out.back().id] = out.size() - 1;
  }
  // The departments of every listed user in one query, not one per user.
  db::Binds departments;
  std::string dq = "SELECT user_id, department FROM user_departments WHERE user_id IN (SELECT id FROM users" +
                   user_where(f, departments) + ") ORDER BY user_id, department";
  for (db::Scan r(sql, dq, departments); r.next();) {
    auto it = index.find(r.integer(0));
    if (it != index.end()) out[it->second].departments.emplace_back(r.text(1));
  }
  return out;
}

std::optional<Principal> Users::principal(long long user_id) {
  db::Session sql(db_);
  std::optional<UserRow> found = one_user(sql, "id = $1", std::to_string(user_id));
  if (!found || found->disabled) return std::nullopt;
  const UserRow& u = *found;
  auto role = parse_role(u.role);
  if (!role) return std::nullopt;
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

bool Users::password_matches(long long user_id, const std::string& password) {
  db::Session sql(db_);
  std::string hash;
  sql << "SELECT password_hash FROM users WHERE id = :id", soci::use(user_id), soci::into(hash);
  return sql.got_data() && verify_password(hash, password);
}

bool Users::set_password(const std::string& login, const std::string& password) {
  if (!password_long_enough(password)) throw std::invalid_argument(japanese_message("users.error.password_short"));
  auto u = find(login);
  if (!u) return false;
  std::string hash = hash_password(password);
  db::Session sql(db_);
  return set_password_hash(sql, u->id, hash, false);
}

bool Users::set_password_hash(db::Session& sql, long long user_id, const std::string& hash, bool temporary) {
  long long now = db::now_seconds();
  int temp = temporary ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE users SET password_hash = :h, password_temporary = :p, updated_at = :t "
                                       "WHERE id = :id",
                        soci::use(hash), soci::use(temp), soci::use(now), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool Users::set_disabled(const std::string& login, bool disabled) {
  auto u = find(login);
  if (!u) return false;
  db::Session sql(db_);
  return set_disabled(sql, u->id, disabled);
}

bool Users::set_disabled(db::Session& sql, long long user_id, bool disabled) {
  int d = disabled ? 1 : 0;
  long long now = db::now_seconds();
  soci::statement st = (sql.prepare << "UPDATE users SET disabled = :d, updated_at = :t WHERE id = :id",
                        soci::use(d), soci::use(now), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void Users::record_login(long long user_id) {
  db::Session sql(db_);
  long long now = db::now_seconds();
  sql << "UPDATE users SET last_login_at = :t WHERE id = :id", soci::use(now), soci::use(user_id);
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
  set_role_requires_totp(sql, role, required);
  tx.commit();
}

void Users::set_role_requires_totp(db::Session& sql, Role role, bool required) {
  std::string name(role_name(role));
  int r = required ? 1 : 0;
  sql << "DELETE FROM role_settings WHERE role = :r", soci::use(name);
  sql << "INSERT INTO role_settings (role, require_totp) VALUES (:r, :q)", soci::use(name), soci::use(r);
}

std::vector<Role> Users::roles_requiring_totp() {
  db::Session sql(db_);
  soci::rowset<std::string> rs = (sql.prepare << "SELECT role FROM role_settings WHERE require_totp <> 0");
  std::vector<Role> out;
  for (const std::string& name : rs)
    if (auto r = parse_role(name)) out.push_back(*r);
  return out;
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
  destroy_for_user(sql, user_id);
}

void Sessions::destroy_for_user(db::Session& sql, long long user_id, const std::string& keep) {
  std::string kept = keep.empty() ? "" : sha256_hex(keep);
  sql << "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :k", soci::use(user_id), soci::use(kept);
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
  db::Scan s(sql, "SELECT user_id, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1", {hash});
  if (!s.next() || !s.null(2) || db::now_seconds() >= s.integer(1)) return std::nullopt;
  return s.integer(0);
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
