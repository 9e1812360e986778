#!/usr/bin/env bash
# The second README command: install what is missing (PostgreSQL 15 and Chromium included), build, and run
# every test — unit and storage tests and HTTP integration tests on SQLite and on a PostgreSQL server started
# here on 127.0.0.1 in a temporary directory (stopped afterwards), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
scripts/build.sh

read -r PG_DIR PG_PORT < <(scripts/pg-test-server.sh start)
trap 'scripts/pg-test-server.sh stop "$PG_DIR"' EXIT
export TSUNAGU_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
export TSUNAGU_REQUIRE_PG=1
export TSUNAGU_REQUIRE_FHIR_VALIDATOR=1
export TSUNAGU_REQUIRE_HSDS_VALIDATOR=1
echo "PostgreSQL for tests on 127.0.0.1:$PG_PORT"

(cd build && ctest --output-on-failure)
TSUNAGU_BINARY=build/tsunagu node --test tests/browser/
