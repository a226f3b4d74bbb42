#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (build-fuzz) and
# runs each for a bounded time on its committed seed corpus. Exit 1 when a
# harness finds a crash, a sanitizer report or a broken property; the input
# is kept in build-fuzz/artifacts/. `scripts/dev.sh fuzz` installs clang
# first and calls this; CI runs it after the sanitizer suite.
#
#   FUZZ_SECONDS=N   seconds per harness (default 60)
#   scripts/fuzz.sh [HARNESS...]   stripe_event, webhook_signature (default both)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
CLANGXX=${FUZZ_CXX:-clang++-16}
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(stripe_event webhook_signature)

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
t0=$EPOCHSECONDS
cmake -S tests/fuzz -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CLANGXX" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
echo "fuzz: built in $((EPOCHSECONDS - t0)) s"

# UBSan findings are fatal in the harnesses (-fno-sanitize-recover); ASan's
# leak check stays on: a harness run is short and leaks nothing by design.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# clang's runtimes symbolize with llvm-symbolizer (llvm-16), not found on PATH.
[ -x /usr/lib/llvm-16/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer
mkdir -p "$BUILD_DIR/artifacts"
failed=()
for h in "${HARNESSES[@]}"; do
  seeds=tests/fuzz/corpus/$h
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 2; }
  # New inputs go to a scratch folder; the committed seeds are only read.
  work=$(mktemp -d "${TMPDIR:-/tmp}/payoutdesk-fuzz-$h.XXXXXX")
  log=$BUILD_DIR/fuzz_$h.log
  rc=0
  "$BUILD_DIR/fuzz_$h" -max_total_time="$SECONDS_EACH" -timeout=10 -max_len=8192 \
    -dict="tests/fuzz/$h.dict" -print_final_stats=1 \
    -artifact_prefix="$BUILD_DIR/artifacts/$h-" "$work" "$seeds" >"$log" 2>&1 || rc=$?
  execs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log")
  rate=$(awk '/^stat::average_exec_per_sec:/ {print $2}' "$log")
  secs=$(awk '/^Done [0-9]+ runs in/ {print $5}' "$log")
  corpus=$(find "$work" -type f | wc -l)
  rm -rf "$work"
  printf 'fuzz: %-18s %10s executions in %4s s (%s/s), %s new inputs, exit %d\n' \
    "$h" "${execs:-?}" "${secs:-?}" "${rate:-?}" "$corpus" "$rc"
  if [ "$rc" -ne 0 ]; then
    failed+=("$h")
    tail -n 60 "$log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $BUILD_DIR/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash, no sanitizer report, no broken property"
