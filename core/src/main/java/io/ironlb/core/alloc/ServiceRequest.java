package io.ironlb.core.alloc;

import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Service as the allocation rules see it: its IP families, what it asks for (IPs, pool), and its
 * sharing terms. Built from a {@link ServiceSnapshot}; annotation parsing lives here, reading both
 * the {@code metallb.io/} and the deprecated {@code metallb.universe.tf/} prefix (the first wins
 * when both are set, METALLB-API.md §2.1).
 *
 * @param requestedIps the IPs asked for by {@code metallb.io/loadBalancerIPs} or {@code
 *     spec.loadBalancerIP}, in the order given; empty when none, or when they cannot be read
 * @param invalidRequest why the requested IPs cannot be read ({@code LoadBalancerFailed}), if so
 */
record ServiceRequest(
    String key,
    String namespace,
    Map<String, String> labels,
    FamilyPolicy policy,
    List<IpFamily> families,
    List<InetAddress> requestedIps,
    Optional<String> invalidRequest,
    Optional<String> requestedPool,
    SharingTerms sharing) {

  static final String PREFIX = "metallb.io/";
  static final String OLD_PREFIX = "metallb.universe.tf/";
  static final String ADDRESS_POOL = "address-pool";
  static final String LOAD_BALANCER_IPS = "loadBalancerIPs";
  static final String ALLOW_SHARED_IP = "allow-shared-ip";
  static final String ALLOCATED_FROM_POOL = "ip-allocated-from-pool";

  /** How many families the Service wants, from {@code spec.ipFamilyPolicy} and its ClusterIPs. */
  enum FamilyPolicy {
    /** One IP of {@code families.get(0)}. */
    SINGLE,
    /** One IPv4 and one IPv6 IP, from the same pool. */
    REQUIRE_DUAL,
    /** Both if one pool can; else the primary family ({@code families.get(0)}); else the other. */
    PREFER_DUAL
  }

  /** Thrown for a Service whose fields make allocation impossible; the message says why. */
  static final class InvalidServiceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    InvalidServiceException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  /** Reads the allocation-relevant parts of {@code svc}. */
  static ServiceRequest from(ServiceSnapshot svc) throws InvalidServiceException {
    Map<String, String> a = svc.annotations();
    List<IpFamily> clusterFamilies = clusterFamilies(svc);
    FamilyPolicy policy = policy(svc, clusterFamilies);
    List<IpFamily> families = orderedFamilies(svc, clusterFamilies, policy);
    List<InetAddress> requested = List.of();
    Optional<String> invalid = Optional.empty();
    try {
      requested = RequestedIps.parse(svc.loadBalancerIP(), annotation(a, LOAD_BALANCER_IPS));
    } catch (IllegalArgumentException e) {
      invalid = Optional.of(e.getMessage());
    }
    String sharingKey = annotation(a, ALLOW_SHARED_IP).orElse("");
    return new ServiceRequest(
        svc.key(),
        svc.namespace(),
        svc.labels(),
        policy,
        families,
        requested,
        invalid,
        annotation(a, ADDRESS_POOL).map(String::trim).filter(p -> !p.isEmpty()),
        new SharingTerms(sharingKey, backendKey(svc), Set.copyOf(svc.ports())));
  }

  /**
   * The {@code metallb.universe.tf/} annotations the Service carries, sorted; the pool annotation
   * the controller itself wrote in MetalLB's days is not the user's doing and is left out.
   */
  static List<String> deprecatedAnnotations(ServiceSnapshot svc) {
    return svc.annotations().keySet().stream()
        .filter(k -> k.startsWith(OLD_PREFIX) && !k.equals(OLD_PREFIX + ALLOCATED_FROM_POOL))
        .sorted()
        .toList();
  }

  /** The value under {@code metallb.io/NAME}, else under the old prefix (MetalLB's order). */
  private static Optional<String> annotation(Map<String, String> a, String name) {
    String current = a.get(PREFIX + name);
    return Optional.ofNullable(current != null ? current : a.get(OLD_PREFIX + name));
  }

  private static List<IpFamily> clusterFamilies(ServiceSnapshot svc)
      throws InvalidServiceException {
    if (svc.clusterIPs().isEmpty()) {
      throw new InvalidServiceException(
          ServiceEvent.NO_CLUSTER_IPS_FAMILY,
          "the Service has no ClusterIP, so its IP family is unknown");
    }
    Set<IpFamily> families = new LinkedHashSet<>();
    for (String ip : svc.clusterIPs()) {
      try {
        families.add(IpFamily.of(IpText.parse(ip)));
      } catch (IllegalArgumentException e) {
        throw new InvalidServiceException(
            ServiceEvent.NO_CLUSTER_IPS_FAMILY,
            "the Service's ClusterIP \"" + ip + "\" is not an IP address");
      }
    }
    return List.copyOf(families);
  }

  private static FamilyPolicy policy(ServiceSnapshot svc, List<IpFamily> clusterFamilies)
      throws InvalidServiceException {
    String p = svc.ipFamilyPolicy();
    if ("RequireDualStack".equals(p)) {
      if (clusterFamilies.size() < 2) {
        throw new InvalidServiceException(
            ServiceEvent.NOT_ENOUGH_CLUSTER_IPS,
            "ipFamilyPolicy RequireDualStack needs an IPv4 and an IPv6 ClusterIP; the Service has "
                + svc.clusterIPs());
      }
      return FamilyPolicy.REQUIRE_DUAL;
    }
    if ("PreferDualStack".equals(p) && clusterFamilies.size() == 2) {
      return FamilyPolicy.PREFER_DUAL;
    }
    // SingleStack, unset, or PreferDualStack with one ClusterIP family: IronLB serves the families
    // the Service has and never tops up later (METALLB-API.md §10.1).
    return FamilyPolicy.SINGLE;
  }

  /** The families in preference order: the primary family first, from {@code ipFamilies[0]}. */
  private static List<IpFamily> orderedFamilies(
      ServiceSnapshot svc, List<IpFamily> clusterFamilies, FamilyPolicy policy) {
    IpFamily primary = clusterFamilies.get(0);
    if (!svc.ipFamilies().isEmpty()) {
      IpFamily declared = "IPv6".equals(svc.ipFamilies().get(0)) ? IpFamily.IPV6 : IpFamily.IPV4;
      if (clusterFamilies.contains(declared)) {
        primary = declared;
      }
    }
    if (policy == FamilyPolicy.SINGLE) {
      return List.of(primary);
    }
    return primary == IpFamily.IPV4
        ? List.of(IpFamily.IPV4, IpFamily.IPV6)
        : List.of(IpFamily.IPV6, IpFamily.IPV4);
  }

  /**
   * MetalLB's backend key: with {@code externalTrafficPolicy: Local} the canonical selector (two
   * Services can share an IP only if their traffic lands on the same pods), else empty.
   */
  private static String backendKey(ServiceSnapshot svc) {
    if (!"Local".equals(svc.externalTrafficPolicy())) {
      return "";
    }
    return new TreeMap<>(svc.selector())
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** Reads {@code spec.loadBalancerIP} and {@code metallb.io/loadBalancerIPs}. */
  static final class RequestedIps {

    private RequestedIps() {}

    /**
     * The requested IPs: none, one, or two of different families; IllegalArgumentException with the
     * {@code LoadBalancerFailed} message when they cannot be read.
     */
    static List<InetAddress> parse(String spec, Optional<String> annotation) {
      boolean hasSpec = spec != null && !spec.isBlank();
      boolean hasAnnotation = annotation.isPresent() && !annotation.get().isBlank();
      if (hasAnnotation && hasSpec) {
        throw new IllegalArgumentException(
            "spec.loadBalancerIP and the metallb.io/loadBalancerIPs annotation are both set; use"
                + " only the annotation");
      }
      if (hasSpec) {
        try {
          return List.of(IpText.parse(spec.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "invalid spec.loadBalancerIP \"" + spec + "\": not an IP address", e);
        }
      }
      return hasAnnotation ? fromAnnotation(annotation.get()) : List.of();
    }

    private static List<InetAddress> fromAnnotation(String value) {
      List<InetAddress> ips = new ArrayList<>();
      for (String part : value.split(",", -1)) {
        try {
          ips.add(IpText.parse(part.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "invalid metallb.io/loadBalancerIPs \""
                  + value
                  + "\": \""
                  + part.trim()
                  + "\" is not an IP address",
              e);
        }
      }
      boolean sameFamily = ips.size() == 2 && IpFamily.of(ips.get(0)) == IpFamily.of(ips.get(1));
      if (ips.size() > 2 || sameFamily) {
        throw new IllegalArgumentException(
            "invalid metallb.io/loadBalancerIPs \""
                + value
                + "\": give one IP, or one IPv4 and one IPv6 IP");
      }
      return List.copyOf(ips);
    }
  }
}
