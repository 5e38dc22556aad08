package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.config.ServiceAllocation;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.PoolAddresses;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small builders for pools and Services, so test tables read like configuration. */
final class Fixtures {

  private Fixtures() {}

  static PoolBuilder pool(String name, String... addresses) {
    return new PoolBuilder(name, addresses);
  }

  static SvcBuilder svc(String name) {
    return new SvcBuilder("default", name);
  }

  static final class PoolBuilder {
    private final String name;
    private final List<Cidr> cidrs = new ArrayList<>();
    private boolean autoAssign = true;
    private boolean avoidBuggy;
    private ServiceAllocation allocation;

    PoolBuilder(String name, String... addresses) {
      this.name = name;
      for (String a : addresses) {
        cidrs.addAll(PoolAddresses.parseEntry(a));
      }
    }

    PoolBuilder noAutoAssign() {
      autoAssign = false;
      return this;
    }

    PoolBuilder avoidBuggyIPs() {
      avoidBuggy = true;
      return this;
    }

    PoolBuilder priority(int p) {
      allocation = new ServiceAllocation(p, false, Set.of(), List.of());
      return this;
    }

    PoolBuilder namespaces(int priority, String... ns) {
      allocation = new ServiceAllocation(priority, true, Set.of(ns), List.of());
      return this;
    }

    PoolBuilder serviceLabel(int priority, String key, String value, String... ns) {
      allocation =
          new ServiceAllocation(
              priority,
              ns.length > 0,
              Set.of(ns),
              List.of(new LabelSelector(Map.of(key, value), List.of())));
      return this;
    }

    AddressPool build() {
      return new AddressPool(name, cidrs, autoAssign, avoidBuggy, Optional.ofNullable(allocation));
    }
  }

  static final class SvcBuilder {
    private final String namespace;
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String type = "LoadBalancer";
    private List<String> clusterIps = List.of("10.96.0.1");
    private String policy;
    private List<String> families = List.of();
    private String etp;
    private Map<String, String> selector = Map.of("app", "web");
    private List<ServicePort> ports = List.of(new ServicePort("TCP", 80));
    private String lbIp;
    private List<String> ingress = List.of();

    SvcBuilder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    SvcBuilder in(String ns) {
      SvcBuilder b = new SvcBuilder(ns, name);
      b.labels.putAll(labels);
      b.annotations.putAll(annotations);
      b.type = type;
      b.clusterIps = clusterIps;
      b.policy = policy;
      b.families = families;
      b.etp = etp;
      b.selector = selector;
      b.ports = ports;
      b.lbIp = lbIp;
      b.ingress = ingress;
      return b;
    }

    /** An independent copy, so a shared row fixture is never changed by a test. */
    SvcBuilder copy() {
      return in(namespace);
    }

    SvcBuilder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    SvcBuilder annotation(String k, String v) {
      annotations.put(k, v);
      return this;
    }

    SvcBuilder shareKey(String key) {
      return annotation("metallb.io/allow-shared-ip", key);
    }

    SvcBuilder ips(String ips) {
      return annotation("metallb.io/loadBalancerIPs", ips);
    }

    SvcBuilder fromPool(String pool) {
      return annotation("metallb.io/address-pool", pool);
    }

    SvcBuilder type(String t) {
      type = t;
      return this;
    }

    SvcBuilder clusterIps(String... ips) {
      clusterIps = List.of(ips);
      return this;
    }

    SvcBuilder policy(String p) {
      policy = p;
      return this;
    }

    SvcBuilder families(String... f) {
      families = List.of(f);
      return this;
    }

    SvcBuilder local(Map<String, String> sel) {
      etp = "Local";
      selector = sel;
      return this;
    }

    SvcBuilder ports(String... specs) {
      List<ServicePort> out = new ArrayList<>();
      for (String s : specs) {
        String[] p = s.split("/");
        out.add(new ServicePort(p[0], Integer.parseInt(p[1])));
      }
      ports = out;
      return this;
    }

    SvcBuilder loadBalancerIP(String ip) {
      lbIp = ip;
      return this;
    }

    SvcBuilder ingress(String... ips) {
      ingress = List.of(ips);
      return this;
    }

    ServiceSnapshot build() {
      return new ServiceSnapshot(
          namespace,
          name,
          labels,
          annotations,
          type,
          clusterIps,
          policy,
          families,
          etp,
          selector,
          ports,
          lbIp,
          ingress);
    }
  }
}
