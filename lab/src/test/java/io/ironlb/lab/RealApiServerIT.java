package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against a real kube-apiserver and etcd (built from source by {@code bin/ensure-apiserver}, run by
 * fabric8 kube-api-test offline): the CRDs install, the samples are accepted, the schema refuses
 * bad objects with a message naming the problem, and the controller works through the status
 * subresource and across restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealApiServerIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String NS = "ironlb-system";

  private RealCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws IOException {
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
  void everyCrdIsEstablishedAndEverySampleIsAccepted() throws IOException {
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .filteredOn(c -> c.getSpec().getGroup().equals("metallb.io"))
        .hasSize(9)
        .allMatch(RealCluster::established);
    try (Stream<Path> samples = Files.list(REPO.resolve("config/samples"))) {
      for (Path p : samples.sorted().toList()) {
        List<HasMetadata> created = client.load(Files.newInputStream(p)).dryRun().serverSideApply();
        assertThat(created).as(p.toString()).isNotEmpty();
      }
    }
  }

  static Stream<Arguments> invalidObjects() {
    String pool =
        "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String l2 =
        "apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String bgp =
        "apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String peer =
        "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String bfd =
        "apiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String community =
        "apiVersion: metallb.io/v1beta1\nkind: Community\nmetadata: {name: bad, namespace: ironlb-system}\n";
    String okPeer = "spec:\n  myASN: 64512\n  peerASN: 64513\n  peerAddress: 10.0.0.1\n";
    return Stream.of(
        Arguments.of("pool without addresses", pool + "spec: {autoAssign: true}", "addresses"),
        Arguments.of(
            "pool address that is a word",
            pool + "spec: {addresses: [banana]}",
            "spec.addresses[0]"),
        Arguments.of(
            "pool address without prefix length",
            pool + "spec: {addresses: [10.0.0.0]}",
            "spec.addresses[0]"),
        Arguments.of(
            "pool autoAssign that is not a boolean",
            pool + "spec: {addresses: [10.0.0.0/24], autoAssign: sometimes}",
            "autoAssign"),
        Arguments.of(
            "pool priority that is not a number",
            pool + "spec: {addresses: [10.0.0.0/24], serviceAllocation: {priority: high}}",
            "priority"),
        Arguments.of(
            "preferred node weight 0",
            l2 + "spec: {preferredNodeSelectors: [{weight: 0, preference: {}}]}",
            "weight"),
        Arguments.of(
            "preferred node weight 101",
            l2 + "spec: {preferredNodeSelectors: [{weight: 101, preference: {}}]}",
            "weight"),
        Arguments.of(
            "preferred node without preference",
            l2 + "spec: {preferredNodeSelectors: [{weight: 5}]}",
            "preference"),
        Arguments.of(
            "aggregation length 0", bgp + "spec: {aggregationLength: 0}", "aggregationLength"),
        Arguments.of(
            "aggregation length 33", bgp + "spec: {aggregationLength: 33}", "aggregationLength"),
        Arguments.of(
            "IPv6 aggregation length 129",
            bgp + "spec: {aggregationLengthV6: 129}",
            "aggregationLengthV6"),
        Arguments.of(
            "service selectors with aggregation",
            bgp + "spec: {aggregationLength: 24, serviceSelectors: [{matchLabels: {a: b}}]}",
            "serviceSelectors can be used only with the default aggregation lengths"),
        Arguments.of("negative localPref", bgp + "spec: {localPref: -1}", "localPref"),
        Arguments.of(
            "peer without myASN", peer + "spec: {peerASN: 1, peerAddress: 10.0.0.1}", "myASN"),
        Arguments.of(
            "peer ASN above 2^32-1",
            peer + "spec: {myASN: 4294967296, peerASN: 1, peerAddress: 10.0.0.1}",
            "myASN"),
        Arguments.of("peer port 0", peer + okPeer + "  peerPort: 0", "peerPort"),
        Arguments.of("peer port 16385", peer + okPeer + "  peerPort: 16385", "peerPort"),
        Arguments.of(
            "unknown dynamicASN",
            peer + "spec: {myASN: 1, dynamicASN: sometimes, peerAddress: 10.0.0.1}",
            "dynamicASN"),
        Arguments.of("hold time without unit", peer + okPeer + "  holdTime: '90'", "holdTime"),
        Arguments.of(
            "connect time with fractions of a second",
            peer + okPeer + "  connectTime: 1500ms",
            "connectTime must be a whole number of seconds"),
        Arguments.of(
            "connect time above 65535s",
            peer + okPeer + "  connectTime: 20h",
            "connectTime must be between 1s and 65535s"),
        Arguments.of(
            "peer address that is a word",
            peer + "spec: {myASN: 1, peerASN: 2, peerAddress: router}",
            "peerAddress"),
        Arguments.of(
            "BFD receive interval below 10 ms",
            bfd + "spec: {receiveInterval: 5}",
            "receiveInterval"),
        Arguments.of(
            "BFD detect multiplier 1", bfd + "spec: {detectMultiplier: 1}", "detectMultiplier"),
        Arguments.of("BFD minimum TTL 255", bfd + "spec: {minimumTtl: 255}", "minimumTtl"),
        Arguments.of(
            "community value that is a word",
            community + "spec: {communities: [{name: gold, value: gold}]}",
            "value"));
  }

  @ParameterizedTest(name = "{0} is refused")
  @MethodSource("invalidObjects")
  void theApiServerRefusesInvalidObjectsSayingWhy(
      String description, String yaml, String mentions) {
    assertThatThrownBy(
            () -> client.load(new java.io.ByteArrayInputStream(yaml.getBytes())).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(mentions);
  }

  @Test
  void theControllerWritesStatusThroughTheSubresourceAndRestartsMoveNoIp() throws Exception {
    client
        .load(Files.newInputStream(REPO.resolve("config/samples/ipaddresspool.yaml")))
        .serverSideApply();
    String ns = "restart-test";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    ControllerOptions options =
        new ControllerOptions(Optional.empty(), NS, Optional.empty(), 0, 0, "127.0.0.1", 4);
    Map<String, String> before = new HashMap<>();
    try (IronLbController c = IronLbController.start(client, options)) {
      for (int i = 0; i < 6; i++) {
        client.services().resource(lbService(ns, "svc-" + i)).create();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.allocated(ns).size() == 6);
      before.putAll(cluster.allocated(ns));
    }
    assertThat(before.values())
        .doesNotHaveDuplicates()
        .allMatch(ip -> ip.startsWith("198.51.100.24") || ip.startsWith("198.51.100.25"));
    for (int round = 0; round < 5; round++) {
      String pending = "pending-" + round;
      client.services().resource(lbService(ns, pending)).create();
      try (IronLbController c = IronLbController.start(client, options)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> cluster.allocated(ns).containsKey(pending));
        Map<String, String> now = cluster.allocated(ns);
        before.forEach(
            (k, ip) -> assertThat(now.get(k)).as("%s after restart %d", k, 1).isEqualTo(ip));
        assertThat(now.values()).doesNotHaveDuplicates();
        before.put(pending, now.get(pending));
      }
    }
  }

  private static Service lbService(String ns, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .addNewPort()
        .withPort(80)
        .withProtocol("TCP")
        .endPort()
        .withSelector(Map.of("app", name))
        .endSpec()
        .build();
  }
}
