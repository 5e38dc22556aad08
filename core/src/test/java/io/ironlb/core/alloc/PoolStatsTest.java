package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pool counters (METALLB-API.md §1.1 status, §3.5, §3.8): capacity, distinct IPs, saturation. */
class PoolStatsTest {

  private static final long MAX = Long.MAX_VALUE;

  record Row(
      String description,
      Fixtures.PoolBuilder pool,
      List<Fixtures.SvcBuilder> services,
      PoolStats expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Row> rows() {
    var dualPool = pool("p", "192.0.2.0/28", "2001:db8::/126");
    return Stream.of(
        new Row(
            "an empty pool: everything available",
            pool("p", "192.0.2.0/28"),
            List.of(),
            new PoolStats(16, 0, 0, 0, 16, 0)),
        new Row(
            "one IP per Service",
            pool("p", "192.0.2.0/28"),
            List.of(svc("a"), svc("b")),
            new PoolStats(16, 0, 2, 0, 14, 0)),
        new Row(
            "a shared IP counts once",
            dualPool,
            List.of(
                svc("a").shareKey("k").ports("TCP/80"),
                svc("b").shareKey("k").ports("TCP/443"),
                svc("c").clusterIps("fd00::1")),
            new PoolStats(16, 4, 1, 1, 15, 3)),
        new Row(
            "a dual-stack Service counts in both families",
            dualPool,
            List.of(svc("d").clusterIps("10.96.0.1", "fd00::1").policy("RequireDualStack")),
            new PoolStats(16, 4, 1, 1, 15, 3)),
        new Row(
            "a range counts its addresses",
            pool("p", "192.0.2.10-192.0.2.20"),
            List.of(svc("a")),
            new PoolStats(11, 0, 1, 0, 10, 0)),
        new Row(
            "avoidBuggyIPs removes two addresses per /24",
            pool("p", "10.0.0.0/23").avoidBuggyIPs(),
            List.of(),
            new PoolStats(508, 0, 0, 0, 508, 0)),
        new Row(
            "avoidBuggyIPs removes a small prefix's .0",
            pool("p", "192.0.2.0/30").avoidBuggyIPs(),
            List.of(),
            new PoolStats(3, 0, 0, 0, 3, 0)),
        new Row(
            "avoidBuggyIPs removes a small prefix's .255",
            pool("p", "192.0.2.252/30").avoidBuggyIPs(),
            List.of(),
            new PoolStats(3, 0, 0, 0, 3, 0)),
        new Row(
            "avoidBuggyIPs leaves a lone .255 no capacity at all",
            pool("p", "192.0.2.255/32", "192.0.3.7/32").avoidBuggyIPs(),
            List.of(),
            new PoolStats(1, 0, 0, 0, 1, 0)),
        new Row(
            "avoidBuggyIPs does not touch IPv6",
            pool("p", "2001:db8::/120").avoidBuggyIPs(),
            List.of(),
            new PoolStats(0, 256, 0, 0, 0, 256)),
        new Row(
            "an IPv6 /66 (2^62 addresses) is counted exactly",
            pool("p", "2001:db8::/66"),
            List.of(svc("a").clusterIps("fd00::1")),
            new PoolStats(0, 4611686018427387904L, 0, 1, 0, 4611686018427387903L)),
        new Row(
            "an IPv6 /65 (2^63 addresses) saturates",
            pool("p", "2001:db8::/65"),
            List.of(svc("a").clusterIps("fd00::1")),
            new PoolStats(0, MAX, 0, 1, 0, MAX)),
        new Row(
            "two IPv6 /66 add up to 2^63 and saturate",
            pool("p", "2001:db8::/66", "2001:db8:1::/66"),
            List.of(),
            new PoolStats(0, MAX, 0, 0, 0, MAX)),
        new Row(
            "a whole IPv6 /0 saturates",
            pool("p", "::/0"),
            List.of(),
            new PoolStats(0, MAX, 0, 0, 0, MAX)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void counters(Row row) {
    Allocator allocator = new Allocator();
    AddressPool p = row.pool().build();
    allocator.setPools(Map.of(p.name(), p));
    BalancerConverger converger = new BalancerConverger(allocator);
    row.services()
        .forEach(s -> assertThat(converger.converge(s.build()).ingressIPs()).isNotEmpty());

    assertThat(allocator.poolStats()).containsOnlyKeys(p.name());
    assertThat(allocator.poolStats().get(p.name())).isEqualTo(row.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("moves")
  void countersFollowPoolEdits(
      String description, List<Fixtures.PoolBuilder> after, Map<String, PoolStats> expected) {
    Allocator allocator = new Allocator();
    allocator.setPools(Map.of("blue", pool("blue", "192.0.2.0/28").build()));
    BalancerConverger converger = new BalancerConverger(allocator);
    converger.converge(svc("a").build());
    converger.converge(svc("b").build());

    Map<String, AddressPool> next = new TreeMap<>();
    after.forEach(b -> next.put(b.build().name(), b.build()));
    allocator.setPools(next);

    assertThat(allocator.poolStats()).isEqualTo(expected);
  }

  static Stream<Arguments> moves() {
    return Stream.of(
        Arguments.of(
            "a renamed pool carries its counts; the old name is gone",
            List.of(pool("green", "192.0.2.0/28")),
            Map.of("green", new PoolStats(16, 0, 2, 0, 14, 0))),
        Arguments.of(
            "a split pool splits its counts",
            List.of(pool("low", "192.0.2.0/31"), pool("high", "192.0.2.2/31")),
            Map.of(
                "low", new PoolStats(2, 0, 2, 0, 0, 0),
                "high", new PoolStats(2, 0, 0, 0, 2, 0))),
        Arguments.of(
            "IPs that left every pool are no longer counted",
            List.of(pool("blue", "192.0.2.1/32")),
            Map.of("blue", new PoolStats(1, 0, 1, 0, 0, 0))));
  }
}
