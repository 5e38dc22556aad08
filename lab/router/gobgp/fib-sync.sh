#!/usr/bin/env bash
# GoBGP's FIB for the lab's router: gobgpd keeps routes in its RIB only, and its zebra client
# (gobgpd 3.10) panics on FRR 8.4's zebra messages (docs/lab.md). This follows gobgpd's RIB and
# installs each prefix into the router's kernel FIB as one ECMP route over the next hops of all
# its paths (every node announces a Service IP with the same attributes), or deletes it when no
# path is left. Runs in the router's namespace: fib-sync.sh DIR (DIR/fib-sync.log gets the changes).
set -uo pipefail
dir="$1"

log() { printf '%s %s\n' "$(date +%H:%M:%S.%3N)" "$*" >>"$dir/fib-sync.log"; }

# The route for PREFIX from gobgpd's RIB now (not from the event: the event carries one path).
sync_prefix() {
  local prefix="$1" family=ipv4 hops args=()
  [[ "$prefix" != *:* ]] || family=ipv6
  hops="$(gobgp global rib -a "$family" "$prefix" -j 2>/dev/null |
    jq -r --arg p "$prefix" '(.[$p] // [])[] | .attrs[] | select(.type == 3 or .type == 14) | .nexthop' |
    sort -u)"
  if [ -z "$hops" ]; then
    if ip route del "$prefix" proto bgp 2>/dev/null; then log "del $prefix"; fi
    return
  fi
  for h in $hops; do args+=(nexthop via "$h"); done
  if ip route replace "$prefix" proto bgp metric 20 "${args[@]}"; then
    log "replace $prefix via $(echo $hops)"
  else
    log "could not install $prefix via $(echo $hops)"
  fi
}

# Every change of a prefix's paths, starting with the current RIB; gobgpd ending ends the stream,
# and this script with it.
gobgp monitor global rib --current -j 2>>"$dir/fib-sync.log" |
  while IFS= read -r line; do
    for prefix in $(jq -r '.[].nlri.prefix // empty' <<<"$line" 2>/dev/null | sort -u); do
      sync_prefix "$prefix"
    done
  done
log "gobgp monitor ended"
