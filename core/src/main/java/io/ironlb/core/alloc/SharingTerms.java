package io.ironlb.core.alloc;

import java.util.HashSet;
import java.util.Set;

/**
 * The terms on which a Service holds an IP (METALLB-API.md §2.3): its sharing key ({@code
 * metallb.io/allow-shared-ip}, empty for none), its backend key, and its (protocol, port) pairs.
 */
record SharingTerms(String sharingKey, String backendKey, Set<ServicePort> ports) {

  SharingTerms {
    ports = Set.copyOf(ports);
  }

  /**
   * Why a Service with these terms may not join {@code other} on one IP, or null when it may: both
   * keys set and equal, same backend key, and no (protocol, port) in common.
   */
  String conflictWith(String otherKey, SharingTerms other) {
    if (sharingKey.isEmpty() || other.sharingKey.isEmpty()) {
      return "it is used by " + otherKey + " and sharing needs metallb.io/allow-shared-ip on both";
    }
    if (!sharingKey.equals(other.sharingKey)) {
      return "it is used by "
          + otherKey
          + " with sharing key \""
          + other.sharingKey
          + "\", not \""
          + sharingKey
          + "\"";
    }
    if (!backendKey.equals(other.backendKey)) {
      return "it is used by "
          + otherKey
          + " and externalTrafficPolicy/selector differ (Local needs the same selector on both;"
          + " Local and Cluster never share)";
    }
    Set<ServicePort> common = new HashSet<>(ports);
    common.retainAll(other.ports);
    if (!common.isEmpty()) {
      return "it is used by " + otherKey + " on the same port(s) " + common;
    }
    return null;
  }
}
