package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code IPAddressPool.spec}. {@code autoAssign} and {@code avoidBuggyIPs} start at their schema
 * defaults, as the API server stores them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressPoolSpec {

  @Required
  @JsonPropertyDescription(
      "The addresses the pool hands out. Each entry is a CIDR (192.168.10.0/24, 2001:db8::/64;"
          + " host bits are cleared) or a range start-end (192.168.9.1-192.168.9.5, spaces around"
          + " the dash allowed); a single IP is a /32, a /128 or a range a-a. IPv4 and IPv6"
          + " entries may be mixed: such a pool serves dual-stack Services. Entries must not"
          + " overlap, within the pool or with other pools.")
  private List<@Pattern(Patterns.CIDR_OR_RANGE) String> addresses;

  @Default("true")
  @JsonPropertyDescription(
      "Whether the pool is used for automatic allocation. When false, a Service gets an IP from"
          + " this pool only by naming it (metallb.io/address-pool) or by requesting one of its"
          + " IPs. Default true.")
  private Boolean autoAssign = true;

  @Default("false")
  @JsonPropertyDescription(
      "When true, IPv4 addresses ending in .0 or .255 are never handed out (some old network"
          + " equipment drops traffic to them). Default false.")
  private Boolean avoidBuggyIPs = false;

  @JsonPropertyDescription(
      "Pins the pool to some namespaces or Services and sets its priority among pools. Without"
          + " it, the pool serves any Service, after every pool pinned to that Service.")
  private ServiceAllocation serviceAllocation;

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public Boolean getAutoAssign() {
    return autoAssign;
  }

  public void setAutoAssign(Boolean autoAssign) {
    this.autoAssign = autoAssign;
  }

  public Boolean getAvoidBuggyIPs() {
    return avoidBuggyIPs;
  }

  public void setAvoidBuggyIPs(Boolean avoidBuggyIPs) {
    this.avoidBuggyIPs = avoidBuggyIPs;
  }

  public ServiceAllocation getServiceAllocation() {
    return serviceAllocation;
  }

  public void setServiceAllocation(ServiceAllocation serviceAllocation) {
    this.serviceAllocation = serviceAllocation;
  }
}
