package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentences of {@code AllocationFailed} and {@code ClearAssignment} Events: each names the
 * problem (the pool, the IP, the other Service) so a user can act without reading logs.
 */
final class Refusals {

  private Refusals() {}

  static String noPoolAtAll() {
    return "no IPAddressPool matches this Service: there is no IPAddressPool";
  }

  static String noPoolAdmits(ServiceRequest req) {
    return "no IPAddressPool matches this Service: every pool has autoAssign: false or a"
        + " serviceAllocation that does not admit namespace "
        + req.namespace()
        + " and the Service's labels";
  }

  static String unknownPool(String name) {
    return "unknown IPAddressPool \"" + name + "\"";
  }

  static String notAdmitted(AddressPool pool, ServiceRequest req) {
    return "IPAddressPool \""
        + pool.name()
        + "\" does not admit this Service: its serviceAllocation does not match namespace "
        + req.namespace()
        + " and the Service's labels";
  }

  static String notInAnyPool(List<InetAddress> outside, boolean requested) {
    return subject(outside, requested)
        + (outside.size() == 1 ? " is" : " are")
        + " not in any IPAddressPool";
  }

  static String notInOnePool(List<InetAddress> ips, boolean requested) {
    return subject(ips, requested) + " are not in one IPAddressPool (they must come from one pool)";
  }

  static String notInRequestedPool(
      List<InetAddress> ips, boolean requested, String actual, String wanted) {
    return subject(ips, requested)
        + (ips.size() == 1 ? " is" : " are")
        + " in IPAddressPool \""
        + actual
        + "\", not in the requested pool \""
        + wanted
        + "\"";
  }

  static String badShape(List<InetAddress> ips, boolean requested) {
    return subject(ips, requested) + " must be one IP, or one IPv4 and one IPv6 IP";
  }

  static String cannotShare(InetAddress ip, IpLedger.Conflict c, boolean requested) {
    return subject(List.of(ip), requested)
        + " is in use by "
        + c.otherService()
        + " and cannot be shared: "
        + c.reason();
  }

  static String familyMismatch(List<InetAddress> ips, List<IpFamily> families) {
    return subject(ips, true)
        + (ips.size() == 1 ? " does" : " do")
        + " not match the Service's IP families "
        + families.stream().map(Refusals::name).toList();
  }

  /**
   * Which families each tried pool lacks, pools with the same lack grouped: {@code pool "blue" has
   * no free IPv4 address}.
   */
  static String exhausted(Map<String, List<IpFamily>> missingByPool, ServiceRequest req) {
    Map<List<IpFamily>, List<String>> grouped = new LinkedHashMap<>();
    missingByPool.forEach(
        (pool, missing) ->
            grouped.computeIfAbsent(missing, m -> new ArrayList<>()).add("\"" + pool + "\""));
    List<String> parts = new ArrayList<>();
    grouped.forEach(
        (missing, pools) ->
            parts.add(
                (pools.size() == 1 ? "pool " : "pools ")
                    + String.join(", ", pools)
                    + (pools.size() == 1 ? " has" : " have")
                    + " no free "
                    + String.join(" or ", missing.stream().map(Refusals::name).toList())
                    + " address"));
    String key = req.sharing().sharingKey();
    return String.join("; ", parts)
        + (key.isEmpty() ? "" : " (nor one it can share under allow-shared-ip \"" + key + "\")");
  }

  static String name(IpFamily f) {
    return f == IpFamily.IPV4 ? "IPv4" : "IPv6";
  }

  /** "IP 192.0.2.1", "requested IPs 192.0.2.1, 2001:db8::1". */
  private static String subject(List<InetAddress> ips, boolean requested) {
    return (requested ? "requested " : "")
        + (ips.size() == 1 ? "IP " : "IPs ")
        + String.join(", ", ips.stream().map(IpText::format).toList());
  }
}
