package io.ironlb.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated configuration: what every component works from, never the raw CRs. Replaced as a
 * whole on every change; equal inputs give an equal Config.
 *
 * @param pools the pools by name
 * @param l2Advertisements layer-2 advertisements by name
 * @param bgpAdvertisements BGP advertisements by name
 * @param bgpPeers BGP peers by name
 * @param bfdProfiles BFD profiles by name
 * @param communities community aliases: name to value ({@code 65000:100}, {@code large:1:2:3})
 */
public record Config(
    SortedMap<String, AddressPool> pools,
    SortedMap<String, L2Adv> l2Advertisements,
    SortedMap<String, BgpAdv> bgpAdvertisements,
    SortedMap<String, BgpPeerConfig> bgpPeers,
    SortedMap<String, BfdProfileConfig> bfdProfiles,
    SortedMap<String, String> communities) {

  public Config {
    pools = frozen(pools);
    l2Advertisements = frozen(l2Advertisements);
    bgpAdvertisements = frozen(bgpAdvertisements);
    bgpPeers = frozen(bgpPeers);
    bfdProfiles = frozen(bfdProfiles);
    communities = frozen(communities);
  }

  /** The configuration before anything was loaded. */
  public static Config empty() {
    return new Config(
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>());
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
