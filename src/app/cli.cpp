#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include "app/access_log.h"
#include "app/app.h"
#include "app/census_cli.h"
#include "app/demo.h"
#include "core/auth/crypto.h"
#include "core/db/migrate.h"
#include "core/http/server.h"
#include "core/text/lg_code.h"
#include "core/text/number.h"
#include "core/text/utf8.h"
#include "resources/public_index.h"

namespace tsunagu {

namespace {

const char* kDefaultDb = "sqlite://var/tsunagu.db";
// Who the audit log names for a change made on the command line.
const audit::Actor kCliActor{std::nullopt, "cli", "system_admin", "cli", "localhost"};

// "key = value" lines; '#' starts a comment.
std::map<std::string, std::string> read_config(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read config file " + path);
  for (std::string line; std::getline(in, line);) {
    line = text::trim(line.substr(0, line.find('#')));
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    out[text::trim(line.substr(0, eq))] = text::trim(line.substr(eq + 1));
  }
  return out;
}

std::string config_path(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--config") return argv[i + 1];
  const char* env = std::getenv("TSUNAGU_CONFIG");
  return env ? env : "";
}

std::string read_password() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Options {
  std::string db = kDefaultDb;
  std::string listen = "127.0.0.1:8080";
  bool trust_proxy = false, secure_cookies = false, no_public_cache = false;
  std::string login, role, prefecture, municipality, facility, name, token, out, logins_file;
  std::vector<std::string> departments;
  int expires_days = 90;
  bool off = false;
};

int serve(const Options& o) {
  http::ServerOptions so;
  if (!http::parse_listen(o.listen, so)) throw std::invalid_argument("--listen must be HOST:PORT, got " + o.listen);
  so.trust_proxy = o.trust_proxy;
  Settings settings{o.secure_cookies};
  if (!o.prefecture.empty()) settings.prefecture_code = o.prefecture;
  App app(o.db, settings);
  if (!app.services().master.prefecture(settings.prefecture_code))
    throw std::invalid_argument("--prefecture must be a 2-digit prefecture code, got " + settings.prefecture_code);
  // The public search answers from memory; a thread keeps it in step with edits made on other app servers.
  app.services().public_index.set_caching(!o.no_public_cache);
  app.services().public_index.keep_current(std::chrono::seconds(resources::PublicIndex::kRecheckSeconds));
  AccessLog log(std::cout);
  http::Server server(
      so, [&app](http::Request& r) { return app.pipeline().handle(r); }, [&log](const http::Exchange& x) { log.write(x); },
      [&app](const http::Request& r) { return app.pipeline().runs_inline(r); });
  std::cerr << "tsunagu " << TSUNAGU_VERSION << " listening on http://" << (so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host)
            << ":" << server.port() << "/" << std::endl;
  server.run();
  std::cerr << "tsunagu stopped" << std::endl;
  return 0;
}

int seed_demo_cmd(const Options& o) {
  App app(o.db, Settings{});
  // Facilities first: the demo facility user belongs to facility 1, and users.facility_id must name a facility.
  if (std::size_t facilities = seed_demo_resources(app.services()))
    std::cerr << facilities << " demo facilities added to the directory" << std::endl;
  std::string logins = seed_demo(app.services().users);
  std::size_t children = seed_demo_registry(app.services());
  if (children) std::cerr << children << " demo children added to the registry" << std::endl;
  std::string file = o.logins_file;
  if (file.empty() && app.services().db.kind() == db::Kind::sqlite)
    file = (std::filesystem::path(app.services().db.sqlite_path()).parent_path() / "demo-logins.txt").string();
  if (logins.empty()) {
    std::cout << "demo: the database already has users; nothing added.\n";
    return 0;
  }
  std::string text = "# tsunagu demo logins (login, password, role, municipality) — fictional people\n" + logins;
  if (!file.empty()) {
    std::ofstream(file) << text;
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  std::cout << text;
  return 0;
}

// The command-line option a field of auth::NewUser comes from, for messages.
const char* option_of(const std::string& field) {
  static const std::map<std::string, const char*> options{
      {"login", "LOGIN"},         {"display_name", "--name"},           {"password", "password (stdin)"},
      {"role", "--role"},         {"prefecture_code", "--prefecture"},  {"municipality_code", "--municipality"},
      {"departments", "--department"}, {"facility_id", "--facility"}};
  auto it = options.find(field);
  return it == options.end() ? field.c_str() : it->second;
}

int user_add(const Options& o) {
  auto role = auth::parse_role(o.role);
  if (!role) throw std::invalid_argument("unknown role " + o.role);
  App app(o.db, Settings{});
  auth::NewUser u;
  u.login = o.login;
  u.display_name = o.name.empty() ? o.login : o.name;
  u.role = *role;
  u.prefecture_code = o.prefecture;
  if (!o.municipality.empty()) {
    auto code = text::normalize_lg_code(o.municipality);
    if (!code) throw std::invalid_argument("市区町村コード「" + o.municipality + "」の検査数字が正しくありません。");
    u.municipality_code = *code;
  }
  u.departments = o.departments;
  if (!o.facility.empty()) {
    auto id = text::parse_id(o.facility);
    if (!id) throw std::invalid_argument("事業所ID「" + o.facility + "」は数字で指定してください。");
    u.facility_id = *id;
  }
  u.password = read_password();
  Services& s = app.services();
  long long id = 0;
  try {
    db::Session sql(s.db);
    db::Transaction tx(sql);
    id = s.users.create(sql, u);
    s.audit.append(sql, kCliActor, {"create", "user", std::to_string(id), o.login, auth::home_prefecture(u)});
    tx.commit();
  } catch (const auth::InvalidUser& e) {
    // Every problem, each with the option it comes from (e.g. a --facility that names no facility).
    std::string all;
    for (const auto& [field, key] : e.errors()) {
      std::string given = field == "facility_id" ? "「" + o.facility + "」" : "";
      all += std::string(all.empty() ? "" : "\n") + option_of(field) + given + ": " + auth::japanese_message(key);
    }
    throw std::invalid_argument(all);
  }
  std::cout << "created user " << o.login << " (" << o.role << ")\n";
  return 0;
}

int user_list(const Options& o) {
  App app(o.db, Settings{});
  for (const auth::UserRow& u : app.services().users.list()) {
    std::string deps;
    for (const std::string& d : u.departments) deps += (deps.empty() ? "" : ",") + d;
    std::cout << u.login << "\t" << u.role << "\t" << u.prefecture_code << "\t" << u.municipality_code << "\t" << deps
              << "\t" << (u.facility_id ? std::to_string(*u.facility_id) : "") << "\t"
              << (u.disabled ? "disabled" : "active") << "\t" << u.display_name << "\n";
  }
  return 0;
}

void cli_audit(App& app, const std::string& action, const std::string& login, const std::string& detail,
               const std::string& prefecture = "") {
  app.services().audit.append(kCliActor, {action, "user", login, detail, prefecture});
}

// Applies `change` to the user called `login`, ends their sessions when asked, and audits it, in one transaction.
void change_user(App& app, const std::string& login, bool end_sessions, const std::string& detail,
                 const std::function<void(db::Session&, long long)>& change) {
  Services& s = app.services();
  auto u = s.users.find(login);
  if (!u) throw std::invalid_argument("no such user " + login);
  db::Session sql(s.db);
  db::Transaction tx(sql);
  change(sql, u->id);
  if (end_sessions) s.sessions.destroy_for_user(sql, u->id);
  s.audit.append(sql, kCliActor, {"update", "user", std::to_string(u->id), login + ": " + detail, u->prefecture_code});
  tx.commit();
}

int user_passwd(const Options& o) {
  App app(o.db, Settings{});
  std::string password = read_password();
  if (!auth::password_long_enough(password)) throw std::invalid_argument(auth::japanese_message("users.error.password_short"));
  std::string hash = auth::hash_password(password);
  change_user(app, o.login, true, "password changed", [&](db::Session& sql, long long id) {
    app.services().users.set_password_hash(sql, id, hash, false);
  });
  std::cout << "password changed for " << o.login << "\n";
  return 0;
}

int user_disable(const Options& o, bool disabled) {
  App app(o.db, Settings{});
  change_user(app, o.login, disabled, disabled ? "disabled" : "enabled", [&](db::Session& sql, long long id) {
    app.services().users.set_disabled(sql, id, disabled);
  });
  std::cout << o.login << (disabled ? " disabled\n" : " enabled\n");
  return 0;
}

int token_create(const Options& o) {
  App app(o.db, Settings{});
  auto u = app.services().users.find(o.login);
  if (!u || u->disabled) throw std::invalid_argument("no active user " + o.login);
  std::string token = app.services().tokens.create(u->id, o.expires_days);
  cli_audit(app, "create", o.login, "api token", u->prefecture_code);
  std::cout << token << "\n";  // only the token: scripts capture it
  return 0;
}

int token_revoke(const Options& o) {
  App app(o.db, Settings{});
  if (!app.services().tokens.revoke(o.token)) throw std::invalid_argument("no such active token");
  cli_audit(app, "update", "", "api token revoked");
  std::cout << "revoked\n";
  return 0;
}

int role_totp(const Options& o) {
  auto role = auth::parse_role(o.role);
  if (!role) throw std::invalid_argument("unknown role " + o.role);
  App app(o.db, Settings{});
  Services& s = app.services();
  db::Session sql(s.db);
  db::Transaction tx(sql);
  s.users.set_role_requires_totp(sql, *role, !o.off);
  s.audit.append(sql, kCliActor, {"update", "role_settings", o.role, o.off ? "second factor optional" : "second factor required"});
  tx.commit();
  std::cout << o.role << (o.off ? ": second factor optional\n" : ": second factor required\n");
  return 0;
}

int backup(const Options& o) {
  auto db = db::Database::open(o.db, 1);
  if (db->kind() != db::Kind::sqlite)
    throw std::invalid_argument("backup copies SQLite databases; for PostgreSQL use pg_dump (docs/operations.md)");
  std::string out = o.out;
  if (out.empty()) out = db->sqlite_path() + "." + iso_now() + ".backup";
  std::string audit_out = db::audit_file_for(out);
  for (const std::string& f : {out, audit_out})
    if (std::filesystem::exists(f)) throw std::invalid_argument(f + " already exists");
  db::Session sql(*db);
  // Consistent copies while the server keeps running, the audit file after the registry's: every entry of a change
  // in the first copy is then in the second or still in the first's outbox.
  sql << "VACUUM main INTO :f", soci::use(out);
  sql << "VACUUM audit INTO :f", soci::use(audit_out);
  std::cout << out << "\n" << audit_out << "\n";
  return 0;
}

int audit_verify(const Options& o) {
  auto db = db::Database::open(o.db, 1);
  audit::AuditLog log(*db);
  audit::Verification v = log.verify();
  if (v.ok) {
    std::cout << "audit log intact: " << v.checked << " entries\n";
    return 0;
  }
  std::cout << "audit log BROKEN at entry " << v.first_broken_seq << ": " << v.reason << "\n";
  return 1;
}

}  // namespace

int run_cli(int argc, char** argv) {
  Options o;
  CLI::App cli{"tsunagu — 医療的ケア児支援センターの情報システム", "tsunagu"};
  cli.require_subcommand(1);
  cli.fallthrough();  // --config may follow the subcommand
  cli.set_version_flag("--version", std::string("tsunagu ") + TSUNAGU_VERSION);
  std::string config_file;
  cli.add_option("--config", config_file, "config file with key = value lines")->envname("TSUNAGU_CONFIG");
  std::map<std::string, std::string> config;
  if (std::string path = config_path(argc, argv); !path.empty()) {
    try {
      config = read_config(path);
    } catch (const std::exception& e) {
      std::cerr << "tsunagu: " << e.what() << "\n";
      return 2;
    }
  }
  auto from_config = [&](CLI::Option* opt, const std::string& key) {
    if (config.count(key)) opt->default_val(config[key]);
    return opt;
  };
  // One --db for every command (it may follow the subcommand): one option, so one environment lookup.
  from_config(cli.add_option("--db", o.db, "database URL: sqlite:///path or postgresql://…")->envname("TSUNAGU_DB"), "db");
  std::vector<std::function<int()>> actions;
  auto command = [&](CLI::App* sub, std::function<int()> action) {
    sub->callback([&actions, action] { actions.push_back(action); });
    return sub;
  };

  auto* serve_cmd = command(cli.add_subcommand("serve", "serve HTTP"), [&] { return serve(o); });
  from_config(serve_cmd->add_option("--listen", o.listen, "HOST:PORT")->envname("TSUNAGU_LISTEN"), "listen");
  serve_cmd->add_flag("--trust-proxy", o.trust_proxy, "behind a reverse proxy: take X-Forwarded-For/-Proto");
  serve_cmd->add_flag("--secure-cookies", o.secure_cookies, "mark cookies Secure (served over TLS)");
  serve_cmd->add_flag("--no-public-cache", o.no_public_cache,
                      "render every public search page anew (to measure it; the cache is on by default)");
  from_config(serve_cmd->add_option("--prefecture", o.prefecture, "2-digit code of the prefecture served (default 35)")
                  ->envname("TSUNAGU_PREFECTURE"), "prefecture");
  command(cli.add_subcommand("migrate", "apply database migrations"), [&] {
    auto db = db::Database::open(o.db, 1);
    auto applied = db::migrate(*db);
    master::seed_master_data(*db);
    db::Session sql(*db);
    std::cout << "schema version " << db::schema_version(sql) << " (" << applied.size() << " applied now)\n";
    return 0;
  });
  auto* demo_cmd = command(cli.add_subcommand("seed-demo", "add demo accounts to an empty database"), [&] { return seed_demo_cmd(o); });
  demo_cmd->add_option("--logins-file", o.logins_file, "where to write the demo logins");

  auto* user = cli.add_subcommand("user", "manage user accounts");
  user->require_subcommand(1);
  auto* add = command(user->add_subcommand("add", "add a user; the password is read from standard input"), [&] { return user_add(o); });
  add->add_option("login", o.login)->required();
  add->add_option("--role", o.role, "system_admin, prefecture_admin, center_staff, coordinator, municipal_staff, facility_staff")->required();
  add->add_option("--prefecture", o.prefecture, "2-digit prefecture code");
  add->add_option("--municipality", o.municipality, "6-digit municipality code");
  add->add_option("--department", o.departments, "maternal_child_health, disability_welfare, childcare, education, disaster");
  add->add_option("--facility", o.facility, "facility id");
  add->add_option("--name", o.name, "display name");
  auto* passwd = command(user->add_subcommand("passwd", "set a password read from standard input"), [&] { return user_passwd(o); });
  passwd->add_option("login", o.login)->required();
  auto* disable = command(user->add_subcommand("disable", "disable a user and end their sessions"), [&] { return user_disable(o, true); });
  disable->add_option("login", o.login)->required();
  auto* enable = command(user->add_subcommand("enable", "enable a disabled user"), [&] { return user_disable(o, false); });
  enable->add_option("login", o.login)->required();
  command(user->add_subcommand("list", "list users"), [&] { return user_list(o); });

  auto* token = cli.add_subcommand("token", "API bearer tokens");
  token->require_subcommand(1);
  auto* create = command(token->add_subcommand("create", "create a token; prints only the token"), [&] { return token_create(o); });
  create->add_option("login", o.login)->required();
  create->add_option("--expires-days", o.expires_days, "days until it expires (default 90)");
  auto* revoke = command(token->add_subcommand("revoke", "revoke a token (the token or its id)"), [&] { return token_revoke(o); });
  revoke->add_option("token", o.token)->required();

  auto* role = cli.add_subcommand("role", "settings per role");
  role->require_subcommand(1);
  auto* totp = command(role->add_subcommand("require-totp", "require a second factor (TOTP) for a role"), [&] { return role_totp(o); });
  totp->add_option("role", o.role)->required();
  totp->add_flag("--off", o.off, "make it optional again");

  auto* backup_cmd = command(cli.add_subcommand("backup", "consistent online copy of an SQLite database and its audit file"), [&] { return backup(o); });
  backup_cmd->add_option("--out", o.out, "where to write the copy (the audit file's copy goes beside it: x.db, x.audit.db)");
  add_census_cli(cli, o.db, o.prefecture, command);
  auto* audit_cmd = cli.add_subcommand("audit", "audit log");
  audit_cmd->require_subcommand(1);
  command(audit_cmd->add_subcommand("verify", "check the hash chain; exit 1 at the first broken entry"), [&] { return audit_verify(o); });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  try {
    int rc = 0;
    for (auto& a : actions) rc = a();
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "tsunagu: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tsunagu
