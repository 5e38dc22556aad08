package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A range of IPs the controller hands out to LoadBalancer Services ({@code metallb.io/v1beta1
 * IPAddressPool}).
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("IPAddressPool")
@Plural("ipaddresspools")
@AdditionalPrinterColumn(
    name = "Auto Assign",
    jsonPath = ".spec.autoAssign",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Avoid Buggy IPs",
    jsonPath = ".spec.avoidBuggyIPs",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Addresses",
    jsonPath = ".spec.addresses",
    type = AdditionalPrinterColumn.Type.STRING)
public class IPAddressPool extends CustomResource<IPAddressPoolSpec, IPAddressPoolStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @Required
  @JsonPropertyDescription("The addresses of the pool and how the controller hands them out.")
  public IPAddressPoolSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Address counts of the pool, written by the controller.")
  public IPAddressPoolStatus getStatus() {
    return super.getStatus();
  }
}
