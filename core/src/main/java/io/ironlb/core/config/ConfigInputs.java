package io.ironlb.core.config;

import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything a configuration is made of: the metallb.io objects of the IronLB namespace (the caller
 * filters by namespace), the labels of Namespaces and Nodes that selectors resolve against, and the
 * Secrets BGPPeers take passwords from.
 *
 * @param namespaceLabels Namespace name to its labels ({@code
 *     serviceAllocation.namespaceSelectors})
 * @param nodeLabels Node name to its labels (which advertisements reach the same nodes, V9)
 * @param secrets Secrets of the IronLB namespace by name, data already base64-decoded
 */
public record ConfigInputs(
    List<IPAddressPool> pools,
    List<L2Advertisement> l2Advertisements,
    List<BGPAdvertisement> bgpAdvertisements,
    List<BGPPeer> bgpPeers,
    List<BFDProfile> bfdProfiles,
    List<Community> communities,
    Map<String, Map<String, String>> namespaceLabels,
    Map<String, Map<String, String>> nodeLabels,
    Map<String, SecretData> secrets) {

  public ConfigInputs {
    pools = List.copyOf(pools);
    l2Advertisements = List.copyOf(l2Advertisements);
    bgpAdvertisements = List.copyOf(bgpAdvertisements);
    bgpPeers = List.copyOf(bgpPeers);
    bfdProfiles = List.copyOf(bfdProfiles);
    communities = List.copyOf(communities);
    namespaceLabels = deepCopy(namespaceLabels);
    nodeLabels = deepCopy(nodeLabels);
    secrets = Map.copyOf(secrets);
  }

  private static Map<String, Map<String, String>> deepCopy(Map<String, Map<String, String>> m) {
    return m.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
  }

  /** The controller's inputs: pools and Namespaces only. */
  public static ConfigInputs forPools(
      List<IPAddressPool> pools, Map<String, Map<String, String>> namespaceLabels) {
    return new ConfigInputs(
        pools,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        namespaceLabels,
        Map.of(),
        Map.of());
  }

  /**
   * The part of a Secret a BGPPeer password needs. Its {@code toString} never shows the data.
   *
   * @param type the Secret's {@code type}; {@code kubernetes.io/basic-auth} for a BGP password
   * @param data the decoded {@code data} (and {@code stringData}) entries
   */
  public record SecretData(String type, Map<String, String> data) {

    /** The type a BGPPeer password Secret must have (METALLB-API.md §1.4, V15). */
    public static final String BASIC_AUTH = "kubernetes.io/basic-auth";

    public SecretData {
      Objects.requireNonNull(type, "type");
      data = Map.copyOf(data);
    }

    @Override
    public String toString() {
      return "SecretData[type=" + type + ", keys=" + new TreeSet<>(data.keySet()) + "]";
    }
  }
}
