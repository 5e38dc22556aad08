# shellcheck shell=bash
# The forwarder benchmark's measurements, shared by bin/bench-forwarder (its own namespaces) and
# bin/lab-bench-forwarder (through the running lab). Sourced, not run.
#
# fb_tools installs the tools when missing. The caller sets, before calling anything else here:
#   NS_CLIENT            the network namespace wrk and iperf3 -c run in
#   VIP                  the address every path listens on
#   HTTP_PORT[path]      VIP's HTTP port of each path (associative array)
#   IPERF_PORT[path]     VIP's iperf3 port of each path
#   proxy_pid[path]      the process whose CPU time counts for a path (none: "-", e.g. nftables)
#   THREADS CONNS        wrk -t / -c
#   WORKERS              the forwarder's workers (= HAProxy's nbthread), for the log
#   DURATION RUNS WARMUP seconds per measurement, runs, warm-up seconds per row
#   ONLY                 the paths to measure, in order
#   log()                prints a progress line to stderr
#   fb_events()          optional: prints how many membership events (a peer declared dead, quorum
#                        lost) the speakers have logged so far; each run's line then names the rows
#                        during which some happened (a VIP that moved away mid-row disturbs it)
# and gets, after fb_measure, the medians in med[row.path] (rows ka_rps ka_p99 cl_rps cl_p99 gbps).

# --- tools: wrk, iperf3, HAProxy, nginx, nft, jq, ip; installed with apt-get when missing ----------
fb_tools() {
  local need=()
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v iperf3 >/dev/null 2>&1 || need+=(iperf3)
  command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
  command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
  command -v nft >/dev/null 2>&1 || need+=(nftables)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -qq
    timeout 1200 apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  haproxy -v | awk 'NR == 1' | grep -q 'version 2\.6' || log "warning: $(haproxy -v | awk "NR == 1") is not 2.6"
}

# --- measurements ---------------------------------------------------------------------------------
# wrk: prints "req/s p99_ms"
run_wrk() { # proxy seconds [extra wrk args]
  local p=$1 secs=$2
  shift 2
  local out
  out="$(ip netns exec "$NS_CLIENT" timeout $((secs + 30)) wrk -t "$THREADS" -c "$CONNS" -d "${secs}s" \
    --latency "$@" "http://$VIP:${HTTP_PORT[$p]}/")" || { echo "nan nan"; return; }
  echo "$out" | awk '
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); p99 = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); p99 = v }
      else if (v ~ /s$/) { sub(/s$/, "", v); p99 = v * 1000 }
    }
    /Non-2xx|Socket errors/ { errors = errors " " $0 }
    END { printf "%s %s\n", (rps == "" ? "nan" : rps), (p99 == "" ? "nan" : p99); if (errors != "") print "wrk:" errors > "/dev/stderr" }'
}
run_iperf() { # proxy seconds -> Gbit/s (received)
  local p=$1 secs=$2 out
  out="$(ip netns exec "$NS_CLIENT" timeout $((secs + 30)) iperf3 -c "$VIP" -p "${IPERF_PORT[$p]}" \
    -t "$secs" -J 2>/dev/null)" || { echo nan; return; }
  echo "$out" | jq -r '.end.sum_received.bits_per_second / 1e9 * 100 | round / 100'
}
# CPU time (user + system, all threads) of a proxy process, in clock ticks; 0 for nftables (softirq)
cpu_ticks() { [ -n "${proxy_pid[$1]:-}" ] && awk '{ print $14 + $15 }' "/proc/${proxy_pid[$1]}/stat" || echo 0; }
cpu_us_per_req() { # ticks_before ticks_after req/s seconds
  awk -v a="$1" -v b="$2" -v r="$3" -v s="$4" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (r + 0 == 0 || b == a) print "-"; else printf "%.1f", (b - a) / hz * 1e6 / (r * s) }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# path -> 0 once a TCP connection from the client to VIP:HTTP_PORT[path] succeeds (at most ~10 s)
fb_answers() {
  local _
  for _ in $(seq 100); do
    if ip netns exec "$NS_CLIENT" timeout 2 bash -c "exec 3<>/dev/tcp/$VIP/${HTTP_PORT[$1]}" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# --- membership events during a row (fb_events, when the caller has one) ------------------------
fb_events_now() {
  if declare -F fb_events >/dev/null; then fb_events; else echo 0; fi
}

events_note() { # counts before keep-alive, conn/request, iperf3, and after: "; membership ..."
  local note="" rows=(keep-alive conn/request iperf3) i d
  local -a e=("$@")
  for i in 0 1 2; do
    d=$((e[i + 1] - e[i]))
    ((d == 0)) || note+=" $d during ${rows[i]},"
  done
  [ -z "$note" ] || echo "; membership events (a peer declared dead, quorum lost):${note%,}"
}

# --- the order: the proxies interleaved, the kernel path after them -------------------------------
# One line per round: its number, then the paths in the order they run. The proxies (every path but
# nftables) take turns, rotated by one each round, so drift on the shared machine hits them alike
# and each is as often first as last over a multiple of their number of rounds. nftables, the
# kernel path (the ceiling, not the target), runs its rounds after all of theirs: its
# connection-per-request row leaves the owner with some 130k connections in conntrack and
# TIME_WAIT for a minute or two, and its keep-alive row starves every task (softirq): inside the
# rounds it disturbed the proxy run next, always the forwarder (docs/forwarder.md).
fb_proxies() { local p; for p in $ONLY; do [ "$p" = nftables ] || echo "$p"; done; }
fb_kernel() { local p; for p in $ONLY; do [ "$p" != nftables ] || echo "$p"; done; }

fb_rounds() {
  local -a proxies kernel
  local run k n
  mapfile -t proxies < <(fb_proxies)
  mapfile -t kernel < <(fb_kernel)
  n=${#proxies[@]}
  for run in $(seq "$RUNS"); do
    ((n == 0)) || {
      k=$(((run - 1) % n))
      echo "$run ${proxies[*]:k} ${proxies[*]:0:k}"
    }
  done
  for run in $(seq "$RUNS"); do
    ((${#kernel[@]} == 0)) || echo "$run ${kernel[*]}"
  done
}

# --- the runs: warm-up, then the rounds of fb_rounds; medians into med[] ---------------------------
fb_measure() {
  declare -gA ka_rps ka_p99 cl_rps cl_p99 gbps med
  local p run order c0 c1 c2 r1 l1 r2 l2 g t0 e0 e1 e2 e3
  local -a rounds
  mapfile -t rounds < <(fb_rounds)
  log "forwarder workers / HAProxy threads: $WORKERS; wrk -t $THREADS -c $CONNS; ${DURATION}s x $RUNS runs (warm-up ${WARMUP}s)"
  # warm-up (the JIT for the forwarder; caches and conntrack for all), the kernel path first, so
  # that the first round does not follow its rows either
  for p in $(fb_kernel) $(fb_proxies); do
    run_wrk "$p" "$WARMUP" >/dev/null
    run_wrk "$p" "$WARMUP" -H 'Connection: close' >/dev/null
    run_iperf "$p" "$WARMUP" >/dev/null
  done
  for order in "${rounds[@]}"; do
    run=${order%% *}
    for p in ${order#* }; do
      t0=$(date -u +%T)
      e0=$(fb_events_now)
      c0=$(cpu_ticks "$p")
      read -r r1 l1 < <(run_wrk "$p" "$DURATION")
      c1=$(cpu_ticks "$p")
      e1=$(fb_events_now)
      read -r r2 l2 < <(run_wrk "$p" "$DURATION" -H 'Connection: close')
      c2=$(cpu_ticks "$p")
      e2=$(fb_events_now)
      g="$(run_iperf "$p" "$DURATION")"
      e3=$(fb_events_now)
      ka_rps[$p]+="$r1 "
      ka_p99[$p]+="$l1 "
      cl_rps[$p]+="$r2 "
      cl_p99[$p]+="$l2 "
      gbps[$p]+="$g "
      log "run $run $p (from $t0 UTC): keep-alive $r1 req/s p99 $l1 ms ($(cpu_us_per_req "$c0" "$c1" "$r1" "$DURATION") us proxy CPU/req);" \
        "conn/request $r2 req/s p99 $l2 ms ($(cpu_us_per_req "$c1" "$c2" "$r2" "$DURATION") us/req); iperf3 $g Gbit/s$(events_note "$e0" "$e1" "$e2" "$e3")"
    done
  done
  for p in $ONLY; do
    # shellcheck disable=SC2086
    {
      med[ka_rps.$p]=$(median ${ka_rps[$p]})
      med[ka_p99.$p]=$(median ${ka_p99[$p]})
      med[cl_rps.$p]=$(median ${cl_rps[$p]})
      med[cl_p99.$p]=$(median ${cl_p99[$p]})
      med[gbps.$p]=$(median ${gbps[$p]})
    }
  done
}

# --- the table ------------------------------------------------------------------------------------
val() { echo "${med[$1.$2]:--}"; }
# fb_table "COLUMN..." "LABEL=A/B..." (the title line is the caller's): one row per measurement,
# one column per path (a path not measured shows "-"), then each ratio A/B under LABEL
fb_table() {
  local cols=$1 ratios=$2 spec k label c r a b
  {
    printf '%-30s' row
    for c in $cols; do printf ' %12s' "$c"; done
    for r in $ratios; do printf ' %16s' "${r%%=*}"; done
    printf '\n'
  }
  for spec in "ka_rps:wrk keep-alive req/s" "ka_p99:wrk keep-alive p99 ms" \
    "cl_rps:wrk conn/request req/s" "cl_p99:wrk conn/request p99 ms" "gbps:iperf3 Gbit/s"; do
    k=${spec%%:*}
    label=${spec#*:}
    printf '%-30s' "$label"
    for c in $cols; do printf ' %12s' "$(val "$k" "$c")"; done
    for r in $ratios; do
      a=${r#*=}
      b=${a#*/}
      a=${a%/*}
      printf ' %16s' "$(ratio "$(val "$k" "$a")" "$(val "$k" "$b")")"
    done
    printf '\n'
  done
  echo "(p99 rows: lower is better, so a ratio below 1 favours IronLB; the other rows: higher is better)"
}
