#!/usr/bin/env bash
# Do the two 404s of a lookup take the same time? Starts the release server on a throwaway database (attempt limits
# raised so that every try is looked at), files one filing, then over one kept-alive connection sends, interleaved,
# ROUNDS lookups of an unknown number and ROUNDS of the filed number with someone else's ID number, and prints the
# median and quartiles of each in microseconds as the client sees them. Run after `cargo build --release`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
ROUNDS=${ROUNDS:-20000}
work=$(mktemp -d)
start_throwaway_server "$work" YIDI_ATTEMPTS_PER_NUMBER=100000000 YIDI_ATTEMPTS_PER_ADDRESS=100000000
python3 - "$BASE" "$ROUNDS" <<'PY'
import http.client, json, statistics, sys, time, urllib.parse
base, rounds = sys.argv[1], int(sys.argv[2])
url = urllib.parse.urlparse(base)
c = http.client.HTTPConnection(url.hostname, url.port)
filing = {
    "applicant": {"for": "myself"},
    "person": {"name": "王小明", "resident_id": "11010519491231002X", "phone": "13912345678",
               "insured_city": "120000", "scheme": "employee_retired"},
    "category": "resettled_retiree",
    "destination": {"province": "130000", "city": "131000"},
    "start_date": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600)),
    "proof": {"commitment_agreed": True},
}
c.request("POST", "/api/filings", json.dumps(filing), {"content-type": "application/json", "idempotency-key": "timing"})
r = c.getresponse(); number = json.loads(r.read())["filing"]["number"]
assert r.status == 201, r.status
cases = {
    "unknown number": {"number": "YD000000000001", "resident_id": "11010519491231002X"},
    "someone else's number": {"number": number, "resident_id": "110105194912310038"},
}
times = {name: [] for name in cases}
bodies = {name: set() for name in cases}
for i in range(rounds):
    for name, body in (cases.items() if i % 2 else reversed(list(cases.items()))):
        payload = json.dumps(body)
        t = time.perf_counter_ns()
        c.request("POST", "/api/filings/lookup", payload, {"content-type": "application/json"})
        r = c.getresponse(); data = r.read()
        times[name].append((time.perf_counter_ns() - t) / 1000)
        assert r.status == 404, (name, r.status)
        bodies[name].add(data)
for name, ts in times.items():
    q = statistics.quantiles(ts, n=4)
    print(f"{name:>22}: median {statistics.median(ts):7.1f} µs, quartiles {q[0]:.1f}–{q[2]:.1f} µs, n={len(ts)}")
a, b = (statistics.median(ts) for ts in times.values())
print(f"difference of medians: {b - a:+.1f} µs; bodies identical: {bodies[list(cases)[0]] == bodies[list(cases)[1]]}")
PY
