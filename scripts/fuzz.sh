#!/usr/bin/env bash
# Fuzzes every parser of outside input with cargo-fuzz (libFuzzer), each target for a bounded time, and prints a
# table: target, seconds, executions, execs/s, edges covered, corpus size, findings.
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets, space-separated (default: all of fuzz/Cargo.toml)
#   FUZZ_TOOLCHAIN stable, to use the stable path even where nightly is installed
#
# Uses the nightly toolchain with AddressSanitizer where rustup has one. Otherwise stable with no sanitizer, which
# needs no RUSTC_BOOTSTRAP (cargo-fuzz passes only stable flags then; measured: it builds and runs, about 9 times
# the executions a second): panics and failed assertions are still found, memory errors in the bundled C would not be.
# The corpus grows in fuzz/corpus/<target> between runs; a finding is kept in fuzz/artifacts/<target>/ and the
# script exits non-zero. Reproduce one with `cargo +nightly fuzz run <target> <file>`.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(awk -F'"' '/^name = / && $2 != "yidi-fuzz" {print $2}' fuzz/Cargo.toml | tr '\n' ' ')}
say() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*" >&2; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 2 minutes)"
  cargo install cargo-fuzz --locked --quiet || exit 1
fi
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=address
else
  say "no nightly toolchain: stable, no sanitizer"
  fuzz=(cargo fuzz)
  sanitizer=none
fi

# Seeds from the repository's real inputs, made afresh so they follow the data.
generated=fuzz/target/seeds
rm -rf "$generated"
mkdir -p "$generated/case_form" "$generated/policy_data"
cp tests/fixtures/examples.json "$generated/case_form/examples.json"
cp public/data/policy.json "$generated/policy_data/policy.json"
if command -v jq >/dev/null; then
  count=$(jq '.examples | length' tests/fixtures/examples.json)
  for ((i = 0; i < count; i++)); do
    jq -c ".examples[$i]" tests/fixtures/examples.json > "$generated/case_form/example-$i.json"
  done
  # A small policy file that still reads: one insured place and two treatment places.
  jq -c '.insured_places |= .[:1] | .treatment_places |= .[:2]' public/data/policy.json \
    > "$generated/policy_data/one-place.json"
fi

say "building the targets ($sanitizer sanitizer)"
"${fuzz[@]}" build --sanitizer "$sanitizer" >&2 || exit 1

rows=()
total_findings=0
for target in $targets; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  dict=fuzz/target/$target.dict
  cat fuzz/dicts/json.dict "fuzz/dicts/$target.dict" > "$dict" 2>/dev/null || cp fuzz/dicts/json.dict "$dict"
  seeds=()
  for dir in "fuzz/seeds/$target" "$generated/$target"; do
    [ -d "$dir" ] && seeds+=("$dir")
  done
  before=$(find "$artifacts" -type f | wc -l)
  log=fuzz/target/$target.log
  say "$target: ${seconds}s"
  started=$(date +%s)
  "${fuzz[@]}" run --sanitizer "$sanitizer" "$target" "$corpus" "${seeds[@]}" -- \
    -max_total_time="$seconds" -dict="$dict" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -max_len=262144 > "$log" 2>&1
  status=$?
  elapsed=$(($(date +%s) - started))
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  per_second=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  [ -n "$per_second" ] || per_second=$((${execs:-0} / (elapsed > 0 ? elapsed : 1)))
  edges=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  corpus_size=$(find "$corpus" -type f | wc -l)
  findings=$(($(find "$artifacts" -type f | wc -l) - before))
  if ((status != 0 && findings == 0)); then
    findings=1
    say "$target exited with $status and no artifact: see $log"
  fi
  total_findings=$((total_findings + findings))
  rows+=("$(printf '| %-15s | %7s | %12s | %8s | %5s | %11s | %8s |' "$target" "$elapsed" "${execs:-0}" "${per_second:-0}" "${edges:-0}" "$corpus_size" "$findings")")
  if ((findings > 0)); then
    say "$target found something: $(find "$artifacts" -type f -newer "$dict" | head -3 | tr '\n' ' ')"
    grep -m1 -A3 -E "panicked|ERROR: AddressSanitizer|ERROR: libFuzzer" "$log" >&2
  fi
done

printf '| %-15s | %7s | %12s | %8s | %5s | %11s | %8s |\n' target seconds executions execs/s edges "corpus size" findings
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ----------------- --------: -------------: ---------: ------: ------------: ---------:
printf '%s\n' "${rows[@]}"
((total_findings == 0))
