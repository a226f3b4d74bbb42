#!/usr/bin/env bash
# Prints the figures of README's performance table. Usage: scripts/bench.sh BUILD_DIR [what...]
# what: import, status, webhook, payout, window, demo (default: all six), limits, stream, api,
# connected, copy, postgres (SQLite and PostgreSQL side by side, and two serves on one
# PostgreSQL).
set -euo pipefail
build=${1:-build}
shift || true
what=${*:-import status webhook payout window demo}
bin="$build/app/payoutdesk"
bench="$build/bench/bench_intake"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"

for w in $what; do
  case "$w" in
    import)
      # Ours, then the floor (the same rows by plain SQL in the sqlite3 shell) and
      # their ratio; the load beside them, as both take the same shared cores.
      echo "import: load before: $(cut -d" " -f1-3 /proc/loadavg)"
      "$bench" import 100000
      echo "import: load after: $(cut -d" " -f1-3 /proc/loadavg)" ;;
    status) "$bench" status 1000000 10000 ;;
    webhook)
      # The writer alone first (no HTTP): durable commits of 8 events, as
      # the direct ledger write made them before the inbox (for comparison).
      # (WEBHOOK_ONLY=1 skips it.)
      [ -n "${WEBHOOK_ONLY:-}" ] || "$bench" commits 20000 8
      # payoutdesk serve with a real ledger, then the Express + stripe-node
      # peer (bench/peer), each taking the same wrk command: distinct signed
      # events over 8 keep-alive connections for 10 seconds.
      tmp=$(mktemp -d)
      secret="whsec_bench_$(date +%s)_0123456789abcdef"
      "$bench" sign 400000 "$tmp/requests.tsv" "$secret"
      # The file is about 500 MB: written back now, not in the middle of a
      # run where it would stall the journal's fdatasyncs.
      sync
      # A durable 2xx costs an fsync; with 8 connections, 8 / (its time) req/s is the ceiling.
      dd if=/dev/zero of="$tmp/fsync.test" bs=4k count=200 oflag=dsync 2>&1 | tail -1 |
        awk '{printf "  this disk: %.2f ms a synchronous 4 KiB write (200 in %s s)\n", $(NF-3) * 1000 / 200, $(NF-3)}'
      rm -f "$tmp/fsync.test"
      lua="$(dirname "$0")/wrk-webhook.lua"
      peer="$(cd "$(dirname "$0")/../bench/peer" && pwd)"
      if [ ! -d "$peer/node_modules" ]; then
        (cd "$peer" && npm ci --no-audit --no-fund --silent) >/dev/null
      fi
      load() { wrk -t2 -c8 -d10s --latency -s "$lua" "http://127.0.0.1:$1/webhook" -- "$tmp/requests.tsv"; }
      wait_port() { # log file, pattern
        for _ in $(seq 200); do grep -q "$2" "$1" 2>/dev/null && break; sleep 0.1; done
        grep -o "$2[0-9]*" "$1" | head -1 | sed "s/^$2//"
      }
      rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
      p99() { awk '$1 == "99%" {print $2}' "$1"; }
      # The peer runs before and after serve, and serve is compared with the
      # better of its two runs: the machine's noise never flatters serve.
      run_peer() { # output file
        STRIPE_WEBHOOK_SECRET="$secret" node "$peer/server.js" 0 >"$tmp/peer.log" 2>&1 &
        ppid_=$!
        pport=$(wait_port "$tmp/peer.log" "127.0.0.1:")
        load "$pport" >"$1"
        sed 's/^/  wrk peer:  /' "$1"
        kill -TERM "$ppid_"; wait "$ppid_" || true
      }
      run_peer "$tmp/wrk-peer1.txt"
      STRIPE_WEBHOOK_SECRET="$secret" "$bin" --data-dir "$tmp/store" --webhook-port 0 serve >"$tmp/serve.log" 2>&1 &
      pid=$!
      port=$(wait_port "$tmp/serve.log" "127.0.0.1:")
      load "$port" >"$tmp/wrk-serve.txt"
      sed 's/^/  wrk serve: /' "$tmp/wrk-serve.txt"
      # The inbox drains while serve runs on; then a clean stop.
      for _ in $(seq 600); do
        backlog=$("$bin" --data-dir "$tmp/store" status --json 2>/dev/null | tr -d ' \n' | grep -o '"backlog":[0-9]*' | cut -d: -f2 || true)
        [ "${backlog:-1}" = 0 ] && break
        sleep 0.1
      done
      kill -TERM "$pid"; wait "$pid" || true
      run_peer "$tmp/wrk-peer2.txt"

      s_rps=$(rps "$tmp/wrk-serve.txt"); p1=$(rps "$tmp/wrk-peer1.txt"); p2=$(rps "$tmp/wrk-peer2.txt")
      p_rps=$(awk -v a="$p1" -v b="$p2" 'BEGIN {print (a > b ? a : b)}')
      s_2xx=$(awk '/requests in/ {n=$1} /Non-2xx/ {b=$5} END {print n-b}' "$tmp/wrk-serve.txt")
      echo "  serve: $s_rps req/s, p99 $(p99 "$tmp/wrk-serve.txt"), $s_2xx answered 2xx"
      echo "  peer (Express + stripe-node constructEvent, in memory): before serve $p1 req/s, p99 $(p99 "$tmp/wrk-peer1.txt"); after $p2 req/s, p99 $(p99 "$tmp/wrk-peer2.txt")"
      awk -v s="$s_rps" -v p="$p_rps" 'BEGIN {printf "  ratio serve/peer (the better peer run): %.2fx (goal: at least 1.5x)\n", s / p}'
      # serve's own summary at its stop: group commits, and the lag from the
      # journal write to applied.
      grep -o '\[WEBHOOK\] [0-9]* requests journaled.*' "$tmp/serve.log" | sed 's/^\[WEBHOOK\] /  /'
      grep -o '\[WEBHOOK\] Applied [0-9]* journaled.*' "$tmp/serve.log" | sed 's/^\[WEBHOOK\] /  /'
      "$bench" lag "$tmp/store/ledger.sqlite" | sed 's/^/  /' || echo "  inbox NOT drained"
      "$bin" --data-dir "$tmp/store" status --json | grep -A6 '"states"' | tr -d '\n ' | sed 's/^/  ledger after the run: /'; echo
      "$bin" --data-dir "$tmp/store" verify | tail -1 | sed 's/^/  verify: /'
      rm -rf "$tmp"
      ;;
    stream)
      # 1,000 artists with a live stream open on one serve; five commits that
      # change every artist's money, and the time until each client has it.
      "$build/bench/bench_stream" "$build/app/payoutdesk-cli" 1000 5 ;;
    api)
      # The artist API's scheduled-payouts on 1,000,000 entries for 10,000
      # artists, a random artist's token per request, beside /healthz on the
      # same serve (wrk -t2 -c8 -d15s), answered on serve's own thread, then
      # on two reader threads (PAYOUTDESK_API_READERS=2). BENCH_API_DIR keeps
      # the ledger and tokens between runs.
      "$build/bench/bench_api" "$build/app/payoutdesk-cli" "$(dirname "$0")/wrk-artist-tokens.lua" \
        "${BENCH_API_DIR:-}" 15 ;;
    copy)
      # ledger copy of the 1,000,000-entry ledger into an empty database on a
      # throw-away PostgreSQL cluster, then verify on both and the comparison,
      # two runs. BENCH_COPY_DIR (or BENCH_API_DIR's ledger) keeps the ledger.
      "$build/bench/bench_copy" "${BENCH_COPY_DIR:-${BENCH_API_DIR:-}}" 2 ;;
    limits)
      # serve's HTTP limits (scripts/http-limits.py): its RSS while 4 clients
      # send 256 MB bodies at once, and a signed webhook's latency while
      # 2,000 idle connections are open; then the latter again with serve
      # under `ulimit -n 1024`, as in issue 13's finding.
      tmp=$(mktemp -d)
      secret="whsec_bench_$(date +%s)_0123456789abcdef"
      cli="$build/app/payoutdesk-cli"
      [ -x "$cli" ] || cli="$bin"
      for fds in default 1024; do
        (
          [ "$fds" = default ] || ulimit -n "$fds"
          STRIPE_WEBHOOK_SECRET="$secret" exec "$cli" --data-dir "$tmp/store-$fds" --webhook-port 0 serve
        ) >"$tmp/serve-$fds.log" 2>&1 &
        pid=$!
        for _ in $(seq 200); do grep -q "127.0.0.1:" "$tmp/serve-$fds.log" 2>/dev/null && break; sleep 0.1; done
        port=$(grep -o "127.0.0.1:[0-9]*" "$tmp/serve-$fds.log" | head -1 | cut -d: -f2)
        echo "  serve with the open-file limit $fds ($(grep -c . "$tmp/serve-$fds.log") log lines so far):"
        if [ "$fds" = default ]; then
          python3 "$(dirname "$0")/http-limits.py" "$port" "$pid" "$secret" bodies idle | sed 's/^/    /'
        else
          python3 "$(dirname "$0")/http-limits.py" "$port" "$pid" "$secret" idle | sed 's/^/    /'
        fi
        grep -o "at most [0-9]* HTTP connections.*" "$tmp/serve-$fds.log" | sed 's/^/    serve: /' || true
        kill -TERM "$pid"; wait "$pid" || true
      done
      rm -rf "$tmp"
      ;;
    postgres)
      # SQLite and PostgreSQL side by side, in one run, on a throw-away
      # PostgreSQL cluster of this machine (initdb in a temporary folder, a
      # unix socket there, no TCP port; fsync and synchronous_commit on, as
      # a real server; stopped on exit, also on failure): webhook intake,
      # import, the payout run, status on 1,000,000 entries; then two serves
      # on one PostgreSQL ledger taking webhooks together.
      cli="$build/app/payoutdesk-cli"
      [ -x "$cli" ] || cli="$bin"
      tmp=$(mktemp -d)
      pgdir=$(mktemp -d /tmp/payoutdesk-bench-pg-XXXXXX)
      pgbin=${PAYOUTDESK_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
      as=()
      if [ "$(id -u)" = 0 ]; then # PostgreSQL refuses root: its server runs as postgres
        chown postgres: "$pgdir"; chmod 700 "$pgdir"
        as=(setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --clear-groups)
      fi
      pg_stop() {
        "${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pgdir" "$tmp"
      }
      trap pg_stop EXIT
      "${as[@]}" "$pgbin/initdb" -D "$pgdir/data" -U payoutdesk --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
      "${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
        -o "-k $pgdir -c listen_addresses= -c max_connections=50" start >/dev/null
      psql_() { "$pgbin/psql" -X -At -h "$pgdir" -U payoutdesk "$@"; }
      newdb() { "$pgbin/createdb" -h "$pgdir" -U payoutdesk "$1"; echo "postgresql://payoutdesk@localhost/$1?host=$pgdir"; }
      echo "postgres: $("$pgbin/postgres" --version), unix socket; fsync $(psql_ -d postgres -c 'show fsync'), synchronous_commit $(psql_ -d postgres -c 'show synchronous_commit'), shared_buffers $(psql_ -d postgres -c 'show shared_buffers')"
      echo "postgres: load before: $(cut -d" " -f1-3 /proc/loadavg)"
      secret="whsec_bench_$(date +%s)_0123456789abcdef"
      lua="$(dirname "$0")/wrk-webhook.lua"
      wait_port() { # log file, pattern
        for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && break; sleep 0.1; done
        grep -o "$2[0-9]*" "$1" | head -1 | sed "s/^$2//"
      }
      ms() { echo $(( $(date +%s%N) / 1000000 )); }
      entries_of() { # status --json: entries in every state
        "$cli" "$@" status --json | tr -d ' \n' | grep -o '"states":{[^}]*}' | grep -o '[0-9][0-9]*' | awk '{n += $1} END {print n + 0}'
      }
      backlog_of() { "$cli" "$@" status --json 2>/dev/null | tr -d ' \n' | grep -o '"backlog":[0-9]*' | cut -d: -f2 || true; }
      # One serve on each (LABEL, DATA DIR, LEDGER ARGS...): wrk -t2 -c8 -d10s
      # of distinct signed events, then the time until the ledger has applied
      # every event answered 2xx (from the end of the load).
      webhook_one() {
        label=$1; data=$2; shift 2
        "$bench" sign 200000 "$tmp/requests.tsv" "$secret"
        STRIPE_WEBHOOK_SECRET="$secret" "$cli" --data-dir "$data" "$@" --webhook-port 0 serve >"$tmp/serve.log" 2>&1 &
        pid=$!
        port=$(wait_port "$tmp/serve.log" "127.0.0.1:")
        wrk -t2 -c8 -d10s --latency -s "$lua" "http://127.0.0.1:$port/webhook" -- "$tmp/requests.tsv" >"$tmp/wrk.txt"
        t0=$(ms)
        for _ in $(seq 3000); do [ "$(backlog_of --data-dir "$data" "$@")" = 0 ] && break; sleep 0.1; done
        applied=$(( $(ms) - t0 ))
        kill -TERM "$pid"; wait "$pid" || true
        ok=$(awk '/requests in/ {n=$1} /Non-2xx/ {b=$5} END {print n-b}' "$tmp/wrk.txt")
        echo "  $label webhook: $(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt") req/s, p50 $(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt"), p99 $(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt"); $ok answered 2xx; all applied $applied ms after the load; $(entries_of --data-dir "$data" "$@") entries (expected $((ok * 3)))"
        grep -o '\[WEBHOOK\] Applied [0-9]* journaled.*' "$tmp/serve.log" | sed "s/^\[WEBHOOK\] /  $label webhook: /" || true
      }
      webhook_one sqlite "$tmp/wh-sqlite"
      webhook_one postgres "$tmp/wh-pg" --ledger "$(newdb webhook)"
      "$bench" import 100000 0 | sed 's/^/  sqlite /'
      "$bench" import 100000 0 "$(newdb import)" | sed 's/^/  postgres /'
      "$build/bench/bench_payout" 2000 "$tmp/payout.sqlite" | grep -v faults | sed 's/^/  sqlite /'
      "$build/bench/bench_payout" 2000 "$(newdb payout)" | sed 's/^/  postgres /'
      # status timed on payoutdesk-cli, as a server runs it, for both.
      PAYOUTDESK_BIN="$cli" "$bench" status 1000000 10000 | sed 's/^/  sqlite /'
      PAYOUTDESK_BIN="$cli" "$bench" status 1000000 10000 "$(newdb status)" | sed 's/^/  postgres /'

      # Two serves on one PostgreSQL ledger, each with its own data folder
      # (webhook journal) and port, a wrk on each at once with events of its
      # own; the sum of both, and every event applied once.
      url=$(newdb two)
      "$bench" sign 200000 "$tmp/req-a.tsv" "$secret" 0
      "$bench" sign 200000 "$tmp/req-b.tsv" "$secret" 1000000
      pids=()
      for i in a b; do
        STRIPE_WEBHOOK_SECRET="$secret" "$cli" --data-dir "$tmp/two-$i" --ledger "$url" --webhook-port 0 serve >"$tmp/serve-$i.log" 2>&1 &
        pids+=($!)
      done
      pa=$(wait_port "$tmp/serve-a.log" "127.0.0.1:"); pb=$(wait_port "$tmp/serve-b.log" "127.0.0.1:")
      wrk -t2 -c8 -d10s --latency -s "$lua" "http://127.0.0.1:$pa/webhook" -- "$tmp/req-a.tsv" >"$tmp/wrk-a.txt" &
      wa=$!
      wrk -t2 -c8 -d10s --latency -s "$lua" "http://127.0.0.1:$pb/webhook" -- "$tmp/req-b.tsv" >"$tmp/wrk-b.txt"
      wait "$wa"
      t0=$(ms)
      for _ in $(seq 3000); do
        [ "$(backlog_of --data-dir "$tmp/two-a" --ledger "$url")" = 0 ] &&
          [ "$(backlog_of --data-dir "$tmp/two-b" --ledger "$url")" = 0 ] && break
        sleep 0.1
      done
      applied=$(( $(ms) - t0 ))
      for p in "${pids[@]}"; do kill -TERM "$p"; wait "$p" || true; done
      ra=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-a.txt"); rb=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-b.txt")
      oka=$(awk '/requests in/ {n=$1} /Non-2xx/ {b=$5} END {print n-b}' "$tmp/wrk-a.txt")
      okb=$(awk '/requests in/ {n=$1} /Non-2xx/ {b=$5} END {print n-b}' "$tmp/wrk-b.txt")
      awk -v a="$ra" -v b="$rb" 'BEGIN {printf "  two serves, one postgres: %.0f req/s together (%.0f + %.0f)", a + b, a, b}'
      echo ", p99 $(awk '$1 == "99%" {print $2}' "$tmp/wrk-a.txt") / $(awk '$1 == "99%" {print $2}' "$tmp/wrk-b.txt"); all applied $applied ms after the load"
      echo "  two serves: $((oka + okb)) answered 2xx, $(psql_ -d two -c 'SELECT count(*) FROM processed_events') events processed, $(psql_ -d two -c 'SELECT count(*) FROM entries') entries (expected $(((oka + okb) * 3)))"
      "$cli" --data-dir "$tmp/two-a" --ledger "$url" verify | tail -1 | sed 's/^/  two serves: verify: /'
      echo "postgres: load after: $(cut -d" " -f1-3 /proc/loadavg)"
      ;;
    payout) "$build/bench/bench_payout" 2000 ;;
    window)
      QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/bench_window"
      QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/bench_window" run 2000
      ;;
    connected)
      # The window connected to a store: stream event -> views updated.
      QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/bench_connected" 20 ;;
    demo)
      # The newcomer's minute at real speed: from `payoutdesk demo` to the first
      # paid transfer on screen (the window offscreen unless a display is set).
      # The floor is development mode's 30 s rule, counted from the store's
      # last cart purchase of its first burst.
      tmp=$(mktemp -d)
      HOME="$tmp" QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$bin" demo --duration 45 \
        2>/dev/null | grep -E 'First|transfers paid' | sed 's/^\[DEMO\] /  demo: /'
      rm -rf "$tmp"
      ;;
    *) echo "unknown benchmark $w" >&2; exit 2 ;;
  esac
done
