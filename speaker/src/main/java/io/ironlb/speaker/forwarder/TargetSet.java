package io.ironlb.speaker.forwarder;

import io.ironlb.core.forwarder.TargetPolicy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener's targets and the policy that picks one. Never picks an unhealthy target (unless it is
 * on probation: {@link Target#probe}). A reconfiguration keeps the state (health, counters) of
 * targets that stay.
 */
final class TargetSet {

  private volatile List<Target> targets = List.of();
  private volatile TargetPolicy policy = TargetPolicy.LOCAL;
  private final AtomicInteger cursor = new AtomicInteger();

  TargetSet(List<InetSocketAddress> addresses, TargetPolicy policy) {
    update(addresses, policy);
  }

  /** Replaces the targets, keeping the {@link Target} of every address that stays. */
  synchronized void update(List<InetSocketAddress> addresses, TargetPolicy newPolicy) {
    Map<InetSocketAddress, Target> old = new HashMap<>();
    targets.forEach(t -> old.put(t.address, t));
    List<Target> next = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      next.add(old.containsKey(a) ? old.get(a) : new Target(a));
    }
    targets = List.copyOf(next);
    policy = newPolicy;
  }

  List<Target> all() {
    return targets;
  }

  /**
   * A healthy target not in {@code tried}, by the policy: {@code LOCAL} takes the first in the
   * planner's order (this node's NodePort, then the others as fallbacks), {@code ROUND_ROBIN} the
   * next in turn, {@code LEAST_CONNECTIONS} the one with the fewest active connections (ties: in
   * turn).
   */
  Optional<Target> pick(Set<Target> tried) {
    List<Target> healthy =
        targets.stream().filter(Target::eligible).filter(t -> !tried.contains(t)).toList();
    if (healthy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (policy) {
          case LOCAL -> healthy.get(0);
          case ROUND_ROBIN -> healthy.get(Math.floorMod(cursor.getAndIncrement(), healthy.size()));
          case LEAST_CONNECTIONS -> leastConnections(healthy);
        });
  }

  private Target leastConnections(List<Target> healthy) {
    int start = Math.floorMod(cursor.getAndIncrement(), healthy.size());
    List<Target> rotated = new ArrayList<>(healthy.subList(start, healthy.size()));
    rotated.addAll(healthy.subList(0, start));
    return rotated.stream().min(Comparator.comparingInt(t -> t.active.get())).orElseThrow();
  }
}
