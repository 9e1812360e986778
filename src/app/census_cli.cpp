#include "app/census_cli.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/app.h"
#include "census/report.h"
#include "census/service.h"
#include "core/io/csv.h"

namespace tsunagu {
namespace {

using namespace census;

struct CensusCliOptions {
  int round = 0;
  std::string source, kind, municipality, file, out;
  bool skip_invalid = false, dry_run = false;
};

audit::Actor cli_actor() { return {std::nullopt, "cli", "system_admin", "cli", "localhost"}; }

Settings settings_for(const std::string& prefecture) {
  Settings s;
  if (!prefecture.empty()) s.prefecture_code = prefecture;
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("ファイル " + path + " を開けません。");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void print_issues(const std::string& file, const Sheet& sheet) {
  for (const Issue& i : sheet.issues) {
    std::cerr << file << ":" << i.line << ": " << (i.error ? "" : "注意: ");
    if (!i.column.empty()) std::cerr << "列「" << i.column << "」: ";
    std::cerr << i.message << "\n";
  }
}

int import_cmd(const std::string& db_url, const std::string& prefecture, const CensusCliOptions& o) {
  App app(db_url, settings_for(prefecture), 2);
  ImportRequest req;
  req.round = o.round;
  req.source = o.source;
  req.kind = o.kind;
  req.municipality = o.municipality;
  req.file_name = std::filesystem::path(o.file).filename().string();
  req.bytes = read_file(o.file);
  req.skip_invalid = o.skip_invalid;
  req.dry_run = o.dry_run;
  ImportResult r = app.services().census.import(req, cli_actor());
  print_issues(o.file, r.sheet);
  const Sheet& s = r.sheet;
  std::cout << o.file << ": " << s.format << ", " << s.data_rows << "行（正しい行 " << s.rows.size() << "、誤りのある行 "
            << s.invalid_rows << "）\n";
  if (!r.refusal.empty()) {
    std::cerr << o.file << ": " << r.refusal << "\n";
    return 1;
  }
  if (o.dry_run) {
    std::cout << "確認のみ: 何も保存していません。\n";
    return 0;
  }
  std::cout << o.round << "年度 " << o.source << ": " << s.rows.size() << "行を取り込みました。\n";
  return 0;
}

int import_registry_cmd(const std::string& db_url, const std::string& prefecture, const CensusCliOptions& o) {
  App app(db_url, settings_for(prefecture), 2);
  ImportResult r = app.services().census.import_registry(o.round, cli_actor());
  if (!r.refusal.empty()) {
    std::cerr << r.refusal << "\n";
    return 1;
  }
  std::cout << o.round << "年度 registry: 台帳から" << r.sheet.rows.size() << "人を取り込みました。\n";
  return 0;
}

int reconcile_cmd(const std::string& db_url, const std::string& prefecture, const CensusCliOptions& o) {
  App app(db_url, settings_for(prefecture), 2);
  ReconcileSummary s = app.services().census.reconcile(o.round, cli_actor());
  std::cout << o.round << "年度: " << s.rows << "行 → " << s.persons << "人（リンク " << s.linked_pairs << "組、確認待ち "
            << s.review_pairs + s.held_pairs << "組、比較 " << s.candidate_pairs << "組）\n";
  std::cerr << "load " << s.load_seconds << " s, link " << s.link_seconds << " s, save " << s.save_seconds << " s\n";
  return 0;
}

int links_cmd(const std::string& db_url, const std::string& prefecture, const CensusCliOptions& o) {
  App app(db_url, settings_for(prefecture), 2);
  auto links = app.services().census.links(o.round, cli_actor());
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::binary);
    if (!file) throw std::invalid_argument("ファイル " + o.out + " に書けません。");
  }
  std::ostream& out = o.out.empty() ? std::cout : file;
  out << io::csv_line({"source", "record_id", "person_key"});
  for (const store::PersonLink& l : links) out << io::csv_line({l.source, l.record_id, l.person_key});
  return out ? 0 : 1;
}

int report_cmd(const std::string& db_url, const std::string& prefecture, const CensusCliOptions& o) {
  App app(db_url, settings_for(prefecture), 2);
  std::string bytes = round_report_xlsx(app.services().census, o.round, cli_actor());
  std::ofstream(o.out, std::ios::binary) << bytes;
  std::cout << o.out << "\n";
  return 0;
}

}  // namespace

void add_census_cli(CLI::App& cli, const std::string& db_url, std::string& prefecture,
             const std::function<CLI::App*(CLI::App*, std::function<int()>)>& command) {
  auto o = std::make_shared<CensusCliOptions>();
  auto* census = cli.add_subcommand("census", "実数調査: import sheets, reconcile, links, report");
  census->require_subcommand(1);
  auto round = [&](CLI::App* sub) {
    sub->add_option("--round", o->round, "survey year (西暦), e.g. 2026")->required();
  };
  const std::string* db = &db_url;  // read when the command runs, after parsing
  const std::string* pref = &prefecture;
  census->add_option("--prefecture", prefecture, "2-digit prefecture code for a new round (default 35)")
      ->envname("TSUNAGU_PREFECTURE");

  auto* imp = command(census->add_subcommand("import", "import one source's common sheet (CSV or .xlsx)"),
                      [o, db, pref] { return import_cmd(*db, *pref, *o); });
  round(imp);
  imp->add_option("--source", o->source, "the source's name, e.g. mun-352012 or education")->required();
  imp->add_option("--kind", o->kind, "municipality, education, registry or other")->required();
  imp->add_option("--municipality", o->municipality, "the reporting municipality (5 or 6 digits)");
  imp->add_flag("--skip-invalid", o->skip_invalid, "import the valid rows when some rows are invalid");
  imp->add_flag("--dry-run", o->dry_run, "check the file only; store nothing");
  imp->add_option("file", o->file, "CSV (UTF-8 or Shift_JIS) or .xlsx")->required();

  auto* reg = command(census->add_subcommand("import-registry", "the registry's active children as the source 'registry'"),
                      [o, db, pref] { return import_registry_cmd(*db, *pref, *o); });
  round(reg);

  auto* rec = command(census->add_subcommand("reconcile", "link the rows of every source into children"),
                      [o, db, pref] { return reconcile_cmd(*db, *pref, *o); });
  round(rec);
  auto* links = command(census->add_subcommand("links", "CSV of source,record_id,person_key for every row"),
                        [o, db, pref] { return links_cmd(*db, *pref, *o); });
  round(links);
  links->add_option("--out", o->out, "file to write (default: standard output)");
  auto* report = command(census->add_subcommand("report", "statistics of a round as .xlsx"),
                         [o, db, pref] { return report_cmd(*db, *pref, *o); });
  round(report);
  report->add_option("--out", o->out, "the .xlsx to write")->required();
}

}  // namespace tsunagu
