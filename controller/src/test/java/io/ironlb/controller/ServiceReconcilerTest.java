package io.ironlb.controller;

import static io.ironlb.controller.MockCluster.lbService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.controller.k8s.ServiceWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller against the fabric8 mock API server (CRUD mode): Service lifecycle and pools. */
class ServiceReconcilerTest {

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

  @Test
  void loadBalancerServiceGetsFirstAddressOfThePoolAndThePoolAnnotation() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());

    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("192.0.2.0")));
    eventually()
        .until(
            () -> ServiceWriter.poolAnnotation(cluster.service("default", "web")),
            p -> p.equals(Optional.of("blue")));
    eventually()
        .until(() -> cluster.eventReasons("default", "web"), r -> r.contains("IPAllocated"));
  }

  @Test
  void deletingAServiceFreesItsAddressForAPendingOne() throws Exception {
    cluster.applyPool("tiny", "addresses: [192.0.2.7/32]");
    controller = cluster.startController();
    cluster.create(lbService("default", "first", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "first"), ips -> ips.equals(List.of("192.0.2.7")));
    cluster.create(lbService("default", "second", "10.96.0.2").build());
    eventually()
        .until(
            () -> cluster.eventReasons("default", "second"), r -> r.contains("AllocationFailed"));
    assertThat(cluster.ingress("default", "second")).isEmpty();

    cluster.client.services().inNamespace("default").withName("first").delete();

    eventually()
        .until(() -> cluster.ingress("default", "second"), ips -> ips.equals(List.of("192.0.2.7")));
  }

  @Test
  void serviceThatStopsBeingALoadBalancerLosesItsIngressAndAnnotation() throws Exception {
    cluster.applyPool("tiny", "addresses: [192.0.2.7/32]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually().until(() -> cluster.ingress("default", "web"), ips -> !ips.isEmpty());
    cluster.create(lbService("default", "waiting", "10.96.0.2").build());

    cluster
        .client
        .services()
        .inNamespace("default")
        .withName("web")
        .edit(
            s -> {
              s.getSpec().setType("ClusterIP");
              return s;
            });

    eventually().until(() -> cluster.ingress("default", "web"), List::isEmpty);
    eventually()
        .until(
            () -> ServiceWriter.poolAnnotation(cluster.service("default", "web")),
            Optional::isEmpty);
    // the freed IP goes to the Service that was waiting for it
    eventually()
        .until(
            () -> cluster.ingress("default", "waiting"), ips -> ips.equals(List.of("192.0.2.7")));
  }

  @Test
  void changingTheRequestedPoolMovesTheServiceToThatPool() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    cluster.applyPool("green", "addresses: [198.51.100.0/28]\nautoAssign: false");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("192.0.2.0")));

    cluster
        .client
        .services()
        .inNamespace("default")
        .withName("web")
        .edit(
            s -> {
              s.getMetadata().setAnnotations(Map.of("metallb.io/address-pool", "green"));
              return s;
            });

    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("198.51.100.0")));
    eventually()
        .until(
            () -> ServiceWriter.poolAnnotation(cluster.service("default", "web")),
            p -> p.equals(Optional.of("green")));
  }

  @Test
  void servicesOfAnotherLoadBalancerClassAreLeftAlone() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(
        lbService("default", "theirs", "10.96.0.1")
            .editSpec()
            .withLoadBalancerClass("example.com/other")
            .endSpec()
            .build());
    cluster.create(lbService("default", "ours", "10.96.0.2").build());

    eventually().until(() -> cluster.ingress("default", "ours"), ips -> !ips.isEmpty());
    assertThat(cluster.ingress("default", "theirs")).isEmpty();
    assertThat(cluster.eventReasons("default", "theirs")).isEmpty();
  }

  @Test
  void withLbClassFlagOnlyThatClassIsServed() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController(Optional.of("ironlb.io/lb"));
    cluster.create(
        lbService("default", "mine", "10.96.0.1")
            .editSpec()
            .withLoadBalancerClass("ironlb.io/lb")
            .endSpec()
            .build());
    cluster.create(lbService("default", "classless", "10.96.0.2").build());

    eventually().until(() -> cluster.ingress("default", "mine"), ips -> !ips.isEmpty());
    assertThat(cluster.ingress("default", "classless")).isEmpty();
  }

  @Test
  void serviceWhoseClassChangesAwayGivesItsAddressBack() throws Exception {
    cluster.applyPool("tiny", "addresses: [192.0.2.7/32]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually().until(() -> cluster.ingress("default", "web"), ips -> !ips.isEmpty());

    // The API server only allows a class change through a type change; the mock lets us jump there.
    cluster
        .client
        .services()
        .inNamespace("default")
        .withName("web")
        .edit(
            s -> {
              s.getSpec().setLoadBalancerClass("example.com/other");
              return s;
            });

    eventually().until(() -> cluster.ingress("default", "web"), List::isEmpty);
    cluster.create(lbService("default", "next", "10.96.0.2").build());
    eventually()
        .until(() -> cluster.ingress("default", "next"), ips -> ips.equals(List.of("192.0.2.7")));
  }

  @Test
  void shrinkingAPoolMovesTheServiceToAnAddressStillInIt() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("192.0.2.0")));

    cluster.applyPool("blue", "addresses: [192.0.2.8/29]");

    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("192.0.2.8")));
    eventually()
        .until(() -> cluster.eventReasons("default", "web"), r -> r.contains("ClearAssignment"));
  }

  @Test
  void deletingThePoolLeavesTheServicePendingWithAReason() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually().until(() -> cluster.ingress("default", "web"), ips -> !ips.isEmpty());

    cluster.deletePool("blue");

    eventually().until(() -> cluster.ingress("default", "web"), List::isEmpty);
    eventually()
        .until(() -> cluster.eventReasons("default", "web"), r -> r.contains("AllocationFailed"));
    eventually()
        .until(
            () -> ServiceWriter.poolAnnotation(cluster.service("default", "web")),
            Optional::isEmpty);
  }

  @Test
  void invalidPoolNextToAValidOneIsReportedAndTheValidOneServes() throws Exception {
    cluster.applyPool("broken", "addresses: [192.0.2.300/24]");
    cluster.applyPool("good", "addresses: [198.51.100.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());

    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("198.51.100.0")));
    ConfigurationState state =
        cluster
            .client
            .resources(ConfigurationState.class)
            .inNamespace(MockCluster.NS)
            .withName("controller")
            .get();
    assertThat(state).isNotNull();
    String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(state);
    assertThat(yaml).contains("Invalid").contains("broken").contains("192.0.2.300");
    eventually()
        .until(
            () -> cluster.client.v1().events().inNamespace(MockCluster.NS).list().getItems(),
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            "broken".equals(e.getInvolvedObject().getName())
                                && "InvalidConfiguration".equals(e.getReason())));
  }

  @Test
  void requestedAddressHeldByAnotherServiceIsRefusedWithAReason() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "first", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "first"), ips -> ips.equals(List.of("192.0.2.0")));

    Service wants =
        new ServiceBuilder(lbService("default", "second", "10.96.0.2").build())
            .editMetadata()
            .addToAnnotations("metallb.io/loadBalancerIPs", "192.0.2.0")
            .endMetadata()
            .build();
    cluster.create(wants);

    eventually()
        .until(
            () -> cluster.events("default", "second"),
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            "AllocationFailed".equals(e.getReason())
                                && e.getMessage().contains("192.0.2.0")));
    assertThat(cluster.ingress("default", "second")).isEmpty();
    assertThat(cluster.ingress("default", "first")).containsExactly("192.0.2.0");
  }

  @Test
  void poolStatusCountsAssignedAndAvailableAddresses() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28, 'fc00::/126']");
    controller = cluster.startController();
    cluster.create(lbService("default", "a", "10.96.0.1").build());
    cluster.create(lbService("default", "b", "10.96.0.2").build());
    eventually().until(() -> cluster.ingress("default", "b"), ips -> !ips.isEmpty());

    eventually()
        .until(
            () ->
                io.fabric8.kubernetes.client.utils.Serialization.asJson(
                    cluster.pool("blue").getStatus()),
            json ->
                json.contains("\"assignedIPv4\":2")
                    && json.contains("\"availableIPv4\":14")
                    && json.contains("\"availableIPv6\":4"));
    String metrics = controller.metrics().scrape();
    assertThat(metrics)
        .contains("metallb_allocator_addresses_in_use_total{pool=\"blue\"} 2")
        .contains("metallb_allocator_addresses_total{pool=\"blue\"} 20");
  }

  @Test
  void garbageInLoadBalancerIpsIsReportedAndDisturbsNobody() throws Exception {
    cluster.applyPool("blue", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "good", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "good"), ips -> ips.equals(List.of("192.0.2.0")));

    cluster.create(
        new ServiceBuilder(lbService("default", "bad", "10.96.0.2").build())
            .editMetadata()
            .addToAnnotations("metallb.io/loadBalancerIPs", "192.0.2.1,not-an-ip")
            .endMetadata()
            .build());

    eventually()
        .until(
            () -> cluster.events("default", "bad"),
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            "LoadBalancerFailed".equals(e.getReason())
                                && e.getMessage().contains("\"not-an-ip\" is not an IP address")));
    assertThat(cluster.ingress("default", "bad")).isEmpty();
    assertThat(cluster.ingress("default", "good")).containsExactly("192.0.2.0");
  }

  @Test
  void anOverlappingPoolIsLeftOutWhileTheFirstKeepsServing() throws Exception {
    cluster.applyPool("a-first", "addresses: [192.0.2.0/28]");
    controller = cluster.startController();
    cluster.create(lbService("default", "web", "10.96.0.1").build());
    eventually()
        .until(() -> cluster.ingress("default", "web"), ips -> ips.equals(List.of("192.0.2.0")));

    cluster.applyPool("b-overlap", "addresses: [192.0.2.0/24]");

    eventually()
        .until(
            () -> cluster.client.v1().events().inNamespace(MockCluster.NS).list().getItems(),
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            "b-overlap".equals(e.getInvolvedObject().getName())
                                && e.getMessage().contains("overlaps")));
    cluster.create(lbService("default", "next", "10.96.0.2").build());
    eventually()
        .until(() -> cluster.ingress("default", "next"), ips -> ips.equals(List.of("192.0.2.1")));
    assertThat(cluster.ingress("default", "web")).containsExactly("192.0.2.0");
  }
}
