package io.ironlb.core.announce;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.config.Config;
import io.ironlb.core.config.L2AdvertisementConfig;
import io.ironlb.core.config.PoolSelection;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpText;
import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A layer-2 test world, built by hand: pool {@code p} (10.0.0.0/24 and fc00::/64) announced by the
 * plain advertisement {@code l2}; nodes node-a, node-b, node-c labelled {@code zone=a|b|c}, all
 * live; this node is node-b with eth0 and eth1; the Service default/web on 10.0.0.1, Cluster
 * policy, endpoints on every node. For 10.0.0.1 the hash order is node-b, node-a, node-c.
 */
final class L2Scenario {

  static final String EXCLUDE = "node.kubernetes.io/exclude-from-external-load-balancers";

  private final Map<String, AddressPool> pools = new TreeMap<>();
  private final Map<String, L2AdvertisementConfig> ads = new TreeMap<>();
  private final Map<String, NodeFacts> nodes = new TreeMap<>();
  private Set<String> live;
  private boolean ignoreExcludeLb;
  private String self = "node-b";
  private Set<String> interfaces = Set.of("eth0", "eth1");
  private boolean quorum = true;
  private List<InetAddress> ips = addresses("10.0.0.1");
  private Map<String, String> serviceLabels = Map.of();
  private TrafficPolicy policy = TrafficPolicy.CLUSTER;
  private boolean shared;
  private boolean endpoints = true;
  private Set<String> endpointNodes = Set.of("node-a", "node-b", "node-c");

  static L2Scenario base() {
    L2Scenario s = new L2Scenario();
    s.pool("p", "10.0.0.0/24", "fc00::/64");
    s.ad(ad("l2"));
    for (String z : List.of("a", "b", "c")) {
      s.node("node-" + z, false, "zone", z);
    }
    return s;
  }

  L2Scenario pool(String name, String... cidrs) {
    List<Cidr> parsed = Arrays.stream(cidrs).map(Cidr::parse).toList();
    pools.put(name, new AddressPool(name, parsed, true, false, Optional.empty()));
    return this;
  }

  L2Scenario ad(Ad ad) {
    ads.put(ad.name, ad.build());
    return this;
  }

  L2Scenario noAds() {
    ads.clear();
    return this;
  }

  /** Adds or replaces a node; {@code labels} are key, value pairs. */
  L2Scenario node(String name, boolean networkUnavailable, String... labels) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    nodes.put(name, new NodeFacts(name, map, networkUnavailable));
    return this;
  }

  L2Scenario labels(String name, String... labels) {
    NodeFacts old = nodes.get(name);
    List<String> all = new ArrayList<>();
    old.labels().forEach((k, v) -> all.addAll(List.of(k, v)));
    all.addAll(List.of(labels));
    return node(name, old.networkUnavailable(), all.toArray(String[]::new));
  }

  L2Scenario unavailable(String name) {
    NodeFacts old = nodes.get(name);
    nodes.put(name, new NodeFacts(name, old.labels(), true));
    return this;
  }

  L2Scenario live(String... names) {
    live = Set.of(names);
    return this;
  }

  L2Scenario ignoreExcludeLb() {
    ignoreExcludeLb = true;
    return this;
  }

  L2Scenario self(String name, String... ifaces) {
    self = name;
    if (ifaces.length > 0) {
      interfaces = Set.of(ifaces);
    }
    return this;
  }

  L2Scenario noInterfaces() {
    interfaces = Set.of();
    return this;
  }

  L2Scenario noQuorum() {
    quorum = false;
    return this;
  }

  L2Scenario ips(String... texts) {
    ips = addresses(texts);
    return this;
  }

  L2Scenario serviceLabels(String key, String value) {
    serviceLabels = Map.of(key, value);
    return this;
  }

  L2Scenario local(String... endpointNodeNames) {
    policy = TrafficPolicy.LOCAL;
    endpointNodes = Set.of(endpointNodeNames);
    return this;
  }

  L2Scenario endpointsOnly(String... endpointNodeNames) {
    endpointNodes = Set.of(endpointNodeNames);
    return this;
  }

  L2Scenario sharedIp() {
    shared = true;
    return this;
  }

  L2Scenario noEndpoints() {
    endpoints = false;
    endpointNodes = Set.of();
    return this;
  }

  ServiceFacts service() {
    return new ServiceFacts(
        "default", "web", serviceLabels, ips, policy, shared, endpoints, endpointNodes);
  }

  L2World world() {
    Config empty = Config.empty();
    Config config =
        new Config(
            new TreeMap<>(pools),
            new TreeMap<>(ads),
            empty.bgpAdvertisements(),
            empty.bgpPeers(),
            empty.bfdProfiles(),
            empty.communities());
    return new L2World(config, nodes, live != null ? live : nodes.keySet(), ignoreExcludeLb);
  }

  LocalNode localNode() {
    return new LocalNode(self, interfaces, quorum);
  }

  static List<InetAddress> addresses(String... texts) {
    return Arrays.stream(texts).map(IpText::parse).toList();
  }

  static LabelSelector sel(String key, String value) {
    return new LabelSelector(Map.of(key, value), List.of());
  }

  static Ad ad(String name) {
    return new Ad(name);
  }

  /** An L2Advertisement under construction; announces pool {@code p} unless told otherwise. */
  static final class Ad {
    private final String name;
    private List<String> pools = List.of("p");
    private final List<LabelSelector> nodeSelectors = new ArrayList<>();
    private final List<String> interfaces = new ArrayList<>();
    private final List<LabelSelector> serviceSelectors = new ArrayList<>();
    private final List<L2AdvertisementConfig.PreferredNodes> preferred = new ArrayList<>();

    Ad(String name) {
      this.name = name;
    }

    Ad pools(String... names) {
      pools = List.of(names);
      return this;
    }

    Ad nodes(LabelSelector... selectors) {
      nodeSelectors.addAll(List.of(selectors));
      return this;
    }

    Ad interfaces(String... names) {
      interfaces.addAll(List.of(names));
      return this;
    }

    Ad services(LabelSelector... selectors) {
      serviceSelectors.addAll(List.of(selectors));
      return this;
    }

    Ad prefer(int weight, LabelSelector preference) {
      preferred.add(new L2AdvertisementConfig.PreferredNodes(weight, preference));
      return this;
    }

    L2AdvertisementConfig build() {
      return new L2AdvertisementConfig(
          name,
          new PoolSelection(pools, List.of()),
          pools,
          nodeSelectors,
          interfaces,
          serviceSelectors,
          preferred);
    }
  }
}
