package io.ironlb.core.config;

import io.ironlb.api.v1beta1.AdvertisementSelection;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.BGPAdvertisementSpec;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.CommunitySpec;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta1.L2AdvertisementSpec;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates L2 and BGP advertisements and Community aliases (METALLB-API.md §1.9 V5-V13). An
 * advertisement naming an unknown pool loses only that reference.
 */
final class AdvertisementParser {

  private static final Pattern LEGACY = Pattern.compile("^(\\d+):(\\d+)$");
  private static final Pattern LARGE = Pattern.compile("^large:(\\d+):(\\d+):(\\d+)$");

  private final SortedMap<String, AddressPool> pools;
  private final Map<String, Map<String, String>> poolLabels;
  private final List<ConfigProblem> problems;

  AdvertisementParser(
      SortedMap<String, AddressPool> pools,
      List<IPAddressPool> poolCrs,
      List<ConfigProblem> problems) {
    this.pools = pools;
    this.poolLabels = new TreeMap<>();
    for (IPAddressPool cr : poolCrs) {
      Map<String, String> l = cr.getMetadata().getLabels();
      poolLabels.put(cr.getMetadata().getName(), l == null ? Map.of() : l);
    }
    this.problems = problems;
  }

  /** Community aliases; a duplicate name keeps the first definition (objects by name). */
  SortedMap<String, String> communities(List<Community> crs) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Community cr : crs) {
      Problems p =
          new Problems("Community", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      CommunitySpec spec = cr.getSpec();
      List<CommunitySpec.CommunityAlias> aliases =
          spec == null || spec.getCommunities() == null ? List.of() : spec.getCommunities();
      for (int i = 0; i < aliases.size(); i++) {
        CommunitySpec.CommunityAlias a = aliases.get(i);
        String field = "spec.communities[" + i + "]";
        String problem = communityProblem(a.getValue());
        if (a.getName() == null || a.getName().isBlank()) {
          p.add(field + ".name", "alias without a name");
        } else if (problem != null) {
          p.add(field + ".value", problem);
        } else if (out.containsKey(a.getName())) {
          p.add(field + ".name", "duplicate definition of community \"" + a.getName() + "\"");
        } else {
          out.put(a.getName(), a.getValue());
        }
      }
      problems.addAll(p.list());
    }
    return out;
  }

  SortedMap<String, L2Adv> l2(List<L2Advertisement> crs) {
    SortedMap<String, L2Adv> out = new TreeMap<>();
    for (L2Advertisement cr : crs) {
      Problems p =
          new Problems(
              "L2Advertisement", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      L2AdvertisementSpec spec = cr.getSpec() == null ? new L2AdvertisementSpec() : cr.getSpec();
      List<L2Adv.WeightedSelector> preferred = new ArrayList<>();
      if (spec.getPreferredNodeSelectors() != null) {
        for (int i = 0; i < spec.getPreferredNodeSelectors().size(); i++) {
          var pref = spec.getPreferredNodeSelectors().get(i);
          int w = pref.getWeight() == null ? 0 : pref.getWeight();
          if (w < 1 || w > 100) {
            p.add(
                "spec.preferredNodeSelectors[" + i + "].weight", "weight must be 1..100, got " + w);
            continue;
          }
          try {
            preferred.add(new L2Adv.WeightedSelector(w, Selectors.of(pref.getPreference())));
          } catch (IllegalArgumentException e) {
            p.add("spec.preferredNodeSelectors[" + i + "].preference", e.getMessage());
          }
        }
      }
      L2Adv adv =
          new L2Adv(
              cr.getMetadata().getName(),
              selectedPools(spec, p),
              Selectors.list(spec.getNodeSelectors(), "spec.nodeSelectors", p),
              spec.getInterfaces() == null
                  ? List.of()
                  : List.copyOf(new LinkedHashSet<>(spec.getInterfaces())),
              Selectors.list(spec.getServiceSelectors(), "spec.serviceSelectors", p),
              preferred);
      problems.addAll(p.list());
      out.put(adv.name(), adv);
    }
    return out;
  }

  SortedMap<String, BgpAdv> bgp(List<BGPAdvertisement> crs, SortedMap<String, String> aliases) {
    SortedMap<String, BgpAdv> out = new TreeMap<>();
    for (BGPAdvertisement cr : crs) {
      Problems p =
          new Problems(
              "BGPAdvertisement", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      BGPAdvertisementSpec spec = cr.getSpec() == null ? new BGPAdvertisementSpec() : cr.getSpec();
      int agg4 = spec.getAggregationLength() == null ? 32 : spec.getAggregationLength();
      int agg6 = spec.getAggregationLengthV6() == null ? 128 : spec.getAggregationLengthV6();
      List<String> selected = selectedPools(spec, p);
      boolean aggregationOk = checkAggregation(agg4, agg6, selected, p);
      List<LabelSelector> svcSelectors =
          Selectors.list(spec.getServiceSelectors(), "spec.serviceSelectors", p);
      if (!svcSelectors.isEmpty() && (agg4 != 32 || agg6 != 128)) {
        p.add(
            "spec.serviceSelectors",
            "serviceSelectors can be used only with the default aggregation lengths (32 and 128)");
        aggregationOk = false;
      }
      List<String> communities = resolveCommunities(spec.getCommunities(), aliases, p);
      List<String> peers = distinct(spec.getPeers(), "spec.peers", p);
      if (!aggregationOk) {
        problems.addAll(p.list());
        continue; // the routes it would announce are wrong: leave it out
      }
      BgpAdv adv =
          new BgpAdv(
              cr.getMetadata().getName(),
              selected,
              agg4,
              agg6,
              spec.getLocalPref() == null ? 0 : spec.getLocalPref(),
              communities,
              peers,
              Selectors.list(spec.getNodeSelectors(), "spec.nodeSelectors", p),
              svcSelectors);
      problems.addAll(p.list());
      out.put(adv.name(), adv);
    }
    reportLocalPrefConflicts(out, crs);
    return out;
  }

  private List<String> selectedPools(AdvertisementSelection spec, Problems p) {
    Set<String> out = new LinkedHashSet<>();
    List<String> names = spec.getIpAddressPools() == null ? List.of() : spec.getIpAddressPools();
    List<LabelSelector> selectors =
        Selectors.list(spec.getIpAddressPoolSelectors(), "spec.ipAddressPoolSelectors", p);
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (!pools.containsKey(n)) {
        p.add(
            "spec.ipAddressPools[" + i + "]",
            "unknown IPAddressPool \"" + n + "\"; reference ignored");
      } else if (!out.add(n)) {
        p.add("spec.ipAddressPools[" + i + "]", "duplicate pool " + n);
      }
    }
    for (LabelSelector s : selectors) {
      pools.keySet().stream()
          .filter(n -> s.matches(poolLabels.getOrDefault(n, Map.of())))
          .forEach(out::add);
    }
    if (names.isEmpty() && selectors.isEmpty() && spec.getIpAddressPoolSelectors() == null) {
      out.addAll(pools.keySet()); // neither list set: every pool (§1.2)
    }
    return List.copyOf(out);
  }

  private boolean checkAggregation(int agg4, int agg6, List<String> selected, Problems p) {
    boolean ok = true;
    if (agg4 < 1 || agg4 > 32) {
      p.add("spec.aggregationLength", "must be 1..32, got " + agg4);
      ok = false;
    }
    if (agg6 < 1 || agg6 > 128) {
      p.add("spec.aggregationLengthV6", "must be 1..128, got " + agg6);
      ok = false;
    }
    for (String name : selected) {
      for (Cidr c : pools.get(name).cidrs()) {
        int agg = c.family() == IpFamily.IPV4 ? agg4 : agg6;
        if (c.prefixLength() > agg) {
          p.add(
              c.family() == IpFamily.IPV4 ? "spec.aggregationLength" : "spec.aggregationLengthV6",
              "prefix "
                  + c.prefixLength()
                  + " of "
                  + c
                  + " in IPAddressPool \""
                  + name
                  + "\" is more specific than the aggregation length "
                  + agg);
          ok = false;
        }
      }
    }
    return ok;
  }

  private List<String> resolveCommunities(
      List<String> in, SortedMap<String, String> aliases, Problems p) {
    List<String> out = new ArrayList<>();
    List<String> values = distinct(in, "spec.communities", p);
    for (int i = 0; i < values.size(); i++) {
      String c = values.get(i);
      if (!c.contains(":")) {
        if (aliases.containsKey(c)) {
          out.add(aliases.get(c));
        } else {
          p.add("spec.communities[" + i + "]", "unknown Community alias \"" + c + "\"");
        }
        continue;
      }
      String problem = communityProblem(c);
      if (problem == null) {
        out.add(c);
      } else {
        p.add("spec.communities[" + i + "]", problem);
      }
    }
    return out;
  }

  /** Null when {@code v} is A:B (16-bit each) or large:A:B:C (32-bit each); else what is wrong. */
  static String communityProblem(String v) {
    if (v == null) {
      return "missing community value";
    }
    var legacy = LEGACY.matcher(v);
    if (legacy.matches()) {
      return fits(legacy.group(1), 0xffffL) && fits(legacy.group(2), 0xffffL)
          ? null
          : "invalid community value \"" + v + "\": each part of A:B must be 0..65535";
    }
    var large = LARGE.matcher(v);
    if (large.matches()) {
      return fits(large.group(1), 0xffffffffL)
              && fits(large.group(2), 0xffffffffL)
              && fits(large.group(3), 0xffffffffL)
          ? null
          : "invalid community value \"" + v + "\": each part of large:A:B:C must be 0..4294967295";
    }
    return "invalid community value \"" + v + "\": expected A:B or large:A:B:C";
  }

  private static boolean fits(String digits, long max) {
    return digits.length() <= 10 && Long.parseLong(digits) <= max;
  }

  private static List<String> distinct(List<String> in, String field, Problems p) {
    List<String> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < in.size(); i++) {
      if (seen.add(in.get(i))) {
        out.add(in.get(i));
      } else {
        p.add(field + "[" + i + "]", "duplicate entry " + in.get(i));
      }
    }
    return out;
  }

  /**
   * V9, simple form: two advertisements of one pool with the same aggregation, overlapping peers
   * (both unset, or a common name), neither with serviceSelectors, and different localPref: the
   * router would get two routes for one prefix with different preferences. Reported on the later
   * advertisement by name; both stay (the speaker decides per Service).
   */
  private void reportLocalPrefConflicts(SortedMap<String, BgpAdv> ads, List<BGPAdvertisement> crs) {
    List<BgpAdv> list = new ArrayList<>(ads.values());
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        BgpAdv a = list.get(i);
        BgpAdv b = list.get(j);
        boolean samePool = a.pools().stream().anyMatch(b.pools()::contains);
        boolean peersOverlap =
            a.peers().isEmpty()
                || b.peers().isEmpty()
                || a.peers().stream().anyMatch(b.peers()::contains);
        if (samePool
            && peersOverlap
            && a.localPref() != b.localPref()
            && a.aggregationLength() == b.aggregationLength()
            && a.aggregationLengthV6() == b.aggregationLengthV6()
            && a.serviceSelectors().isEmpty()
            && b.serviceSelectors().isEmpty()) {
          String ns = crs.isEmpty() ? null : crs.get(0).getMetadata().getNamespace();
          problems.add(
              new ConfigProblem(
                  "BGPAdvertisement",
                  ns,
                  b.name(),
                  "spec.localPref",
                  "localPref "
                      + b.localPref()
                      + " conflicts with localPref "
                      + a.localPref()
                      + " of BGPAdvertisement \""
                      + a.name()
                      + "\" for the same pool and peers"));
        }
      }
    }
  }
}
