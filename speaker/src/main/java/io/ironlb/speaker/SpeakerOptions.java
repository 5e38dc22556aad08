package io.ironlb.speaker;

import io.ironlb.speaker.status.StatusPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the speaker was started with.
 *
 * @param nodeName the Node this speaker runs on
 * @param kubeconfig kubeconfig file, or empty for the defaults
 * @param namespace namespace of the metallb.io objects and of the ServiceL2Status objects written
 * @param lbClass the {@code loadBalancerClass} served; empty serves Services without a class
 * @param ignoreExcludeLb announce from nodes with the exclude-from-external-load-balancers label
 * @param excludeInterfaces interface name patterns never used; empty means MetalLB's default list
 * @param interfaceRescan how often interfaces are rescanned
 * @param gratuitousRefresh period of gratuitous ARP/NA after the takeover burst; zero never
 * @param membership heartbeat settings
 * @param endpoints metrics and health endpoints
 * @param ownerPod the speaker's Pod (downward API), owner of the ServiceL2Status objects it writes
 * @param bgpPort TCP port that accepts the BGP peers' own connections; 0 only dials out
 * @param forwarderWorkers event loops of the Proxy-mode forwarder
 * @param forwarderTransport the forwarder's Netty transport: auto, io_uring, epoll or nio
 */
record SpeakerOptions(
    String nodeName,
    Optional<Path> kubeconfig,
    String namespace,
    Optional<String> lbClass,
    boolean ignoreExcludeLb,
    Optional<List<Pattern>> excludeInterfaces,
    Duration interfaceRescan,
    Duration gratuitousRefresh,
    MembershipOptions membership,
    Endpoints endpoints,
    Optional<StatusPublisher.OwnerPod> ownerPod,
    int bgpPort,
    int forwarderWorkers,
    String forwarderTransport) {

  SpeakerOptions {
    if (forwarderWorkers < 1) {
      throw new IllegalArgumentException("--forwarder-workers must be at least 1");
    }
    if (bgpPort < 0 || bgpPort > 65535) {
      throw new IllegalArgumentException("--bgp-port must be 0..65535, got " + bgpPort);
    }
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("--node-name (or $NODE_NAME) is required");
    }
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(forwarderTransport, "forwarderTransport");
    if (interfaceRescan.isNegative() || interfaceRescan.isZero()) {
      throw new IllegalArgumentException("--interface-rescan must be positive");
    }
    if (gratuitousRefresh.isNegative()) {
      throw new IllegalArgumentException("--gratuitous-refresh must not be negative");
    }
  }

  /** Heartbeat settings (see docs/membership.md). */
  record MembershipOptions(int port, Duration interval, int multiplier, Optional<Path> keyFile) {
    MembershipOptions {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--membership-port must be 1..65535, got " + port);
      }
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("--membership-interval must be at least 10ms");
      }
      if (multiplier < 2) {
        throw new IllegalArgumentException("--membership-multiplier must be at least 2");
      }
    }
  }

  /** Where /metrics, /healthz and /readyz listen; a port of 0 disables that endpoint. */
  record Endpoints(String bindHost, int metricsPort, int healthPort) {}
}
