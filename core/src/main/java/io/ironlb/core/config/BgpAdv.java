package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;

/**
 * A validated {@code BGPAdvertisement}.
 *
 * @param name object name
 * @param pools names of the pools it announces
 * @param aggregationLength IPv4 prefix length announced (default 32)
 * @param aggregationLengthV6 IPv6 prefix length announced (default 128)
 * @param localPref LOCAL_PREF, 0 when unset
 * @param communities community values, aliases resolved ({@code 65000:1}, {@code large:1:2:3})
 * @param peers BGPPeer names; empty means every peer
 * @param nodeSelectors nodes that announce; empty means every node
 * @param serviceSelectors Services it applies to; empty means every Service
 */
public record BgpAdv(
    String name,
    List<String> pools,
    int aggregationLength,
    int aggregationLengthV6,
    long localPref,
    List<String> communities,
    List<String> peers,
    List<LabelSelector> nodeSelectors,
    List<LabelSelector> serviceSelectors) {

  public BgpAdv {
    pools = List.copyOf(pools);
    communities = List.copyOf(communities);
    peers = List.copyOf(peers);
    nodeSelectors = List.copyOf(nodeSelectors);
    serviceSelectors = List.copyOf(serviceSelectors);
  }
}
