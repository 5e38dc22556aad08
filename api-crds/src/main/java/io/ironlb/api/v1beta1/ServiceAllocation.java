package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code IPAddressPool.spec.serviceAllocation}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAllocation {

  @JsonPropertyDescription(
      "Order among the pools that match a Service: a lower number is tried first; 0 or unset is"
          + " tried after every pool with a priority. IronLB breaks ties by pool name.")
  private Integer priority;

  @JsonPropertyDescription("Namespaces whose Services may use the pool.")
  private List<String> namespaces;

  @JsonPropertyDescription(
      "Label selectors for namespaces whose Services may use the pool (OR-ed, and added to"
          + " namespaces).")
  private List<LabelSelector> namespaceSelectors;

  @JsonPropertyDescription(
      "Label selectors for Services that may use the pool (OR-ed). With namespaces too, a Service"
          + " must match both.")
  private List<LabelSelector> serviceSelectors;

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public List<LabelSelector> getNamespaceSelectors() {
    return namespaceSelectors;
  }

  public void setNamespaceSelectors(List<LabelSelector> namespaceSelectors) {
    this.namespaceSelectors = namespaceSelectors;
  }

  public List<LabelSelector> getServiceSelectors() {
    return serviceSelectors;
  }

  public void setServiceSelectors(List<LabelSelector> serviceSelectors) {
    this.serviceSelectors = serviceSelectors;
  }
}
