package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** The fields L2Advertisement and BGPAdvertisement share: which pools, nodes and Services. */
public class AdvertisementSelection {

  @JsonPropertyDescription(
      "Pools whose IPs this advertisement announces, by name. With neither ipAddressPools nor"
          + " ipAddressPoolSelectors, every pool.")
  private List<String> ipAddressPools;

  @JsonPropertyDescription("Pools whose IPs this advertisement announces, by label (OR-ed).")
  private List<LabelSelector> ipAddressPoolSelectors;

  @JsonPropertyDescription("Nodes that may announce (OR-ed label selectors); empty: every node.")
  private List<LabelSelector> nodeSelectors;

  @JsonPropertyDescription(
      "Services this advertisement applies to (OR-ed label selectors); empty: every Service of"
          + " the selected pools.")
  private List<LabelSelector> serviceSelectors;

  public List<String> getIpAddressPools() {
    return ipAddressPools;
  }

  public void setIpAddressPools(List<String> ipAddressPools) {
    this.ipAddressPools = ipAddressPools;
  }

  public List<LabelSelector> getIpAddressPoolSelectors() {
    return ipAddressPoolSelectors;
  }

  public void setIpAddressPoolSelectors(List<LabelSelector> ipAddressPoolSelectors) {
    this.ipAddressPoolSelectors = ipAddressPoolSelectors;
  }

  public List<LabelSelector> getNodeSelectors() {
    return nodeSelectors;
  }

  public void setNodeSelectors(List<LabelSelector> nodeSelectors) {
    this.nodeSelectors = nodeSelectors;
  }

  public List<LabelSelector> getServiceSelectors() {
    return serviceSelectors;
  }

  public void setServiceSelectors(List<LabelSelector> serviceSelectors) {
    this.serviceSelectors = serviceSelectors;
  }
}
