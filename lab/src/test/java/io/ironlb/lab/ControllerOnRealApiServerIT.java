package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import io.ironlb.controller.k8s.ServiceSnapshots;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The controller against a real kube-apiserver, where the server's own rules apply (type changes
 * drop node ports, {@code loadBalancerClass} is immutable on a LoadBalancer, status only through
 * the subresource): a Service changing type and class, a pool shrunk and grown while Services are
 * being created, and the API server frozen for a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerOnRealApiServerIT {

  private static final ControllerOptions OPTIONS =
      new ControllerOptions(
          Optional.empty(), RealCluster.NS, Optional.empty(), 0, 0, "127.0.0.1", 4);
  private RealCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    cluster = RealCluster.start();
    client = cluster.admin;
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void serviceChangingTypeAndClassGivesItsIpBackAndGetsOneAgain() throws Exception {
    String ns = namespace("type-change");
    pool("type-pool", "198.51.100.0/29");
    try (IronLbController c = IronLbController.start(client, OPTIONS)) {
      client.services().resource(lb(ns, "web", "type-pool")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> !ips(ns, "web").isEmpty());

      patch(ns, "web", "{\"spec\":{\"type\":\"ClusterIP\"}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> ips(ns, "web").isEmpty());

      // back to LoadBalancer, but of another class: not ours, so no IP
      patch(
          ns,
          "web",
          "{\"spec\":{\"type\":\"LoadBalancer\",\"loadBalancerClass\":\"example.com/other\"}}");
      assertThat(
              client
                  .services()
                  .inNamespace(ns)
                  .withName("web")
                  .get()
                  .getSpec()
                  .getLoadBalancerClass())
          .isEqualTo("example.com/other");
      await()
          .pollDelay(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> ips(ns, "web").isEmpty());

      // ClusterIP drops the class (the server clears it); LoadBalancer without a class is ours
      // again
      patch(ns, "web", "{\"spec\":{\"type\":\"ClusterIP\"}}");
      patch(ns, "web", "{\"spec\":{\"type\":\"LoadBalancer\"}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> !ips(ns, "web").isEmpty());
    }
  }

  @Test
  void poolShrunkAndGrownWhileServicesArriveKeepsEveryIpUniqueAndInsideThePool() throws Exception {
    String ns = namespace("pool-edits");
    pool("busy-pool", "198.51.100.64/27"); // 32 addresses
    try (IronLbController c = IronLbController.start(client, OPTIONS)) {
      for (int i = 0; i < 24; i++) {
        client.services().resource(lb(ns, "svc-" + i, "busy-pool")).create();
        if (i == 8) {
          pool("busy-pool", "198.51.100.64/28"); // shrink to 16 while Services keep coming
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                Map<String, String> now = cluster.allocated(ns);
                assertThat(now).hasSize(16);
                assertThat(now.values()).doesNotHaveDuplicates().allMatch(ip -> inside(ip, 64, 16));
              });
      Map<String, String> beforeGrowth = cluster.allocated(ns);

      pool("busy-pool", "198.51.100.64/27");
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.allocated(ns).size() == 24);
      Map<String, String> after = cluster.allocated(ns);
      assertThat(after.values()).doesNotHaveDuplicates().allMatch(ip -> inside(ip, 64, 32));
      beforeGrowth.forEach((svc, ip) -> assertThat(after.get(svc)).as(svc).isEqualTo(ip));
    }
  }

  @Test
  void apiServerFrozenForAMinuteMovesNoIpAndTheControllerCarriesOn() throws Exception {
    String ns = namespace("api-away");
    pool("away-pool", "198.51.100.128/28");
    try (IronLbController c = IronLbController.start(client, OPTIONS)) {
      for (int i = 0; i < 4; i++) {
        client.services().resource(lb(ns, "svc-" + i, "away-pool")).create();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.allocated(ns).size() == 4);
      Map<String, String> before = cluster.allocated(ns);

      ProcessHandle apiServer = cluster.apiServerProcess();
      signal("STOP", apiServer);
      try {
        TimeUnit.SECONDS.sleep(60); // the outage itself: watches and requests time out meanwhile
      } finally {
        signal("CONT", apiServer);
      }

      client.services().resource(lb(ns, "after", "away-pool")).create();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> cluster.allocated(ns).containsKey("after"));
      Map<String, String> now = cluster.allocated(ns);
      before.forEach((svc, ip) -> assertThat(now.get(svc)).as(svc).isEqualTo(ip));
      assertThat(now.values()).doesNotHaveDuplicates();
    }
  }

  // --- helpers ---

  private String namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }

  private void pool(String name, String cidr) {
    String yaml =
        "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + RealCluster.NS
            + "\nspec:\n  autoAssign: false\n  addresses: ["
            + cidr
            + "]\n";
    IPAddressPool pool = Serialization.unmarshal(yaml, IPAddressPool.class);
    var pools = client.resources(IPAddressPool.class).inNamespace(RealCluster.NS);
    if (pools.withName(name).get() == null) {
      pools.resource(pool).create();
    } else {
      // a merge patch of the spec carries no resourceVersion, so the controller's concurrent
      // status writes cannot make it fail with 409 Conflict (an edit() would)
      pools
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"addresses\":[\"" + cidr + "\"]}}");
    }
  }

  /** A JSON merge patch: no resourceVersion, so no 409 against the controller's status writes. */
  private void patch(String ns, String name, String mergePatch) {
    client
        .services()
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private List<String> ips(String ns, String name) {
    return ServiceSnapshots.ingressIps(client.services().inNamespace(ns).withName(name).get());
  }

  /** Whether {@code ip} is 198.51.100.{first} .. {first + count - 1}. */
  private static boolean inside(String ip, int first, int count) {
    InetAddress a = IpText.parse(ip);
    int last = a.getAddress()[3] & 0xff;
    return ip.startsWith("198.51.100.") && last >= first && last < first + count;
  }

  private static Service lb(String ns, String name, String pool) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withAnnotations(Map.of("metallb.io/address-pool", pool))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .addNewPort()
        .withPort(80)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  private static void signal(String sig, ProcessHandle p) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", sig, p.pid()).isZero();
  }
}
