package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** {@code ServiceL2Status.status}. */
public class ServiceL2StatusStatus extends ServiceStatusBase {

  @JsonPropertyDescription(
      "Interfaces the IP is announced on; filled only when an L2Advertisement names interfaces.")
  private List<InterfaceInfo> interfaces;

  public List<InterfaceInfo> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<InterfaceInfo> interfaces) {
    this.interfaces = interfaces;
  }

  /** One announcing interface. */
  public static class InterfaceInfo {
    @JsonPropertyDescription("Interface name.")
    private String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }
}
