package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code BGPAdvertisement} (METALLB-API.md §1.3).
 *
 * @param name object name
 * @param poolSelection how the object chooses pools
 * @param pools names of the pools it announces now, sorted (unknown or left-out pools, and pools
 *     with a prefix more specific than the aggregation length, are dropped and reported)
 * @param aggregationLength IPv4 prefix length announced, 1..32 (default 32)
 * @param aggregationLengthV6 IPv6 prefix length announced, 1..128 (default 128)
 * @param localPref LOCAL_PREF for iBGP peers, 0 when unset
 * @param communities community values to attach, aliases resolved, sorted, without duplicates
 * @param peers BGPPeer names to announce to; empty means every peer
 * @param nodeSelectors nodes that announce (OR-ed); empty means every node
 * @param serviceSelectors Services it applies to (OR-ed); empty means every Service of its pools
 */
public record BgpAdvertisementConfig(
    String name,
    PoolSelection poolSelection,
    List<String> pools,
    int aggregationLength,
    int aggregationLengthV6,
    long localPref,
    List<BgpCommunity> communities,
    List<String> peers,
    List<LabelSelector> nodeSelectors,
    List<LabelSelector> serviceSelectors) {

  public BgpAdvertisementConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(poolSelection, "poolSelection");
    pools = List.copyOf(pools);
    communities = List.copyOf(communities);
    peers = List.copyOf(peers);
    nodeSelectors = List.copyOf(nodeSelectors);
    serviceSelectors = List.copyOf(serviceSelectors);
  }

  /** The same advertisement announcing {@code resolved} pools. */
  BgpAdvertisementConfig withPools(List<String> resolved) {
    return new BgpAdvertisementConfig(
        name,
        poolSelection,
        resolved,
        aggregationLength,
        aggregationLengthV6,
        localPref,
        communities,
        peers,
        nodeSelectors,
        serviceSelectors);
  }
}
