package io.ironlb.core.config;

import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.BGPAdvertisementSpec;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Validates BGPAdvertisements (METALLB-API.md §1.3, V5-V12) and settles localPref conflicts (V9,
 * {@link LocalPrefConflicts}). Aggregation lengths are checked against each selected pool (V7): a
 * pool with a prefix more specific than the aggregation length is dropped from this advertisement
 * (the aggregate would claim addresses outside the pool), the rest still applies.
 */
final class BgpAdvertisementParser {

  static final String KIND = "BGPAdvertisement";

  private final PoolReferences refs;
  private final Map<String, CommunityAlias> aliases;
  private final Map<String, Map<String, String>> nodeLabels;

  BgpAdvertisementParser(
      PoolReferences refs,
      Map<String, CommunityAlias> aliases,
      Map<String, Map<String, String>> nodeLabels) {
    this.refs = refs;
    this.aliases = aliases;
    this.nodeLabels = nodeLabels;
  }

  SortedMap<String, BgpAdvertisementConfig> parse(
      List<BGPAdvertisement> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<BgpAdvertisementConfig>> candidates = new ArrayList<>();
    for (BGPAdvertisement cr : Crs.byName(crs, KIND, out)) {
      Optional<BgpAdvertisementConfig> before =
          Optional.ofNullable(previous.bgpAdvertisements().get(Crs.name(cr)))
              .map(v -> v.withPools(pools(v, null)));
      candidates.add(parseOne(cr, before));
    }
    return Versions.settle(
        candidates, new LocalPrefConflicts(refs.catalog(), nodeLabels)::between, out);
  }

  private Candidate<BgpAdvertisementConfig> parseOne(
      BGPAdvertisement cr, Optional<BgpAdvertisementConfig> before) {
    Problems p = Crs.problems(cr, KIND);
    BGPAdvertisementSpec spec = cr.getSpec() == null ? new BGPAdvertisementSpec() : cr.getSpec();
    int agg4 = ranged(spec.getAggregationLength(), 32, 32, "spec.aggregationLength", p);
    int agg6 = ranged(spec.getAggregationLengthV6(), 128, 128, "spec.aggregationLengthV6", p);
    List<LabelSelector> services = serviceSelectors(spec, agg4, agg6, p);
    long localPref = localPref(spec.getLocalPref(), p);
    List<BgpCommunity> communities = communities(spec.getCommunities(), p);
    List<String> peers = distinct(spec.getPeers(), "spec.peers", "peer", p);
    List<LabelSelector> nodes = Selectors.list(spec.getNodeSelectors(), "spec.nodeSelectors", p);
    PoolSelection selection = refs.selection(spec, p);
    // a rejected version is never used: still report its unknown pools, skip V7 on its lengths
    List<String> pools =
        p.rejected() ? refs.resolve(selection, p) : pools(selection, agg4, agg6, p);
    return Candidate.of(
        p,
        () ->
            new BgpAdvertisementConfig(
                Crs.name(cr),
                selection,
                pools,
                agg4,
                agg6,
                localPref,
                communities,
                peers,
                nodes,
                services),
        before);
  }

  /** A kept version's pools, resolved again against the pools of this parse. */
  private List<String> pools(BgpAdvertisementConfig kept, Problems notes) {
    return pools(kept.poolSelection(), kept.aggregationLength(), kept.aggregationLengthV6(), notes);
  }

  /** V8: which Services share an aggregate is unknown when Services are selected. */
  private static List<LabelSelector> serviceSelectors(
      BGPAdvertisementSpec spec, int agg4, int agg6, Problems p) {
    List<LabelSelector> services =
        Selectors.list(spec.getServiceSelectors(), "spec.serviceSelectors", p);
    if (!services.isEmpty() && (agg4 != 32 || agg6 != 128)) {
      p.reject(
          "spec.serviceSelectors",
          "serviceSelectors can be used only with the default aggregation lengths (32 and 128)");
    }
    return services;
  }

  /** LOCAL_PREF is an unsigned 32-bit attribute (RFC 4271 §5.1.5); 0 means unset. */
  private static long localPref(Long given, Problems p) {
    long v = given == null ? 0 : given;
    if (v < 0 || v > 0xffffffffL) {
      p.reject("spec.localPref", "must be 0..4294967295, got " + v);
    }
    return v;
  }

  /** The selected pools whose every address entry fits the aggregation lengths (V7). */
  private List<String> pools(PoolSelection selection, int agg4, int agg6, Problems notes) {
    List<String> out = new ArrayList<>();
    for (String pool : refs.resolve(selection, notes)) {
      Optional<Versions.Conflict> misfit = aggregationMisfit(pool, agg4, agg6);
      if (misfit.isEmpty()) {
        out.add(pool);
      } else if (notes != null) {
        notes.note(
            misfit.get().field(),
            misfit.get().message() + "; pool not announced by this advertisement");
      }
    }
    return out;
  }

  /**
   * V7, as MetalLB checks it: per address entry, the widest CIDR of the entry (a range becomes
   * several) must not be more specific than the aggregation length of its family.
   */
  private Optional<Versions.Conflict> aggregationMisfit(String pool, int agg4, int agg6) {
    for (List<Cidr> entry : refs.catalog().entriesOf(pool)) {
      Optional<Cidr> widest = entry.stream().min(Comparator.comparingInt(Cidr::prefixLength));
      if (widest.isEmpty()) {
        continue;
      }
      boolean v6 = widest.get().family() == IpFamily.IPV6;
      int agg = v6 ? agg6 : agg4;
      if (agg < widest.get().prefixLength()) {
        return Optional.of(
            new Versions.Conflict(
                v6 ? "spec.aggregationLengthV6" : "spec.aggregationLength",
                "prefix "
                    + widest.get().prefixLength()
                    + " of "
                    + widest.get()
                    + " in IPAddressPool \""
                    + pool
                    + "\" is more specific than the aggregation length "
                    + agg));
      }
    }
    return Optional.empty();
  }

  /** V10 duplicates, then each item as an alias (V12) or a literal (V11); sorted, distinct. */
  private List<BgpCommunity> communities(List<String> given, Problems p) {
    List<String> items = distinct(given, "spec.communities", "community", p);
    TreeSet<BgpCommunity> out = new TreeSet<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      String field = "spec.communities[" + given.indexOf(item) + "]";
      CommunityAlias alias = aliases.get(item);
      if (alias != null) {
        out.add(alias.value());
      } else if (!item.contains(":")) {
        p.reject(field, "unknown Community alias \"" + item + "\"");
      } else {
        try {
          out.add(BgpCommunity.parse(item));
        } catch (IllegalArgumentException e) {
          p.reject(field, e.getMessage());
        }
      }
    }
    return List.copyOf(out);
  }

  private static List<String> distinct(List<String> given, String field, String what, Problems p) {
    List<String> out = new ArrayList<>();
    if (given == null) {
      return out;
    }
    for (int i = 0; i < given.size(); i++) {
      if (out.contains(given.get(i))) {
        p.reject(field + "[" + i + "]", "duplicate " + what + " \"" + given.get(i) + "\"");
      } else {
        out.add(given.get(i));
      }
    }
    return out;
  }

  /** V6: 1..max (the schema's minimum is 1; the parser rejects longer than the family). */
  private static int ranged(Integer given, int dflt, int max, String field, Problems p) {
    int v = given == null ? dflt : given;
    if (v < 1 || v > max) {
      p.reject(field, "invalid aggregation length " + v + ": must be 1.." + max);
    }
    return v;
  }
}
