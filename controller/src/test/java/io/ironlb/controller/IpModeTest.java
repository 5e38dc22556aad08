package io.ironlb.controller;

import static io.ironlb.controller.MockCluster.lbService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.core.forwarder.ForwarderAnnotations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller writes {@code ipMode} on every ingress entry, from the Service or its pool. */
class IpModeTest {

  private MockCluster cluster;
  private IronLbController controller;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.close();
    }
    cluster.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
  }

  private List<String> modes(String name) {
    Service svc = cluster.service("default", name);
    if (svc == null || svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    List<LoadBalancerIngress> ingress = svc.getStatus().getLoadBalancer().getIngress();
    return ingress == null
        ? List.of()
        : ingress.stream().map(i -> i.getIp() + "=" + i.getIpMode()).toList();
  }

  private Service annotated(String name, String clusterIp, Map<String, String> annotations) {
    return new ServiceBuilder(lbService("default", name, clusterIp).build())
        .editMetadata()
        .addToAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private void annotatePool(String pool, String mode) {
    cluster
        .client
        .resources(IPAddressPool.class)
        .inNamespace(MockCluster.NS)
        .withName(pool)
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of(ForwarderAnnotations.IP_MODE, mode));
              return p;
            });
  }

  @Test
  void withoutTheAnnotationTheIngressSaysVip() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());

    eventually().until(() -> modes("web"), m -> m.equals(List.of("192.0.2.0=VIP")));
  }

  @Test
  void serviceAnnotationSelectsProxyAndRemovingItReturnsToVipOnTheSameIp() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(annotated("web", "10.96.0.1", Map.of(ForwarderAnnotations.IP_MODE, "Proxy")));
    eventually().until(() -> modes("web"), m -> m.equals(List.of("192.0.2.0=Proxy")));

    cluster
        .client
        .services()
        .inNamespace("default")
        .withName("web")
        .edit(
            s -> {
              s.getMetadata().getAnnotations().remove(ForwarderAnnotations.IP_MODE);
              return s;
            });

    eventually().until(() -> modes("web"), m -> m.equals(List.of("192.0.2.0=VIP")));
  }

  @Test
  void poolAnnotationIsTheDefaultAndTheServiceAnnotationWins() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    annotatePool("blue", "Proxy");
    controller = cluster.startController();
    cluster.create(lbService("default", "inherits", "10.96.0.1").build());
    cluster.create(annotated("own", "10.96.0.2", Map.of(ForwarderAnnotations.IP_MODE, "VIP")));

    eventually().until(() -> modes("inherits"), m -> m.size() == 1 && m.get(0).endsWith("=Proxy"));
    eventually().until(() -> modes("own"), m -> m.size() == 1 && m.get(0).endsWith("=VIP"));

    annotatePool("blue", "VIP");

    eventually().until(() -> modes("inherits"), m -> m.size() == 1 && m.get(0).endsWith("=VIP"));
  }

  @Test
  void invalidValuesGiveVipAndAWarningNamingTheAnnotation() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    annotatePool("blue", "Proxy");
    controller = cluster.startController();
    cluster.create(
        annotated(
            "web",
            "10.96.0.1",
            Map.of(
                ForwarderAnnotations.IP_MODE,
                "proxie",
                ForwarderAnnotations.PROXY_PROTOCOL,
                "v7")));

    eventually().until(() -> modes("web"), m -> m.equals(List.of("192.0.2.0=VIP")));
    eventually()
        .until(
            () -> cluster.events("default", "web"),
            evs ->
                evs.stream()
                        .filter(e -> ServiceBalancer.INVALID_ANNOTATION.equals(e.getReason()))
                        .map(e -> e.getMessage())
                        .filter(
                            msg ->
                                msg.contains("ironlb.io/ip-mode: invalid value \"proxie\"")
                                    || msg.contains("ironlb.io/proxy-protocol: invalid value"))
                        .distinct()
                        .count()
                    == 2);
    assertThat(cluster.events("default", "web"))
        .allMatch(e -> !"Warning".equals(e.getType()) || e.getMessage().contains("ironlb.io/"));
  }
}
