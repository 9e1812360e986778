// `tsunagu census …` (the census service, census/service.h): the census commands, a stable interface that scripts call.
//   census import    --round YEAR --source NAME --kind municipality|education|registry|other
//                    [--municipality CODE] [--skip-invalid] [--dry-run] FILE
//   census import-registry --round YEAR          the registry's active children as the source "registry"
//   census reconcile --round YEAR
//   census links     --round YEAR [--out FILE]     CSV: source,record_id,person_key
//   census report    --round YEAR --out FILE.xlsx
// Problems in a file go to standard error as "FILE:ROW: 列「…」: reason" lines (Japanese). Exit status: 0 done,
// 1 refused (nothing stored) or failed.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace tsunagu {

// Adds the `census` subcommand to `cli`. `db_url` is read when a command runs; `prefecture` likewise (the
// installation's prefecture, for new rounds). `command` registers an action to run after parsing.
void add_census_cli(CLI::App& cli, const std::string& db_url, std::string& prefecture,
             const std::function<CLI::App*(CLI::App*, std::function<int()>)>& command);

}  // namespace tsunagu
