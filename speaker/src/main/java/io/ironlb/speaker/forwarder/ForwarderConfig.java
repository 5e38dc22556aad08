package io.ironlb.speaker.forwarder;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the forwarder should do on this node, replaced as a whole on every change. Applying an
 * equal configuration changes nothing.
 *
 * @param services the Proxy-mode Services this node forwards, by {@code namespace/name}
 * @param healthCheck how targets are checked
 */
public record ForwarderConfig(
    SortedMap<String, ServiceForwarding> services, HealthCheckSettings healthCheck) {

  /** Nothing to forward: every listener closed. */
  public static final ForwarderConfig EMPTY =
      new ForwarderConfig(new TreeMap<>(), HealthCheckSettings.DEFAULT);

  public ForwarderConfig {
    Objects.requireNonNull(healthCheck, "healthCheck");
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    Map<String, String> owners = new HashMap<>();
    services.forEach(
        (key, svc) -> {
          if (!key.equals(svc.service())) {
            throw new IllegalArgumentException("key " + key + " holds " + svc.service());
          }
          for (ListenerSpec l : svc.listeners()) {
            String other = owners.putIfAbsent(l.describe(), key);
            if (other != null) {
              throw new IllegalArgumentException(
                  l.describe() + " belongs to both " + other + " and " + key);
            }
          }
        });
  }

  /** A configuration of {@code services} with the default health checks. */
  public static ForwarderConfig of(List<ServiceForwarding> services) {
    return of(services, HealthCheckSettings.DEFAULT);
  }

  /** A configuration of {@code services}; each Service at most once. */
  public static ForwarderConfig of(List<ServiceForwarding> services, HealthCheckSettings checks) {
    SortedMap<String, ServiceForwarding> m = new TreeMap<>();
    for (ServiceForwarding s : services) {
      if (m.put(s.service(), s) != null) {
        throw new IllegalArgumentException("Service " + s.service() + " given twice");
      }
    }
    return new ForwarderConfig(m, checks);
  }
}
