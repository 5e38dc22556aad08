package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Announces the IPs of some pools over BGP, with route attributes ({@code metallb.io/v1beta1
 * BGPAdvertisement}).
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("BGPAdvertisement")
@Plural("bgpadvertisements")
@AdditionalPrinterColumn(
    name = "IPAddressPools",
    jsonPath = ".spec.ipAddressPools",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "IPAddressPool Selectors",
    jsonPath = ".spec.ipAddressPoolSelectors",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Peers",
    jsonPath = ".spec.peers",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Node Selectors",
    jsonPath = ".spec.nodeSelectors",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 10)
public class BGPAdvertisement extends CustomResource<BGPAdvertisementSpec, EmptyStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Which pools are announced over BGP, for which Services, from which nodes, to which"
          + " peers and with which route attributes.")
  public BGPAdvertisementSpec getSpec() {
    return super.getSpec();
  }
}
