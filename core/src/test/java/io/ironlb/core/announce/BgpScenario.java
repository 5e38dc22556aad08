package io.ironlb.core.announce;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.config.BgpAdvertisementConfig;
import io.ironlb.core.config.BgpCommunity;
import io.ironlb.core.config.BgpPeerConfig;
import io.ironlb.core.config.CommunityAlias;
import io.ironlb.core.config.Config;
import io.ironlb.core.config.PoolSelection;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpText;
import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A BGP test world, built by hand: pool {@code p} (10.0.0.0/24 and fc00::/64) announced by the
 * plain advertisement {@code bgp}; BGPPeers r1 and r2 on every node; this node is node-b labelled
 * {@code zone=b}; the Service default/web on 10.0.0.1, Cluster policy, endpoints on node-a, node-b
 * and node-c. The Community alias {@code gold} stands for 65000:100.
 */
final class BgpScenario {

  static final String EXCLUDE = "node.kubernetes.io/exclude-from-external-load-balancers";
  static final CommunityAlias GOLD =
      new CommunityAlias("gold", BgpCommunity.parse("65000:100"), "communities");

  private final Map<String, AddressPool> pools = new TreeMap<>();
  private final Map<String, BgpAdvertisementConfig> ads = new TreeMap<>();
  private final Map<String, BgpPeerConfig> peers = new TreeMap<>();
  private final Map<String, String> selfLabels = new HashMap<>(Map.of("zone", "b"));
  private boolean networkUnavailable;
  private boolean ignoreExcludeLb;
  private List<InetAddress> ips = addresses("10.0.0.1");
  private Map<String, String> serviceLabels = Map.of();
  private TrafficPolicy policy = TrafficPolicy.CLUSTER;
  private boolean shared;
  private boolean endpoints = true;
  private Set<String> endpointNodes = Set.of("node-a", "node-b", "node-c");

  static BgpScenario base() {
    return new BgpScenario()
        .pool("p", "10.0.0.0/24", "fc00::/64")
        .ad(ad("bgp"))
        .peer("r1")
        .peer("r2");
  }

  BgpScenario pool(String name, String... cidrs) {
    List<Cidr> parsed = Arrays.stream(cidrs).map(Cidr::parse).toList();
    pools.put(name, new AddressPool(name, parsed, true, false, Optional.empty()));
    return this;
  }

  BgpScenario ad(Ad ad) {
    ads.put(ad.name, ad.build());
    return this;
  }

  BgpScenario noAds() {
    ads.clear();
    return this;
  }

  /** Adds or replaces the BGPPeer {@code name}, opened on nodes matching one of {@code nodes}. */
  BgpScenario peer(String name, LabelSelector... nodes) {
    peers.put(name, peerConfig(name, nodes));
    return this;
  }

  BgpScenario noPeers() {
    peers.clear();
    return this;
  }

  /** Adds labels to this node; {@code labels} are key, value pairs. */
  BgpScenario selfLabels(String... labels) {
    for (int i = 0; i < labels.length; i += 2) {
      selfLabels.put(labels[i], labels[i + 1]);
    }
    return this;
  }

  BgpScenario unavailable() {
    networkUnavailable = true;
    return this;
  }

  BgpScenario ignoreExcludeLb() {
    ignoreExcludeLb = true;
    return this;
  }

  BgpScenario ips(String... texts) {
    ips = addresses(texts);
    return this;
  }

  BgpScenario serviceLabels(String key, String value) {
    serviceLabels = Map.of(key, value);
    return this;
  }

  BgpScenario local(String... endpointNodeNames) {
    policy = TrafficPolicy.LOCAL;
    endpointNodes = Set.of(endpointNodeNames);
    return this;
  }

  BgpScenario endpointsOnly(String... endpointNodeNames) {
    endpointNodes = Set.of(endpointNodeNames);
    return this;
  }

  BgpScenario noEndpoints() {
    endpoints = false;
    endpointNodes = Set.of();
    return this;
  }

  BgpScenario sharedIp() {
    shared = true;
    return this;
  }

  ServiceFacts service() {
    return new ServiceFacts(
        "default", "web", serviceLabels, ips, policy, shared, endpoints, endpointNodes);
  }

  /** Another Service in default, Cluster policy, endpoints everywhere. */
  static ServiceFacts service(String name, Map<String, String> labels, String... ips) {
    return new ServiceFacts(
        "default",
        name,
        labels,
        addresses(ips),
        TrafficPolicy.CLUSTER,
        true,
        true,
        Set.of("node-a", "node-b", "node-c"));
  }

  NodeFacts self() {
    return new NodeFacts("node-b", selfLabels, networkUnavailable);
  }

  BgpWorld world() {
    Config empty = Config.empty();
    Config config =
        new Config(
            new TreeMap<>(pools),
            empty.l2Advertisements(),
            new TreeMap<>(ads),
            new TreeMap<>(peers),
            empty.bfdProfiles(),
            new TreeMap<>(Map.of(GOLD.name(), GOLD)));
    return new BgpWorld(config, ignoreExcludeLb);
  }

  /** This Service's decision with the sessions {@link BgpPlanner#peersFor} gives node-b. */
  BgpDecision decide() {
    return new BgpPlanner()
        .decide(service(), world(), self(), BgpPlanner.peersFor(self(), world()));
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

  static BgpPeerConfig peerConfig(String name, LabelSelector... nodes) {
    return new BgpPeerConfig(
        name,
        64512,
        OptionalLong.of(64513),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.of(IpText.parse("192.0.2.254")),
        Optional.empty(),
        179,
        new BgpPeerConfig.Timers(Duration.ofSeconds(90), Duration.ofSeconds(30), Optional.empty()),
        Optional.empty(),
        Optional.empty(),
        List.of(nodes),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        Optional.empty(),
        false,
        false);
  }

  /** A BGPAdvertisement under construction; announces pool {@code p} unless told otherwise. */
  static final class Ad {
    private final String name;
    private List<String> pools = List.of("p");
    private int aggregationLength = 32;
    private int aggregationLengthV6 = 128;
    private long localPref;
    private final List<BgpCommunity> communities = new ArrayList<>();
    private final List<String> peers = new ArrayList<>();
    private final List<LabelSelector> nodeSelectors = new ArrayList<>();
    private final List<LabelSelector> serviceSelectors = new ArrayList<>();

    Ad(String name) {
      this.name = name;
    }

    Ad pools(String... names) {
      pools = List.of(names);
      return this;
    }

    Ad aggregation(int v4, int v6) {
      aggregationLength = v4;
      aggregationLengthV6 = v6;
      return this;
    }

    Ad localPref(long value) {
      localPref = value;
      return this;
    }

    /** Community values or the alias {@code gold}, resolved as the config parser does. */
    Ad communities(String... texts) {
      for (String t : texts) {
        communities.add(t.equals(GOLD.name()) ? GOLD.value() : BgpCommunity.parse(t));
      }
      return this;
    }

    Ad peers(String... names) {
      peers.addAll(List.of(names));
      return this;
    }

    Ad nodes(LabelSelector... selectors) {
      nodeSelectors.addAll(List.of(selectors));
      return this;
    }

    Ad services(LabelSelector... selectors) {
      serviceSelectors.addAll(List.of(selectors));
      return this;
    }

    BgpAdvertisementConfig build() {
      return new BgpAdvertisementConfig(
          name,
          new PoolSelection(pools, List.of()),
          pools,
          aggregationLength,
          aggregationLengthV6,
          localPref,
          communities,
          peers,
          nodeSelectors,
          serviceSelectors);
    }
  }
}
