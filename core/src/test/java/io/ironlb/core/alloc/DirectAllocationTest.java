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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocator's own public operations, without the converger: {@code assign} gives exactly the
 * IPs asked for or refuses with a reason; {@code allocate} is a fresh allocation.
 */
class DirectAllocationTest {

  /** {@code assign} is tried when {@code ips} is non-null, else {@code allocate}. */
  record Row(
      String description,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder svc,
      List<String> ips,
      List<String> expectedIps,
      String expectedPool,
      String failure) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Row assigns(
      String d, Fixtures.SvcBuilder s, List<String> ips, String pool, String... got) {
    return new Row(d, List.of(), s, ips, List.of(got), pool, null);
  }

  static Row refuses(
      String d,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder s,
      List<String> ips,
      String f) {
    return new Row(d, before, s, ips, List.of(), null, f);
  }

  static Stream<Row> rows() {
    return Stream.of(
        assigns("assign one IP of a pool", svc("s"), List.of("192.0.2.5"), "blue", "192.0.2.5"),
        assigns(
            "assign one IP per family keeps the order given (as MetalLB keeps annotation order)",
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("RequireDualStack"),
            List.of("2001:db8::7", "192.0.2.7"),
            "blue",
            "2001:db8::7",
            "192.0.2.7"),
        assigns(
            "assign from an autoAssign false pool",
            svc("s"),
            List.of("198.51.100.1"),
            "manual",
            "198.51.100.1"),
        refuses(
            "assign two IPs of one family",
            List.of(),
            svc("s"),
            List.of("192.0.2.1", "192.0.2.2"),
            "AllocationFailed:IPs 192.0.2.1, 192.0.2.2 must be one IP, or one IPv4 and one IPv6 IP"),
        refuses(
            "assign an IP outside the pools",
            List.of(),
            svc("s"),
            List.of("203.0.113.1"),
            "AllocationFailed:IP 203.0.113.1 is not in any IPAddressPool"),
        refuses(
            "assign an IP that is not one",
            List.of(),
            svc("s"),
            List.of("nope"),
            "LoadBalancerFailed:invalid IP address \"nope\""),
        refuses(
            "assign an IP another Service holds",
            List.of(svc("holder").ips("192.0.2.3")),
            svc("s"),
            List.of("192.0.2.3"),
            "AllocationFailed:IP 192.0.2.3 is in use by default/holder and cannot be shared"),
        new Row(
            "allocate takes the first free address",
            List.of(svc("a")),
            svc("s"),
            null,
            List.of("192.0.2.1"),
            "blue",
            null),
        new Row(
            "allocate honours the requested pool",
            List.of(),
            svc("s").fromPool("manual"),
            null,
            List.of("198.51.100.0"),
            "manual",
            null),
        refuses(
            "allocate with unreadable requested IPs",
            List.of(),
            svc("s").ips("1.2.3"),
            null,
            "LoadBalancerFailed:invalid metallb.io/loadBalancerIPs \"1.2.3\""),
        refuses(
            "allocate for a Service without ClusterIP",
            List.of(),
            svc("s").clusterIps(),
            null,
            "noclusterIPsIPFamily:no ClusterIP"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void direct(Row row) {
    Allocator allocator = new Allocator();
    Map<String, AddressPool> pools = new TreeMap<>();
    for (Fixtures.PoolBuilder b :
        List.of(
            pool("blue", "192.0.2.0/28", "2001:db8::/124"),
            pool("manual", "198.51.100.0/28").noAutoAssign())) {
      pools.put(b.build().name(), b.build());
    }
    allocator.setPools(pools);
    row.before().forEach(b -> assertThat(allocator.allocate(b.build()).granted()).isTrue());
    Map<String, List<String>> before = allocator.allocations();

    AllocationResult r =
        row.ips() == null
            ? allocator.allocate(row.svc().build())
            : allocator.assign(row.svc().build(), row.ips());

    assertThat(r.ips()).isEqualTo(row.expectedIps());
    if (row.failure() == null) {
      assertThat(r.granted()).isTrue();
      assertThat(r.pool()).contains(row.expectedPool());
      assertThat(allocator.allocations()).containsEntry(row.svc().build().key(), r.ips());
    } else {
      String[] p = row.failure().split(":", 2);
      assertThat(r.failure())
          .hasValueSatisfying(
              e -> {
                assertThat(e.reason()).isEqualTo(p[0]);
                assertThat(e.message()).contains(p[1]);
              });
      assertThat(allocator.allocations()).as("a refusal changes nothing").isEqualTo(before);
    }
  }
}
