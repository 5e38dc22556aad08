package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * {@code IPAddressPool.status}, written by the controller. All four counts are required in the
 * schema, as in MetalLB, so a status is always complete.
 */
public class IPAddressPoolStatus {

  @Required
  @JsonPropertyDescription("IPv4 addresses of the pool in use (a shared IP counts once).")
  private Long assignedIPv4;

  @Required
  @JsonPropertyDescription("IPv6 addresses of the pool in use (a shared IP counts once).")
  private Long assignedIPv6;

  @Required
  @JsonPropertyDescription("IPv4 addresses still free (9223372036854775807 for huge ranges).")
  private Long availableIPv4;

  @Required
  @JsonPropertyDescription("IPv6 addresses still free (9223372036854775807 for huge ranges).")
  private Long availableIPv6;

  public Long getAssignedIPv4() {
    return assignedIPv4;
  }

  public void setAssignedIPv4(Long v) {
    this.assignedIPv4 = v;
  }

  public Long getAssignedIPv6() {
    return assignedIPv6;
  }

  public void setAssignedIPv6(Long v) {
    this.assignedIPv6 = v;
  }

  public Long getAvailableIPv4() {
    return availableIPv4;
  }

  public void setAvailableIPv4(Long v) {
    this.availableIPv4 = v;
  }

  public Long getAvailableIPv6() {
    return availableIPv6;
  }

  public void setAvailableIPv6(Long v) {
    this.availableIPv6 = v;
  }
}
