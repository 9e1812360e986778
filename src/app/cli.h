// The `tsunagu` command line: serve, migrate, seed-demo, user …, token …, role …, backup, audit verify.
// A stable interface that administrators' scripts call. Every command takes --db; a flag beats the
// environment (TSUNAGU_*), which beats the optional config file (--config / TSUNAGU_CONFIG, "key = value").
#pragma once

namespace tsunagu {

int run_cli(int argc, char** argv);

}  // namespace tsunagu
