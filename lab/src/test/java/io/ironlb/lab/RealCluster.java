package io.ironlb.lab;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ironlb.controller.k8s.ServiceSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real kube-apiserver + etcd for a test class (fabric8 kube-api-test, offline, binaries from
 * {@code KUBE_API_TEST_DIR} as {@code bin/ensure-apiserver} lays them out), with namespace {@code
 * ironlb-system} and every CRD of {@code config/crds/} established, and an admin client.
 */
final class RealCluster implements AutoCloseable {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String NS = "ironlb-system";

  final KubeAPIServer server;
  final KubernetesClient admin;

  private RealCluster(KubeAPIServer server, KubernetesClient admin) {
    this.server = server;
    this.admin = admin;
  }

  /** Starts one; skips the test class when the binaries are not configured (fails under CI). */
  static RealCluster start() throws IOException {
    String dir =
        LabEnv.toolOrSkip("KUBE_API_TEST_DIR", "KUBE_API_TEST_DIR=$(bin/ensure-apiserver)");
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    KubernetesClient admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    RealCluster c = new RealCluster(server, admin);
    c.installCrds();
    return c;
  }

  private void installCrds() throws IOException {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    List<Path> files;
    try (Stream<Path> crds = Files.list(REPO.resolve("config/crds"))) {
      files = crds.sorted().toList();
    }
    for (Path p : files) {
      admin.load(Files.newInputStream(p)).serverSideApply();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                        .filter(RealCluster::established)
                        .count()
                    >= files.size());
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The kube-apiserver process serving this cluster (found by its port), to stop and continue. */
  ProcessHandle apiServerProcess() {
    String port = admin.getMasterUrl().getPort() + "";
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String cmd = p.info().commandLine().orElse("");
              return cmd.contains("kube-apiserver")
                  && (cmd.contains("--secure-port " + port)
                      || cmd.contains("--secure-port=" + port));
            })
        .findFirst()
        .orElseThrow(() -> new AssertionError("no kube-apiserver process on port " + port));
  }

  /** Each Service of {@code ns} that has an ingress IP, with its first one. */
  Map<String, String> allocated(String ns) {
    Map<String, String> out = new HashMap<>();
    for (Service s : admin.services().inNamespace(ns).list().getItems()) {
      List<String> ips = ServiceSnapshots.ingressIps(s);
      if (!ips.isEmpty()) {
        out.put(s.getMetadata().getName(), ips.get(0));
      }
    }
    return out;
  }

  @Override
  public void close() {
    admin.close();
    server.stop();
  }
}
