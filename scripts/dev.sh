#!/usr/bin/env bash
# The project's one entry point on a fresh Debian 12 machine:
#   scripts/dev.sh run    install what is missing, build, open the window
#   scripts/dev.sh test   install what is missing, build, run every test
#   scripts/dev.sh bench  install what is missing, build, run the benchmarks
#   scripts/dev.sh sanitize  the same tests as `test`, built with ASan and
#                            UBSan in build-asan (README, "Sanitizers and fuzzing")
#   scripts/dev.sh fuzz   install clang, build and run the libFuzzer harnesses
#                         for a bounded time (scripts/fuzz.sh)
# Extra arguments to `run` go to payoutdesk (e.g. `scripts/dev.sh run status`).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev
  qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins qt6-translations-l10n
  libqt6sql6-sqlite libqt6sql6-psql libgl-dev
  qtkeychain-qt6-dev nlohmann-json3-dev libsqlite3-dev
  # The PostgreSQL ledger links libpq; its contract test starts a throw-away
  # server from the postgresql package, as the `postgres` user that package
  # creates when the tests run as root (tests/ledger/PgTestServer.h).
  libpq-dev postgresql
  gnome-keyring dbus libsecret-tools
  # tst_servetls makes its self-signed certificate with the openssl command.
  openssl
  sqlite3 wrk xvfb x11-apps imagemagick
)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build [CMAKE_ARGS...]: configures and builds $BUILD_DIR; the arguments go
# to cmake's configure step after the defaults.
build() {
  # Hash sources relative to the checkout, so worktrees and fresh copies of
  # the same tree share one ccache.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYOUTDESK_WERROR="$werror" "$@" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
}

# Runs ctest on $BUILD_DIR inside a fresh session bus with a real, unlocked
# Secret Service for the keychain tests; PAYOUTDESK_REQUIRE_KEYCHAIN turns a
# missing keychain into a failure.
run_tests() {
  PAYOUTDESK_REQUIRE_KEYCHAIN=1 dbus-run-session -- scripts/with-keyring.sh \
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
}

cmd=${1:-}
shift || true
case "$cmd" in
  run)
    deps; build
    exec "$BUILD_DIR/app/payoutdesk" "$@"
    ;;
  test)
    deps; build
    run_tests "$@"
    ;;
  sanitize)
    # Its own build folder, so the normal build's objects and ccache entries
    # stay valid. -O1 -g1: ASan's advice, and line tables are all a report's
    # stack needs, with less to compile and link than -g. Warnings are
    # not errors here: GCC documents false positives under instrumentation,
    # and `test` already builds the same code with -Werror in CI.
    BUILD_DIR=${SANITIZE_BUILD_DIR:-build-asan}
    deps
    CI='' build -DPAYOUTDESK_SANITIZE=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
    # Every test, and every payoutdesk it starts, inherits these.
    # halt_on_error: the first finding fails the test; UBSan's -fno-sanitize-
    # recover makes it fatal too. Leaks: see tests/lsan-suppressions.txt.
    export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:strict_init_order=1:check_initialization_order=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    export LSAN_OPTIONS=suppressions=$PWD/tests/lsan-suppressions.txt:print_suppressions=0
    run_tests "$@"
    ;;
  fuzz)
    # libFuzzer and clang 16's sanitizer runtimes; clang 14 cannot compile
    # libstdc++ 12's <expected> (tests/fuzz/CMakeLists.txt). llvm-16 for its
    # llvm-symbolizer: a finding's stack with file and line.
    PACKAGES+=(clang-16 libclang-rt-16-dev llvm-16)
    deps
    exec scripts/fuzz.sh "$@"
    ;;
  bench)
    deps; build
    exec scripts/bench.sh "$BUILD_DIR" "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh run|test|sanitize|fuzz|bench [args...]" >&2
    exit 2
    ;;
esac
