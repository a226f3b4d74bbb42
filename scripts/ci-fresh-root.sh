#!/usr/bin/env bash
# Runs the README's test command, `scripts/dev.sh test`, inside a fresh
# minimal Debian 12 root, so CI proves that the command works on a machine
# where nothing was installed by hand; then, in the same root, the sanitizer
# suite (`scripts/dev.sh sanitize`) and the fuzzers (`scripts/dev.sh fuzz`).
# .ci/run calls this. Needs root.
#
# Each run:
#   1. unpacks a pristine `debootstrap --variant=minbase bookworm` root into a
#      new temp dir /var/tmp/payoutdesk-ci.XXXXXX (the root is made once and
#      kept as a tarball);
#   2. copies the checkout in: tracked and untracked non-ignored files, never
#      build/;
#   3. in a private mount and pid namespace, mounts /proc, /sys, /dev and the
#      two caches below, chroots, and runs `scripts/dev.sh test`, which installs
#      every package it needs into the fresh root, then `scripts/dev.sh
#      sanitize` and `scripts/dev.sh fuzz` (PAYOUTDESK_CI_STEPS, default
#      "test sanitize fuzz"), stopping at the first that fails;
#   4. stops whatever is left in the root, unmounts, deletes the temp dir.
# Its exit code is the first failing step's, else 0 (130/143 when interrupted).
# Extra arguments go to the test step (ctest), not to the others.
#
# Caches, in $PAYOUTDESK_CI_CACHE (default /var/cache/payoutdesk-ci); for a
# cold run, set PAYOUTDESK_CI_COLD=1, which empties them once no other run
# uses them (deleting them by hand can pull them from under a running one):
#   rootfs-bookworm-minbase.tar  the pristine root, remade after 30 days
#   apt-archives/                downloaded .debs (saves downloads only)
#   ccache/                      the compiler cache
#
# The mounts live only in the run's own mount namespace: they are invisible to
# the host and vanish with the namespace even if this script is SIGKILLed.

# The cleanup functions run from traps, which shellcheck does not follow.
# shellcheck disable=SC2317
set -euo pipefail

SUITE=bookworm
MIRROR=http://deb.debian.org/debian
SECURITY_MIRROR=http://deb.debian.org/debian-security
CACHE=${PAYOUTDESK_CI_CACHE:-/var/cache/payoutdesk-ci}
TARBALL=$CACHE/rootfs-$SUITE-minbase.tar
TARBALL_MAX_AGE_DAYS=30
WORK_PARENT=/var/tmp
SRC_IN_ROOT=/src/payoutdesk # where the checkout goes inside the root
CCACHE_IN_ROOT=/var/cache/ccache
# One namespace for the chroot and everything it starts: when its first
# process (pid 1) ends, the kernel kills the rest and drops the mounts.
# setpriv and --kill-child tie it to this script, even if it is SIGKILLed.
NS=(setpriv --pdeathsig KILL unshare --mount --propagation private --pid --fork --kill-child)

log() { printf '[ci-fresh-root] %s\n' "$*"; }
die() {
  log "ERROR: $*" >&2
  exit 1
}
now_us() { echo "${EPOCHREALTIME/./}"; }
# timing NAME START_US: prints one "time" line, in seconds with one decimal.
timing() {
  local d=$((($(now_us) - $2) / 100000))
  log "$(printf 'time %-28s %5d.%d s' "$1" $((d / 10)) $((d % 10)))"
}

# Mount points at or under $1 in this mount namespace, deepest first.
mounts_under() {
  local _ _id _parent _dev _rootpath mp _rest
  while read -r _id _parent _dev _rootpath mp _rest; do
    case "$mp" in "$1" | "$1"/*) echo "$mp" ;; esac
  done </proc/self/mountinfo | sort -r
}

# Deletes a temp dir, but never one with anything mounted inside: `rm -rf`
# through a bind of /dev or /sys would delete the host's.
safe_rm() {
  local dir=$1
  [ -d "$dir" ] || return 0
  if [ -n "$(mounts_under "$dir")" ]; then
    log "NOT deleting $dir: still mounted inside it:" >&2
    mounts_under "$dir" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# ---------------------------------------------------------------- inside ---
# `$0 --inside ROOT ARGS...` runs as pid 1 of the run's namespace.

# Fills OTHERS with the names of the processes in this namespace but pid 1.
# No command substitution here: a forked helper would count itself.
others() {
  local d c
  OTHERS=()
  for d in "$ROOT"/proc/[0-9]*; do
    [ "${d##*/}" != 1 ] && { read -r c <"$d/comm"; } 2>/dev/null && OTHERS+=("$c")
  done
  return 0
}

inside_cleanup() {
  local rc=$? mp
  trap - EXIT INT TERM HUP
  # Anything still running in the namespace (a daemon a package started, or
  # the test command itself after an interruption) would keep mounts busy.
  others
  if [ ${#OTHERS[@]} -gt 0 ]; then
    log "stopping what is left in the root: ${OTHERS[*]}"
    kill -TERM -1 2>/dev/null || true
    for _ in {1..50}; do
      others
      [ ${#OTHERS[@]} -eq 0 ] && break
      sleep 0.2
    done
    if [ ${#OTHERS[@]} -gt 0 ]; then
      kill -KILL -1 2>/dev/null || true
      sleep 1
    fi
    wait 2>/dev/null || true
  fi
  for mp in $(mounts_under "$ROOT"); do
    umount "$mp" 2>/dev/null || umount "$mp" || {
      log "umount $mp failed; detaching it lazily" >&2
      umount -l "$mp" || true
    }
  done
  if [ -n "$(mounts_under "$ROOT")" ]; then
    log "ERROR: still mounted:" >&2
    mounts_under "$ROOT" >&2
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}

# Where the test command's time went, from the times dpkg and ninja last
# wrote their logs; approximate, for the report only.
split_times() {
  local start=$(($1 / 1000000)) end deps build
  end=$(date +%s)
  deps=$(stat -c %Y "$ROOT/var/lib/dpkg/status" 2>/dev/null) || return 0
  build=$(stat -c %Y "$ROOT$SRC_IN_ROOT/build/.ninja_log" 2>/dev/null) || return 0
  [ "$start" -le "$deps" ] && [ "$deps" -le "$build" ] || return 0
  log "  of which, roughly: packages $((deps - start)) s, configure+build $((build - deps)) s, tests $((end - build)) s"
}

inside() {
  ROOT=$1
  shift
  # `kill -1` below must only ever reach this namespace.
  [ "$$" -eq 1 ] || die "--inside must run as pid 1 of a new pid namespace"
  trap inside_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  mount -t proc proc "$ROOT/proc" # this namespace's processes only
  mount --bind /sys "$ROOT/sys"
  mount -o remount,bind,ro "$ROOT/sys"
  mount --bind /dev "$ROOT/dev" # device nodes; not recursive
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$ROOT/dev/pts"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$ROOT/dev/shm"
  mount --bind "$CACHE/apt-archives" "$ROOT/var/cache/apt/archives"
  mount --bind "$CACHE/ccache" "$ROOT$CCACHE_IN_ROOT"

  # A clean environment, as on a fresh machine; CI passes through.
  local env=(
    HOME=/root USER=root LOGNAME=root LANG=C.UTF-8 TERM="${TERM:-dumb}"
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    CI="${CI:-}" CCACHE_DIR="$CCACHE_IN_ROOT" CCACHE_STATSLOG=/tmp/ccache-stats.log
  )
  local t0 rc=0 step args
  for step in ${PAYOUTDESK_CI_STEPS:-test sanitize fuzz}; do
    args=()
    [ "$step" = test ] && args=("$@")
    t0=$(now_us)
    log "running: cd $SRC_IN_ROOT && scripts/dev.sh $step${args[*]:+ ${args[*]}}  (CI=${CI:-})"
    # In the background, so that a signal reaches our trap at once.
    # shellcheck disable=SC2016 # expanded by the bash inside the root
    env -i "${env[@]}" chroot "$ROOT" /bin/bash -c \
      'cd "$0" && exec scripts/dev.sh "$@"' "$SRC_IN_ROOT" "$step" "${args[@]}" </dev/null &
    wait $! || rc=$?
    timing "scripts/dev.sh $step" "$t0"
    [ "$rc" -ne 0 ] || [ "$step" != test ] || split_times "$t0"
    log "scripts/dev.sh $step exited with $rc"
    [ "$rc" -eq 0 ] || break
  done
  if [ -x "$ROOT/usr/bin/ccache" ]; then
    log "ccache, this run: $(env -i "${env[@]}" chroot "$ROOT" ccache --show-log-stats 2>/dev/null |
      grep -E '^(Cacheable calls|  Hits|  Misses)' | tr -s ' ' | xargs)" || true
  fi
  # Drop .debs the mirror no longer has, so the apt cache does not grow.
  env -i "${env[@]}" chroot "$ROOT" apt-get autoclean -qq >/dev/null 2>&1 || true
  exit "$rc"
}

# --------------------------------------------------------------- outside ---

CHILD=
WORK=
BOOTSTRAP_TMP=

outside_cleanup() {
  local rc=$? t0
  trap - EXIT INT TERM HUP
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -KILL "$CHILD" 2>/dev/null || true # --kill-child takes the namespace along
    wait "$CHILD" 2>/dev/null || true
  fi
  t0=$(now_us)
  safe_rm "$BOOTSTRAP_TMP" || rc=1
  if [ -n "$WORK" ]; then
    safe_rm "$WORK" || rc=1
    timing "cleanup" "$t0"
  fi
  [ -z "${T_START:-}" ] || timing "total" "$T_START"
  exit "$rc"
}

# Asks the namespace's pid 1 to stop (it stops the rest and unmounts), waits
# up to 30 s, then exits; the EXIT trap kills what is still there.
on_signal() {
  local code=$1 pid line stat
  trap - INT TERM HUP
  log "interrupted; stopping the run"
  if [ -n "$CHILD" ]; then
    # /proc/PID/task/PID/children is not everywhere; find unshare's child.
    for stat in /proc/[0-9]*/stat; do
      pid=${stat#/proc/}
      pid=${pid%/stat}
      { read -r line <"$stat"; } 2>/dev/null || continue # it may have ended
      line=${line##*) } # "PID (COMM) STATE PPID ..." -> "STATE PPID ..."
      line=${line#* }
      [ "${line%% *}" = "$CHILD" ] && kill -TERM "$pid" 2>/dev/null
    done
    for _ in {1..150}; do
      kill -0 "$CHILD" 2>/dev/null || break
      sleep 0.2
    done
  fi
  exit "$code"
}

# Runs its arguments as pid 1 of a new namespace and waits; returns their code.
in_namespace() {
  local rc=0
  "${NS[@]}" -- "$@" </dev/null &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}

ensure_host_tools() {
  command -v debootstrap >/dev/null && return 0
  log "installing debootstrap on the host"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
}

ensure_tarball() {
  if [ -f "$TARBALL" ] && [ -z "$(find "$TARBALL" -mtime +"$TARBALL_MAX_AGE_DAYS")" ]; then
    log "pristine root: $TARBALL (from $(date -r "$TARBALL" +%F))"
    return 0
  fi
  local t0 rc=0
  t0=$(now_us)
  log "debootstrap --variant=minbase $SUITE (log in the temp dir, shown on failure)"
  BOOTSTRAP_TMP=$(mktemp -d "$CACHE/debootstrap.XXXXXX")
  # In a namespace too: debootstrap mounts /proc and /sys into the target.
  in_namespace debootstrap --variant=minbase "$SUITE" "$BOOTSTRAP_TMP/root" "$MIRROR" \
    >"$BOOTSTRAP_TMP/log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$BOOTSTRAP_TMP/log"
    die "debootstrap failed ($rc)"
  fi
  # debootstrap's own download cache is not part of the installed system.
  find "$BOOTSTRAP_TMP/root/var/cache/apt/archives" -name '*.deb' -delete
  tar -C "$BOOTSTRAP_TMP/root" -cf "$BOOTSTRAP_TMP/root.tar" .
  mv "$BOOTSTRAP_TMP/root.tar" "$TARBALL"
  safe_rm "$BOOTSTRAP_TMP"
  BOOTSTRAP_TMP=
  timing "debootstrap (cold cache)" "$t0"
}

# Temp dirs of runs that were SIGKILLed and never cleaned up. Called with the
# lock held, so a debootstrap dir in the cache is always stale.
sweep_stale() {
  local dir pid
  for dir in "$WORK_PARENT"/payoutdesk-ci.* "$CACHE"/debootstrap.*; do
    [ -d "$dir" ] || continue
    if [ -f "$dir/owner.pid" ]; then
      pid=$(cat "$dir/owner.pid")
      kill -0 "$pid" 2>/dev/null && continue # another cache's run, alive
    elif [[ $dir != "$CACHE"/* ]]; then
      continue
    fi
    log "deleting the temp dir of an earlier, killed run: $dir"
    safe_rm "$dir" || true
  done
}

# Settings a fresh machine has and a debootstrap root lacks, written each run.
configure_root() {
  local r=$ROOT
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # The mirror may serve a dated snapshot whose Release files are past their
  # Valid-Until, as this project's build machines do.
  cat >"$r/etc/apt/apt.conf.d/99payoutdesk-ci" <<'EOF'
Acquire::Check-Valid-Until "false";
Acquire::Check-Date "false";
EOF
  # The root shares the host's network and hostname.
  cp -L /etc/resolv.conf "$r/etc/resolv.conf"
  cp -L /etc/hosts "$r/etc/hosts"
  # A throwaway root need not fsync every file dpkg unpacks.
  echo force-unsafe-io >"$r/etc/dpkg/dpkg.cfg.d/payoutdesk-ci-unsafe-io"
  mkdir -p "$r$CCACHE_IN_ROOT" "$r$SRC_IN_ROOT"
}

copy_checkout() {
  local src=$1
  git -C "$src" ls-files -z -c -o --exclude-standard |
    grep -zv '^build/' |
    tar -C "$src" --null -T - --ignore-failed-read -cf - |
    tar -C "$ROOT$SRC_IN_ROOT" -xf -
}

outside() {
  local src t0 rc=0
  src=$(cd "$(dirname "$0")/.." && pwd)
  T_START=$(now_us)
  [ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, mount, chroot); PAYOUTDESK_CI_HOST=1 runs on the host"
  trap outside_cleanup EXIT
  trap 'on_signal 130' INT
  trap 'on_signal 143' TERM
  trap 'on_signal 129' HUP

  t0=$(now_us)
  ensure_host_tools
  mkdir -p "$CACHE"
  # One run at a time per cache: apt does not share its archive lock.
  exec 9>"$CACHE/lock"
  if ! flock -n 9; then
    log "waiting for another run using $CACHE"
    flock 9
  fi
  sweep_stale
  if [ "${PAYOUTDESK_CI_COLD:-}" = 1 ]; then
    log "PAYOUTDESK_CI_COLD=1: emptying $CACHE"
    rm -f "$TARBALL"
    safe_rm "$CACHE/apt-archives"
    safe_rm "$CACHE/ccache"
  fi
  mkdir -p "$CACHE/apt-archives/partial" "$CACHE/ccache"
  timing "host tools, lock, sweep" "$t0"

  ensure_tarball

  t0=$(now_us)
  WORK=$(mktemp -d "$WORK_PARENT/payoutdesk-ci.XXXXXX")
  echo $$ >"$WORK/owner.pid"
  ROOT=$WORK/root
  mkdir "$ROOT"
  tar -C "$ROOT" -xf "$TARBALL"
  configure_root
  copy_checkout "$src"
  timing "unpack root, copy checkout" "$t0"
  log "fresh root: $ROOT"

  in_namespace "$BASH" "$src/scripts/ci-fresh-root.sh" --inside "$ROOT" "$@" || rc=$?
  exit "$rc"
}

if [ "${1:-}" = --inside ]; then
  shift
  inside "$@"
else
  outside "$@"
fi
