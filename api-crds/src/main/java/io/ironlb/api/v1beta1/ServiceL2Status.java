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
 * Which node announces a Service in layer 2 ({@code metallb.io/v1beta1 ServiceL2Status}), written
 * by the announcing speaker.
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("ServiceL2Status")
@Plural("servicel2statuses")
@AdditionalPrinterColumn(
    name = "Allocated Node",
    jsonPath = ".status.node",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Service Name",
    jsonPath = ".status.serviceName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Service Namespace",
    jsonPath = ".status.serviceNamespace",
    type = AdditionalPrinterColumn.Type.STRING)
public class ServiceL2Status extends CustomResource<EmptySpec, ServiceL2StatusStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Which node announces the Service in layer 2, and on which interfaces; written by that node.")
  public ServiceL2StatusStatus getStatus() {
    return super.getStatus();
  }
}
