package io.ironlb.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ironlb.api.v1beta1.EmptyStatus;

/** A BGP router the speakers peer with ({@code metallb.io/v1beta2 BGPPeer}). */
@Group("metallb.io")
@Version("v1beta2")
@Kind("BGPPeer")
@Plural("bgppeers")
@AdditionalPrinterColumn(
    name = "Address",
    jsonPath = ".spec.peerAddress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ASN",
    jsonPath = ".spec.peerASN",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "BFD Profile",
    jsonPath = ".spec.bfdProfile",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Multi Hops",
    jsonPath = ".spec.ebgpMultiHop",
    type = AdditionalPrinterColumn.Type.STRING)
public class BGPPeer extends CustomResource<BGPPeerSpec, EmptyStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "The BGP session: AS numbers, addresses, timers, authentication and the nodes that open it.")
  public BGPPeerSpec getSpec() {
    return super.getSpec();
  }
}
