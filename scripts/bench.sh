#!/usr/bin/env bash
# Prints the figures of README's performance table. Usage: scripts/bench.sh BUILD_DIR [what...]
# what: import, status, webhook, payout, window, demo (default: all six).
set -euo pipefail
build=${1:-build}
shift || true
what=${*:-import status webhook payout window demo}
bin="$build/app/payoutdesk"
bench="$build/bench/bench_intake"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"

for w in $what; do
  case "$w" in
    import) "$bench" import 100000 ;;
    status) "$bench" status 1000000 10000 ;;
    webhook)
      # The writer alone first (no HTTP): durable commits of 8 events, as
      # group commit under wrk's 8 connections makes them.
      "$bench" commits 20000 8
      # payoutdesk serve with a real ledger, wrk posting distinct signed
      # events over 8 keep-alive connections for 10 seconds.
      tmp=$(mktemp -d)
      secret="whsec_bench_$(date +%s)_0123456789abcdef"
      "$bench" sign 400000 "$tmp/requests.tsv" "$secret"
      STRIPE_WEBHOOK_SECRET="$secret" "$bin" --data-dir "$tmp/store" --webhook-port 0 serve >"$tmp/serve.log" 2>&1 &
      pid=$!
      for _ in $(seq 100); do grep -q "127.0.0.1:" "$tmp/serve.log" 2>/dev/null && break; sleep 0.1; done
      port=$(grep -o '127.0.0.1:[0-9]*' "$tmp/serve.log" | head -1 | cut -d: -f2)
      wrk -t2 -c8 -d10s --latency -s "$(dirname "$0")/wrk-webhook.lua" "http://127.0.0.1:$port/webhook" \
        -- "$tmp/requests.tsv" | sed 's/^/  wrk: /'
      kill -TERM "$pid"; wait "$pid" || true
      "$bin" --data-dir "$tmp/store" status --json | grep -A6 '"states"' | tr -d '\n ' | sed 's/^/  ledger after the run: /'; echo
      "$bin" --data-dir "$tmp/store" verify | tail -1 | sed 's/^/  verify: /'
      rm -rf "$tmp"
      ;;
    payout) "$build/bench/bench_payout" 2000 ;;
    window)
      QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/bench_window"
      QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/bench_window" run 2000
      ;;
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
