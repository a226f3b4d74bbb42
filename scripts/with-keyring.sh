#!/usr/bin/env bash
# Runs a command with a fresh, unlocked gnome-keyring Secret Service on the
# current D-Bus session bus. Call it inside `dbus-run-session`, e.g.
#   dbus-run-session -- scripts/with-keyring.sh ctest --test-dir build
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the new login keyring's password from stdin; the daemon
# forks and registers org.freedesktop.secrets on the session bus.
eval "$(printf 'payoutdesk-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
