// bench_resources_seed: fills a database with synthetic facilities for bench/resources.sh.
//
//   bench_resources_seed --db URL [--count 100000] [--prefecture CODE] [--seed N] [--batch 5000] [--analyze]
//
// Migrates the database and loads the master data, then inserts --count fictional facilities with their
// organisations and services (resources/synthetic.h; --prefecture "" = spread over the country, the default)
// in batches of --batch facilities, one transaction each. Every facility is checked with Directory::validate
// for its prefecture first, gets its search key from Directory::search_key and one version (the JSON snapshot
// Directory::create would save), and keeps its generated confirmation date. The rows go in with db::BulkInsert
// (one prepared INSERT per table on SQLite, COPY on PostgreSQL) with ids assigned here, continuing after the
// largest ids already stored; the audit log gets one entry for the whole load. On PostgreSQL the identity
// sequences are moved past the inserted ids afterwards.
//
// Prints one line on standard output for bench/resources.sh: the code of the prefecture with the most active
// facilities, its municipality with the most active facilities, and that municipality's point (lat lng) from
// the master data, separated by spaces. Progress and a summary go to standard error.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <map>

#include "core/audit/audit_log.h"
#include "core/db/bulk.h"
#include "core/db/migrate.h"
#include "core/db/scan.h"
#include "master/master_data.h"
#include "resources/service.h"
#include "resources/synthetic.h"

using namespace tsunagu;

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7f", v);
  return buf;
}

std::string text_of(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); }

long long max_id(db::Session& sql, const std::string& table) {
  db::Scan s(sql, "SELECT COALESCE(MAX(id), 0) FROM " + table);
  return s.next() ? s.integer(0) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, prefecture;
  std::size_t count = 100000, batch = 5000;
  std::uint64_t seed = 20261121;
  CLI::App cli{"Fills a tsunagu database with synthetic facilities for benchmarks", "bench_resources_seed"};
  cli.add_option("--db", url, "database URL: sqlite:///path or postgresql://…")->required();
  cli.add_option("--count", count, "facilities to insert (default 100000)");
  cli.add_option("--prefecture", prefecture, "2-digit prefecture code; empty: the whole country (default)");
  cli.add_option("--seed", seed, "generator seed");
  cli.add_option("--batch", batch, "facilities per transaction (default 5000)")->check(CLI::PositiveNumber);
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
    resources::Directory directory(*db, audit, md);

    long long next_org = 0, next_facility = 0, next_service = 0;
    {
      db::Session sql(*db);
      next_org = max_id(sql, "organizations") + 1;
      next_facility = max_id(sql, "facilities") + 1;
      next_service = max_id(sql, "facility_services") + 1;
    }
    resources::FacilityGenerator generator(md, prefecture, seed, db::now_seconds());
    std::vector<long long> organization_ids;  // generator index → id, as organisations appear
    std::map<std::string, std::size_t> active_per_prefecture, active_per_municipality;
    std::size_t services = 0, care_rows = 0, closed = 0, organizations = 0;
    double generate_s = 0, write_s = 0;

    for (std::size_t done = 0; done < count;) {
      std::size_t size = std::min(batch, count - done);
      auto t0 = std::chrono::steady_clock::now();
      std::vector<resources::Facility> facilities;
      std::vector<std::string> keys, snapshots;
      std::size_t first_new_org = organization_ids.size();
      facilities.reserve(size);
      for (std::size_t i = 0; i < size; ++i) {
        resources::SyntheticFacility s = generator.next();
        resources::Facility& f = s.facility;
        if (s.organization) {
          while (organization_ids.size() <= *s.organization) organization_ids.push_back(next_org++);
          f.organization_id = organization_ids[*s.organization];
        }
        resources::FieldErrors e = directory.validate(f);
        if (!e.empty())
          throw std::runtime_error("synthetic facility " + std::to_string(done + i) + " (" + f.name +
                                   ") fails validation at " + e.begin()->first + ": " + e.begin()->second);
        f.id = next_facility++;
        f.version = 1;
        for (resources::Service& v : f.services) v.id = next_service++;
        keys.push_back(directory.search_key(f));
        snapshots.push_back(resources::facility_json_snapshot(f));
        if (f.status == "active") {
          ++active_per_prefecture[f.prefecture_code];
          ++active_per_municipality[f.municipality_code];
        } else {
          ++closed;
        }
        facilities.push_back(std::move(f));
      }
      auto t1 = std::chrono::steady_clock::now();

      db::Session sql(*db);
      db::Transaction tx(sql);
      {
        const auto& orgs = generator.organizations();
        db::BulkInsert b(sql, "organizations",
                         {"id", "prefecture_code", "name", "name_kana", "corporate_number", "phone", "website",
                          "created_at", "updated_at"});
        std::string now = std::to_string(db::now_seconds());
        for (std::size_t i = first_new_org; i < organization_ids.size(); ++i) {
          const resources::Organization& o = orgs[i];
          std::string id = std::to_string(organization_ids[i]);
          b.add({id, o.prefecture_code, o.name, o.name_kana, o.corporate_number, o.phone, o.website, now, now});
        }
        b.finish();
        organizations += b.rows();
      }
      {
        db::BulkInsert b(sql, "facilities",
                         {"id", "version", "organization_id", "prefecture_code", "municipality_code", "name",
                          "name_kana", "postal_code", "address", "lat", "lng", "phone", "website", "hours",
                          "description", "status", "search_key", "confirmed_at", "confirmed_by", "created_at",
                          "updated_at"});
        for (std::size_t i = 0; i < facilities.size(); ++i) {
          const resources::Facility& f = facilities[i];
          std::string id = std::to_string(f.id), org = f.organization_id ? std::to_string(*f.organization_id) : "",
                      lat = f.lat ? number(*f.lat) : "", lng = f.lng ? number(*f.lng) : "",
                      confirmed = std::to_string(f.confirmed_at.value_or(f.updated_at)),
                      created = std::to_string(f.created_at), updated = std::to_string(f.updated_at);
          auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string_view>() : std::optional<std::string_view>(s); };
          b.add({id, "1", opt(org), f.prefecture_code, f.municipality_code, f.name, f.name_kana, f.postal_code,
                 f.address, opt(lat), opt(lng), f.phone, f.website, f.hours, f.description, f.status, keys[i],
                 confirmed, f.confirmed_by, created, updated});
        }
        b.finish();
      }
      {
        db::BulkInsert b(sql, "facility_services",
                         {"id", "facility_id", "position", "service_type", "age_min", "age_max", "capacity",
                          "vacancy", "features", "notes"});
        for (const resources::Facility& f : facilities) {
          std::string fid = std::to_string(f.id);
          int position = 0;
          for (const resources::Service& v : f.services) {
            std::string id = std::to_string(v.id), pos = std::to_string(++position), lo = text_of(v.age_min),
                        hi = text_of(v.age_max), cap = text_of(v.capacity), vac = text_of(v.vacancy), features;
            for (const std::string& x : v.features) features += (features.empty() ? "" : " ") + x;
            auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string_view>() : std::optional<std::string_view>(s); };
            b.add({id, fid, pos, v.service_type, opt(lo), opt(hi), opt(cap), opt(vac), features, v.notes});
          }
        }
        b.finish();
        services += b.rows();
      }
      {
        db::BulkInsert b(sql, "service_care_items", {"service_id", "care_item", "conditions"});
        for (const resources::Facility& f : facilities)
          for (const resources::Service& v : f.services) {
            std::string id = std::to_string(v.id);
            for (const resources::AcceptedCare& c : v.care_items) b.add({id, c.care_item, c.conditions});
          }
        b.finish();
        care_rows += b.rows();
      }
      {
        db::BulkInsert b(sql, "facility_versions", {"facility_id", "version", "snapshot", "changed_by", "changed_at"});
        for (std::size_t i = 0; i < facilities.size(); ++i) {
          std::string id = std::to_string(facilities[i].id), at = std::to_string(facilities[i].created_at);
          b.add({id, "1", snapshots[i], "bench-seed", at});
        }
        b.finish();
      }
      tx.commit();
      auto t2 = std::chrono::steady_clock::now();
      generate_s += std::chrono::duration<double>(t1 - t0).count();
      write_s += std::chrono::duration<double>(t2 - t1).count();
      done += size;
      std::cerr << "  " << done << " facilities (" << seconds() << " s)\n";
    }

    db::Session sql(*db);
    if (db->kind() == db::Kind::postgresql)
      for (const char* table : {"organizations", "facilities", "facility_services"})
        db::Scan(sql, std::string("SELECT setval(pg_get_serial_sequence('") + table + "', 'id'), (SELECT MAX(id) FROM " +
                          table + "))")
            .finish();
    audit::Actor actor{std::nullopt, "bench-seed", "system", "bench-seed", "localhost"};
    {
      db::Transaction tx(sql);
      audit.append(sql, actor,
                   {"create", "facility", "", "bench seed: " + std::to_string(count) + " synthetic facilities"});
      tx.commit();
    }
    if (analyze) sql << "ANALYZE";

    std::string top, town;
    for (const auto& [code, n] : active_per_prefecture)
      if (top.empty() || n > active_per_prefecture[top]) top = code;
    for (const auto& [code, n] : active_per_municipality)
      if (code.starts_with(top) && (town.empty() || n > active_per_municipality[town])) town = code;
    const master::Municipality* m = md.municipality(town);
    if (!m) throw std::runtime_error("no active facility was generated");
    std::cerr << "inserted " << count << " facilities (" << closed << " closed), " << organizations
              << " organisations, " << services << " services, " << care_rows << " accepted care items in "
              << seconds() << " s (generate and validate " << generate_s << " s, write " << write_s << " s); "
              << active_per_prefecture.size() << " prefecture(s), the most active facilities in " << top << ": "
              << active_per_prefecture[top] << " (" << active_per_municipality[town] << " in " << m->name << ")\n";
    std::cout << top << " " << town << " " << number(m->lat) << " " << number(m->lng) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_resources_seed: " << e.what() << "\n";
    return 1;
  }
}
