package io.ironlb.controller;

import static io.ironlb.controller.MockCluster.lbService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.controller.k8s.ServiceSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many Services created at once, reconciled concurrently: no IP is ever given to two of them. */
class ConcurrentAllocationTest {

  @Test
  void fiveHundredServicesCreatedAtOnceGetDistinctAddresses() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.applyPool("blue", "addresses: [10.10.0.0/16]");
      try (IronLbController controller = cluster.startController()) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          int n = i;
          created.add(
              pool.submit(
                  () ->
                      cluster.create(
                          lbService(
                                  "default", "svc-" + n, "10.96." + (n / 250) + "." + (n % 250 + 1))
                              .build())));
        }
        for (Future<?> f : created) {
          f.get();
        }
        pool.shutdown();

        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> allocatedIps(cluster).size(), n -> n == 500);
        List<String> ips = allocatedIps(cluster);
        assertThat(ips).doesNotHaveDuplicates().hasSize(500);
        assertThat(ips).allMatch(ip -> ip.startsWith("10.10."));
      }
    }
  }

  private static List<String> allocatedIps(MockCluster cluster) {
    List<String> ips = new ArrayList<>();
    for (Service s : cluster.client.services().inNamespace("default").list().getItems()) {
      ips.addAll(ServiceSnapshots.ingressIps(s));
    }
    return ips;
  }
}
