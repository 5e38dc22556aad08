package io.ironlb.core.config;

import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.IPAddressPoolSpec;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.PoolAddresses;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Validates IPAddressPools (METALLB-API.md §1.9 V1-V4), resolves their namespace selectors, and
 * settles overlaps between pools (V3) with {@link Versions}: a pool that already applies keeps its
 * addresses and the newcomer is refused; between two newcomers the later name is refused.
 */
final class PoolParser {

  static final String KIND = "IPAddressPool";

  private final Map<String, Map<String, String>> namespaceLabels;

  PoolParser(Map<String, Map<String, String>> namespaceLabels) {
    this.namespaceLabels = namespaceLabels;
  }

  PoolCatalog parse(List<IPAddressPool> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<AddressPool>> candidates = new ArrayList<>();
    Map<String, List<List<Cidr>>> freshEntries = new HashMap<>();
    Map<String, Map<String, String>> labels = new HashMap<>();
    for (IPAddressPool cr : Crs.byName(crs, KIND, out)) {
      List<List<Cidr>> entries = new ArrayList<>();
      Candidate<AddressPool> c = parseOne(cr, entries, previous);
      candidates.add(c);
      freshEntries.put(c.name(), entries);
      labels.put(c.name(), Crs.labels(cr));
    }
    SortedMap<String, AddressPool> pools =
        Versions.settle(
            candidates, (a, mine, b, other) -> overlap(a, mine, b, other, freshEntries), out);
    Map<String, List<List<Cidr>>> entries = new HashMap<>();
    for (Candidate<AddressPool> c : candidates) {
      if (c.fresh().isPresent() && c.fresh().get().equals(pools.get(c.name()))) {
        entries.put(c.name(), freshEntries.get(c.name()));
      }
    }
    return new PoolCatalog(pools, labels, entries, new TreeSet<>(labels.keySet()));
  }

  /** V3 between pools: the first CIDR of {@code mine} inside or around one of {@code other}. */
  private static Optional<Versions.Conflict> overlap(
      String myName,
      AddressPool mine,
      String otherName,
      AddressPool other,
      Map<String, List<List<Cidr>>> freshEntries) {
    for (Cidr a : mine.cidrs()) {
      for (Cidr b : other.cidrs()) {
        if (a.overlaps(b)) {
          return Optional.of(
              new Versions.Conflict(
                  entryField(a, freshEntries.getOrDefault(myName, List.of())),
                  "CIDR "
                      + a
                      + " overlaps with CIDR "
                      + b
                      + " of IPAddressPool \""
                      + otherName
                      + "\""));
        }
      }
    }
    return Optional.empty();
  }

  private static String entryField(Cidr cidr, List<List<Cidr>> entries) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).contains(cidr)) {
        return "spec.addresses[" + i + "]";
      }
    }
    return "spec.addresses";
  }

  private Candidate<AddressPool> parseOne(
      IPAddressPool cr, List<List<Cidr>> entries, Config previous) {
    Problems p = Crs.problems(cr, KIND);
    IPAddressPoolSpec spec = cr.getSpec() == null ? new IPAddressPoolSpec() : cr.getSpec();
    List<Cidr> cidrs = addresses(spec.getAddresses(), entries, p);
    Optional<ServiceAllocation> allocation = serviceAllocation(spec.getServiceAllocation(), p);
    return Candidate.of(
        p,
        () ->
            new AddressPool(
                Crs.name(cr),
                cidrs,
                !Boolean.FALSE.equals(spec.getAutoAssign()),
                Boolean.TRUE.equals(spec.getAvoidBuggyIPs()),
                allocation),
        Optional.ofNullable(previous.pools().get(Crs.name(cr))));
  }

  /** V1 (each entry parses), V2 (some entry), V3 inside the pool; fills {@code entries}. */
  private static List<Cidr> addresses(
      List<String> addresses, List<List<Cidr>> entries, Problems p) {
    List<Cidr> cidrs = new ArrayList<>();
    if (addresses == null || addresses.isEmpty()) {
      p.reject("spec.addresses", "pool has no prefixes defined");
      return cidrs;
    }
    for (int i = 0; i < addresses.size(); i++) {
      String field = "spec.addresses[" + i + "]";
      List<Cidr> entry;
      try {
        entry = PoolAddresses.parseEntry(addresses.get(i));
      } catch (IllegalArgumentException e) {
        p.reject(field, e.getMessage());
        entries.add(List.of());
        continue;
      }
      for (Cidr c : entry) {
        cidrs.stream()
            .filter(c::overlaps)
            .findFirst()
            .ifPresent(
                clash ->
                    p.reject(
                        field, "CIDR " + c + " overlaps with CIDR " + clash + " of the same pool"));
      }
      cidrs.addAll(entry);
      entries.add(entry);
    }
    return cidrs;
  }

  /** V4, and namespaceSelectors resolved against the Namespaces that exist now. */
  private Optional<ServiceAllocation> serviceAllocation(
      io.ironlb.api.v1beta1.ServiceAllocation sa, Problems p) {
    if (sa == null) {
      return Optional.empty();
    }
    String field = "spec.serviceAllocation.";
    Set<String> namespaces = new HashSet<>();
    List<String> listed = sa.getNamespaces() == null ? List.of() : sa.getNamespaces();
    for (int i = 0; i < listed.size(); i++) {
      if (!namespaces.add(listed.get(i))) {
        p.reject(field + "namespaces[" + i + "]", "duplicate namespace \"" + listed.get(i) + "\"");
      }
    }
    List<LabelSelector> nsSelectors =
        Selectors.list(sa.getNamespaceSelectors(), field + "namespaceSelectors", p);
    namespaceLabels.forEach(
        (ns, labels) -> {
          if (nsSelectors.stream().anyMatch(s -> s.matches(labels))) {
            namespaces.add(ns);
          }
        });
    List<LabelSelector> svcSelectors =
        Selectors.list(sa.getServiceSelectors(), field + "serviceSelectors", p);
    boolean restricted = !listed.isEmpty() || !nsSelectors.isEmpty();
    int priority = sa.getPriority() == null ? 0 : sa.getPriority();
    return Optional.of(new ServiceAllocation(priority, restricted, namespaces, svcSelectors));
  }
}
