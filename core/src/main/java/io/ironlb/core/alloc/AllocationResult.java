package io.ironlb.core.alloc;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link Allocator#assign(ServiceSnapshot, List)} and {@link
 * Allocator#allocate(ServiceSnapshot)}: the IPs the Service now holds and their pool, or the Event
 * saying why it holds nothing new.
 *
 * @param ips the Service's IPs in Go's textual form: as given to {@code assign}, IPv4 first from
 *     {@code allocate}; empty on failure
 * @param pool the pool they come from; empty on failure
 * @param failure the {@code AllocationFailed} (or other) Event; empty on success
 */
public record AllocationResult(
    List<String> ips, Optional<String> pool, Optional<ServiceEvent> failure) {

  public AllocationResult {
    ips = List.copyOf(ips);
  }

  /** Whether the Service got IPs. */
  public boolean granted() {
    return failure.isEmpty();
  }

  static AllocationResult failed(ServiceEvent why) {
    return new AllocationResult(List.of(), Optional.empty(), Optional.of(why));
  }
}
