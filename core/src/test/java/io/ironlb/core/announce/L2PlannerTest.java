package io.ironlb.core.announce;

import static io.ironlb.core.announce.L2Reason.INTERFACE_NOT_FOUND;
import static io.ironlb.core.announce.L2Reason.NODE_EXCLUDED;
import static io.ironlb.core.announce.L2Reason.NODE_NETWORK_UNAVAILABLE;
import static io.ironlb.core.announce.L2Reason.NOT_OWNER;
import static io.ironlb.core.announce.L2Reason.NO_ENDPOINTS;
import static io.ironlb.core.announce.L2Reason.NO_IP;
import static io.ironlb.core.announce.L2Reason.NO_LOCAL_ENDPOINTS;
import static io.ironlb.core.announce.L2Reason.NO_MATCHING_ADVERTISEMENT;
import static io.ironlb.core.announce.L2Reason.NO_POOL;
import static io.ironlb.core.announce.L2Reason.NO_QUORUM;
import static io.ironlb.core.announce.L2Reason.SHARED_IP_WITH_SERVICE_SELECTOR;
import static io.ironlb.core.announce.L2Scenario.EXCLUDE;
import static io.ironlb.core.announce.L2Scenario.ad;
import static io.ironlb.core.announce.L2Scenario.addresses;
import static io.ironlb.core.announce.L2Scenario.sel;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer-2 decision (METALLB-API.md §2.4, §4.1, §4.2), one row per behaviour, on the world of
 * {@link L2Scenario}: for 10.0.0.1 the hash order of node-a..c is node-b, node-a, node-c.
 */
class L2PlannerTest {

  /** A row: the base scenario changed by {@code given}; expect exactly {@code expected}. */
  record Row(String description, UnaryOperator<L2Scenario> given, L2Decision expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Row row(String d, UnaryOperator<L2Scenario> given, L2Decision expected) {
    return new Row(d, given, expected);
  }

  /** Announce on {@code ifaces} of {@code node} for {@code ips} of pool p. */
  static L2Decision announce(String node, List<String> ips, String... ifaces) {
    return new L2Decision.Announce(
        node, "p", addresses(ips.toArray(String[]::new)), new TreeSet<>(List.of(ifaces)));
  }

  static L2Decision announceAll(String node) {
    return announce(node, List.of("10.0.0.1"), "eth0", "eth1");
  }

  /** Skip for {@code reason}, with a message containing {@code fragment}. */
  static L2Decision skip(L2Reason reason, String fragment) {
    return new L2Decision.Skip(reason, fragment);
  }

  static Stream<Row> rows() {
    return Stream.of(
            serviceRows(), advertisementRows(), nodeRows(), electionRows(), interfaceRows())
        .flatMap(s -> s);
  }

  static Stream<Row> serviceRows() {
    return Stream.of(
        row("the hash winner announces on every interface", s -> s, announceAll("node-b")),
        row(
            "a Service without ingress IP is skipped",
            s -> s.ips(),
            skip(NO_IP, "default/web has no")),
        row(
            "an IP no pool contains",
            s -> s.ips("192.0.2.1"),
            skip(NO_POOL, "192.0.2.1 of default/web")),
        row(
            "IPs outside every pool are dropped; the first IP is still the one hashed",
            s -> s.ips("192.0.2.1", "10.0.0.1").self("node-c"),
            announce("node-c", List.of("10.0.0.1"), "eth0", "eth1")),
        row(
            "dual-stack: both IPs announced, election by the IPv4 listed first",
            s -> s.ips("10.0.0.1", "fc00::2"),
            announce("node-b", List.of("10.0.0.1", "fc00::2"), "eth0", "eth1")),
        row(
            "dual-stack: election by the IPv6 listed first",
            s -> s.ips("fc00::2", "10.0.0.1"),
            skip(NOT_OWNER, "node-c is the owner of fc00::2 (candidates: node-c, node-b, node-a)")),
        row(
            "no serving endpoint anywhere",
            s -> s.noEndpoints(),
            skip(NO_ENDPOINTS, "default/web")),
        row(
            "no endpoints is reported before lost quorum",
            s -> s.noEndpoints().noQuorum(),
            skip(NO_ENDPOINTS, "has no serving endpoint")),
        row(
            "Cluster policy announces wherever the endpoints are",
            s -> s.endpointsOnly("node-c"),
            announceAll("node-b")),
        row(
            "Local: this node without a local endpoint",
            s -> s.local("node-a"),
            skip(NO_LOCAL_ENDPOINTS, "node node-b hosts no serving endpoint of default/web")),
        row(
            "Local: candidates are the endpoint nodes, so node-a wins over node-b",
            s -> s.local("node-a", "node-c").self("node-a"),
            announceAll("node-a")),
        row(
            "Local: another endpoint node wins the hash",
            s -> s.local("node-a", "node-b").self("node-a"),
            skip(NOT_OWNER, "node-b is the owner of 10.0.0.1 (candidates: node-b, node-a)")));
  }

  static Stream<Row> advertisementRows() {
    return Stream.of(
        row(
            "a pool without any L2Advertisement",
            s -> s.pool("q", "10.1.0.0/24").ips("10.1.0.1"),
            skip(NO_MATCHING_ADVERTISEMENT, "no L2Advertisement announces pool q")),
        row(
            "an advertisement of several pools applies to each",
            s -> s.noAds().pool("q", "10.1.0.0/24").ad(ad("l2").pools("q", "p")),
            announceAll("node-b")),
        row(
            "service selector matching the Service's labels",
            s -> s.noAds().ad(ad("l2").services(sel("app", "web"))).serviceLabels("app", "web"),
            announceAll("node-b")),
        row(
            "service selector not matching the Service",
            s -> s.noAds().ad(ad("l2").services(sel("app", "db"))).serviceLabels("app", "web"),
            skip(NO_MATCHING_ADVERTISEMENT, "(l2) selects the labels of default/web")),
        row(
            "service selectors are OR-ed",
            s ->
                s.noAds()
                    .ad(ad("l2").services(sel("app", "db"), sel("app", "web")))
                    .serviceLabels("app", "web"),
            announceAll("node-b")),
        row(
            "shared IP through an advertisement with service selectors",
            s -> s.ad(ad("sel").services(sel("app", "web"))).serviceLabels("app", "web").sharedIp(),
            skip(SHARED_IP_WITH_SERVICE_SELECTOR, "L2Advertisement sel")),
        row(
            "shared IP through plain advertisements is announced",
            s -> s.sharedIp(),
            announceAll("node-b")),
        row(
            "shared IP: a selector advertisement not matching the Service is not considered",
            s -> s.ad(ad("sel").services(sel("app", "db"))).serviceLabels("app", "web").sharedIp(),
            announceAll("node-b")),
        row(
            "shared IP with selectors is reported before node checks",
            s ->
                s.noAds()
                    .ad(ad("l2").services(sel("app", "web")).nodes(sel("zone", "a")))
                    .serviceLabels("app", "web")
                    .sharedIp(),
            skip(SHARED_IP_WITH_SERVICE_SELECTOR, "default/web allows a shared IP")),
        row(
            "node selectors leave this node out",
            s -> s.noAds().ad(ad("l2").nodes(sel("zone", "a"))),
            skip(NO_MATCHING_ADVERTISEMENT, "(l2) selects node node-b")),
        row(
            "node selectors are OR-ed and move ownership to the selected nodes",
            s -> s.noAds().ad(ad("l2").nodes(sel("zone", "a"), sel("zone", "c"))).self("node-a"),
            announceAll("node-a")),
        row(
            "a node missing from the Node list has no labels for node selectors",
            s -> s.noAds().ad(ad("l2").nodes(sel("zone", "x"))).self("node-x"),
            skip(NO_MATCHING_ADVERTISEMENT, "selects node node-x")));
  }

  static Stream<Row> nodeRows() {
    return Stream.of(
        row("no quorum: fenced, announce nothing", s -> s.noQuorum(), skip(NO_QUORUM, "node-b")),
        row(
            "no quorum is reported before node exclusion",
            s -> s.noQuorum().labels("node-b", EXCLUDE, ""),
            skip(NO_QUORUM, "lost quorum")),
        row(
            "this node carries the exclude label",
            s -> s.labels("node-b", EXCLUDE, "true"),
            skip(NODE_EXCLUDED, "node node-b carries the label " + EXCLUDE)),
        row(
            "the exclude label is ignored under ignoreExcludeLb",
            s -> s.labels("node-b", EXCLUDE, "").ignoreExcludeLb(),
            announceAll("node-b")),
        row(
            "an excluded owner hands the IP to the next in hash order",
            s -> s.labels("node-b", EXCLUDE, "").self("node-a"),
            announceAll("node-a")),
        row(
            "an excluded node stays a candidate under ignoreExcludeLb",
            s -> s.labels("node-b", EXCLUDE, "").ignoreExcludeLb().self("node-a"),
            skip(
                NOT_OWNER, "node-b is the owner of 10.0.0.1 (candidates: node-b, node-a, node-c)")),
        row(
            "this node's network is unavailable",
            s -> s.unavailable("node-b"),
            skip(NODE_NETWORK_UNAVAILABLE, "node node-b has condition NetworkUnavailable")),
        row(
            "exclusion is reported before network unavailability",
            s -> s.unavailable("node-b").labels("node-b", EXCLUDE, ""),
            skip(NODE_EXCLUDED, "node-b")),
        row(
            "another node's network is unavailable: ownership moves",
            s -> s.unavailable("node-b").self("node-a"),
            announceAll("node-a")));
  }

  static Stream<Row> electionRows() {
    LabelSelector zoneA = sel("zone", "a");
    LabelSelector zoneC = sel("zone", "c");
    return Stream.of(
        row(
            "the loser of the hash names the owner",
            s -> s.self("node-a"),
            skip(
                NOT_OWNER, "node-b is the owner of 10.0.0.1 (candidates: node-b, node-a, node-c)")),
        row(
            "a dead owner: ownership moves to the next live node",
            s -> s.live("node-a", "node-c").self("node-a"),
            announceAll("node-a")),
        row(
            "this node is not live: it is no candidate",
            s -> s.live("node-a", "node-c"),
            skip(
                NOT_OWNER,
                "node-a is the owner of 10.0.0.1 (candidates: node-a, node-c); node-b is not a live member")),
        row(
            "no live node at all",
            s -> s.live(),
            skip(NOT_OWNER, "no node is eligible to announce 10.0.0.1")),
        row(
            "a live node without a Node object is no candidate",
            s -> s.self("node-x").live("node-a", "node-x"),
            skip(
                NOT_OWNER,
                "node-a is the owner of 10.0.0.1 (candidates: node-a); node-x has no Node object")),
        row(
            "a preferred node beats the hash",
            s -> s.noAds().ad(ad("l2").prefer(50, zoneC)).self("node-c"),
            announceAll("node-c")),
        row(
            "weights of matching preferences sum within an advertisement",
            s ->
                s.labels("node-a", "tier", "edge")
                    .noAds()
                    .ad(
                        ad("l2")
                            .prefer(60, zoneC)
                            .prefer(40, zoneA)
                            .prefer(30, sel("tier", "edge")))
                    .self("node-a"),
            announceAll("node-a")),
        row(
            "weights sum across advertisements",
            s ->
                s.noAds()
                    .ad(ad("l2").prefer(60, zoneC))
                    .ad(ad("l2b").prefer(40, zoneA))
                    .ad(ad("l2c").prefer(30, zoneA))
                    .self("node-a"),
            announceAll("node-a")),
        row(
            "a preference scores nothing on nodes its advertisement does not select",
            s -> s.ad(ad("l2b").nodes(zoneA).prefer(100, zoneC)),
            announceAll("node-b")),
        row(
            "an empty preference matches every node the advertisement selects",
            s -> s.ad(ad("l2b").nodes(zoneA).prefer(1, LabelSelector.everything())).self("node-a"),
            announceAll("node-a")));
  }

  static Stream<Row> interfaceRows() {
    return Stream.of(
        row(
            "named interface present on this node",
            s -> s.noAds().ad(ad("l2").interfaces("eth1")),
            announce("node-b", List.of("10.0.0.1"), "eth1")),
        row(
            "named interface missing on this node: no failover",
            s -> s.noAds().ad(ad("l2").interfaces("eth9")),
            skip(INTERFACE_NOT_FOUND, "none of the interfaces eth9 named by L2Advertisement l2")),
        row(
            "interfaces of several advertisements are united",
            s -> s.noAds().ad(ad("l2").interfaces("eth0")).ad(ad("l2b").interfaces("eth1", "eth7")),
            announceAll("node-b")),
        row(
            "an advertisement without interfaces means all of them",
            s ->
                s.noAds()
                    .ad(ad("l2").interfaces("eth0"))
                    .ad(ad("l2b"))
                    .self("node-b", "eth0", "eth5"),
            announce("node-b", List.of("10.0.0.1"), "eth0", "eth5")),
        row(
            "interfaces of an advertisement that leaves this node out do not count",
            s ->
                s.noAds()
                    .ad(ad("l2").interfaces("eth0"))
                    .ad(ad("l2b").interfaces("eth1").nodes(sel("zone", "a"))),
            announce("node-b", List.of("10.0.0.1"), "eth0")),
        row(
            "no usable interface on this node",
            s -> s.noInterfaces(),
            skip(INTERFACE_NOT_FOUND, "no usable interface on node node-b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    L2Scenario s = row.given().apply(L2Scenario.base());

    L2Decision actual = new L2Planner().decide(s.service(), s.world(), s.localNode());

    if (row.expected() instanceof L2Decision.Skip expected) {
      assertThat(actual).isInstanceOf(L2Decision.Skip.class);
      L2Decision.Skip skip = (L2Decision.Skip) actual;
      assertThat(skip.reason()).as(skip.message()).isEqualTo(expected.reason());
      assertThat(skip.message()).contains(expected.message());
    } else {
      assertThat(actual).isEqualTo(row.expected());
    }
  }

  @Test
  void tableCoversEveryReasonWithAtLeast35Rows() {
    List<Row> all = rows().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(35);
    assertThat(all.stream().map(r -> r.expected() instanceof L2Decision.Skip k ? k.reason() : null))
        .containsAll(List.of(L2Reason.values()));
  }
}
