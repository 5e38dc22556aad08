package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.BGPAdvertisementSpec;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.ConfigurationStateStatus;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.IPAddressPoolSpec;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceL2Status;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs on a real kube-apiserver and etcd (built by {@code bin/ensure-apiserver}, run
 * offline by fabric8 kube-api-test): MetalLB users' objects are accepted, edge values MetalLB
 * accepts pass the patterns, the server applies MetalLB's defaults (the same ones the Java beans
 * start with), and the CEL immutability rules and status schema hold on update.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdsOnRealApiServerIT {

  private static final String NS = "metallb-system";

  private KubeAPIServer server;
  private KubernetesClient client;

  @BeforeAll
  void start() throws IOException {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    if (dir == null || dir.isBlank()) {
      if (System.getenv("CI") != null) {
        throw new AssertionError("KUBE_API_TEST_DIR is not set: run the suite through `make test`");
      }
      assumeTrue(false, "KUBE_API_TEST_DIR not set (make test sets it via bin/ensure-apiserver)");
    }
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    try (Stream<Path> crds = Files.list(Path.of("../config/crds"))) {
      for (Path p : crds.sorted().toList()) {
        client.load(Files.newInputStream(p)).serverSideApply();
      }
    }
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                        .filter(CrdsOnRealApiServerIT::established)
                        .count()
                    == 9);
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Stream<Arguments> documents() {
    return MetalLbYamlTest.documents();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void metalLbUsersObjectsAreAccepted(String file, Class<? extends HasMetadata> type)
      throws IOException {
    HasMetadata typed = Serialization.unmarshal(MetalLbYamlTest.resource(file), type);
    typed.getMetadata().setName("accepted-" + file.replace(".yaml", ""));
    typed.getMetadata().setGenerateName(null);
    HasMetadata created = client.resource(typed).create();
    try {
      // the status in a create is dropped (status subresource): write it the way MetalLB does
      if (file.startsWith("service") || file.startsWith("configurationstate")) {
        setStatusFrom(typed, created);
        HasMetadata updated = client.resource(created).updateStatus();
        assertThat(Serialization.asJson(updated)).contains("\"status\"");
      }
    } finally {
      client.resource(created).delete();
    }
  }

  private static void setStatusFrom(HasMetadata source, HasMetadata target) {
    if (source instanceof ServiceL2Status s && target instanceof ServiceL2Status t) {
      t.setStatus(s.getStatus());
    } else if (source instanceof ServiceBGPStatus s && target instanceof ServiceBGPStatus t) {
      t.setStatus(s.getStatus());
    } else if (source instanceof ConfigurationState s && target instanceof ConfigurationState t) {
      t.setStatus(s.getStatus());
    }
  }

  static Stream<Arguments> edgeValues() {
    String pool = "kind: IPAddressPool\napiVersion: metallb.io/v1beta1\nspec:\n  addresses: ";
    String peer = "kind: BGPPeer\napiVersion: metallb.io/v1beta2\nspec:\n  myASN: 64500\n";
    String ad = "kind: BGPAdvertisement\napiVersion: metallb.io/v1beta1\nspec:\n";
    return Stream.of(
        edge("range with spaces around the dash", pool + "['10.1.0.1 - 10.1.0.9']"),
        edge("padded range (MetalLB trims it)", pool + "[' 10.2.0.1-10.2.0.9 ']"),
        edge("IPv4-mapped IPv6 CIDR", pool + "['::ffff:10.3.0.0/120']"),
        edge("upper-case IPv6 range", pool + "['FD00::1-FD00::9']"),
        edge(
            "unnumbered peer with empty address and router ID",
            peer + "  dynamicASN: internal\n  interface: eth1\n  peerAddress: ''\n  routerID: ''"),
        edge(
            "Go durations MetalLB reads",
            peer
                + "  peerASN: 1\n  peerAddress: 10.0.0.1\n  holdTime: '0'\n"
                + "  keepaliveTime: 1m30s\n  connectTime: 65535s"),
        edge(
            "fractional hold time",
            peer + "  peerASN: 1\n  peerAddress: fd00::1\n  holdTime: 1.5m"),
        edge(
            "service selectors with the default aggregation written out",
            ad
                + "  aggregationLength: 32\n  aggregationLengthV6: 128\n"
                + "  serviceSelectors: [{matchLabels: {a: b}}]"),
        edge("localPref at 2^32-1", ad + "  localPref: 4294967295"));
  }

  private static Arguments edge(String description, String yaml) {
    return Arguments.of(description, yaml);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeValues")
  void valuesMetalLbAcceptsPassTheSchema(String description, String yaml) {
    GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    r.setMetadata(new ObjectMetaBuilder().withName("edge").withNamespace(NS).build());
    assertThat(client.resource(r).dryRun().create()).as(description).isNotNull();
  }

  @Test
  void serverDefaultsMatchTheDefaultsOfTheJavaBeans() {
    Map<String, Object> pool =
        createdSpec(
            "kind: IPAddressPool\napiVersion: metallb.io/v1beta1\n"
                + "spec: {addresses: [10.9.0.0/24]}");
    Map<String, Object> peer =
        createdSpec(
            "kind: BGPPeer\napiVersion: metallb.io/v1beta2\n"
                + "spec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}");
    Map<String, Object> ad =
        createdSpec("kind: BGPAdvertisement\napiVersion: metallb.io/v1beta1\nspec: {}");
    var javaPool = new IPAddressPoolSpec();
    var javaPeer = new BGPPeerSpec();
    var javaAd = new BGPAdvertisementSpec();
    assertThat(pool)
        .containsEntry("autoAssign", javaPool.getAutoAssign())
        .containsEntry("avoidBuggyIPs", javaPool.getAvoidBuggyIPs());
    assertThat(peer)
        .containsEntry("peerPort", javaPeer.getPeerPort())
        .containsEntry("disableMP", javaPeer.getDisableMP())
        .containsEntry("dualStackAddressFamily", javaPeer.getDualStackAddressFamily());
    assertThat(ad)
        .containsEntry("aggregationLength", javaAd.getAggregationLength())
        .containsEntry("aggregationLengthV6", javaAd.getAggregationLengthV6());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> createdSpec(String yaml) {
    GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    r.setMetadata(new ObjectMetaBuilder().withName("defaults").withNamespace(NS).build());
    GenericKubernetesResource created = client.resource(r).dryRun().create();
    return (Map<String, Object>) created.getAdditionalProperties().get("spec");
  }

  @Test
  void gracefulRestartCannotBeChangedAfterCreation() throws IOException {
    BGPPeer peer =
        Serialization.unmarshal(
            MetalLbYamlTest.resource("bgppeer-password-secret.yaml"), BGPPeer.class);
    peer.getMetadata().setName("graceful");
    client.resource(peer).create();
    try {
      assertThatThrownBy(
              () ->
                  client
                      .resources(BGPPeer.class)
                      .inNamespace(NS)
                      .withName("graceful")
                      .edit(
                          p -> {
                            p.getSpec().setEnableGracefulRestart(false);
                            return p;
                          }))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("EnableGracefulRestart cannot be changed after creation");
    } finally {
      client.resource(peer).delete();
    }
  }

  @Test
  void l2StatusKeepsItsNodeAndService() throws IOException {
    ServiceL2Status s =
        Serialization.unmarshal(
            MetalLbYamlTest.resource("servicel2status.yaml"), ServiceL2Status.class);
    var status = s.getStatus();
    s.getMetadata().setName("l2-immutable");
    s.getMetadata().setGenerateName(null);
    ServiceL2Status created = client.resource(s).create();
    try {
      created.setStatus(status);
      ServiceL2Status written = client.resource(created).updateStatus();
      written.getStatus().setNode("node-z");
      assertThatThrownBy(() -> client.resource(written).updateStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("status.node")
          .hasMessageContaining("Value is immutable");
    } finally {
      client.resource(created).delete();
    }
  }

  @Test
  void configurationResultOutsideTheEnumIsRefused() {
    ConfigurationState state = new ConfigurationState();
    state.setMetadata(new ObjectMetaBuilder().withName("controller").withNamespace(NS).build());
    ConfigurationState created = client.resource(state).create();
    try {
      var status = new ConfigurationStateStatus();
      status.setResult("Broken");
      created.setStatus(status);
      assertThatThrownBy(() -> client.resource(created).updateStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("status.result");
    } finally {
      client.resource(created).delete();
    }
  }

  @Test
  void poolStatusWithoutEveryCountIsRefused() {
    GenericKubernetesResource pool =
        Serialization.unmarshal(
            "kind: IPAddressPool\napiVersion: metallb.io/v1beta1\nspec: {addresses: [10.8.0.0/24]}",
            GenericKubernetesResource.class);
    pool.setMetadata(new ObjectMetaBuilder().withName("counts").withNamespace(NS).build());
    client.resource(pool).create();
    try {
      var status = client.resources(IPAddressPool.class).inNamespace(NS).withName("counts");
      assertThatThrownBy(
              () ->
                  status
                      .subresource("status")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"status\":{\"assignedIPv4\":1,\"assignedIPv6\":0,"
                              + "\"availableIPv4\":255}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("availableIPv6");
      IPAddressPool patched =
          status
              .subresource("status")
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"status\":{\"assignedIPv4\":1,\"assignedIPv6\":0,\"availableIPv4\":255,"
                      + "\"availableIPv6\":0}}");
      assertThat(patched.getStatus().getAvailableIPv4()).isEqualTo(255L);
    } finally {
      client.resource(pool).delete();
    }
  }
}
