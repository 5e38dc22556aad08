package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's API server: the fabric8 client works against it, and so does a real kubectl (the one
 * {@code make test} provides through {@code IRONLB_KUBECTL}), end to end with the controller: what
 * {@code make lab} does, as a test.
 */
class EmbeddedApiServerTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

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

  @Test
  void fabric8ClientCreatesReadsAndWritesStatus() {
    Service svc =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("s")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withType("LoadBalancer")
            .withClusterIP("10.96.0.1")
            .endSpec()
            .build();
    client.services().resource(svc).create();
    Service stored = client.services().inNamespace("default").withName("s").get();
    stored.setStatus(
        new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("192.0.2.1")
            .endIngress()
            .endLoadBalancer()
            .build());
    client.services().resource(stored).updateStatus();
    assertThat(
            client
                .services()
                .inNamespace("default")
                .withName("s")
                .get()
                .getStatus()
                .getLoadBalancer()
                .getIngress())
        .extracting(i -> i.getIp())
        .containsExactly("192.0.2.1");
  }

  @Test
  void kubectlDrivesTheLabEndToEnd() throws Exception {
    String kubectl = kubectlOrSkip();
    kubectl(
        kubectl,
        0,
        "create",
        "--validate=false",
        "-f",
        write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ironlb-system\n"));
    kubectl(kubectl, 0, "create", "--validate=false", "-f", REPO.resolve("config/crds").toString());
    assertThat(kubectl(kubectl, 0, "api-resources", "--api-group=metallb.io"))
        .contains("ipaddresspools", "IPAddressPool");
    kubectl(
        kubectl, 0, "apply", "--validate=false", "-f", REPO.resolve("config/samples").toString());
    assertThat(kubectl(kubectl, 0, "get", "ipaddresspools", "-n", "ironlb-system", "-o", "yaml"))
        .contains("192.0.2.240/28");

    try (IronLbController controller =
        IronLbController.start(
            client,
            new ControllerOptions(
                Optional.empty(), "ironlb-system", Optional.empty(), 0, 0, "127.0.0.1", 4))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  kubectl(
                      kubectl,
                      0,
                      "get",
                      "svc",
                      "demo",
                      "-o",
                      "jsonpath={.status.loadBalancer.ingress[0].ip}"),
              ip -> ip.equals("192.0.2.240"));
      String table = kubectl(kubectl, 0, "get", "svc", "-A", "-o", "wide");
      assertThat(table).contains("EXTERNAL-IP").contains("192.0.2.240").contains("app=demo");
      assertThat(kubectl(kubectl, 0, "get", "events", "-n", "default", "-o", "yaml"))
          .contains("IPAllocated");
      assertThat(kubectl(kubectl, 0, "get", "configurationstates", "-n", "ironlb-system"))
          .contains("Valid");

      kubectl(kubectl, 0, "delete", "svc", "demo");
      assertThat(kubectl(kubectl, 1, "get", "svc", "demo")).contains("NotFound");
    }
  }

  private String kubectlOrSkip() {
    String k = System.getenv("IRONLB_KUBECTL");
    if (k == null || k.isBlank()) {
      if (System.getenv("CI") != null) {
        throw new AssertionError("IRONLB_KUBECTL is not set: run the suite through `make test`");
      }
      assumeTrue(false, "IRONLB_KUBECTL not set (make test sets it)");
    }
    return k;
  }

  private String write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p.toString();
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
