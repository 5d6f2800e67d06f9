# Shortcuts to the project's scripts. The two commands a newcomer needs are `make run` and `make test`
# (the same as scripts/run.sh and scripts/test.sh).
.PHONY: run test setup web size lighthouse long-tasks api-check bench bench-api crash-test fuzz hostile

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

# The long tasks of a cold load per route, and V8's main-thread wasm compiling in them
long-tasks: web
	scripts/long-tasks.sh

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

# cargo-fuzz on every parser of outside input, FUZZ_SECONDS each (default 60): a table of executions and findings
fuzz:
	scripts/fuzz.sh

# over a thousand malformed, oversized, injected and replayed requests against the real binary (also in `make test`)
hostile:
	cargo test --test hostile_input -- --nocapture
