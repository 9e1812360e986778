// bench_registry_seed: fills a database with synthetic children for bench/registry.sh.
//
//   bench_registry_seed --db URL [--count 20000] [--prefecture CODE] [--seed N] [--login bench]
//                       [--staff-prefecture CODE] [--analyze]
//
// Migrates the database and loads the master data, inserts --count fictional children (registry/synthetic.h;
// --prefecture "" = spread over the country, the default) in one transaction through the registry's store,
// with the derived columns from Registry::derive and one version each, exactly as Registry::create stores them
// (the audit log gets one entry for the whole load, not one per child). Then creates (or reuses) a
// center_staff user for --staff-prefecture (default: --prefecture, or for a national load the prefecture with
// the most children) and prints an API bearer token for it, alone on standard output. Progress goes to
// standard error. Every record is checked with normalise_and_check before it is stored.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <map>

#include "core/audit/audit_log.h"
#include "core/auth/accounts.h"
#include "core/auth/crypto.h"
#include "core/db/migrate.h"
#include "master/master_data.h"
#include "registry/service.h"
#include "registry/synthetic.h"

using namespace tsunagu;

int main(int argc, char** argv) {
  std::string url, prefecture, staff_prefecture, login = "bench";
  std::size_t count = 20000;
  std::uint64_t seed = 20261121;
  CLI::App cli{"Fills a tsunagu database with synthetic children for benchmarks", "bench_registry_seed"};
  cli.add_option("--db", url, "database URL: sqlite:///path or postgresql://…")->required();
  cli.add_option("--count", count, "children to insert (default 20000)");
  cli.add_option("--prefecture", prefecture, "2-digit prefecture code; empty: the whole country (default)");
  cli.add_option("--seed", seed, "generator seed");
  cli.add_option("--login", login, "the center_staff user to create or reuse (default bench)");
  cli.add_option("--staff-prefecture", staff_prefecture, "that user's prefecture (default: see above)");
  bool analyze = false;
  cli.add_flag("--analyze", analyze, "run ANALYZE after the load (the server never does; off by default)");
  CLI11_PARSE(cli, argc, argv);

  try {
    auto started = std::chrono::steady_clock::now();
    auto seconds = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto db = db::Database::open(url, 2);
    db::migrate(*db);
    master::seed_master_data(*db);
    master::MasterData md;
    md.load(*db);
    audit::AuditLog audit(*db);
    auth::Users users(*db);
    auth::ApiTokens tokens(*db);
    registry::Registry reg(*db, audit, md);

    const std::string today = registry::today_in_japan();
    auto children = registry::synthetic_children(count, md, prefecture, seed, today);
    std::map<std::string, std::size_t> per_prefecture;
    for (std::size_t i = 0; i < children.size(); ++i) {
      registry::Child& c = children[i].child;
      registry::ValidationContext ctx{md, today, c.prefecture_code, [](long long) { return false; }};
      registry::FieldErrors e = registry::normalise_and_check(c, ctx);
      if (!e.empty())
        throw std::runtime_error("synthetic child " + std::to_string(i) + " fails validation at " + e.begin()->first +
                                 ": " + e.begin()->second);
      ++per_prefecture[c.prefecture_code];
    }
    std::cerr << "generated " << children.size() << " children in " << per_prefecture.size() << " prefecture(s) ("
              << seconds() << " s)\n";

    if (staff_prefecture.empty()) staff_prefecture = prefecture;
    if (staff_prefecture.empty())
      for (const auto& [code, n] : per_prefecture)
        if (staff_prefecture.empty() || n > per_prefecture[staff_prefecture]) staff_prefecture = code;
    long long user_id = 0;
    if (auto u = users.find(login)) {
      if (u->role != "center_staff" || u->prefecture_code != staff_prefecture || u->disabled)
        throw std::runtime_error("user " + login + " exists but is not an active center_staff user of " +
                                 staff_prefecture);
      user_id = u->id;
    } else {
      auth::NewUser nu;
      nu.login = login;
      nu.display_name = "ベンチマーク用（架空）";
      nu.password = auth::random_token(18);
      nu.role = auth::Role::center_staff;
      nu.prefecture_code = staff_prefecture;
      user_id = users.create(nu);
    }

    audit::Actor actor{user_id, login, "center_staff", "bench-seed", "localhost"};
    {
      db::Session sql(*db);
      db::Transaction tx(sql);
      registry::ChildStore& store = reg.store();
      const registry::VersionInfo version{user_id, login, "ベンチマーク用の架空データ"};
      for (const registry::SyntheticChild& s : children) {
        long long id = store.create(sql, s.child, reg.derive(s.child), version);
        for (const registry::Consent& k : s.consents) {
          long long consent_id = store.add_consent(sql, id, k, user_id);
          if (!k.active()) store.withdraw_consent(sql, id, consent_id, k.withdrawn_on, user_id);
        }
      }
      audit.append(sql, actor,
                   {"create", "children", "", "bench seed: " + std::to_string(children.size()) + " synthetic children"});
      tx.commit();
    }
    if (analyze) {
      db::Session sql(*db);
      sql << "ANALYZE";  // statistics for the planner; the server itself never runs ANALYZE
    }
    std::cerr << "inserted " << children.size() << " children (" << seconds() << " s); " << login << " (center_staff, "
              << staff_prefecture << ") sees " << per_prefecture[staff_prefecture] << "\n";
    std::cout << tokens.create(user_id, 7) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_registry_seed: " << e.what() << "\n";
    return 1;
  }
}
