package io.ironlb.core.config;

import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta1.L2AdvertisementSpec;
import io.ironlb.api.v1beta1.L2AdvertisementSpec.PreferredNodeSelector;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Validates L2Advertisements (METALLB-API.md §1.2, V5): selectors, duplicates, preferred-node
 * weights. An invalid one keeps its last valid version, whose pools are resolved again against the
 * current pools.
 */
final class L2AdvertisementParser {

  static final String KIND = "L2Advertisement";

  private final PoolReferences refs;

  L2AdvertisementParser(PoolReferences refs) {
    this.refs = refs;
  }

  SortedMap<String, L2AdvertisementConfig> parse(
      List<L2Advertisement> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<L2AdvertisementConfig>> candidates = new ArrayList<>();
    for (L2Advertisement cr : Crs.byName(crs, KIND, out)) {
      Optional<L2AdvertisementConfig> before =
          Optional.ofNullable(previous.l2Advertisements().get(Crs.name(cr)))
              .map(v -> v.withPools(refs.resolve(v.poolSelection(), null)));
      candidates.add(parseOne(cr, before));
    }
    return Versions.settle(candidates, out);
  }

  private Candidate<L2AdvertisementConfig> parseOne(
      L2Advertisement cr, Optional<L2AdvertisementConfig> before) {
    Problems p = Crs.problems(cr, KIND);
    L2AdvertisementSpec spec = cr.getSpec() == null ? new L2AdvertisementSpec() : cr.getSpec();
    PoolSelection selection = refs.selection(spec, p);
    List<String> pools = refs.resolve(selection, p);
    List<LabelSelector> nodes = Selectors.list(spec.getNodeSelectors(), "spec.nodeSelectors", p);
    List<LabelSelector> services =
        Selectors.list(spec.getServiceSelectors(), "spec.serviceSelectors", p);
    // interface names are not validated (as in MetalLB); repeating one changes nothing
    List<String> interfaces =
        spec.getInterfaces() == null
            ? List.of()
            : List.copyOf(new LinkedHashSet<>(spec.getInterfaces()));
    List<L2AdvertisementConfig.PreferredNodes> preferred =
        preferred(spec.getPreferredNodeSelectors(), p);
    return Candidate.of(
        p,
        () ->
            new L2AdvertisementConfig(
                Crs.name(cr), selection, pools, nodes, interfaces, services, preferred),
        before);
  }

  private static List<L2AdvertisementConfig.PreferredNodes> preferred(
      List<PreferredNodeSelector> given, Problems p) {
    List<L2AdvertisementConfig.PreferredNodes> out = new ArrayList<>();
    if (given == null) {
      return out;
    }
    for (int i = 0; i < given.size(); i++) {
      String field = "spec.preferredNodeSelectors[" + i + "]";
      Integer weight = given.get(i).getWeight();
      if (weight == null || weight < 1 || weight > 100) {
        p.reject(field + ".weight", "weight must be 1..100, got " + weight);
        continue;
      }
      try {
        out.add(
            new L2AdvertisementConfig.PreferredNodes(
                weight, Selectors.of(given.get(i).getPreference())));
      } catch (IllegalArgumentException e) {
        p.reject(field + ".preference", "invalid label selector: " + e.getMessage());
      }
    }
    return out;
  }
}
