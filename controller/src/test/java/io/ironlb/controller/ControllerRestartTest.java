package io.ironlb.controller;

import static io.ironlb.controller.MockCluster.lbService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarting the controller never moves an IP, and a Service that was pending during the restart
 * never takes an IP another Service holds, even though the new controller's allocator starts empty.
 */
class ControllerRestartTest {

  private MockCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void restartingFiveTimesMovesNoAddress() throws Exception {
    // Addresses are handed out first-free, so a restarted controller that did not restore the
    // existing allocations before serving the pending Service would hand it 192.0.2.0, held by
    // svc-0.
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    Map<String, List<String>> before = new HashMap<>();
    try (IronLbController controller = cluster.startController()) {
      for (int i = 0; i < 10; i++) {
        cluster.create(lbService("default", "svc-" + i, "10.96.0." + (i + 1)).build());
      }
      awaitAllAllocated(10);
      assertThat(controller.isReady()).isTrue();
    }
    for (int i = 0; i < 10; i++) {
      before.put("svc-" + i, cluster.ingress("default", "svc-" + i));
    }

    for (int round = 0; round < 5; round++) {
      // a Service created while no controller runs: it must get a free IP, not a held one
      String pending = "pending-" + round;
      cluster.create(lbService("default", pending, "10.96.1." + (round + 1)).build());
      try (IronLbController controller = cluster.startController()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> cluster.ingress("default", pending), ips -> !ips.isEmpty());
        for (var e : before.entrySet()) {
          assertThat(cluster.ingress("default", e.getKey()))
              .as("IP of %s after restart %d", e.getKey(), round + 1)
              .isEqualTo(e.getValue());
        }
        assertNoDuplicateAddresses();
        before.put(pending, cluster.ingress("default", pending));
      }
    }
  }

  private void awaitAllAllocated(int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.client.services().inNamespace("default").list().getItems().stream()
                    .filter(s -> !io.ironlb.controller.k8s.ServiceSnapshots.ingressIps(s).isEmpty())
                    .count(),
            n -> n >= count);
  }

  private void assertNoDuplicateAddresses() {
    Set<String> seen = new HashSet<>();
    for (Service s : cluster.client.services().inAnyNamespace().list().getItems()) {
      for (String ip : io.ironlb.controller.k8s.ServiceSnapshots.ingressIps(s)) {
        assertThat(seen.add(ip)).as("IP %s given twice", ip).isTrue();
      }
    }
  }
}
