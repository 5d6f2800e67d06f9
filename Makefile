# Shortcuts to the project's scripts. The two commands a newcomer needs are `make run` and `make test`
# (the same as scripts/run.sh and scripts/test.sh).
.PHONY: run test setup web size lighthouse api-check bench bench-api crash-test

run:
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

web:
	scripts/build-web.sh

size: web
	scripts/size.sh

# Lighthouse (mobile) on every route of the release build: a table of scores and timings
lighthouse: web
	scripts/lighthouse.sh

# schemathesis (PyPI) against /api/openapi.json of the real server
api-check:
	scripts/api-check.sh

# criterion benchmarks of settle and resolve
bench:
	cargo bench --bench settle

# wrk on loopback: durable filings/s and lookups/s with p50/p99
bench-api:
	scripts/bench-api.sh

# kill -9 during a filing load, restart, compare every 201 with the stored rows
crash-test:
	scripts/crash-test.sh
