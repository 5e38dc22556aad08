package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Completes a new Service's {@code clusterIP(s)}, {@code ipFamilies} and {@code ipFamilyPolicy} the
 * way a dual-stack kube-apiserver started with {@code
 * --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112} does, so lab manifests need not carry a
 * ClusterIP and the controller sees the families a real cluster would give it:
 *
 * <ul>
 *   <li>{@code ipFamilyPolicy} defaults to {@code SingleStack}, {@code ipFamilies} to {@code
 *       [IPv4]}; a dual-stack policy adds the family that is missing;
 *   <li>addresses the manifest sets are kept (and never handed out again), their families fill in
 *       {@code ipFamilies} when it is absent;
 *   <li>ExternalName and headless ({@code clusterIP: None}) Services are left alone.
 * </ul>
 *
 * <p>Addresses are never given back when a Service is deleted: the ranges are far larger than any
 * lab or benchmark run needs. Thread-safe.
 */
final class ClusterIpAllocator {

  static final String IPV4 = "IPv4";
  static final String IPV6 = "IPv6";

  // 10.96.0.1 is the `kubernetes` Service and 10.96.0.10 kube-dns by convention: start past them.
  private static final int FIRST_HOST = 11;
  private static final int LAST_HOST = 65534;

  private final Set<String> used = new HashSet<>();
  private int nextV4 = FIRST_HOST;
  private int nextV6 = FIRST_HOST;

  /** Fills in the service's spec in place. */
  synchronized void complete(ObjectNode service) {
    if (!(service.get("spec") instanceof ObjectNode spec)
        || "ExternalName".equals(spec.path("type").asText())
        || "None".equals(spec.path("clusterIP").asText())) {
      return;
    }
    List<String> ips = requestedIps(spec);
    used.addAll(ips);
    List<String> families = new ArrayList<>();
    spec.path("ipFamilies").forEach(f -> families.add(f.asText()));
    if (families.isEmpty()) {
      ips.forEach(ip -> families.add(familyOf(ip)));
    }
    String policy =
        spec.path("ipFamilyPolicy").asText(ips.size() > 1 ? "RequireDualStack" : "SingleStack");
    if (families.isEmpty()) {
      families.add(IPV4);
    }
    if (!"SingleStack".equals(policy) && families.size() == 1) {
      families.add(IPV4.equals(families.get(0)) ? IPV6 : IPV4);
    }
    if ("SingleStack".equals(policy)) {
      families.subList(1, families.size()).clear();
    }
    for (int i = ips.size(); i < families.size(); i++) {
      ips.add(allocate(families.get(i)));
    }
    spec.put("clusterIP", ips.get(0));
    ArrayNode clusterIps = spec.putArray("clusterIPs");
    ips.forEach(clusterIps::add);
    ArrayNode familyArray = spec.putArray("ipFamilies");
    families.forEach(familyArray::add);
    spec.put("ipFamilyPolicy", policy);
  }

  private static List<String> requestedIps(ObjectNode spec) {
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : spec.path("clusterIPs")) {
      if (!ip.asText().isEmpty()) {
        ips.add(ip.asText());
      }
    }
    String single = spec.path("clusterIP").asText("");
    if (ips.isEmpty() && !single.isEmpty()) {
      ips.add(single);
    }
    return ips;
  }

  private static String familyOf(String ip) {
    return ip.contains(":") ? IPV6 : IPV4;
  }

  private String allocate(String family) {
    while (true) {
      String ip;
      if (IPV6.equals(family)) {
        ip = "fd00:10:96::" + Integer.toHexString(next(true));
      } else {
        int n = next(false);
        ip = "10.96." + (n >> 8) + "." + (n & 0xff);
      }
      if (used.add(ip)) {
        return ip;
      }
    }
  }

  private int next(boolean v6) {
    int n = v6 ? nextV6++ : nextV4++;
    if (n > LAST_HOST) {
      throw new IllegalStateException("the lab's Service IP range is exhausted");
    }
    return n;
  }
}
