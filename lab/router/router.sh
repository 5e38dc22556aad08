#!/usr/bin/env bash
# The lab's BGP router (bgp mode): a real routing daemon from Debian in the namespace ilb-router,
# AS 64512, peering over eBGP with every node (AS 64513) over IPv4 and IPv6, installing each
# Service IP into the router's kernel FIB as an ECMP route over the nodes that announce it.
#   lab/router/router.sh start STATE frr|bird|gobgp   render the configs from lab/router/KIND/ for the
#                                                     lab's nodes, start the daemons, wait until they answer
#   lab/router/router.sh stop STATE                   stop the daemons started (by their recorded PIDs)
#   lab/router/router.sh cli STATE CMD...             CMD in ilb-router, pointed at the daemon's socket
#                                                     (vtysh, birdc; gobgp talks to 127.0.0.1:50051 there)
#   lab/router/router.sh status STATE                 the daemons and their PIDs
# Files go to STATE/router/ (configs, sockets, logs); PIDs to STATE/router-DAEMON.pid as "PID MARKER",
# the marker being a path only that process has on its command line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ns=ilb-router
router_asn=64512
node_asn=64513
router_ipv4=198.51.100.2
router_ipv6=2001:db8:1b::1:2
# BFD at 100 ms x 3 declares a peer dead after 300 ms of silence: on this project's shared 2-core
# machines (load 6-9 while others build) an unprivileged bfdd stalled for 0.7 s and took every
# session down at once. The daemon that runs BFD gets CPU before the builds (the speakers too, bin/lab).
bfd_nice=-10

say() { printf 'router: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

ours() { # daemon -> 0 when the recorded process is alive and still runs with its marker
  local f="$state/router-$1.pid" pid marker cmdline=""
  [ -f "$f" ] || return 1
  read -r pid marker <"$f"
  # A process in execve(2) shows an empty command line for a moment (spawn's chain setsid -> ip
  # netns exec -> nice -> daemon execs three times): read again before calling it gone. A zombie
  # stays empty, so a daemon that exited is still reported after ~0.5 s.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
    [ -n "$cmdline" ] && break
    sleep 0.05
  done
  grep -qF -- "$marker" <<<"$cmdline"
}

# spawn DAEMON MARKER CMD...: CMD in the router's namespace, in the background, outliving the caller.
spawn() {
  local name="$1" marker="$2"; shift 2
  (
    for fd in "/proc/$BASHPID/fd/"*; do # as bin/lab does: hold nothing the caller opened
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec setsid ip netns exec "$ns" "$@" >>"$dir/$name.out" 2>&1 </dev/null
  ) &
  echo "$! $marker" >"$state/router-$name.pid"
  local deadline=$((SECONDS + 10))
  until ours "$name"; do
    kill -0 "$!" 2>/dev/null || die "$name did not start: $(tail -n 5 "$dir/$name.out" 2>/dev/null)"
    [ $SECONDS -lt $deadline ] || die "$name (pid $!) did not start in 10 s"
    sleep 0.1
  done
}

# await DESCRIPTION SECONDS DAEMON CMD...: until CMD succeeds, while DAEMON runs.
await() {
  local what="$1" secs="$2" daemon="$3"; shift 3
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ours "$daemon" || die "$daemon exited while waiting for $what: $(tail -n 5 "$dir/$daemon.out" 2>/dev/null)"
    [ $SECONDS -lt $deadline ] || die "timed out after ${secs}s waiting for $what"
    sleep 0.2
  done
}

render() { # template -> output, for the lab's nodes
  awk -v nodes_file="$dir/nodes" -v dir="$dir" -v router_ipv4="$router_ipv4" -v router_ipv6="$router_ipv6" \
    -v router_asn="$router_asn" -v node_asn="$node_asn" -f "$here/render.awk" "$1" >"$2"
}

start() {
  local kind="$1"
  [ -d "$here/$kind" ] || die "no router '$kind' (frr, bird or gobgp)"
  ip netns list | grep -qw "$ns" || die "no namespace $ns: the lab's network is not in bgp mode"
  for f in "$state"/router-*.pid; do
    [ -f "$f" ] || continue
    f="${f##*/}"; f="${f#router-}"
    ! ours "${f%.pid}" || die "a router daemon (${f%.pid}) is already running: lab/router/router.sh stop first"
  done
  mkdir -p "$dir"
  # The nodes from the lab's state (bin/lab-net info): "NAME IPV4 IPV6" per line.
  "$repo/bin/lab-net" info "$state" |
    jq -r '.hosts[] | select(.name | startswith("node")) | "\(.name) \(.ipv4) \(.ipv6)"' >"$dir/nodes"
  [ -s "$dir/nodes" ] || die "no nodes in the lab's state ($state/net.hosts)"
  echo "$kind" >"$state/router.kind"
  "start_$kind"
  say "$kind in $ns (AS $router_asn) peering with $(awk '{printf "%s ", $1}' "$dir/nodes")(AS $node_asn)"
}

# FRR: zebra (the kernel FIB), bfdd, bgpd, each with its own pid file, vty socket and zserv socket
# in STATE/router/, so they share nothing with an FRR that runs on this machine already.
start_frr() {
  local d daemon
  for d in zebra bfdd bgpd; do render "$here/frr/$d.conf" "$dir/$d.conf"; done
  chown -R frr:frr "$dir" 2>/dev/null || true
  local common=(--vty_socket "$dir" -z "$dir/zserv.api")
  spawn zebra "$dir/zebra.conf" /usr/lib/frr/zebra -f "$dir/zebra.conf" -i "$dir/zebra.pid" "${common[@]}" \
    --log "file:$dir/zebra.log"
  await "zebra's zserv socket" 20 zebra test -S "$dir/zserv.api"
  spawn bfdd "$dir/bfdd.conf" nice -n "$bfd_nice" /usr/lib/frr/bfdd -f "$dir/bfdd.conf" -i "$dir/bfdd.pid" "${common[@]}" \
    --bfdctl "$dir/bfdd.sock" --log "file:$dir/bfdd.log"
  spawn bgpd "$dir/bgpd.conf" /usr/lib/frr/bgpd -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" "${common[@]}" \
    --log "file:$dir/bgpd.log"
  for daemon in zebra bfdd bgpd; do
    await "$daemon's vty" 20 "$daemon" ip netns exec "$ns" vtysh --vty_socket "$dir" -d "$daemon" -c 'show version'
  done
}

# BIRD 2: one daemon (BGP, BFD, the kernel protocol), its control socket in STATE/router/.
start_bird() {
  render "$here/bird/bird.conf" "$dir/bird.conf"
  spawn bird "$dir/bird.conf" nice -n "$bfd_nice" bird -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
  await "bird's control socket" 20 bird ip netns exec "$ns" birdc -s "$dir/bird.ctl" show status
}

# GoBGP: gobgpd (gRPC on 127.0.0.1:50051 inside the namespace) and the FIB sync that installs its RIB.
start_gobgp() {
  render "$here/gobgp/gobgpd.toml" "$dir/gobgpd.toml"
  spawn gobgpd "$dir/gobgpd.toml" gobgpd -f "$dir/gobgpd.toml" -t toml --api-hosts 127.0.0.1:50051 \
    --pprof-disable -l info
  await "gobgpd's API" 20 gobgpd ip netns exec "$ns" gobgp global
  spawn fib-sync "$here/gobgp/fib-sync.sh" bash "$here/gobgp/fib-sync.sh" "$dir"
}

stop() {
  local f name pid
  for f in "$state"/router-*.pid; do
    [ -f "$f" ] || continue
    name="${f##*/}"; name="${name#router-}"; name="${name%.pid}"
    if ours "$name"; then
      pid="$(cut -d' ' -f1 "$f")"
      # spawn's setsid made it the leader of a process group of its own: its children go with it
      # (fib-sync's gobgp monitor and jq).
      if [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ]; then
        kill -TERM -- "-$pid" 2>/dev/null || true
      else
        kill -TERM "$pid" 2>/dev/null || true
      fi
      for _ in $(seq 1 50); do ours "$name" || break; sleep 0.1; done
      if ours "$name"; then kill -KILL "$pid" 2>/dev/null || true; fi
      say "stopped $name (pid $pid)"
    fi
    rm -f "$f"
  done
}

status() {
  local f name
  [ -f "$state/router.kind" ] || return 0
  echo "router: $(cat "$state/router.kind") in $ns"
  for f in "$state"/router-*.pid; do
    [ -f "$f" ] || continue
    name="${f##*/}"; name="${name#router-}"; name="${name%.pid}"
    if ours "$name"; then echo "router $name: running (pid $(cut -d' ' -f1 "$f"))"; else echo "router $name: not running"; fi
  done
}

cli() {
  [ $# -gt 0 ] || die "usage: bin/lab router CMD... (vtysh -c 'show bgp summary', birdc show protocols, gobgp neighbor)"
  ip netns list | grep -qw "$ns" || die "no router: the lab is not running in bgp mode"
  local cmd="$1"; shift
  case "$cmd" in
    vtysh) exec ip netns exec "$ns" vtysh --vty_socket "$dir" "$@" ;;
    birdc) exec ip netns exec "$ns" birdc -s "$dir/bird.ctl" "$@" ;;
    *) exec ip netns exec "$ns" "$cmd" "$@" ;;
  esac
}

cmd="${1:-}"
state="${2:-}"
[ -n "$state" ] || die "usage: lab/router/router.sh start|stop|status|cli STATE ..."
dir="$state/router"
shift 2
case "$cmd" in
  start) start "${1:-frr}" ;;
  stop) stop ;;
  status) status ;;
  cli) cli "$@" ;;
  *) die "usage: lab/router/router.sh start|stop|status|cli STATE ..." ;;
esac
