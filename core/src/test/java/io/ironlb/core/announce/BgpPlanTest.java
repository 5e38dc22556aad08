package io.ironlb.core.announce;

import static io.ironlb.core.announce.BgpConflict.Resolution.HIGHEST_WINS;
import static io.ironlb.core.announce.BgpConflict.Resolution.SERVICE_WITHHELD;
import static io.ironlb.core.announce.BgpPlannerTest.route;
import static io.ironlb.core.announce.BgpScenario.ad;
import static io.ironlb.core.announce.BgpScenario.sel;
import static io.ironlb.core.announce.BgpScenario.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.core.ip.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BgpPlanner#plan}: what each session of node-b announces for a set of Services, shared
 * prefixes merged, LOCAL_PREF conflicts reported (METALLB-API.md §5.1); and {@link
 * BgpPlanner#peersFor} (§1.4).
 */
class BgpPlanTest {

  private static final Map<String, String> WEB = Map.of("app", "web");
  private static final Map<String, String> DB = Map.of("app", "db");

  /** A row: Services on the base scenario changed by {@code given}; expect routes and conflicts. */
  record Row(
      String description,
      UnaryOperator<BgpScenario> given,
      List<ServiceFacts> services,
      Map<String, List<BgpRoute>> routes,
      List<BgpConflict> conflicts) {
    @Override
    public String toString() {
      return description;
    }
  }

  static BgpConflict conflict(
      String peer,
      String prefix,
      List<Long> prefs,
      List<String> services,
      BgpConflict.Resolution r) {
    return new BgpConflict(peer, Cidr.parse(prefix), prefs, services, r);
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row(
            "Services sharing an IP through different advertisements: once, communities united",
            s ->
                s.noAds()
                    .ad(ad("web").services(sel("app", "web")).communities("65000:1"))
                    .ad(ad("db").services(sel("app", "db")).communities("large:1:2:3", "gold")),
            List.of(service("web", WEB, "10.0.0.1"), service("db", DB, "10.0.0.1")),
            Map.of(
                "r1", List.of(route("10.0.0.1/32", 0, "65000:1", "65000:100", "large:1:2:3")),
                "r2", List.of(route("10.0.0.1/32", 0, "65000:1", "65000:100", "large:1:2:3"))),
            List.of()),
        new Row(
            "Services in one aggregate: the /24 once",
            s -> s.noAds().ad(ad("bgp").aggregation(24, 64).peers("r1")),
            List.of(
                service("a", Map.of(), "10.0.0.1", "fc00::1"),
                service("b", Map.of(), "10.0.0.200", "fc00::2")),
            Map.of("r1", List.of(route("10.0.0.0/24"), route("fc00::/64")), "r2", List.of()),
            List.of()),
        new Row(
            "two pools aggregated into one /24 with different localPref: highest wins, reported",
            s ->
                s.noAds()
                    .pool("p", "10.0.0.0/25")
                    .pool("q", "10.0.0.128/25")
                    .ad(ad("low").pools("p").aggregation(24, 128).localPref(100).peers("r1"))
                    .ad(ad("high").pools("q").aggregation(24, 128).localPref(200).peers("r1")),
            List.of(service("a", Map.of(), "10.0.0.1"), service("b", Map.of(), "10.0.0.129")),
            Map.of("r1", List.of(route("10.0.0.0/24", 200)), "r2", List.of()),
            List.of(
                conflict(
                    "r1",
                    "10.0.0.0/24",
                    List.of(100L, 200L),
                    List.of("default/a", "default/b"),
                    HIGHEST_WINS))),
        new Row(
            "a Service whose own advertisements clash is withheld, the others still go out",
            s -> s.ad(ad("vip").localPref(300).services(sel("app", "web")).peers("r2")),
            List.of(service("web", WEB, "10.0.0.1"), service("db", DB, "10.0.0.2")),
            Map.of("r1", List.of(route("10.0.0.2/32")), "r2", List.of(route("10.0.0.2/32"))),
            List.of(
                conflict(
                    "r2",
                    "10.0.0.1/32",
                    List.of(0L, 300L),
                    List.of("default/web"),
                    SERVICE_WITHHELD))),
        new Row(
            "skipped Services contribute nothing and every session is listed",
            s -> s.noAds().ad(ad("bgp").peers("r1")),
            List.of(
                service("unpooled", Map.of(), "192.0.2.1"),
                new ServiceFacts(
                    "default",
                    "idle",
                    Map.of(),
                    BgpScenario.addresses("10.0.0.3"),
                    TrafficPolicy.CLUSTER,
                    false,
                    false,
                    Set.of())),
            Map.of("r1", List.of(), "r2", List.of()),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void plans(Row row) {
    BgpScenario s = row.given().apply(BgpScenario.base());

    BgpPlan plan = new BgpPlanner().plan(row.services(), s.world(), s.self());

    assertThat(plan.decisions()).hasSize(row.services().size());
    assertThat(plan.routes()).isEqualTo(row.routes());
    assertThat(plan.conflicts()).isEqualTo(row.conflicts());
  }

  @Test
  void decisionsAreKeyedByServiceAndMatchDecide() {
    BgpScenario s = BgpScenario.base();
    ServiceFacts web = service("web", WEB, "10.0.0.1");
    ServiceFacts lost = service("lost", Map.of(), "192.0.2.9");

    BgpPlan plan = new BgpPlanner().plan(List.of(web, lost), s.world(), s.self());

    assertThat(plan.decisions().keySet()).containsExactly("default/lost", "default/web");
    assertThat(plan.decisions().get("default/web"))
        .isEqualTo(new BgpPlanner().decide(web, s.world(), s.self(), Set.of("r1", "r2")));
    assertThat(plan.decisions().get("default/lost"))
        .extracting(d -> ((BgpDecision.Skip) d).reason())
        .isEqualTo(BgpReason.NO_POOL);
  }

  @Test
  void explicitSessionsLimitThePlan() {
    BgpScenario s = BgpScenario.base();

    BgpPlan plan =
        new BgpPlanner()
            .plan(List.of(service("web", WEB, "10.0.0.1")), s.world(), s.self(), Set.of("r2"));

    assertThat(plan.routes()).containsOnlyKeys("r2");
    assertThat(plan.routes().get("r2")).containsExactly(route("10.0.0.1/32"));
  }

  @Test
  void aServiceListedTwiceIsRejected() {
    BgpScenario s = BgpScenario.base();
    ServiceFacts web = service("web", WEB, "10.0.0.1");

    assertThatThrownBy(() -> new BgpPlanner().plan(List.of(web, web), s.world(), s.self()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default/web is listed twice");
  }

  @Test
  void aSessionWithoutBgpPeerIsRejected() {
    BgpScenario s = BgpScenario.base();

    assertThatThrownBy(
            () -> new BgpPlanner().plan(List.of(), s.world(), s.self(), Set.of("r1", "ghost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghost");
  }

  /** A peersFor row: peers of the base scenario replaced by {@code given}; node labels. */
  record PeersRow(
      String description,
      UnaryOperator<BgpScenario> given,
      Map<String, String> nodeLabels,
      List<String> expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<PeersRow> peersRows() {
    return Stream.of(
        new PeersRow(
            "peers without node selectors run everywhere", s -> s, Map.of(), List.of("r1", "r2")),
        new PeersRow(
            "a node selector that matches",
            s -> s.peer("r2", sel("zone", "b")),
            Map.of("zone", "b"),
            List.of("r1", "r2")),
        new PeersRow(
            "a node selector that does not match",
            s -> s.peer("r2", sel("zone", "a")),
            Map.of("zone", "b"),
            List.of("r1")),
        new PeersRow(
            "node selectors are OR-ed",
            s -> s.peer("r2", sel("zone", "a"), sel("rack", "7")),
            Map.of("zone", "b", "rack", "7"),
            List.of("r1", "r2")),
        new PeersRow(
            "a node without labels only gets unrestricted peers",
            s -> s.peer("r2", sel("zone", "a")),
            Map.of(),
            List.of("r1")),
        new PeersRow(
            "no peer selects the node",
            s -> s.peer("r1", sel("zone", "a")).peer("r2", sel("zone", "a")),
            Map.of("zone", "b"),
            List.of()),
        new PeersRow("no peers configured", s -> s.noPeers(), Map.of("zone", "b"), List.of()),
        new PeersRow(
            "the exclude label and NetworkUnavailable do not close sessions",
            s -> s,
            Map.of(BgpScenario.EXCLUDE, ""),
            List.of("r1", "r2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peersRows")
  void peersFor(PeersRow row) {
    BgpScenario s = row.given().apply(BgpScenario.base());
    NodeFacts node = new NodeFacts("node-x", row.nodeLabels(), true);

    assertThat(BgpPlanner.peersFor(node, s.world())).containsExactlyElementsOf(row.expected());
  }

  @Test
  void routesAndAnnouncementsValidateTheirValues() {
    assertThatThrownBy(() -> route("10.0.0.1/32", 1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localPref");
    assertThatThrownBy(
            () ->
                new BgpDecision.Announce(
                    "p",
                    BgpScenario.addresses("10.0.0.1"),
                    List.of("bgp"),
                    new java.util.TreeMap<>(
                        Map.of("r1", List.of(route("10.0.0.0/24"), route("10.0.0.0/24", 5))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.0/24 twice for peer r1");
    assertThatThrownBy(
            () -> conflict("r1", "10.0.0.0/24", List.of(5L, 5L), List.of("a"), HIGHEST_WINS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
