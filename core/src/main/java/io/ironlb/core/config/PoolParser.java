package io.ironlb.core.config;

import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.IPAddressPoolSpec;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.PoolAddresses;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Validates IPAddressPools (METALLB-API.md §1.9 V1-V4) and resolves their namespace selectors.
 *
 * <p>Overlaps (V3) are settled deterministically: pools that were valid in the previous
 * configuration are placed first (so a newcomer can never push out a pool that Services already
 * use), then the rest by name; a pool that overlaps one already placed is rejected, naming both.
 */
final class PoolParser {

  private static final String KIND = "IPAddressPool";

  private final Map<String, Map<String, String>> namespaceLabels;
  private final List<ConfigProblem> problems;

  PoolParser(Map<String, Map<String, String>> namespaceLabels, List<ConfigProblem> problems) {
    this.namespaceLabels = namespaceLabels;
    this.problems = problems;
  }

  SortedMap<String, AddressPool> parse(List<IPAddressPool> crs, Config previous) {
    List<AddressPool> candidates = new ArrayList<>();
    for (IPAddressPool cr : crs) {
      Optional<AddressPool> pool = parseOne(cr);
      String name = cr.getMetadata().getName();
      if (pool.isPresent()) {
        candidates.add(pool.get());
      } else if (previous.pools().containsKey(name)) {
        problems.add(
            new ConfigProblem(
                KIND,
                cr.getMetadata().getNamespace(),
                name,
                "spec",
                "keeping the last valid version"));
        candidates.add(previous.pools().get(name));
      }
    }
    candidates.sort(
        Comparator.comparing((AddressPool p) -> !previous.pools().containsKey(p.name()))
            .thenComparing(AddressPool::name));
    SortedMap<String, AddressPool> accepted = new TreeMap<>();
    for (AddressPool p : candidates) {
      String clash = overlap(p, accepted.values());
      if (clash == null) {
        accepted.put(p.name(), p);
      } else {
        problems.add(
            new ConfigProblem(KIND, namespaceOf(crs, p.name()), p.name(), "spec.addresses", clash));
      }
    }
    return accepted;
  }

  private static String namespaceOf(List<IPAddressPool> crs, String name) {
    return crs.stream()
        .filter(c -> name.equals(c.getMetadata().getName()))
        .map(c -> c.getMetadata().getNamespace())
        .findFirst()
        .orElse(null);
  }

  private static String overlap(AddressPool p, Iterable<AddressPool> placed) {
    for (AddressPool other : placed) {
      for (Cidr a : p.cidrs()) {
        for (Cidr b : other.cidrs()) {
          if (a.overlaps(b)) {
            return "CIDR "
                + a
                + " overlaps with already defined CIDR "
                + b
                + " of IPAddressPool \""
                + other.name()
                + "\"; pool left out";
          }
        }
      }
    }
    return null;
  }

  private Optional<AddressPool> parseOne(IPAddressPool cr) {
    String name = cr.getMetadata().getName();
    Problems p = new Problems(KIND, cr.getMetadata().getNamespace(), name);
    IPAddressPoolSpec spec = cr.getSpec();
    List<Cidr> cidrs = new ArrayList<>();
    if (spec == null || spec.getAddresses() == null || spec.getAddresses().isEmpty()) {
      p.add("spec.addresses", "pool has no prefixes defined");
    } else {
      for (int i = 0; i < spec.getAddresses().size(); i++) {
        String field = "spec.addresses[" + i + "]";
        try {
          for (Cidr c : PoolAddresses.parseEntry(spec.getAddresses().get(i))) {
            Cidr clash = cidrs.stream().filter(c::overlaps).findFirst().orElse(null);
            if (clash != null) {
              p.add(field, "CIDR " + c + " overlaps with CIDR " + clash + " of the same pool");
            }
            cidrs.add(c);
          }
        } catch (IllegalArgumentException e) {
          p.add(field, e.getMessage());
        }
      }
    }
    Optional<ServiceAllocation> allocation =
        spec == null ? Optional.empty() : serviceAllocation(spec.getServiceAllocation(), p);
    problems.addAll(p.list());
    if (p.any()) {
      return Optional.empty();
    }
    return Optional.of(
        new AddressPool(
            name,
            cidrs,
            !Boolean.FALSE.equals(spec.getAutoAssign()),
            Boolean.TRUE.equals(spec.getAvoidBuggyIPs()),
            allocation));
  }

  private Optional<ServiceAllocation> serviceAllocation(
      io.ironlb.api.v1beta1.ServiceAllocation sa, Problems p) {
    if (sa == null) {
      return Optional.empty();
    }
    Set<String> namespaces = new HashSet<>();
    List<String> listed = sa.getNamespaces() == null ? List.of() : sa.getNamespaces();
    for (int i = 0; i < listed.size(); i++) {
      if (!namespaces.add(listed.get(i))) {
        p.add(
            "spec.serviceAllocation.namespaces[" + i + "]", "duplicate namespace " + listed.get(i));
      }
    }
    List<LabelSelector> nsSelectors =
        Selectors.list(sa.getNamespaceSelectors(), "spec.serviceAllocation.namespaceSelectors", p);
    for (LabelSelector s : nsSelectors) {
      namespaceLabels.forEach(
          (ns, labels) -> {
            if (s.matches(labels)) {
              namespaces.add(ns);
            }
          });
    }
    List<LabelSelector> svcSelectors =
        Selectors.list(sa.getServiceSelectors(), "spec.serviceAllocation.serviceSelectors", p);
    boolean restricted = !listed.isEmpty() || !nsSelectors.isEmpty();
    int priority = sa.getPriority() == null ? 0 : sa.getPriority();
    return Optional.of(new ServiceAllocation(priority, restricted, namespaces, svcSelectors));
  }
}
