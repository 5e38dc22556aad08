package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resyncs, restarts, lost status writes, many Services and many threads: the allocator over time.
 */
class AllocatorLifecycleTest {

  private final Allocator allocator = new Allocator();
  private final BalancerConverger converger = new BalancerConverger(allocator);

  private static Map<String, AddressPool> poolMap(Fixtures.PoolBuilder... builders) {
    Map<String, AddressPool> m = new TreeMap<>();
    for (Fixtures.PoolBuilder b : builders) {
      m.put(b.build().name(), b.build());
    }
    return m;
  }

  /** The Service as the controller writes it back: the convergence's IPs and pool annotation. */
  private static Fixtures.SvcBuilder written(Fixtures.SvcBuilder b, Convergence c) {
    Fixtures.SvcBuilder out = b.copy().ingress(c.ingressIPs().toArray(String[]::new));
    c.pool().ifPresent(p -> out.annotation("metallb.io/ip-allocated-from-pool", p));
    return out;
  }

  static Stream<Arguments> steadyServices() {
    return Stream.of(
        Arguments.of("an IPv4 Service", svc("s")),
        Arguments.of("an IPv6 Service", svc("s").clusterIps("fd00::1")),
        Arguments.of(
            "a RequireDualStack Service",
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("RequireDualStack")),
        Arguments.of(
            "a PreferDualStack Service served one family",
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack").fromPool("v4")),
        Arguments.of("a Service with a sharing key", svc("s").shareKey("k")),
        Arguments.of("a Service requesting an IP", svc("s").ips("192.0.2.9")),
        Arguments.of("a Service requesting a pool", svc("s").fromPool("v4")),
        Arguments.of(
            "a Service with an old-prefix annotation",
            svc("s").annotation("metallb.universe.tf/address-pool", "v4")),
        Arguments.of("an externalTrafficPolicy Local Service", svc("s").local(Map.of("app", "x"))));
  }

  @ParameterizedTest(name = "{0} converges once, then stays put silently")
  @MethodSource("steadyServices")
  void convergingAnUnchangedServiceAgainChangesNothingAndSaysNothing(
      String description, Fixtures.SvcBuilder s) {
    allocator.setPools(
        poolMap(
            pool("dual", "192.0.2.0/28", "2001:db8::/124"),
            pool("v4", "198.51.100.0/28").noAutoAssign()));
    Convergence first = converger.converge(s.build());
    assertThat(first.ingressIPs()).isNotEmpty();

    Convergence again = converger.converge(written(s, first).build());

    assertThat(again.ingressIPs()).isEqualTo(first.ingressIPs());
    assertThat(again.pool()).isEqualTo(first.pool());
    assertThat(again.events()).isEmpty();
    assertThat(again.reprocessAll()).isFalse();
  }

  @Test
  void aLostStatusWriteGetsTheSameIpBackInsteadOfANewOne() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/28")));
    converger.converge(svc("a").build());
    Convergence first = converger.converge(svc("s").build());

    Convergence retry = converger.converge(svc("s").build()); // the status still shows nothing

    assertThat(retry.ingressIPs()).isEqualTo(first.ingressIPs()).containsExactly("192.0.2.1");
    assertThat(retry.events()).extracting(ServiceEvent::reason).containsExactly("IPAllocated");
    assertThat(allocator.allocations()).hasSize(2);
  }

  @Test
  void restartReplayingAllocatedServicesFirstMovesNobody() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/29")));
    List<Convergence> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      before.add(converger.converge(svc("s" + i).build()));
    }
    converger.release("default/s2"); // its status is gone with it: .2 is really free

    Allocator fresh = new Allocator();
    fresh.setPools(allocator.pools());
    BalancerConverger restarted = new BalancerConverger(fresh);
    for (int i = 5; i >= 0; i--) { // any order: restore never allocates
      if (i != 2) {
        assertThat(restarted.restore(written(svc("s" + i), before.get(i)).build())).isTrue();
      }
    }
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pending.addAll(restarted.converge(svc("newcomer" + i).build()).ingressIPs());
    }

    assertThat(pending).containsExactly("192.0.2.2", "192.0.2.6", "192.0.2.7");
    for (int i = 0; i < 6; i++) {
      if (i != 2) {
        assertThat(restarted.converge(written(svc("s" + i), before.get(i)).build()).ingressIPs())
            .isEqualTo(before.get(i).ingressIPs());
      }
    }
  }

  @Test
  void restartConvergingAllocatedServicesFirstKeepsEveryIpAndPendingOnesGetOthers() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/29")));
    List<Convergence> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add(converger.converge(svc("s" + i).ips("192.0.2." + (7 - i)).build()));
    }
    Allocator fresh = new Allocator();
    fresh.setPools(allocator.pools());
    BalancerConverger restarted = new BalancerConverger(fresh);

    for (int i = 0; i < 4; i++) { // allocated Services first, as the controller feeds them
      Fixtures.SvcBuilder s = written(svc("s" + i).ips("192.0.2." + (7 - i)), before.get(i));
      assertThat(restarted.converge(s.build()).ingressIPs()).isEqualTo(before.get(i).ingressIPs());
    }
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pending.addAll(restarted.converge(svc("p" + i).build()).ingressIPs());
    }

    assertThat(pending).containsExactly("192.0.2.0", "192.0.2.1", "192.0.2.2", "192.0.2.3");
  }

  @Test
  void restoreRefusesAnIpThatIsNoLongerValidWithoutTakingAnother() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/29")));
    assertThat(converger.restore(svc("s").ingress("203.0.113.1").build())).isFalse();
    assertThat(converger.restore(svc("s").type("NodePort").ingress("192.0.2.1").build())).isFalse();
    assertThat(allocator.allocations()).isEmpty();
  }

  @Test
  void releasingAnIpMakesItTheNextOneHandedOutAndAsksForReprocessing() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/28")));
    converger.converge(svc("a").build());
    converger.converge(svc("b").build());
    assertThat(converger.release("default/a")).isTrue();
    assertThat(converger.converge(svc("c").build()).ingressIPs()).containsExactly("192.0.2.0");
    assertThat(converger.release("default/nobody")).isFalse();
  }

  @Test
  void aServiceThatStopsBeingALoadBalancerGivesItsIpBack() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/28")));
    Convergence c = converger.converge(svc("s").build());

    Convergence after = converger.converge(written(svc("s"), c).type("ClusterIP").build());

    assertThat(after.ingressIPs()).isEmpty();
    assertThat(after.pool()).isEmpty();
    assertThat(after.reprocessAll()).isTrue();
    assertThat(allocator.allocations()).isEmpty();
  }

  @Test
  void changingTheSharingKeyAsksForReprocessing() {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/28")));
    Convergence c = converger.converge(svc("s").shareKey("a").build());

    Convergence after = converger.converge(written(svc("s").shareKey("b"), c).build());

    assertThat(after.ingressIPs()).isEqualTo(c.ingressIPs());
    assertThat(after.reprocessAll()).isTrue();
  }

  @Test
  void fiveThousandServicesGetDistinctIpsAndTheSameOnesEveryRun() {
    List<String> first = fillSlash16(5000);
    List<String> second = fillSlash16(5000);

    assertThat(new HashSet<>(first)).hasSize(5000);
    assertThat(first.get(0)).isEqualTo("10.10.0.0");
    assertThat(first.get(4999)).isEqualTo("10.10.19.135"); // 4999 = 19 * 256 + 135
    assertThat(second).isEqualTo(first);
  }

  private static List<String> fillSlash16(int n) {
    Allocator a = new Allocator();
    a.setPools(poolMap(pool("big", "10.10.0.0/16")));
    BalancerConverger c = new BalancerConverger(a);
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ips.add(c.converge(svc("s" + i).build()).ingressIPs().get(0));
    }
    return ips;
  }

  @Test
  void concurrentConvergencesNeverHandOneIpToTwoServices() throws Exception {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/26")));
    List<Callable<Convergence>> work = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Fixtures.SvcBuilder s = svc("s" + i);
      work.add(() -> converger.converge(s.build()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Convergence>> results;
    try {
      results = threads.invokeAll(work);
    } finally {
      threads.shutdown();
    }

    Set<String> given = new HashSet<>();
    int allocated = 0;
    for (Future<Convergence> f : results) {
      for (String ip : f.get().ingressIPs()) {
        assertThat(given.add(ip)).as("IP %s given twice", ip).isTrue();
        allocated++;
      }
    }
    assertThat(allocated).isEqualTo(64); // a /26 holds 64 addresses; the other 36 stay pending
    assertThat(allocator.allocations()).hasSize(64);
  }

  @Test
  void concurrentConvergesAndReleasesLeaveAConsistentLedger() throws Exception {
    allocator.setPools(poolMap(pool("blue", "192.0.2.0/27")));
    List<Callable<Object>> work = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String name = "s" + (i % 40);
      boolean release = i % 3 == 0;
      work.add(
          () ->
              release
                  ? converger.release("default/" + name)
                  : converger.converge(svc(name).build()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (Future<Object> f : threads.invokeAll(work)) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }

    List<String> held = allocator.allocations().values().stream().flatMap(List::stream).toList();
    assertThat(new HashSet<>(held)).as("no IP held twice").hasSize(held.size());
    assertThat(allocator.poolStats().get("blue").assignedV4()).isEqualTo(held.size());
    // every free address is handed out again, lowest first
    for (int i = 0; i < 32 - held.size(); i++) {
      String next = converger.converge(svc("late" + i).build()).ingressIPs().get(0);
      assertThat(held).doesNotContain(next);
    }
    assertThat(converger.converge(svc("one-too-many").build()).ingressIPs()).isEmpty();
  }
}
