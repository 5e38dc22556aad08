package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.IPAddressPoolSpec;
import io.ironlb.api.v1beta1.IPAddressPoolStatus;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lab's API server, in-process on a free loopback port: the fabric8 client's CRUD and status
 * writes work against it, and so does a real kubectl (the one {@code bin/ensure-kubectl} provides,
 * passed as {@code IRONLB_KUBECTL}), up to what {@code make lab} does with the controller.
 */
class EmbeddedApiServerTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String SYSTEM_NS = "ironlb-system";

  @TempDir Path tmp;
  private EmbeddedApiServer server;
  private KubernetesClient client;
  private Path kubeconfig;

  @BeforeEach
  void start() throws IOException {
    server = EmbeddedApiServer.start("127.0.0.1", 0);
    kubeconfig = tmp.resolve("kubeconfig");
    Files.writeString(kubeconfig, server.kubeconfig());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.kubeconfig()))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  // ---- fabric8 client ----

  @Test
  void servicesAreCreatedReadUpdatedAndDeleted() {
    client.services().resource(service("crud")).create();

    Service stored = client.services().inNamespace("default").withName("crud").get();
    assertThat(stored.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(stored.getSpec().getClusterIP()).startsWith("10.96.");

    stored.getMetadata().getLabels().put("tier", "two");
    client.services().resource(stored).update();
    assertThat(client.services().inNamespace("default").list().getItems())
        .singleElement()
        .satisfies(s -> assertThat(s.getMetadata().getLabels()).containsEntry("tier", "two"));

    client.services().inNamespace("default").withName("crud").delete();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.services().inNamespace("default").withName("crud").get() == null);
  }

  @Test
  void editSendsAJsonPatchThatSticks() {
    client.services().resource(service("edited")).create();

    client
        .services()
        .inNamespace("default")
        .withName("edited")
        .edit(
            s -> {
              s.getMetadata().getAnnotations().put("metallb.io/ip-allocated-from-pool", "p");
              return s;
            });

    assertThat(
            client
                .services()
                .inNamespace("default")
                .withName("edited")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("metallb.io/ip-allocated-from-pool", "p");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(StatusWrite.class)
  void serviceStatusIsWritable(StatusWrite write) {
    client.services().resource(service("lb")).create();
    Service withStatus = client.services().inNamespace("default").withName("lb").get();
    withStatus.setStatus(
        new ServiceStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("192.0.2.1")
            .endIngress()
            .endLoadBalancer()
            .build());

    write.apply(client.services(), withStatus, statusJson(withStatus));

    Service stored = client.services().inNamespace("default").withName("lb").get();
    assertThat(stored.getStatus().getLoadBalancer().getIngress())
        .extracting(LoadBalancerIngress::getIp)
        .containsExactly("192.0.2.1");
    assertThat(stored.getSpec().getPorts())
        .singleElement()
        .extracting(p -> p.getPort())
        .isEqualTo(80);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(StatusWrite.class)
  void customResourceStatusIsWritableOnceItsCrdIsCreated(StatusWrite write) throws IOException {
    createCrds();
    MixedOperation<IPAddressPool, KubernetesResourceList<IPAddressPool>, Resource<IPAddressPool>>
        pools = client.resources(IPAddressPool.class);
    pools.resource(pool("p", "192.0.2.0/29")).create();
    IPAddressPool withStatus = pools.inNamespace(SYSTEM_NS).withName("p").get();
    IPAddressPoolStatus status = new IPAddressPoolStatus();
    status.setAssignedIPv4(1L);
    status.setAvailableIPv4(7L);
    withStatus.setStatus(status);

    write.apply(pools, withStatus, statusJson(withStatus));

    IPAddressPool stored = pools.inNamespace(SYSTEM_NS).withName("p").get();
    assertThat(stored.getStatus().getAssignedIPv4()).isEqualTo(1L);
    assertThat(stored.getStatus().getAvailableIPv4()).isEqualTo(7L);
    assertThat(stored.getSpec().getAddresses()).containsExactly("192.0.2.0/29");
  }

  @Test
  void customResourcesGetTheirCrdSchemaDefaults() throws IOException {
    createCrds();
    GenericKubernetesResource pool =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("metallb.io/v1beta1")
            .withKind("IPAddressPool")
            .withNewMetadata()
            .withName("bare")
            .withNamespace(SYSTEM_NS)
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("addresses", List.of("192.0.2.8/29")))
            .build();
    ResourceDefinitionContext pools =
        new ResourceDefinitionContext.Builder()
            .withGroup("metallb.io")
            .withVersion("v1beta1")
            .withPlural("ipaddresspools")
            .withNamespaced(true)
            .build();

    client.genericKubernetesResources(pools).resource(pool).create();

    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>)
            client
                .genericKubernetesResources(pools)
                .inNamespace(SYSTEM_NS)
                .withName("bare")
                .get()
                .getAdditionalProperties()
                .get("spec");
    assertThat(spec).containsEntry("autoAssign", true).containsEntry("avoidBuggyIPs", false);
  }

  @Test
  void crdMakesItsKindDiscoverableWithItsScope() throws IOException {
    assertThat(client.getApiGroup("metallb.io")).isNull();

    createCrds();

    assertThat(client.getApiGroup("metallb.io").getPreferredVersion().getVersion())
        .isEqualTo("v1beta2");
    List<APIResource> v1beta1 = client.getApiResources("metallb.io/v1beta1").getResources();
    assertThat(v1beta1)
        .filteredOn(r -> r.getName().equals("ipaddresspools"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("IPAddressPool");
              assertThat(r.getNamespaced()).isTrue();
            });
    assertThat(v1beta1).extracting(APIResource::getName).contains("ipaddresspools/status");
  }

  // ---- real kubectl ----

  /** A manifest, then a changed one, and a field that shows which of the two is stored. */
  static Stream<Arguments> kubectlObjects() {
    return Stream.of(
        Arguments.of(
            "a Service",
            "svc",
            "default",
            "web",
            serviceYaml("one", 80),
            serviceYaml("two", 81),
            "{.metadata.labels.tier}:{.spec.ports[0].port}",
            "one:80",
            "two:81"),
        Arguments.of(
            "an IPAddressPool",
            "ipaddresspools",
            SYSTEM_NS,
            "web-pool",
            poolYaml("198.51.100.0/30"),
            poolYaml("198.51.100.0/30", "2001:db8:2::/126"),
            "{.spec.addresses}",
            "[\"198.51.100.0/30\"]",
            "[\"198.51.100.0/30\",\"2001:db8:2::/126\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectlObjects")
  void kubectlCreatesGetsAppliesAndDeletes(
      String description,
      String resource,
      String namespace,
      String name,
      String manifest,
      String changed,
      String jsonPath,
      String before,
      String after)
      throws Exception {
    String kubectl = kubectlOrSkip();
    prepareNamespaceAndCrds(kubectl);
    String first = write(name + "-1.yaml", manifest);
    String second = write(name + "-2.yaml", changed);

    assertThat(kubectl(kubectl, 0, "create", "--validate=false", "-f", first)).contains("created");
    assertThat(kubectl(kubectl, 0, "get", resource, "-n", namespace)).contains(name);
    assertThat(kubectl(kubectl, 0, "get", resource, name, "-n", namespace, "-o", "yaml"))
        .contains("name: " + name, "resourceVersion:");
    assertThat(get(kubectl, resource, namespace, name, jsonPath)).isEqualTo(before);

    assertThat(kubectl(kubectl, 0, "apply", "--validate=false", "-f", second))
        .contains("configured");
    assertThat(get(kubectl, resource, namespace, name, jsonPath)).isEqualTo(after);

    assertThat(kubectl(kubectl, 0, "delete", "-f", second)).contains("deleted");
    assertThat(kubectl(kubectl, 1, "get", resource, name, "-n", namespace)).contains("NotFound");
  }

  @Test
  void kubectlDrivesTheLabEndToEnd() throws Exception {
    String kubectl = kubectlOrSkip();
    prepareNamespaceAndCrds(kubectl);
    assertThat(kubectl(kubectl, 0, "api-resources", "--api-group=metallb.io"))
        .contains("ipaddresspools", "IPAddressPool");
    kubectl(
        kubectl, 0, "apply", "--validate=false", "-f", REPO.resolve("config/samples").toString());
    assertThat(kubectl(kubectl, 0, "get", "ipaddresspools", "-n", SYSTEM_NS, "-o", "yaml"))
        .contains("198.51.100.240/28", "autoAssign: true");

    try (IronLbController controller =
        IronLbController.start(
            client,
            new ControllerOptions(
                Optional.empty(), SYSTEM_NS, Optional.empty(), 0, 0, "127.0.0.1", 4))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> get(kubectl, "svc", "default", "demo", "{.status.loadBalancer.ingress[0].ip}"),
              ip -> ip.equals("198.51.100.240"));
      String table = kubectl(kubectl, 0, "get", "svc", "-A", "-o", "wide");
      assertThat(table)
          .contains("EXTERNAL-IP")
          .contains("198.51.100.240,2001:db8:1b::f0")
          .contains("app=demo");
      assertThat(kubectl(kubectl, 0, "get", "events", "-n", "default"))
          .contains("REASON", "IPAllocated", "service/demo");
      assertThat(kubectl(kubectl, 0, "get", "configurationstates", "-n", SYSTEM_NS))
          .contains("Valid");

      kubectl(kubectl, 0, "delete", "svc", "demo");
      assertThat(kubectl(kubectl, 1, "get", "svc", "demo")).contains("NotFound");
    }
  }

  // ---- helpers ----

  /** The ways the controller writes status (fabric8); each must land in the stored status. */
  enum StatusWrite {
    UPDATE_STATUS("updateStatus: PUT .../status") {
      @Override
      <T extends HasMetadata> void apply(
          MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson) {
        op.resource(withStatus).updateStatus();
      }
    },
    PATCH_STATUS("patchStatus: JSON merge patch on .../status") {
      @Override
      <T extends HasMetadata> void apply(
          MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson) {
        op.resource(withStatus).patchStatus();
      }
    },
    EDIT_STATUS("editStatus: JSON patch on .../status") {
      @Override
      <T extends HasMetadata> void apply(
          MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson) {
        named(op, withStatus).editStatus(current -> withStatus);
      }
    },
    RAW_JSON_PATCH("subresource(\"status\").patch: a hand-written JSON patch") {
      @Override
      <T extends HasMetadata> void apply(
          MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson) {
        named(op, withStatus)
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + statusJson + "}]");
      }
    },
    RAW_MERGE_PATCH("subresource(\"status\").patch: a hand-written JSON merge patch") {
      @Override
      <T extends HasMetadata> void apply(
          MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson) {
        named(op, withStatus)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + statusJson + "}");
      }
    };

    private final String description;

    StatusWrite(String description) {
      this.description = description;
    }

    abstract <T extends HasMetadata> void apply(
        MixedOperation<T, ?, ? extends Resource<T>> op, T withStatus, String statusJson);

    private static <T extends HasMetadata> Resource<T> named(
        MixedOperation<T, ?, ? extends Resource<T>> op, T object) {
      return op.inNamespace(object.getMetadata().getNamespace())
          .withName(object.getMetadata().getName());
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private String statusJson(HasMetadata object) {
    Map<?, ?> tree = client.getKubernetesSerialization().convertValue(object, Map.class);
    return client.getKubernetesSerialization().asJson(tree.get("status"));
  }

  private static Service service(String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels("tier", "one")
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .addToSelector("app", name)
        .addNewPort()
        .withPort(80)
        .withNewTargetPort(8080)
        .endPort()
        .endSpec()
        .build();
  }

  private static IPAddressPool pool(String name, String... addresses) {
    IPAddressPool pool = new IPAddressPool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(SYSTEM_NS);
    IPAddressPoolSpec spec = new IPAddressPoolSpec();
    spec.setAddresses(List.of(addresses));
    pool.setSpec(spec);
    return pool;
  }

  private static String serviceYaml(String tier, int port) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: default
          labels: {tier: %s}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{name: http, port: %d, targetPort: 8080}]
        """
        .formatted(tier, port);
  }

  private static String poolYaml(String... addresses) {
    return """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata:
          name: web-pool
          namespace: %s
        spec:
          addresses: [%s]
        """
        .formatted(SYSTEM_NS, String.join(", ", addresses));
  }

  private void createCrds() throws IOException {
    try (Stream<Path> files = Files.list(REPO.resolve("config/crds"))) {
      for (Path file : files.sorted().toList()) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(
                client
                    .getKubernetesSerialization()
                    .unmarshal(Files.readString(file), CustomResourceDefinition.class))
            .create();
      }
    }
  }

  /** What {@code bin/lab up} does before the samples: the namespace, then the CRDs. */
  private void prepareNamespaceAndCrds(String kubectl) throws Exception {
    String ns =
        write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + SYSTEM_NS + "\n");
    kubectl(kubectl, 0, "apply", "--validate=false", "-f", ns);
    kubectl(kubectl, 0, "apply", "--validate=false", "-f", REPO.resolve("config/crds").toString());
  }

  /** kubectl from {@code IRONLB_KUBECTL} (system property or environment). */
  private static String kubectlOrSkip() {
    return LabEnv.kubectl();
  }

  private String write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  private String get(String kubectl, String resource, String ns, String name, String jsonPath)
      throws Exception {
    return kubectl(kubectl, 0, "get", resource, name, "-n", ns, "-o", "jsonpath=" + jsonPath);
  }

  private String kubectl(String kubectl, int expectedExit, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue())
        .as("kubectl %s: %s", String.join(" ", args), out)
        .isEqualTo(expectedExit);
    return out.trim();
  }
}
