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
 * the {@code metallb.io/} and the deprecated {@code metallb.universe.tf/} prefix.
 */
record ServiceRequest(
    String key,
    String namespace,
    Map<String, String> labels,
    FamilyPolicy policy,
    List<IpFamily> families,
    List<InetAddress> requestedIps,
    Optional<String> requestedPool,
    SharingTerms sharing,
    List<String> deprecatedAnnotations) {

  static final String PREFIX = "metallb.io/";
  static final String OLD_PREFIX = "metallb.universe.tf/";
  static final String ADDRESS_POOL = "address-pool";
  static final String LOAD_BALANCER_IPS = "loadBalancerIPs";
  static final String ALLOW_SHARED_IP = "allow-shared-ip";

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
    List<String> deprecated = new ArrayList<>();
    Map<String, String> a = svc.annotations();
    List<IpFamily> clusterFamilies = clusterFamilies(svc);
    FamilyPolicy policy = policy(svc, clusterFamilies);
    List<IpFamily> families = orderedFamilies(svc, clusterFamilies, policy);
    List<InetAddress> requested = requestedIps(svc, annotation(a, LOAD_BALANCER_IPS, deprecated));
    checkRequestedFamilies(requested, families, policy);
    Optional<String> pool = annotation(a, ADDRESS_POOL, deprecated).map(String::trim);
    String sharingKey = annotation(a, ALLOW_SHARED_IP, deprecated).orElse("");
    SharingTerms sharing = new SharingTerms(sharingKey, backendKey(svc), Set.copyOf(svc.ports()));
    return new ServiceRequest(
        svc.key(),
        svc.namespace(),
        svc.labels(),
        policy,
        families,
        requested,
        pool,
        sharing,
        List.copyOf(deprecated));
  }

  private static Optional<String> annotation(
      Map<String, String> a, String name, List<String> deprecated) {
    String current = a.get(PREFIX + name);
    if (a.containsKey(OLD_PREFIX + name)) {
      deprecated.add(OLD_PREFIX + name);
    }
    return Optional.ofNullable(current != null ? current : a.get(OLD_PREFIX + name));
  }

  private static List<IpFamily> clusterFamilies(ServiceSnapshot svc)
      throws InvalidServiceException {
    if (svc.clusterIPs().isEmpty()) {
      throw new InvalidServiceException(
          "noclusterIPsIPFamily", "the Service has no ClusterIP, so its IP family is unknown");
    }
    Set<IpFamily> families = new LinkedHashSet<>();
    for (String ip : svc.clusterIPs()) {
      try {
        families.add(IpFamily.of(IpText.parse(ip)));
      } catch (IllegalArgumentException e) {
        throw new InvalidServiceException(
            "noclusterIPsIPFamily", "the Service's ClusterIP \"" + ip + "\" is not an IP address");
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
            "AllocationFailed",
            "ipFamilyPolicy RequireDualStack needs an IPv4 and an IPv6 ClusterIP; the Service has "
                + clusterFamilies.size()
                + " family");
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
      primary = "IPv6".equals(svc.ipFamilies().get(0)) ? IpFamily.IPV6 : IpFamily.IPV4;
      if (!clusterFamilies.contains(primary)) {
        primary = clusterFamilies.get(0);
      }
    }
    if (policy == FamilyPolicy.SINGLE) {
      return List.of(primary);
    }
    return primary == IpFamily.IPV4
        ? List.of(IpFamily.IPV4, IpFamily.IPV6)
        : List.of(IpFamily.IPV6, IpFamily.IPV4);
  }

  private static List<InetAddress> requestedIps(ServiceSnapshot svc, Optional<String> annotation)
      throws InvalidServiceException {
    String spec = svc.loadBalancerIP();
    boolean hasSpec = spec != null && !spec.isBlank();
    if (annotation.isPresent() && hasSpec) {
      throw new InvalidServiceException(
          "LoadBalancerFailed",
          "spec.loadBalancerIP and the metallb.io/loadBalancerIPs annotation are both set; use only"
              + " the annotation");
    }
    if (hasSpec) {
      try {
        return List.of(IpText.parse(spec.trim()));
      } catch (IllegalArgumentException e) {
        throw new InvalidServiceException(
            "LoadBalancerFailed",
            "invalid spec.loadBalancerIP \"" + spec + "\": not an IP address");
      }
    }
    if (annotation.isEmpty()) {
      return List.of();
    }
    List<InetAddress> ips = new ArrayList<>();
    for (String part : annotation.get().split(",", -1)) {
      try {
        ips.add(IpText.parse(part.trim()));
      } catch (IllegalArgumentException e) {
        throw new InvalidServiceException(
            "LoadBalancerFailed",
            "invalid metallb.io/loadBalancerIPs \""
                + annotation.get()
                + "\": \""
                + part.trim()
                + "\" is not an IP address");
      }
    }
    if (ips.size() > 2 || (ips.size() == 2 && IpFamily.of(ips.get(0)) == IpFamily.of(ips.get(1)))) {
      throw new InvalidServiceException(
          "LoadBalancerFailed",
          "invalid metallb.io/loadBalancerIPs \""
              + annotation.get()
              + "\": give one IP, or one IPv4 and one IPv6 IP");
    }
    return List.copyOf(ips);
  }

  private static void checkRequestedFamilies(
      List<InetAddress> requested, List<IpFamily> families, FamilyPolicy policy)
      throws InvalidServiceException {
    if (requested.isEmpty()) {
      return;
    }
    Set<IpFamily> asked = requested.stream().map(IpFamily::of).collect(Collectors.toSet());
    boolean ok =
        policy == FamilyPolicy.PREFER_DUAL
            ? families.containsAll(asked)
            : asked.equals(Set.copyOf(families));
    if (!ok) {
      throw new InvalidServiceException(
          "AllocationFailed",
          "requested IPs "
              + requested.stream().map(IpText::format).toList()
              + " do not match the Service's IP families "
              + families.stream().map(f -> f == IpFamily.IPV4 ? "IPv4" : "IPv6").toList());
    }
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
}
