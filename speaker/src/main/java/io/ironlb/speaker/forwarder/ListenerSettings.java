package io.ironlb.speaker.forwarder;

import java.util.Objects;

/**
 * Everything one listener acts on: its Service's settings and its own spec.
 *
 * @param service the Service's forwarding (policy, PROXY protocol, source ranges, limits)
 * @param spec this listener
 * @param healthCheck the forwarder's health-check settings
 */
record ListenerSettings(
    ServiceForwarding service, ListenerSpec spec, HealthCheckSettings healthCheck) {

  ListenerSettings {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(healthCheck, "healthCheck");
  }

  /**
   * Whether {@code other} makes this listener behave the same: same targets, policy, header, source
   * ranges, limits and checks (the Service's other listeners do not matter).
   */
  boolean sameEffect(ListenerSettings other) {
    if (other == null) {
      return false;
    }
    ServiceForwarding a = service;
    ServiceForwarding b = other.service;
    return spec.equals(other.spec)
        && healthCheck.equals(other.healthCheck)
        && a.policy() == b.policy()
        && a.proxyProtocol() == b.proxyProtocol()
        && a.sourceRanges().equals(b.sourceRanges())
        && a.limits().equals(b.limits());
  }

  /** The listener's identity: a change of Service, protocol or address is a different listener. */
  String key() {
    return service.service() + " " + spec.describe();
  }
}
