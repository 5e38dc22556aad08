package io.ironlb.core.forwarder;

import java.util.List;
import java.util.Objects;

/**
 * How the forwarder treats one Proxy-mode Service, read from its annotations.
 *
 * @param proxyProtocol the PROXY protocol header sent first on each relayed TCP connection
 * @param targets which NodePorts receive the traffic
 * @param problems invalid annotation values that were replaced by their defaults
 */
public record ForwardingSettings(
    ProxyProtocol proxyProtocol, TargetPolicy targets, List<AnnotationProblem> problems) {

  /** No header, this node's NodePort. */
  public static final ForwardingSettings DEFAULT =
      new ForwardingSettings(ProxyProtocol.NONE, TargetPolicy.LOCAL, List.of());

  public ForwardingSettings {
    Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    Objects.requireNonNull(targets, "targets");
    problems = List.copyOf(problems);
  }
}
