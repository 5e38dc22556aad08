package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart (charts/ironlb) against config/, which stays the source of truth: the chart lints,
 * its CRDs are byte-for-byte copies of config/crds/, its default rendering is config/'s objects
 * (same names, pod specs and RBAC rules) and a real kube-apiserver accepts it, and every toggle
 * renders what it says and nothing else. helm comes from {@code IRONLB_HELM} (bin/ensure- helm),
 * kubectl from {@code IRONLB_KUBECTL}, the API server from {@code KUBE_API_TEST_DIR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmChartIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = REPO.resolve("charts/ironlb");
  private static final String NS = "ironlb-system";
  private static final Duration HELM_LIMIT = Duration.ofSeconds(60);
  private static final Duration KUBECTL_LIMIT = Duration.ofSeconds(90);

  private Path work;
  private HelmCharts tools;
  private String helm;
  private String kubectl;
  private KubeAPIServer server;
  private Path kubeconfig;

  @BeforeAll
  void start() throws IOException {
    helm = LabEnv.toolOrSkip("IRONLB_HELM", "IRONLB_HELM=$(bin/ensure-helm)");
    work = Files.createTempDirectory("ironlb-helm-it");
    tools = new HelmCharts(work);
  }

  @AfterAll
  void stop() throws IOException {
    if (server != null) {
      server.stop();
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The real API server, started on first use with the namespace and the chart's CRDs in it. */
  private void needApiServer() throws IOException {
    if (server != null) {
      return;
    }
    kubectl = LabEnv.toolOrSkip("IRONLB_KUBECTL", "IRONLB_KUBECTL=$(bin/ensure-kubectl)");
    String dir =
        LabEnv.toolOrSkip("KUBE_API_TEST_DIR", "KUBE_API_TEST_DIR=$(bin/ensure-apiserver)");
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    kubeconfig = work.resolve("kubeconfig");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    // Applied for real: namespaced objects need their namespace, custom resources their CRDs.
    kubectl(
        Optional.of(
            helmTemplate("--set", "namespace.create=true", "-s", "templates/namespace.yaml")),
        "apply",
        "-f",
        "-");
    kubectl(Optional.of(helmTemplate("-s", "templates/crds.yaml")), "apply", "-f", "-");
    kubectl(
        Optional.empty(), "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
  }

  @Test
  @Order(1)
  void lintPassesStrictlyWithDefaultsAndWithTheToggles() {
    for (List<String> set :
        List.of(
            List.<String>of(),
            List.of("--set", "speaker.enabled=false", "--set", "controller.enabled=false"),
            List.of(
                "--set",
                "prometheus.podMonitor.enabled=true",
                "--set",
                "prometheus.serviceMonitor.enabled=true",
                "--set",
                "speaker.membership.secretName=ironlb-membership",
                "--set",
                "namespace.create=true"))) {
      List<String> command = new ArrayList<>(List.of(helm, "lint", "--strict", CHART.toString()));
      command.addAll(set);
      String out = tools.run(HELM_LIMIT, Optional.empty(), command).orFail();
      assertThat(out).as("helm lint %s", set).contains("1 chart(s) linted, 0 chart(s) failed");
    }
  }

  @Test
  @Order(2)
  void theChartsCrdsAreByteForByteCopiesOfConfigCrds() throws IOException {
    Path copies = CHART.resolve("files/crds");
    List<String> originals = names(REPO.resolve("config/crds"));
    assertThat(originals).hasSize(9);
    assertThat(names(copies)).as("files in %s", copies).isEqualTo(originals);
    for (String name : originals) {
      assertThat(Files.readAllBytes(copies.resolve(name)))
          .as("%s differs from config/crds/%s: cp config/crds/*.yml %s/", name, name, copies)
          .isEqualTo(Files.readAllBytes(REPO.resolve("config/crds").resolve(name)));
    }
  }

  @Test
  @Order(3)
  void theDefaultRenderingHoldsConfigsObjectsWithTheirNames() throws IOException {
    List<JsonNode> rendered = render();
    List<JsonNode> config = configObjects();
    Set<String> expected =
        Set.copyOf(
            HelmCharts.keys(
                config.stream()
                    .filter(d -> !d.path("kind").asText().equals("Namespace"))
                    .toList()));
    assertThat(Set.copyOf(HelmCharts.keys(rendered))).isEqualTo(expected);
  }

  @Test
  @Order(4)
  void theDefaultRbacRulesAreExactlyThoseOfConfigRbac() throws IOException {
    List<JsonNode> rendered = render();
    List<JsonNode> rbac = HelmCharts.documents(REPO.resolve("config/rbac"));
    int compared = 0;
    // Every difference at once: a changed verb in config/rbac/ names each template to update.
    SoftAssertions softly = new SoftAssertions();
    for (JsonNode original : rbac) {
      String kind = original.path("kind").asText();
      String name = original.path("metadata").path("name").asText();
      JsonNode ours = HelmCharts.find(rendered, kind, name);
      for (String field : List.of("rules", "roleRef", "subjects")) {
        softly
            .assertThat(ours.path(field))
            .as("%s %s .%s", kind, name, field)
            .isEqualTo(original.path(field));
      }
      compared += original.has("rules") ? 1 : 0;
    }
    softly.assertAll();
    assertThat(compared).as("ClusterRoles and Roles compared").isEqualTo(4);
  }

  @Test
  @Order(5)
  void theDefaultPodSpecsAreThoseOfConfig() throws IOException {
    List<JsonNode> rendered = render();
    for (String path :
        List.of("config/controller/deployment.yaml", "config/speaker/daemonset.yaml")) {
      JsonNode original = HelmCharts.documents(Files.readString(REPO.resolve(path))).get(0);
      JsonNode ours =
          HelmCharts.find(
              rendered,
              original.path("kind").asText(),
              original.path("metadata").path("name").asText());
      ObjectNode spec = ours.path("spec").path("template").path("spec").deepCopy();
      for (JsonNode container : spec.path("containers")) {
        // The chart states the pull policy the API server would default a versioned tag to.
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        ((ObjectNode) container).remove("imagePullPolicy");
      }
      assertThat(spec).as(path).isEqualTo(original.path("spec").path("template").path("spec"));
      for (String field :
          List.of("replicas", "strategy", "updateStrategy", "revisionHistoryLimit")) {
        assertThat(ours.path("spec").path(field))
            .as("%s .spec.%s", path, field)
            .isEqualTo(original.path("spec").path(field));
      }
    }
  }

  @Test
  @Order(6)
  void theDefaultRenderingIsAcceptedByARealApiServer() throws IOException {
    needApiServer();
    String out = kubectl(Optional.of(helmTemplate()), "apply", "--dry-run=server", "-f", "-");
    assertThat(out)
        .contains("deployment.apps/ironlb-controller created (server dry run)")
        .contains("daemonset.apps/ironlb-speaker created (server dry run)")
        .contains("clusterrole.rbac.authorization.k8s.io/ironlb:speaker created (server dry run)");
    // The chart's CRDs serve MetalLB's objects: the samples pass their schemas.
    String samples =
        kubectl(
            Optional.empty(),
            "apply",
            "--dry-run=server",
            "-f",
            REPO.resolve("config/samples").toString());
    assertThat(samples).contains("ipaddresspool.metallb.io/", "l2advertisement.metallb.io/");
  }

  static Stream<Arguments> toggles() {
    return Stream.of(
        Arguments.of("speaker.enabled=false", List.of("--set", "speaker.enabled=false")),
        Arguments.of("controller.enabled=false", List.of("--set", "controller.enabled=false")),
        Arguments.of(
            "membership key from a Secret",
            List.of("--set", "speaker.membership.secretName=ironlb-membership")),
        Arguments.of(
            "custom image tags",
            List.of(
                "--set", "controller.image.tag=0.2.0-rc1", "--set", "speaker.image.tag=0.2.0-rc1")),
        Arguments.of(
            "every speaker flag",
            List.of(
                "--set",
                "loadBalancerClass=ironlb.io/l2",
                "--set",
                "speaker.excludeInterfaces={^eth1$,^bond.*}",
                "--set",
                "speaker.ignoreExcludeLB=true",
                "--set",
                "speaker.gratuitousRefresh=0",
                "--set",
                "speaker.membership.interval=200ms",
                "--set",
                "speaker.membership.multiplier=5",
                "--set",
                "logLevel=debug")),
        Arguments.of(
            "ipMode Proxy forwarder (NET_ADMIN)",
            List.of(
                "--set",
                "speaker.forwarder.enabled=true",
                "--set",
                "speaker.forwarder.workers=2",
                "--set",
                "speaker.forwarder.transport=io_uring")),
        Arguments.of(
            "another release in another namespace",
            List.of("--set", "fullnameOverride=lab-lb", "--set", "crds.enabled=false")),
        Arguments.of(
            "no RBAC, existing ServiceAccounts",
            List.of(
                "--set",
                "rbac.create=false",
                "--set",
                "controller.serviceAccount.create=false",
                "--set",
                "controller.serviceAccount.name=default",
                "--set",
                "speaker.serviceAccount.create=false",
                "--set",
                "speaker.serviceAccount.name=default")));
  }

  @ParameterizedTest(name = "{0} is accepted by a real API server")
  @MethodSource("toggles")
  @Order(7)
  void everyToggleRendersSomethingTheApiServerAccepts(String description, List<String> set)
      throws IOException {
    needApiServer();
    String out =
        kubectl(
            Optional.of(helmTemplate(set.toArray(String[]::new))),
            "apply",
            "--dry-run=server",
            "-f",
            "-");
    assertThat(out).as(description).contains("(server dry run)");
  }

  @Test
  void forwarderValuesBecomeSpeakerFlagsAndNetAdminOnlyWhenEnabled() {
    JsonNode plain = HelmCharts.find(render(), "DaemonSet", "ironlb-speaker");
    assertThat(plain.at("/spec/template/spec/containers/0/args").toString())
        .doesNotContain("--forwarder-transport", "--forwarder-workers");
    assertThat(
            plain
                .at("/spec/template/spec/containers/0/securityContext/capabilities/add")
                .toString())
        .doesNotContain("NET_ADMIN");
    JsonNode proxy =
        HelmCharts.find(
            render(
                "--set",
                "speaker.forwarder.enabled=true",
                "--set",
                "speaker.forwarder.workers=2",
                "--set",
                "speaker.forwarder.transport=epoll"),
            "DaemonSet",
            "ironlb-speaker");
    assertThat(proxy.at("/spec/template/spec/containers/0/args").toString())
        .contains("\"--forwarder-workers=2\"", "\"--forwarder-transport=epoll\"");
    assertThat(
            proxy
                .at("/spec/template/spec/containers/0/securityContext/capabilities/add")
                .toString())
        .contains("NET_ADMIN");
  }

  @Test
  void disablingTheSpeakerLeavesOutItsDaemonSetAccountAndRbac() {
    List<JsonNode> rendered = render("--set", "speaker.enabled=false");
    assertThat(HelmCharts.keys(rendered))
        .noneMatch(k -> k.contains("speaker"))
        .contains("Deployment/" + NS + "/ironlb-controller");
  }

  @Test
  void aPodMonitorIsRenderedOnlyWhenEnabledAndIsTheOnlyAddition() {
    List<String> before = HelmCharts.keys(render());
    assertThat(before)
        .noneMatch(k -> k.startsWith("PodMonitor/") || k.startsWith("ServiceMonitor/"));
    List<JsonNode> withMonitor = render("--set", "prometheus.podMonitor.enabled=true");
    List<String> added = new ArrayList<>(HelmCharts.keys(withMonitor));
    added.removeAll(before);
    assertThat(added)
        .containsExactlyInAnyOrder(
            "PodMonitor/" + NS + "/ironlb-controller", "PodMonitor/" + NS + "/ironlb-speaker");
    JsonNode speaker = HelmCharts.find(withMonitor, "PodMonitor", "ironlb-speaker");
    assertThat(speaker.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(speaker.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText())
        .isEqualTo("speaker");
  }

  @Test
  void aServiceMonitorComesWithAMetricsServicePerComponent() {
    List<String> before = HelmCharts.keys(render());
    List<String> added =
        new ArrayList<>(HelmCharts.keys(render("--set", "prometheus.serviceMonitor.enabled=true")));
    added.removeAll(before);
    assertThat(added)
        .containsExactlyInAnyOrder(
            "ServiceMonitor/" + NS + "/ironlb-controller",
            "ServiceMonitor/" + NS + "/ironlb-speaker",
            "Service/" + NS + "/ironlb-controller-metrics",
            "Service/" + NS + "/ironlb-speaker-metrics");
  }

  @Test
  void aMembershipSecretIsMountedAndPassedAsTheKeyFile() {
    JsonNode plain = speakerPodSpec(render());
    assertThat(plain.at("/containers/0/args").toString()).doesNotContain("--membership-key-file");
    JsonNode spec =
        speakerPodSpec(
            render(
                "--set",
                "speaker.membership.secretName=ironlb-membership",
                "--set",
                "speaker.membership.secretKey=hmac"));
    assertThat(args(spec)).contains("--membership-key-file=/etc/ironlb/membership/hmac");
    JsonNode volume = named(spec.path("volumes"), "membership-key");
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("ironlb-membership");
    JsonNode mount = named(spec.at("/containers/0/volumeMounts"), "membership-key");
    assertThat(mount.path("mountPath").asText()).isEqualTo("/etc/ironlb/membership");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
  }

  @Test
  void imageTagsAndPullSecretsAreSetPerComponent() {
    List<JsonNode> rendered =
        render(
            "--set",
            "controller.image.tag=0.2.0-rc1",
            "--set",
            "speaker.image.repository=registry.example/ironlb-speaker",
            "--set",
            "speaker.image.pullPolicy=Always",
            "--set",
            "imagePullSecrets[0].name=regcred");
    JsonNode controller =
        HelmCharts.find(rendered, "Deployment", "ironlb-controller").at("/spec/template/spec");
    JsonNode speaker = speakerPodSpec(rendered);
    assertThat(controller.at("/containers/0/image").asText())
        .isEqualTo("ghcr.io/ironlb/ironlb-controller:0.2.0-rc1");
    assertThat(speaker.at("/containers/0/image").asText())
        .isEqualTo("registry.example/ironlb-speaker:0.1.0");
    assertThat(speaker.at("/containers/0/imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(controller.at("/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
    assertThat(speaker.at("/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
  }

  @Test
  void speakerValuesBecomeItsFlags() {
    JsonNode spec =
        speakerPodSpec(
            render(
                "--set",
                "loadBalancerClass=ironlb.io/l2",
                "--set",
                "speaker.excludeInterfaces={^eth1$,^bond.*}",
                "--set",
                "speaker.ignoreExcludeLB=true",
                "--set",
                "speaker.gratuitousRefresh=0",
                "--set",
                "speaker.interfaceRescan=30s",
                "--set",
                "speaker.membership.port=7950",
                "--set",
                "speaker.membership.interval=200ms",
                "--set",
                "speaker.membership.multiplier=5",
                "--set",
                "speaker.logLevel=debug",
                "--set",
                "speaker.tolerateMaster=false"));
    assertThat(args(spec))
        .containsExactly(
            "--node-name=$(NODE_NAME)",
            "--namespace=$(IRONLB_NAMESPACE)",
            "--lb-class=ironlb.io/l2",
            "--metrics-port=7472",
            "--health-port=17473",
            "--membership-port=7950",
            "--membership-interval=200ms",
            "--membership-multiplier=5",
            "--ignore-exclude-lb",
            "--exclude-interfaces=^eth1$",
            "--exclude-interfaces=^bond.*",
            "--interface-rescan=30s",
            "--gratuitous-refresh=0",
            "--log-level=debug");
    assertThat(named(spec.at("/containers/0/ports"), "membership").path("containerPort").asInt())
        .isEqualTo(7950);
    assertThat(spec.has("tolerations")).as("no tolerations without tolerateMaster").isFalse();
  }

  @Test
  void theCrdsAreKeptOnUninstallAndCanBeLeftOut() throws IOException {
    List<JsonNode> crds =
        render().stream()
            .filter(d -> d.path("kind").asText().equals("CustomResourceDefinition"))
            .toList();
    List<JsonNode> originals = HelmCharts.documents(REPO.resolve("config/crds"));
    assertThat(crds).hasSameSizeAs(originals);
    for (JsonNode original : originals) {
      ObjectNode ours =
          HelmCharts.find(crds, "CustomResourceDefinition", original.at("/metadata/name").asText())
              .deepCopy();
      ObjectNode meta = (ObjectNode) ours.path("metadata");
      assertThat(meta.remove("annotations"))
          .isEqualTo(HelmCharts.documents("helm.sh/resource-policy: keep").get(0));
      assertThat(ours).isEqualTo(original);
    }
    assertThat(HelmCharts.keys(render("--set", "crds.enabled=false")))
        .noneMatch(k -> k.startsWith("CustomResourceDefinition/"));
  }

  @Test
  void anotherReleaseNamePrefixesEveryNameAndBindsItsOwnAccounts() {
    List<JsonNode> rendered = renderRelease("lab", "lab-ns");
    JsonNode binding = HelmCharts.find(rendered, "ClusterRoleBinding", "lab-ironlb:speaker");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("lab-ironlb:speaker");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("lab-ironlb-speaker");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("lab-ns");
    assertThat(
            HelmCharts.find(rendered, "DaemonSet", "lab-ironlb-speaker")
                .at("/metadata/namespace")
                .asText())
        .isEqualTo("lab-ns");
  }

  @Test
  void theNamespaceIsRenderedOnlyOnRequestAndAllowsPrivilegedPods() throws IOException {
    assertThat(HelmCharts.keys(render())).noneMatch(k -> k.startsWith("Namespace/"));
    JsonNode ns = HelmCharts.find(render("--set", "namespace.create=true"), "Namespace", NS);
    JsonNode original =
        HelmCharts.documents(Files.readString(REPO.resolve("config/namespace/namespace.yaml")))
            .get(0);
    original
        .at("/metadata/labels")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(ns.at("/metadata/labels").path(e.getKey()))
                    .as(e.getKey())
                    .isEqualTo(e.getValue()));
  }

  private List<JsonNode> render(String... set) {
    return HelmCharts.documents(helmTemplate(set));
  }

  private List<JsonNode> renderRelease(String release, String namespace) {
    return HelmCharts.documents(template(release, namespace));
  }

  private String helmTemplate(String... set) {
    return template("ironlb", NS, set);
  }

  private String template(String release, String namespace, String... set) {
    List<String> command =
        new ArrayList<>(List.of(helm, "template", release, CHART.toString(), "-n", namespace));
    command.addAll(List.of(set));
    return tools.run(HELM_LIMIT, Optional.empty(), command).orFail();
  }

  private String kubectl(Optional<String> stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return tools.run(KUBECTL_LIMIT, stdin, command).orFail();
  }

  /** config/'s objects, the CRDs included. */
  private static List<JsonNode> configObjects() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (String dir : List.of("namespace", "crds", "rbac", "controller", "speaker")) {
      all.addAll(HelmCharts.documents(REPO.resolve("config").resolve(dir)));
    }
    return all;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static JsonNode speakerPodSpec(List<JsonNode> rendered) {
    return HelmCharts.find(rendered, "DaemonSet", "ironlb-speaker").at("/spec/template/spec");
  }

  private static List<String> args(JsonNode podSpec) {
    List<String> out = new ArrayList<>();
    ((ArrayNode) podSpec.at("/containers/0/args")).forEach(a -> out.add(a.asText()));
    return out;
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("nothing named " + name + " in " + list);
  }
}
