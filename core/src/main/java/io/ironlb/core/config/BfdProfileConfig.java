package io.ironlb.core.config;

/**
 * A validated {@code BFDProfile} (METALLB-API.md §1.5), defaults applied.
 *
 * @param name object name
 * @param receiveIntervalMs required minimum receive interval, 10..60000 ms (default 300)
 * @param transmitIntervalMs desired minimum transmit interval, 10..60000 ms (default 300)
 * @param detectMultiplier packets lost before the session is down, 2..255 (default 3)
 * @param echoIntervalMs echo interval, 10..60000 ms (default 50)
 * @param echoMode whether echo mode is on
 * @param passiveMode whether this end waits for the peer's first packet
 * @param minimumTtl minimum incoming TTL for multi-hop sessions, 1..254 (default 254)
 */
public record BfdProfileConfig(
    String name,
    int receiveIntervalMs,
    int transmitIntervalMs,
    int detectMultiplier,
    int echoIntervalMs,
    boolean echoMode,
    boolean passiveMode,
    int minimumTtl) {}
