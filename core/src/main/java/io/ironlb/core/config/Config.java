package io.ironlb.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated configuration: what every component works from, never the raw CRs. Replaced as a
 * whole on every change; equal inputs give an equal Config, so an unchanged configuration is a
 * no-op downstream.
 *
 * <p>Guarantees: no two pools overlap; every pool an advertisement lists exists here; every BFD
 * profile a peer names exists here; community aliases are already resolved into the advertisements
 * that use them.
 *
 * @param pools the pools by name
 * @param l2Advertisements layer-2 advertisements by name
 * @param bgpAdvertisements BGP advertisements by name
 * @param bgpPeers BGP peers by name
 * @param bfdProfiles BFD profiles by name
 * @param communities community aliases by alias name
 */
public record Config(
    SortedMap<String, AddressPool> pools,
    SortedMap<String, L2AdvertisementConfig> l2Advertisements,
    SortedMap<String, BgpAdvertisementConfig> bgpAdvertisements,
    SortedMap<String, BgpPeerConfig> bgpPeers,
    SortedMap<String, BfdProfileConfig> bfdProfiles,
    SortedMap<String, CommunityAlias> communities) {

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
