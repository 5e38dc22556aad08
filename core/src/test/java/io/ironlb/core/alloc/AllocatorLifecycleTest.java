package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pool edits, restarts, counters and concurrency: the allocator over time. */
class AllocatorLifecycleTest {

  private final Allocator allocator = new Allocator();
  private final BalancerConverger converger = new BalancerConverger(allocator);

  private void pools(Fixtures.PoolBuilder... builders) {
    Map<String, AddressPool> m = new TreeMap<>();
    for (Fixtures.PoolBuilder b : builders) {
      m.put(b.build().name(), b.build());
    }
    allocator.setPools(m);
  }

  @Test
  void convergingAnAllocatedServiceAgainChangesNothingAndSaysNothing() {
    pools(pool("blue", "192.0.2.0/28"));
    Convergence first = converger.converge(svc("s").build());
    Convergence again = converger.converge(svc("s").ingress(first.ingressIPs().get(0)).build());
    assertThat(again.ingressIPs()).isEqualTo(first.ingressIPs());
    assertThat(again.events()).isEmpty();
    assertThat(again.reprocessAll()).isFalse();
  }

  @Test
  void renamingAPoolKeepsItsServicesOnTheirIps() {
    pools(pool("old", "192.0.2.0/28"));
    converger.converge(svc("s").build());
    pools(pool("new", "192.0.2.0/28"));
    Convergence c = converger.converge(svc("s").ingress("192.0.2.0").build());
    assertThat(c.ingressIPs()).containsExactly("192.0.2.0");
    assertThat(c.pool()).contains("new");
  }

  @Test
  void splittingAPoolKeepsEveryIp() {
    pools(pool("big", "192.0.2.0/28"));
    converger.converge(svc("a").build());
    converger.converge(svc("b").build());
    pools(pool("low", "192.0.2.0/31"), pool("high", "192.0.2.2/31"));
    assertThat(converger.converge(svc("a").ingress("192.0.2.0").build()).ingressIPs())
        .containsExactly("192.0.2.0");
    assertThat(converger.converge(svc("b").ingress("192.0.2.1").build()).ingressIPs())
        .containsExactly("192.0.2.1");
  }

  @Test
  void deletingThePoolLeavesTheServicePendingAndAsksForReprocessing() {
    pools(pool("blue", "192.0.2.0/28"));
    converger.converge(svc("s").build());
    pools();
    Convergence c = converger.converge(svc("s").ingress("192.0.2.0").build());
    assertThat(c.ingressIPs()).isEmpty();
    assertThat(c.events())
        .extracting(ServiceEvent::reason)
        .contains("ClearAssignment", "AllocationFailed");
  }

  @Test
  void restartReplayingAllocatedServicesFirstMovesNobody() {
    pools(pool("blue", "192.0.2.0/29"));
    List<String> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      before.add(converger.converge(svc("s" + i).build()).ingressIPs().get(0));
    }
    Allocator fresh = new Allocator();
    fresh.setPools(allocator.pools());
    BalancerConverger restarted = new BalancerConverger(fresh);
    for (int i = 5; i >= 0; i--) { // any order: restore never allocates
      assertThat(restarted.restore(svc("s" + i).ingress(before.get(i)).build())).isTrue();
    }
    Convergence pending = restarted.converge(svc("newcomer").build());
    assertThat(pending.ingressIPs())
        .doesNotContainAnyElementsOf(before)
        .containsExactly("192.0.2.6");
    for (int i = 0; i < 6; i++) {
      assertThat(restarted.converge(svc("s" + i).ingress(before.get(i)).build()).ingressIPs())
          .containsExactly(before.get(i));
    }
  }

  @Test
  void restoreRefusesAnIpThatIsNoLongerValidWithoutTakingAnother() {
    pools(pool("blue", "192.0.2.0/29"));
    assertThat(converger.restore(svc("s").ingress("203.0.113.1").build())).isFalse();
    assertThat(allocator.allocations()).isEmpty();
  }

  @Test
  void poolCountersCountDistinctIpsAndSharedOnesOnce() {
    pools(pool("blue", "192.0.2.0/28", "2001:db8::/126"));
    converger.converge(svc("a").shareKey("k").ports("TCP/80").build());
    converger.converge(svc("b").shareKey("k").ports("TCP/443").build());
    converger.converge(svc("c").clusterIps("fd00::1").build());
    PoolStats s = allocator.poolStats().get("blue");
    assertThat(s).isEqualTo(new PoolStats(16, 4, 1, 1, 15, 3));
  }

  @Test
  void avoidBuggyIpsLowersCapacityByTwoPerSlash24() {
    pools(pool("p", "10.0.0.0/23").avoidBuggyIPs(), pool("q", "192.0.2.0/30").avoidBuggyIPs());
    assertThat(allocator.poolStats().get("p").totalV4()).isEqualTo(512 - 4);
    assertThat(allocator.poolStats().get("q").totalV4()).isEqualTo(3);
  }

  @Test
  void hugeIpv6PoolsSaturateInsteadOfOverflowing() {
    pools(pool("v6", "2001:db8::/32"));
    assertThat(allocator.poolStats().get("v6").totalV6()).isEqualTo(Long.MAX_VALUE);
    assertThat(allocator.poolStats().get("v6").availableV6()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void fiveThousandServicesGetDistinctDeterministicIps() {
    pools(pool("big", "10.10.0.0/16"));
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ips.add(converger.converge(svc("s" + i).build()).ingressIPs().get(0));
    }
    assertThat(new HashSet<>(ips)).hasSize(5000);
    assertThat(ips.get(0)).isEqualTo("10.10.0.0");
    assertThat(ips.get(4999)).isEqualTo("10.10.19.135");
  }

  @Test
  void concurrentConvergencesNeverHandOneIpToTwoServices() throws Exception {
    pools(pool("blue", "192.0.2.0/26"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Convergence>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      results.add(pool.submit(() -> converger.converge(svc("s" + n).build())));
    }
    Set<String> given = Collections.synchronizedSet(new HashSet<>());
    int allocated = 0;
    for (Future<Convergence> f : results) {
      for (String ip : f.get().ingressIPs()) {
        assertThat(given.add(ip)).as("IP %s given twice", ip).isTrue();
        allocated++;
      }
    }
    pool.shutdown();
    assertThat(allocated).isEqualTo(64); // a /26 holds 64 addresses; the other 36 stay pending
  }

  @Test
  void releasingAnIpMakesItTheNextOneHandedOut() {
    pools(pool("blue", "192.0.2.0/28"));
    converger.converge(svc("a").build());
    converger.converge(svc("b").build());
    assertThat(converger.release("default/a")).isTrue();
    assertThat(converger.converge(svc("c").build()).ingressIPs()).containsExactly("192.0.2.0");
    assertThat(converger.release("default/nobody")).isFalse();
  }

  @Test
  void deprecatedAnnotationIsReportedWhenTheServiceIsWritten() {
    pools(pool("blue", "192.0.2.0/28"));
    Convergence c =
        converger.converge(svc("s").annotation("metallb.universe.tf/allow-shared-ip", "k").build());
    assertThat(c.events())
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .contains("metallb.universe.tf/allow-shared-ip is deprecated"));
  }
}
