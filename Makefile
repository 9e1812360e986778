# The two commands (see README.md):
#   make run    set up this Debian machine, build, and serve with demo data on SQLite (http://127.0.0.1:8080)
#   make test   set up, build, and run every test: unit, HTTP on SQLite and PostgreSQL, browser
.PHONY: run test build setup clean
run:
	scripts/run.sh
test:
	scripts/test.sh
build:
	scripts/build.sh
setup:
	scripts/setup.sh test
clean:
	rm -rf build
