package io.ironlb.speaker.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.util.List;

/**
 * The cluster objects one planning pass works from.
 *
 * @param bgp the BGP configuration objects of the IronLB namespace
 */
public record ClusterSnapshot(
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Node> nodes,
    List<Namespace> namespaces,
    List<IPAddressPool> pools,
    List<L2Advertisement> l2Advertisements,
    Bgp bgp) {

  public ClusterSnapshot {
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    nodes = List.copyOf(nodes);
    namespaces = List.copyOf(namespaces);
    pools = List.copyOf(pools);
    l2Advertisements = List.copyOf(l2Advertisements);
    java.util.Objects.requireNonNull(bgp, "bgp");
  }

  /** A snapshot without BGP objects (layer 2 only). */
  public ClusterSnapshot(
      List<Service> services,
      List<EndpointSlice> endpointSlices,
      List<Node> nodes,
      List<Namespace> namespaces,
      List<IPAddressPool> pools,
      List<L2Advertisement> l2Advertisements) {
    this(services, endpointSlices, nodes, namespaces, pools, l2Advertisements, Bgp.NONE);
  }

  /**
   * The BGP kinds and the Secrets BGPPeer passwords come from.
   *
   * @param secrets the namespace's {@code kubernetes.io/basic-auth} Secrets
   */
  public record Bgp(
      List<BGPPeer> peers,
      List<BGPAdvertisement> advertisements,
      List<BFDProfile> bfdProfiles,
      List<Community> communities,
      List<Secret> secrets) {

    /** No BGP configuration at all. */
    public static final Bgp NONE = new Bgp(List.of(), List.of(), List.of(), List.of(), List.of());

    public Bgp {
      peers = List.copyOf(peers);
      advertisements = List.copyOf(advertisements);
      bfdProfiles = List.copyOf(bfdProfiles);
      communities = List.copyOf(communities);
      secrets = List.copyOf(secrets);
    }
  }
}
