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
 * Which node advertises a Service over BGP, to which peers ({@code metallb.io/v1beta1
 * ServiceBGPStatus}), written by every advertising speaker.
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("ServiceBGPStatus")
@Plural("servicebgpstatuses")
@AdditionalPrinterColumn(
    name = "Node",
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
public class ServiceBGPStatus extends CustomResource<EmptySpec, ServiceBGPStatusStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Which node advertises the Service over BGP, and to which peers; written by that node.")
  public ServiceBGPStatusStatus getStatus() {
    return super.getStatus();
  }
}
