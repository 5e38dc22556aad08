package io.ironlb.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Turns the metallb.io objects into a validated {@link Config}: the one place CRs are read (as
 * MetalLB's {@code config.For}). Unlike MetalLB, an invalid object never makes the whole
 * configuration stale: it keeps its last valid version from {@code previous} (or is left out),
 * everything else applies, and each problem names the object and field.
 */
public final class ConfigParser {

  /** Parses {@code inputs}; {@code previous} supplies last valid versions of invalid objects. */
  public ParseResult parse(ConfigInputs inputs, Config previous) {
    List<ConfigProblem> problems = new ArrayList<>();
    SortedMap<String, AddressPool> pools =
        new PoolParser(inputs.namespaceLabels(), problems)
            .parse(sortedByName(inputs.pools()), previous);
    AdvertisementParser ads = new AdvertisementParser(pools, inputs.pools(), problems);
    SortedMap<String, String> communities = ads.communities(sortedByName(inputs.communities()));
    var l2 = ads.l2(sortedByName(inputs.l2Advertisements()));
    var bgp = ads.bgp(sortedByName(inputs.bgpAdvertisements()), communities);
    PeerParser peers = new PeerParser(problems);
    var bfd = peers.bfd(sortedByName(inputs.bfdProfiles()));
    var bgpPeers = peers.peers(sortedByName(inputs.bgpPeers()), bfd);
    return new ParseResult(new Config(pools, l2, bgp, bgpPeers, bfd, communities), problems);
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> sortedByName(
      List<T> in) {
    return in.stream()
        .sorted(java.util.Comparator.comparing(o -> o.getMetadata().getName()))
        .toList();
  }
}
