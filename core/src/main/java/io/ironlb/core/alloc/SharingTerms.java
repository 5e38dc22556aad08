package io.ironlb.core.alloc;

import java.util.Set;
import java.util.TreeSet;

/**
 * The terms on which a Service holds an IP (METALLB-API.md §2.3): its sharing key ({@code
 * metallb.io/allow-shared-ip}, empty for none), its backend key, and its (protocol, port) pairs.
 */
record SharingTerms(String sharingKey, String backendKey, Set<ServicePort> ports) {

  SharingTerms {
    ports = Set.copyOf(ports);
  }

  /**
   * Why a Service with these terms may not join {@code otherService} (holding {@code other}) on one
   * IP, or null when it may (§2.3): both keys set and equal, same backend key, and no (protocol,
   * port) in common.
   */
  String conflictWith(String otherService, SharingTerms other) {
    if (other.sharingKey.isEmpty()) {
      return otherService + " does not allow sharing (no metallb.io/allow-shared-ip)";
    }
    if (sharingKey.isEmpty()) {
      return "this Service does not allow sharing (no metallb.io/allow-shared-ip)";
    }
    if (!sharingKey.equals(other.sharingKey)) {
      return "its sharing key is \""
          + other.sharingKey
          + "\", this Service's is \""
          + sharingKey
          + "\"";
    }
    if (!backendKey.equals(other.backendKey)) {
      return "externalTrafficPolicy/selector differ (Local needs the same selector on both;"
          + " Local and Cluster never share)";
    }
    Set<String> common = new TreeSet<>();
    for (ServicePort p : ports) {
      if (other.ports.contains(p)) {
        common.add(p.toString());
      }
    }
    return common.isEmpty() ? null : "both use port(s) " + String.join(", ", common);
  }
}
