package io.ironlb.core.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * metallb.io objects written as the YAML a user applies, and the cluster around them: Namespaces,
 * Nodes and Secrets every test shares.
 */
final class ConfigFixtures {

  static final String NS = "ironlb-system";

  /** team-a and team-b carry a team label; default carries none. */
  static final Map<String, Map<String, String>> NAMESPACES =
      Map.of("default", Map.of(), "team-a", Map.of("team", "a"), "team-b", Map.of("team", "b"));

  /** node-1 in zone a, node-2 in zone b. */
  static final Map<String, Map<String, String>> NODES =
      Map.of("node-1", Map.of("zone", "a"), "node-2", Map.of("zone", "b"));

  static final Map<String, ConfigInputs.SecretData> SECRETS =
      Map.of(
          "bgp-auth",
          new ConfigInputs.SecretData("kubernetes.io/basic-auth", Map.of("password", "s3cret")),
          "opaque",
          new ConfigInputs.SecretData("Opaque", Map.of("password", "x")),
          "no-key",
          new ConfigInputs.SecretData("kubernetes.io/basic-auth", Map.of("username", "u")));

  private ConfigFixtures() {}

  static IPAddressPool pool(String name, String spec) {
    return cr(IPAddressPool.class, "IPAddressPool", "v1beta1", name, "", spec);
  }

  static IPAddressPool labelledPool(String name, String labels, String spec) {
    return cr(IPAddressPool.class, "IPAddressPool", "v1beta1", name, labels, spec);
  }

  static L2Advertisement l2(String name, String spec) {
    return cr(L2Advertisement.class, "L2Advertisement", "v1beta1", name, "", spec);
  }

  static BGPAdvertisement bgpAdv(String name, String spec) {
    return cr(BGPAdvertisement.class, "BGPAdvertisement", "v1beta1", name, "", spec);
  }

  static BGPPeer peer(String name, String spec) {
    return cr(BGPPeer.class, "BGPPeer", "v1beta2", name, "", spec);
  }

  /** A valid eBGP peer at 10.0.0.1 plus {@code extra} spec lines. */
  static BGPPeer ebgpPeer(String name, String extra) {
    return peer(name, "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\n" + extra);
  }

  static Community community(String name, String spec) {
    return cr(Community.class, "Community", "v1beta1", name, "", spec);
  }

  static BFDProfile bfd(String name, String spec) {
    return cr(BFDProfile.class, "BFDProfile", "v1beta1", name, "", spec);
  }

  /** Inputs holding {@code objects} (sorted out by type) and the shared cluster. */
  static ConfigInputs inputs(HasMetadata... objects) {
    List<IPAddressPool> pools = new ArrayList<>();
    List<L2Advertisement> l2 = new ArrayList<>();
    List<BGPAdvertisement> bgp = new ArrayList<>();
    List<BGPPeer> peers = new ArrayList<>();
    List<BFDProfile> bfds = new ArrayList<>();
    List<Community> communities = new ArrayList<>();
    for (HasMetadata o : objects) {
      switch (o.getKind()) {
        case "IPAddressPool" -> pools.add((IPAddressPool) o);
        case "L2Advertisement" -> l2.add((L2Advertisement) o);
        case "BGPAdvertisement" -> bgp.add((BGPAdvertisement) o);
        case "BGPPeer" -> peers.add((BGPPeer) o);
        case "BFDProfile" -> bfds.add((BFDProfile) o);
        case "Community" -> communities.add((Community) o);
        default -> throw new IllegalArgumentException(o.getKind());
      }
    }
    return new ConfigInputs(pools, l2, bgp, peers, bfds, communities, NAMESPACES, NODES, SECRETS);
  }

  /** Parses {@code objects} with nothing before. */
  static ParseResult parse(HasMetadata... objects) {
    return new ConfigParser().parse(inputs(objects), Config.empty());
  }

  /** The problems of a parse as a user reads them. */
  static List<String> texts(ParseResult r) {
    return r.problems().stream().map(ConfigProblem::toString).toList();
  }

  private static <T extends HasMetadata> T cr(
      Class<T> type, String kind, String version, String name, String labels, String spec) {
    String yaml =
        "apiVersion: metallb.io/"
            + version
            + "\nkind: "
            + kind
            + "\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + NS
            + (labels.isEmpty() ? "" : "\n  labels: " + labels)
            + "\nspec:\n"
            + spec.indent(2);
    return Serialization.unmarshal(yaml, type);
  }
}
