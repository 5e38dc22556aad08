package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceL2Status;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.k8s.ClusterCache;
import io.ironlb.speaker.status.BgpAnnouncement;
import io.ironlb.speaker.status.L2Ownership;
import io.ironlb.speaker.status.StatusPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deployable manifests against a real kube-apiserver (kube-api-test, offline, with an audit
 * log): {@code kubectl apply -f config/manifests/ironlb.yaml} and the samples succeed, kubectl
 * shows useful columns and field docs, and the RBAC is proven: the controller and the speaker's API
 * side run through a scenario on tokens minted for their ServiceAccounts, a single 403 fails the
 * test, and a rule the audit log shows nobody used fails it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String NS = "ironlb-system";
  private static final String CONTROLLER_USER =
      "system:serviceaccount:ironlb-system:ironlb-controller";
  private static final String SPEAKER_USER = "system:serviceaccount:ironlb-system:ironlb-speaker";

  private final List<String> forbidden = Collections.synchronizedList(new ArrayList<>());
  private Path dir;
  private KubeAPIServer server;
  private KubernetesClient admin;
  private Path kubeconfig;
  private String kubectl;

  @BeforeAll
  void start() throws Exception {
    String testDir =
        LabEnv.toolOrSkip("KUBE_API_TEST_DIR", "KUBE_API_TEST_DIR=$(bin/ensure-apiserver)");
    kubectl = LabEnv.kubectl();
    dir = Files.createTempDirectory("ironlb-deployment-it");
    Path policy = dir.resolve("audit-policy.yaml");
    Files.writeString(
        policy,
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n"
            + "  - level: Metadata\n    users: [\""
            + CONTROLLER_USER
            + "\", \""
            + SPEAKER_USER
            + "\"]\n  - level: None\n");
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .withApiServerFlag("--audit-policy-file", policy.toString())
                .withApiServerFlag("--audit-log-path", dir.resolve("audit.log").toString())
                .build());
    server.start();
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
  }

  @AfterAll
  void stop() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  @Order(1)
  void allInOneManifestAndSamplesApplyWithKubectl() throws Exception {
    String applied =
        kubectl(0, "apply", "-f", REPO.resolve("config/manifests/ironlb.yaml").toString());
    assertThat(applied)
        .contains("namespace/ironlb-system")
        .contains("customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io")
        .contains("deployment.apps/ironlb-controller")
        .contains("daemonset.apps/ironlb-speaker");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kubectl(-1, "get", "ipaddresspools", "-A").contains("No resources"));
    // workloads once more as the issue asks: server-side dry run (no kubelet runs pods here)
    assertThat(
            kubectl(
                0,
                "apply",
                "--dry-run=server",
                "-f",
                REPO.resolve("config/controller/deployment.yaml").toString(),
                "-f",
                REPO.resolve("config/speaker/daemonset.yaml").toString()))
        .contains("(server dry run)");
    assertThat(kubectl(0, "apply", "-f", REPO.resolve("config/samples").toString()))
        .contains("ipaddresspool.metallb.io/lab-pool")
        .contains("l2advertisement.metallb.io/lab-l2")
        .contains("service/demo");
  }

  @Test
  @Order(2)
  void kubectlShowsPoolColumnsAndExplainsEveryField() throws Exception {
    String table = kubectl(0, "get", "ipaddresspools", "-n", NS);
    assertThat(table).contains("AUTO ASSIGN", "AVOID BUGGY IPS", "ADDRESSES", "lab-pool");
    String explain = kubectl(0, "explain", "ipaddresspool.spec");
    for (String field : List.of("addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation")) {
      assertThat(explain).contains(field);
    }
    assertThat(explain).doesNotContain("<empty>");
    assertThat(kubectl(0, "explain", "l2advertisement.spec"))
        .contains("ipAddressPools", "interfaces", "nodeSelectors", "preferredNodeSelectors");
  }

  @Test
  @Order(3)
  void controllerRunsOnItsServiceAccountToken() throws Exception {
    try (KubernetesClient sa = clientFor("ironlb-controller");
        IronLbController controller =
            IronLbController.start(
                sa,
                new ControllerOptions(
                    Optional.empty(), NS, Optional.empty(), 0, 0, "127.0.0.1", 2))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !ingress("demo").isEmpty());
      // a Service that cannot be served, touched twice: the second AllocationFailed bumps the first
      admin.services().resource(lb("nowhere", "198.51.99.1")).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> events("nowhere").contains("AllocationFailed"));
      admin
          .services()
          .inNamespace("default")
          .withName("nowhere")
          // a merge patch (no resourceVersion): an edit() could meet 409 from the status writes
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"touched\":\"1\"}}}");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> eventCount("nowhere", "AllocationFailed") >= 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> poolStatusWritten("lab-pool"));
      assertThat(admin.resources(ConfigurationState.class).inNamespace(NS).list().getItems())
          .isNotEmpty();
      assertThat(
              admin
                  .services()
                  .inNamespace("default")
                  .withName("demo")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry("metallb.io/ip-allocated-from-pool", "lab-pool");
    }
    assertThat(forbidden).as("calls the controller's RBAC refused").isEmpty();
  }

  @Test
  @Order(4)
  void speakerApiSideRunsOnItsServiceAccountToken() throws Exception {
    Service demo = admin.services().inNamespace("default").withName("demo").get();
    try (KubernetesClient sa = clientFor("ironlb-speaker");
        ClusterCache cache = new ClusterCache(sa, NS, () -> {});
        StatusPublisher publisher = new StatusPublisher(sa, NS, "node-a")) {
      await().atMost(Duration.ofSeconds(30)).until(cache::synced);
      publisher.watchOwnObjects(); // as Speaker does: its own status objects, to write back
      assertThat(cache.snapshot().pools())
          .extracting(p -> p.getMetadata().getName())
          .contains("lab-pool");
      assertThat(cache.snapshot().l2Advertisements()).hasSize(1);
      var assigned =
          new StatusPublisher.PendingEvent(
              demo,
              EventRecorder.Type.NORMAL,
              "nodeAssigned",
              "announcing from node \"node-a\" with protocol \"layer2\"");
      publisher.publish(
          Map.of("default/demo", new L2Ownership("default", "demo", "node-a", List.of("eth0"))),
          List.of(assigned));
      await().atMost(Duration.ofSeconds(30)).until(() -> l2Statuses().size() == 1);
      publisher.publish(
          Map.of("default/demo", new L2Ownership("default", "demo", "node-a", List.of("eth0"))),
          List.of(assigned));
      await().atMost(Duration.ofSeconds(30)).until(() -> eventCount("demo", "nodeAssigned") >= 2);
      ServiceL2Status s = l2Statuses().get(0);
      assertThat(s.getStatus().getNode()).isEqualTo("node-a");
      assertThat(s.getStatus().getServiceName()).isEqualTo("demo");
      publisher.publish(Map.of(), List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> l2Statuses().isEmpty());
      // BGP: the speaker's ServiceBGPStatus for a Service it announces to a peer, then withdrawn
      publisher.publishBgp(
          Map.of("default/demo", new BgpAnnouncement("default", "demo", "node-a", List.of("r1"))),
          List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> bgpStatuses().size() == 1);
      assertThat(bgpStatuses().get(0).getStatus().getPeers()).containsExactly("r1");
      publisher.publishBgp(Map.of(), List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> bgpStatuses().isEmpty());
      // its ConfigurationState, created then updated
      publisher.publishConfig(List.of("BGPPeer ironlb-system/r1: spec.x: broken"), List.of());
      publisher.publishConfig(List.of(), List.of());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                ConfigurationState st =
                    admin
                        .resources(ConfigurationState.class)
                        .inNamespace(NS)
                        .withName("speaker-node-a")
                        .get();
                return st != null
                    && st.getStatus() != null
                    && "Valid".equals(st.getStatus().getResult());
              });
    }
    assertThat(forbidden).as("calls the speaker's RBAC refused").isEmpty();
  }

  @Test
  @Order(5)
  void everyRbacRuleWasUsed() throws Exception {
    // the audit log is written asynchronously in batches; give it a moment to flush
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> auditUses(SPEAKER_USER).contains("delete servicebgpstatuses"));
    Set<String> unused = new TreeSet<>();
    unused.addAll(unused(REPO.resolve("config/rbac/controller.yaml"), auditUses(CONTROLLER_USER)));
    unused.addAll(unused(REPO.resolve("config/rbac/speaker.yaml"), auditUses(SPEAKER_USER)));
    assertThat(unused)
        .as("RBAC verbs granted in config/rbac/ that the scenario never used")
        .isEmpty();
  }

  // --- RBAC bookkeeping ---

  /** "verb resource[/sub]" for every request of {@code user} in the audit log. */
  private Set<String> auditUses(String user) throws Exception {
    Set<String> uses = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    Path log = dir.resolve("audit.log");
    if (!Files.exists(log)) {
      return uses;
    }
    for (String line : Files.readAllLines(log)) {
      JsonNode e = json.readTree(line);
      if (!user.equals(e.path("user").path("username").asText()) || !e.has("objectRef")) {
        continue;
      }
      JsonNode ref = e.path("objectRef");
      String resource = ref.path("resource").asText();
      if (ref.hasNonNull("subresource")) {
        resource += "/" + ref.path("subresource").asText();
      }
      uses.add(e.path("verb").asText() + " " + resource);
    }
    return uses;
  }

  private Set<String> unused(Path rbacFile, Set<String> uses) throws Exception {
    Set<String> unused = new TreeSet<>();
    for (HasMetadata o : admin.load(Files.newInputStream(rbacFile)).items()) {
      List<PolicyRule> rules =
          o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole c
              ? c.getRules()
              : o instanceof io.fabric8.kubernetes.api.model.rbac.Role r ? r.getRules() : List.of();
      for (PolicyRule rule : rules) {
        for (String res : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            if (!uses.contains(verb + " " + res)) {
              unused.add(rbacFile.getFileName() + ": " + verb + " " + res);
            }
          }
        }
      }
    }
    return unused;
  }

  private KubernetesClient clientFor(String serviceAccount) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(NS)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config base = Config.fromKubeconfig(server.getKubeConfigYaml());
    Config config =
        new ConfigBuilder(base)
            .withClientCertFile(null)
            .withClientCertData(null)
            .withClientKeyFile(null)
            .withClientKeyData(null)
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("forbidden", new ForbiddenRecorder(serviceAccount)))
        .build();
  }

  /** Records every 403 a ServiceAccount's client receives. */
  private final class ForbiddenRecorder implements Interceptor {
    private final String who;

    ForbiddenRecorder(String who) {
      this.who = who;
    }

    @Override
    public void after(
        HttpRequest request,
        HttpResponse<?> response,
        AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      if (response.code() == 403) {
        forbidden.add(who + ": " + request.method() + " " + request.uri());
      }
    }
  }

  // --- helpers ---

  private List<ServiceL2Status> l2Statuses() {
    return admin.resources(ServiceL2Status.class).inNamespace(NS).list().getItems();
  }

  private List<ServiceBGPStatus> bgpStatuses() {
    return admin.resources(ServiceBGPStatus.class).inNamespace(NS).list().getItems();
  }

  private boolean poolStatusWritten(String pool) {
    IPAddressPool p = admin.resources(IPAddressPool.class).inNamespace(NS).withName(pool).get();
    return p.getStatus() != null
        && p.getStatus().getAssignedIPv4() != null
        && p.getStatus().getAssignedIPv4() > 0;
  }

  private List<String> ingress(String svc) {
    Service s = admin.services().inNamespace("default").withName(svc).get();
    if (s == null
        || s.getStatus() == null
        || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
  }

  private String events(String object) {
    StringBuilder b = new StringBuilder();
    admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()))
        .forEach(e -> b.append(e.getReason()).append(' '));
    return b.toString();
  }

  private int eventCount(String object, String reason) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  private static Service lb(String name, String requestedIp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withAnnotations(Map.of("metallb.io/loadBalancerIPs", requestedIp))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .addNewPort()
        .withPort(80)
        .endPort()
        .endSpec()
        .build();
  }

  private String kubectl(int expectedExit, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args[0]).isTrue();
    if (expectedExit >= 0) {
      assertThat(p.exitValue())
          .as("kubectl %s:\n%s", String.join(" ", args), out)
          .isEqualTo(expectedExit);
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
