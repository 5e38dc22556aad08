package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The fields ServiceL2Status and ServiceBGPStatus share: which Service, on which node. */
public class ServiceStatusBase {

  @ValidationRule(value = "self == oldSelf", message = "Value is immutable")
  @JsonPropertyDescription("The node announcing the Service.")
  private String node;

  @ValidationRule(value = "self == oldSelf", message = "Value is immutable")
  @JsonPropertyDescription("The Service's name.")
  private String serviceName;

  @ValidationRule(value = "self == oldSelf", message = "Value is immutable")
  @JsonPropertyDescription("The Service's namespace.")
  private String serviceNamespace;

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public String getServiceNamespace() {
    return serviceNamespace;
  }

  public void setServiceNamespace(String serviceNamespace) {
    this.serviceNamespace = serviceNamespace;
  }
}
