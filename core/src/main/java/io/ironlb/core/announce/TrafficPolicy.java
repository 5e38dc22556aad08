package io.ironlb.core.announce;

/**
 * A Service's {@code spec.externalTrafficPolicy}: with {@code LOCAL} only nodes hosting a serving
 * endpoint of the Service may announce it (METALLB-API.md §2.4).
 */
public enum TrafficPolicy {
  CLUSTER,
  LOCAL
}
