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
 * Announces the IPs of some pools in layer 2 (ARP/NDP) from some nodes ({@code metallb.io/v1beta1
 * L2Advertisement}).
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("L2Advertisement")
@Plural("l2advertisements")
@AdditionalPrinterColumn(
    name = "IPAddressPools",
    jsonPath = ".spec.ipAddressPools",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "IPAddressPool Selectors",
    jsonPath = ".spec.ipAddressPoolSelectors",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Interfaces",
    jsonPath = ".spec.interfaces",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Node Selectors",
    jsonPath = ".spec.nodeSelectors",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 10)
public class L2Advertisement extends CustomResource<L2AdvertisementSpec, EmptyStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Which pools are announced in layer 2 (ARP for IPv4, NDP for IPv6), for which"
          + " Services, from which nodes and interfaces.")
  public L2AdvertisementSpec getSpec() {
    return super.getSpec();
  }
}
