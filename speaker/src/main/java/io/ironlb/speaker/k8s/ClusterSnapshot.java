package io.ironlb.speaker.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import java.util.List;

/** The cluster objects one planning pass works from. */
public record ClusterSnapshot(
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Node> nodes,
    List<Namespace> namespaces,
    List<IPAddressPool> pools,
    List<L2Advertisement> l2Advertisements) {

  public ClusterSnapshot {
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    nodes = List.copyOf(nodes);
    namespaces = List.copyOf(namespaces);
    pools = List.copyOf(pools);
    l2Advertisements = List.copyOf(l2Advertisements);
  }
}
