#!/usr/bin/env bash
# The project's one entry point on a fresh Debian 12 machine:
#   scripts/dev.sh run    install what is missing, build, open the window
#   scripts/dev.sh test   install what is missing, build, run every test
#   scripts/dev.sh bench  install what is missing, build, run the benchmarks
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

build() {
  # Hash sources relative to the checkout, so worktrees and fresh copies of
  # the same tree share one ccache.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYOUTDESK_WERROR="$werror" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
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
    # A fresh session bus with a real, unlocked Secret Service for the keychain
    # tests; PAYOUTDESK_REQUIRE_KEYCHAIN turns a missing keychain into a failure.
    PAYOUTDESK_REQUIRE_KEYCHAIN=1 dbus-run-session -- scripts/with-keyring.sh \
      ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
    ;;
  bench)
    deps; build
    exec scripts/bench.sh "$BUILD_DIR" "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh run|test|bench [args...]" >&2
    exit 2
    ;;
esac
