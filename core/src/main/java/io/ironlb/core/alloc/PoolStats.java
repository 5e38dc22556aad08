package io.ironlb.core.alloc;

/**
 * A pool's counters, as {@code IPAddressPool.status} and the {@code metallb_allocator_*} metrics
 * report them. Counts are distinct IPs (a shared IP counts once); capacities of 2^63 addresses or
 * more saturate at {@link Long#MAX_VALUE}.
 */
public record PoolStats(
    long totalV4,
    long totalV6,
    long assignedV4,
    long assignedV6,
    long availableV4,
    long availableV6) {}
