package io.ironlb.core.config;

import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.util.List;
import java.util.Map;

/**
 * Everything a configuration is made of: the metallb.io objects of the IronLB namespace, and the
 * labels of Namespaces and Nodes that selectors resolve against.
 */
public record ConfigInputs(
    List<IPAddressPool> pools,
    List<L2Advertisement> l2Advertisements,
    List<BGPAdvertisement> bgpAdvertisements,
    List<BGPPeer> bgpPeers,
    List<BFDProfile> bfdProfiles,
    List<Community> communities,
    Map<String, Map<String, String>> namespaceLabels,
    Map<String, Map<String, String>> nodeLabels) {

  public ConfigInputs {
    pools = List.copyOf(pools);
    l2Advertisements = List.copyOf(l2Advertisements);
    bgpAdvertisements = List.copyOf(bgpAdvertisements);
    bgpPeers = List.copyOf(bgpPeers);
    bfdProfiles = List.copyOf(bfdProfiles);
    communities = List.copyOf(communities);
    namespaceLabels = Map.copyOf(namespaceLabels);
    nodeLabels = Map.copyOf(nodeLabels);
  }

  /** The controller's inputs: pools and Namespaces only. */
  public static ConfigInputs forPools(
      List<IPAddressPool> pools, Map<String, Map<String, String>> namespaceLabels) {
    return new ConfigInputs(
        pools, List.of(), List.of(), List.of(), List.of(), List.of(), namespaceLabels, Map.of());
  }
}
