package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pool edits (METALLB-API.md §3.6): Services are allocated under the old pools, the pools change,
 * then every Service is converged again in order with what its status says; who keeps, who moves.
 */
class PoolChangeTest {

  /**
   * A row: {@code services} are converged under {@code before}, then under {@code after}; {@code
   * expected} is each Service's final IPs; {@code event} ("service:Reason:text", or null) must be
   * among that Service's Events of the second round.
   */
  record Row(
      String description,
      List<Fixtures.PoolBuilder> before,
      List<Fixtures.SvcBuilder> services,
      List<Fixtures.PoolBuilder> after,
      Map<String, List<String>> expected,
      String event) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Map<String, List<String>> ips(String... serviceThenIps) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String s : serviceThenIps) {
      String[] p = s.split("=", -1);
      out.put(p[0], p[1].isEmpty() ? List.of() : List.of(p[1].split(",")));
    }
    return out;
  }

  static Stream<Row> rows() {
    var blue = pool("blue", "192.0.2.0/28");
    var two = List.of(svc("s0"), svc("s1"));
    var preferDual = svc("d").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack");
    return Stream.of(
        new Row(
            "renaming a pool keeps every IP",
            List.of(blue),
            two,
            List.of(pool("green", "192.0.2.0/28")),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            null),
        new Row(
            "splitting a pool keeps every IP",
            List.of(blue),
            two,
            List.of(pool("low", "192.0.2.0/31"), pool("high", "192.0.2.2/31")),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            null),
        new Row(
            "shrinking a pool moves only the Service outside it, to the first free address",
            List.of(blue),
            two,
            List.of(pool("blue", "192.0.2.1-192.0.2.7")),
            ips("s0=192.0.2.2", "s1=192.0.2.1"),
            "s0:ClearAssignment:IP 192.0.2.0 is not in any IPAddressPool"),
        new Row(
            "deleting the only pool leaves every Service pending",
            List.of(blue),
            two,
            List.of(),
            ips("s0=", "s1="),
            "s1:AllocationFailed:there is no IPAddressPool"),
        new Row(
            "deleting one pool moves its Services to another",
            List.of(blue, pool("red", "198.51.100.0/28").priority(1)),
            two,
            List.of(blue),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            "s0:ClearAssignment:IP 198.51.100.0 is not in any IPAddressPool"),
        new Row(
            "turning avoidBuggyIPs on moves the Service on .0",
            List.of(blue),
            two,
            List.of(pool("blue", "192.0.2.0/28").avoidBuggyIPs()),
            ips("s0=192.0.2.2", "s1=192.0.2.1"),
            "s0:ClearAssignment:IP 192.0.2.0 is not in any IPAddressPool"),
        new Row(
            "a serviceAllocation that stops admitting the namespace moves its Services",
            List.of(pool("team", "198.51.100.0/28").namespaces(1, "default"), blue),
            two,
            List.of(pool("team", "198.51.100.0/28").namespaces(1, "prod"), blue),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            "s0:ClearAssignment:IPAddressPool \"team\" does not admit this Service"),
        new Row(
            "turning autoAssign off keeps the IPs already given",
            List.of(blue),
            two,
            List.of(pool("blue", "192.0.2.0/28").noAutoAssign()),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            null),
        new Row(
            "a new pool with a better priority moves nobody",
            List.of(blue),
            two,
            List.of(blue, pool("gold", "198.51.100.0/28").priority(1)),
            ips("s0=192.0.2.0", "s1=192.0.2.1"),
            null),
        new Row(
            "a pool gaining IPv6 tops up its PreferDualStack Services",
            List.of(blue),
            List.of(preferDual),
            List.of(pool("blue", "192.0.2.0/28", "2001:db8::/124")),
            ips("d=192.0.2.0,2001:db8::"),
            "d:IPAllocated:Assigned additional IP 2001:db8::"),
        new Row(
            "a new dual-stack pool does not move a PreferDualStack Service off its one-family pool",
            List.of(blue),
            List.of(preferDual),
            List.of(blue, pool("dual", "198.51.100.0/28", "2001:db8::/124").priority(1)),
            ips("d=192.0.2.0"),
            null),
        new Row(
            "a dual-stack pool losing IPv6 re-assigns its PreferDualStack Service one family",
            List.of(pool("dual", "192.0.2.0/28", "2001:db8::/124")),
            List.of(preferDual),
            List.of(pool("dual", "192.0.2.0/28")),
            ips("d=192.0.2.0"),
            "d:ClearAssignment:IP 2001:db8:: is not in any IPAddressPool"),
        new Row(
            "a shared IP stays shared across a rename",
            List.of(blue),
            List.of(
                svc("a").shareKey("k").ports("TCP/80"), svc("b").shareKey("k").ports("TCP/443")),
            List.of(pool("green", "192.0.2.0/28")),
            ips("a=192.0.2.0", "b=192.0.2.0"),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void poolEdit(Row row) {
    Allocator allocator = new Allocator();
    BalancerConverger converger = new BalancerConverger(allocator);
    allocator.setPools(pools(row.before()));
    Map<String, Convergence> first = new LinkedHashMap<>();
    for (Fixtures.SvcBuilder b : row.services()) {
      Convergence c = converger.converge(b.build());
      assertThat(c.ingressIPs()).as("setup: %s", b.build().key()).isNotEmpty();
      first.put(b.build().name(), c);
    }

    allocator.setPools(pools(row.after()));
    Map<String, List<String>> got = new LinkedHashMap<>();
    Map<String, List<ServiceEvent>> events = new LinkedHashMap<>();
    for (Fixtures.SvcBuilder b : row.services()) {
      String name = b.build().name();
      Convergence prior = first.get(name);
      Convergence c =
          converger.converge(
              b.copy()
                  .ingress(prior.ingressIPs().toArray(String[]::new))
                  .annotation("metallb.io/ip-allocated-from-pool", prior.pool().orElseThrow())
                  .build());
      got.put(name, c.ingressIPs());
      events.put(name, c.events());
    }

    assertThat(got).as(row.description()).isEqualTo(row.expected());
    if (row.event() == null) {
      assertThat(events.values())
          .as("nobody moved, so nobody hears about it")
          .allSatisfy(
              e ->
                  assertThat(e).extracting(ServiceEvent::reason).doesNotContain("ClearAssignment"));
      return;
    }
    String[] p = row.event().split(":", 3);
    assertThat(events.get(p[0]))
        .anySatisfy(
            e -> {
              assertThat(e.reason()).isEqualTo(p[1]);
              assertThat(e.message()).contains(p[2]);
            });
  }

  private static Map<String, AddressPool> pools(List<Fixtures.PoolBuilder> builders) {
    Map<String, AddressPool> m = new TreeMap<>();
    builders.forEach(b -> m.put(b.build().name(), b.build()));
    return m;
  }
}
