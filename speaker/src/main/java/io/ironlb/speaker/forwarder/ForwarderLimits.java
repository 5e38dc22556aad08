package io.ironlb.speaker.forwarder;

import java.time.Duration;
import java.util.Objects;

/**
 * What one listener may hold, so a connection storm, a flood or a stalled peer costs bounded memory
 * and file descriptors.
 *
 * @param maxConnections open TCP connections per listener; beyond it new ones are reset and counted
 * @param maxFlows UDP flows (client addresses) per listener; datagrams of new flows beyond it are
 *     dropped and counted
 * @param idleTimeout a TCP connection with no byte read or written for this long is closed (also
 *     ends half-open, slowloris and never-reading clients)
 * @param udpIdleTimeout a UDP flow with no datagram either way for this long is forgotten
 * @param connectTimeout how long a TCP connect to a NodePort may take before the next target is
 *     tried
 */
public record ForwarderLimits(
    int maxConnections,
    int maxFlows,
    Duration idleTimeout,
    Duration udpIdleTimeout,
    Duration connectTimeout) {

  /** 10 000 connections, 10 000 flows, 5 min TCP idle, 60 s UDP idle, 2 s connect. */
  public static final ForwarderLimits DEFAULT =
      new ForwarderLimits(
          10_000, 10_000, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(2));

  public ForwarderLimits {
    if (maxConnections < 1 || maxFlows < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    positive(idleTimeout, "idleTimeout");
    positive(udpIdleTimeout, "udpIdleTimeout");
    positive(connectTimeout, "connectTimeout");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
    }
  }
}
