package io.ironlb.core.announce;

import static io.ironlb.core.announce.BgpReason.CONFLICTING_ADVERTISEMENTS;
import static io.ironlb.core.announce.BgpReason.NODE_EXCLUDED;
import static io.ironlb.core.announce.BgpReason.NODE_NETWORK_UNAVAILABLE;
import static io.ironlb.core.announce.BgpReason.NO_ENDPOINTS;
import static io.ironlb.core.announce.BgpReason.NO_IP;
import static io.ironlb.core.announce.BgpReason.NO_LOCAL_ENDPOINTS;
import static io.ironlb.core.announce.BgpReason.NO_MATCHING_ADVERTISEMENT;
import static io.ironlb.core.announce.BgpReason.NO_PEERS;
import static io.ironlb.core.announce.BgpReason.NO_POOL;
import static io.ironlb.core.announce.BgpScenario.EXCLUDE;
import static io.ironlb.core.announce.BgpScenario.ad;
import static io.ironlb.core.announce.BgpScenario.addresses;
import static io.ironlb.core.announce.BgpScenario.sel;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.BgpCommunity;
import io.ironlb.core.ip.Cidr;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BGP decision of one Service on node-b (METALLB-API.md §1.3, §1.4, §2.4, §5.1), one row per
 * behaviour, on the world of {@link BgpScenario}.
 */
class BgpPlannerTest {

  /** A row: the base scenario changed by {@code given}; expect exactly {@code expected}. */
  record Row(String description, UnaryOperator<BgpScenario> given, BgpDecision expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Row row(String d, UnaryOperator<BgpScenario> given, BgpDecision expected) {
    return new Row(d, given, expected);
  }

  /** Skip for {@code reason}, with a message containing {@code fragment}. */
  static BgpDecision skip(BgpReason reason, String fragment) {
    return new BgpDecision.Skip(reason, fragment);
  }

  static BgpRoute route(String prefix, long localPref, String... communities) {
    return new BgpRoute(
        Cidr.parse(prefix),
        localPref,
        Arrays.stream(communities).map(BgpCommunity::parse).toList());
  }

  static BgpRoute route(String prefix) {
    return route(prefix, 0);
  }

  /** The same routes for each of {@code peers}. */
  static Map<String, List<BgpRoute>> to(List<BgpRoute> routes, String... peers) {
    Map<String, List<BgpRoute>> out = new TreeMap<>();
    for (String p : peers) {
      out.put(p, routes);
    }
    return out;
  }

  static BgpDecision announce(
      List<String> ips, List<String> ads, Map<String, List<BgpRoute>> routes) {
    return new BgpDecision.Announce(
        "p", addresses(ips.toArray(String[]::new)), ads, new TreeMap<>(routes));
  }

  /** Announce through {@code bgp} to r1 and r2. */
  static BgpDecision everywhere(String ip, BgpRoute... routes) {
    return announce(List.of(ip), List.of("bgp"), to(List.of(routes), "r1", "r2"));
  }

  static final BgpDecision BASE = everywhere("10.0.0.1", route("10.0.0.1/32"));

  static Stream<Row> rows() {
    return Stream.of(serviceRows(), advertisementRows(), peerRows(), routeRows(), nodeRows())
        .flatMap(s -> s);
  }

  static Stream<Row> serviceRows() {
    return Stream.of(
        row("Cluster policy, endpoints everywhere: a /32 to every session", s -> s, BASE),
        row("a Service without ingress IP", s -> s.ips(), skip(NO_IP, "default/web has no")),
        row(
            "an IP no pool contains",
            s -> s.ips("192.0.2.1"),
            skip(NO_POOL, "no IPAddressPool contains 192.0.2.1 of default/web")),
        row(
            "an IP outside the pool is left out of the routes",
            s -> s.ips("192.0.2.1", "10.0.0.1"),
            BASE),
        row("Cluster: an endpoint on another node is enough", s -> s.endpointsOnly("node-a"), BASE),
        row(
            "no serving endpoint anywhere",
            s -> s.noEndpoints(),
            skip(NO_ENDPOINTS, "default/web")),
        row("Local: an endpoint on this node", s -> s.local("node-b"), BASE),
        row(
            "Local: endpoints only on other nodes",
            s -> s.local("node-a", "node-c"),
            skip(NO_LOCAL_ENDPOINTS, "node node-b hosts no serving endpoint of default/web")),
        row(
            "Local without any endpoint is reported as no local endpoint",
            s -> s.noEndpoints().local(),
            skip(NO_LOCAL_ENDPOINTS, "externalTrafficPolicy is Local")),
        row(
            "a shared IP through an advertisement with service selectors is announced (an L2 rule)",
            s ->
                s.noAds()
                    .ad(ad("bgp").services(sel("app", "web")))
                    .serviceLabels("app", "web")
                    .sharedIp(),
            BASE));
  }

  static Stream<Row> advertisementRows() {
    return Stream.of(
        row(
            "a pool without any BGPAdvertisement",
            s -> s.pool("q", "10.1.0.0/24").ips("10.1.0.1"),
            skip(NO_MATCHING_ADVERTISEMENT, "no BGPAdvertisement announces pool q")),
        row(
            "an advertisement of several pools applies to each",
            s -> s.noAds().pool("q", "10.1.0.0/24").ad(ad("bgp").pools("q", "p")),
            BASE),
        row(
            "service selector matching the Service's labels",
            s -> s.noAds().ad(ad("bgp").services(sel("app", "web"))).serviceLabels("app", "web"),
            BASE),
        row(
            "service selector not matching the Service",
            s -> s.noAds().ad(ad("bgp").services(sel("app", "db"))).serviceLabels("app", "web"),
            skip(NO_MATCHING_ADVERTISEMENT, "pool p (bgp) selects the labels of default/web")),
        row(
            "service selectors are OR-ed",
            s ->
                s.noAds()
                    .ad(ad("bgp").services(sel("app", "db"), sel("app", "web")))
                    .serviceLabels("app", "web"),
            BASE),
        row(
            "advertisement node selectors leave this node out",
            s -> s.noAds().ad(ad("bgp").nodes(sel("zone", "a"))),
            skip(NO_MATCHING_ADVERTISEMENT, "for default/web (bgp) selects node node-b")),
        row(
            "advertisement node selectors are OR-ed",
            s -> s.noAds().ad(ad("bgp").nodes(sel("zone", "a"), sel("zone", "b"))),
            BASE),
        row(
            "an advertisement that leaves this node out contributes nothing",
            s -> s.ad(ad("far").nodes(sel("zone", "a")).aggregation(24, 64).localPref(100)),
            BASE),
        row(
            "an advertisement whose service selectors miss contributes nothing",
            s -> s.ad(ad("db").services(sel("app", "db")).communities("65000:9")),
            BASE));
  }

  static Stream<Row> peerRows() {
    return Stream.of(
        row(
            "a peer whose node selectors leave this node out gets nothing",
            s -> s.peer("r2", sel("zone", "a")),
            announce(List.of("10.0.0.1"), List.of("bgp"), to(List.of(route("10.0.0.1/32")), "r1"))),
        row(
            "peer node selectors are OR-ed",
            s -> s.peer("r2", sel("zone", "a"), sel("zone", "b")),
            BASE),
        row(
            "no BGPPeer selects this node",
            s -> s.peer("r1", sel("zone", "a")).peer("r2", sel("zone", "c")),
            skip(NO_PEERS, "node node-b has no BGP session: no BGPPeer selects it")),
        row("no BGPPeer at all", s -> s.noPeers(), skip(NO_PEERS, "no BGPPeer selects it")),
        row(
            "peers restricts the advertisement to the named session",
            s -> s.noAds().ad(ad("bgp").peers("r2")),
            announce(List.of("10.0.0.1"), List.of("bgp"), to(List.of(route("10.0.0.1/32")), "r2"))),
        row(
            "peers naming only an unknown peer",
            s -> s.noAds().ad(ad("bgp").peers("r9")),
            skip(
                NO_PEERS,
                "BGPAdvertisement bgp sends only to peers r9; node node-b has sessions with r1, r2")),
        row(
            "peers naming only a peer that does not select this node",
            s -> s.peer("r2", sel("zone", "a")).noAds().ad(ad("bgp").peers("r2")),
            skip(NO_PEERS, "sends only to peers r2; node node-b has sessions with r1")),
        row(
            "advertisements for different peers: each peer gets its own localPref",
            s ->
                s.noAds()
                    .ad(ad("bgp").peers("r1").localPref(100))
                    .ad(ad("bgp2").peers("r2").localPref(200)),
            announce(
                List.of("10.0.0.1"),
                List.of("bgp", "bgp2"),
                Map.of(
                    "r1", List.of(route("10.0.0.1/32", 100)),
                    "r2", List.of(route("10.0.0.1/32", 200))))),
        row(
            "an advertisement reaching no session is left out of the list",
            s -> s.ad(ad("nowhere").peers("r9").communities("65000:9")),
            BASE));
  }

  static Stream<Row> routeRows() {
    return Stream.of(
        row(
            "aggregationLength 24 announces the /24 of the address",
            s -> s.noAds().ad(ad("bgp").aggregation(24, 128)),
            everywhere("10.0.0.1", route("10.0.0.0/24"))),
        row(
            "IPv6 without aggregation: a /128",
            s -> s.ips("fc00::2"),
            everywhere("fc00::2", route("fc00::2/128"))),
        row(
            "aggregationLengthV6 64 announces the /64",
            s -> s.ips("fc00::2").noAds().ad(ad("bgp").aggregation(32, 64)),
            everywhere("fc00::2", route("fc00::/64"))),
        row(
            "dual-stack: one IPv4 and one IPv6 route",
            s -> s.ips("fc00::2", "10.0.0.1"),
            announce(
                List.of("fc00::2", "10.0.0.1"),
                List.of("bgp"),
                to(List.of(route("10.0.0.1/32"), route("fc00::2/128")), "r1", "r2"))),
        row(
            "dual-stack with both aggregation lengths",
            s -> s.ips("10.0.0.1", "fc00::2").noAds().ad(ad("bgp").aggregation(24, 64)),
            announce(
                List.of("10.0.0.1", "fc00::2"),
                List.of("bgp"),
                to(List.of(route("10.0.0.0/24"), route("fc00::/64")), "r1", "r2"))),
        row(
            "localPref is kept in the route whatever the session",
            s -> s.noAds().ad(ad("bgp").localPref(150)),
            everywhere("10.0.0.1", route("10.0.0.1/32", 150))),
        row(
            "literal standard communities, in MetalLB's order",
            s -> s.noAds().ad(ad("bgp").communities("65000:2", "65000:1")),
            everywhere("10.0.0.1", route("10.0.0.1/32", 0, "65000:1", "65000:2"))),
        row(
            "a large community",
            s -> s.noAds().ad(ad("bgp").communities("large:64512:1:2")),
            everywhere("10.0.0.1", route("10.0.0.1/32", 0, "large:64512:1:2"))),
        row(
            "a Community alias, resolved in the Config, with a literal",
            s -> s.noAds().ad(ad("bgp").communities("gold", "64512:7")),
            everywhere("10.0.0.1", route("10.0.0.1/32", 0, "64512:7", "65000:100"))),
        row(
            "two advertisements with different aggregation give two prefixes",
            s -> s.ad(ad("agg").aggregation(24, 128).communities("65000:24")),
            announce(
                List.of("10.0.0.1"),
                List.of("agg", "bgp"),
                to(
                    List.of(route("10.0.0.0/24", 0, "65000:24"), route("10.0.0.1/32")),
                    "r1",
                    "r2"))),
        row(
            "two advertisements of one prefix: one route with the union of communities",
            s ->
                s.noAds()
                    .ad(ad("bgp").communities("65000:1", "gold"))
                    .ad(ad("bgp2").communities("large:1:2:3", "65000:1")),
            announce(
                List.of("10.0.0.1"),
                List.of("bgp", "bgp2"),
                to(
                    List.of(route("10.0.0.1/32", 0, "65000:1", "65000:100", "large:1:2:3")),
                    "r1",
                    "r2"))),
        row(
            "two advertisements of one prefix with different localPref: withheld",
            s ->
                s.noAds()
                    .ad(ad("bgp").localPref(100))
                    .ad(ad("vip").localPref(200).services(sel("app", "web")))
                    .serviceLabels("app", "web"),
            skip(
                CONFLICTING_ADVERTISEMENTS,
                "BGPAdvertisements bgp, vip give default/web the prefix 10.0.0.1/32 towards peer r1"
                    + " with localPref 100 and 200")),
        row(
            "different localPref on different prefixes is no conflict",
            s ->
                s.noAds()
                    .ad(ad("bgp").localPref(100))
                    .ad(ad("agg").aggregation(24, 128).localPref(200)),
            announce(
                List.of("10.0.0.1"),
                List.of("agg", "bgp"),
                to(List.of(route("10.0.0.0/24", 200), route("10.0.0.1/32", 100)), "r1", "r2"))));
  }

  static Stream<Row> nodeRows() {
    return Stream.of(
        row(
            "this node's network is unavailable",
            s -> s.unavailable(),
            skip(NODE_NETWORK_UNAVAILABLE, "node node-b has condition NetworkUnavailable")),
        row(
            "this node carries the exclude label (§5.1: BGP honours it too)",
            s -> s.selfLabels(EXCLUDE, "true"),
            skip(NODE_EXCLUDED, "node node-b carries the label " + EXCLUDE)),
        row(
            "the exclude label is ignored under ignoreExcludeLb",
            s -> s.selfLabels(EXCLUDE, "").ignoreExcludeLb(),
            BASE),
        row(
            "network unavailability is reported before exclusion (§5.1 order)",
            s -> s.unavailable().selfLabels(EXCLUDE, ""),
            skip(NODE_NETWORK_UNAVAILABLE, "node-b")),
        row(
            "node conditions are reported before missing endpoints",
            s -> s.selfLabels(EXCLUDE, "").noEndpoints(),
            skip(NODE_EXCLUDED, "node-b")),
        row(
            "a missing advertisement is reported before node conditions",
            s -> s.noAds().unavailable(),
            skip(NO_MATCHING_ADVERTISEMENT, "no BGPAdvertisement announces pool p")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    BgpScenario s = row.given().apply(BgpScenario.base());

    BgpDecision actual = s.decide();

    if (row.expected() instanceof BgpDecision.Skip expected) {
      assertThat(actual).isInstanceOf(BgpDecision.Skip.class);
      BgpDecision.Skip skip = (BgpDecision.Skip) actual;
      assertThat(skip.reason()).as(skip.message()).isEqualTo(expected.reason());
      assertThat(skip.message()).contains(expected.message());
    } else {
      assertThat(actual).isEqualTo(row.expected());
    }
  }

  @Test
  void tableCoversEveryReasonWithAtLeast30Rows() {
    List<Row> all = rows().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(30);
    assertThat(
            all.stream().map(r -> r.expected() instanceof BgpDecision.Skip k ? k.reason() : null))
        .containsAll(List.of(BgpReason.values()));
  }

  @Test
  void reasonsRoundTripThroughTheirWireValues() {
    for (BgpReason r : BgpReason.values()) {
      assertThat(BgpReason.fromWire(r.wireValue())).isSameAs(r);
    }
    assertThat(BgpReason.NODE_EXCLUDED.wireValue()).isEqualTo("nodeExcluded");
    assertThat(BgpReason.NO_IP.wireValue()).isEqualTo("noIPAllocated");
  }
}
