package io.ironlb.lab.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.controller.ControllerOptions;
import io.ironlb.controller.IronLbController;
import io.ironlb.lab.EmbeddedApiServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the controller takes to give N LoadBalancer Services created at once their IPs, against
 * the lab's embedded API server, next to the ceiling the API server sets: the time a bare fabric8
 * client takes to write the same N status patches, measured in the same run and process.
 *
 * <p>Not a test: it prints numbers. {@code make bench} runs it with 5,000 Services.
 */
@Command(
    name = "allocation-benchmark",
    mixinStandardHelpOptions = true,
    description = "Time until N LoadBalancer Services created at once all have an IP.")
public final class AllocationBenchmark implements Callable<Integer> {

  private static final String NS = "ironlb-system";

  @Option(names = "--services", defaultValue = "5000", description = "Services to create")
  int services;

  @Option(names = "--threads", defaultValue = "8", description = "client threads creating/patching")
  int threads;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      description = "give up after this long")
  int timeoutSeconds;

  private final KubernetesClient client;

  AllocationBenchmark(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the lab's embedded API server in this JVM and runs the benchmark against it. */
  public static void main(String[] args) throws Exception {
    // per-Service INFO lines would measure the console, not the controller
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int code;
    try (EmbeddedApiServer server = EmbeddedApiServer.start("127.0.0.1", 0);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.kubeconfig()))
                .build()) {
      code = run(client, args);
    }
    System.exit(code);
  }

  /** Runs against an already started API server reachable through {@code client}. */
  public static int run(KubernetesClient client, String... args) {
    return new CommandLine(new AllocationBenchmark(client)).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    for (String ns : List.of(NS, "bench", "bench-ref")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(r -> r.update());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // Reference: the same Services, and a bare client writing their status, one patch each.
      inParallel(pool, i -> () -> client.services().resource(service("bench-ref", i)).create());
      long refStart = System.nanoTime();
      inParallel(
          pool,
          i ->
              () ->
                  client
                      .services()
                      .inNamespace("bench-ref")
                      .withName(name(i))
                      .subresource("status")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\""
                              + ip(i)
                              + "\"}]}}}"));
      double refSeconds = (System.nanoTime() - refStart) / 1e9;
      // delete the reference Services themselves (the embedded server does not cascade namespace
      // deletion): they carry pool IPs, and the controller would adopt them
      client.services().inNamespace("bench-ref").delete();
      client.namespaces().withName("bench-ref").delete();

      IPAddressPool ipPool =
          Serialization.unmarshal(
              "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: bench\n  namespace: "
                  + NS
                  + "\nspec:\n  addresses: [198.18.0.0/15]\n",
              IPAddressPool.class);
      client
          .resources(IPAddressPool.class)
          .inNamespace(NS)
          .resource(ipPool)
          .createOr(r -> r.update());
      try (IronLbController controller =
          IronLbController.start(
              client,
              new ControllerOptions(
                  Optional.empty(), NS, Optional.empty(), 0, 0, "127.0.0.1", 8))) {
        long start = System.nanoTime();
        inParallel(pool, i -> () -> client.services().resource(service("bench", i)).create());
        double createSeconds = (System.nanoTime() - start) / 1e9;
        List<String> ips = awaitAllocated(start);
        double allSeconds = (System.nanoTime() - start) / 1e9;
        Set<String> distinct = new HashSet<>(ips);
        System.out.printf(Locale.ROOT, "services                         %d%n", services);
        System.out.printf(
            Locale.ROOT, "create %d Services (client)      %.2f s%n", services, createSeconds);
        System.out.printf(
            Locale.ROOT,
            "until all have an IP (IronLB)    %.2f s  (%.0f Services/s)%n",
            allSeconds,
            services / allSeconds);
        System.out.printf(
            Locale.ROOT,
            "bare client, %d status patches  %.2f s  (%.0f patches/s)%n",
            services,
            refSeconds,
            services / refSeconds);
        System.out.printf(
            Locale.ROOT, "ratio IronLB / bare patches      %.2f%n", allSeconds / refSeconds);
        System.out.printf(
            Locale.ROOT,
            "distinct IPs                     %d of %d%n",
            distinct.size(),
            ips.size());
        return distinct.size() == services && ips.size() == services ? 0 : 1;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Watches the Services (one informer, no repeated LISTs that would load the server and skew the
   * measurement) until every one has an ingress IP, or the timeout passes.
   */
  private List<String> awaitAllocated(long start) throws InterruptedException {
    Map<String, String> ips = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(1);
    io.fabric8.kubernetes.client.informers.ResourceEventHandler<Service> handler =
        new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
          @Override
          public void onAdd(Service s) {
            record(s);
          }

          @Override
          public void onUpdate(Service o, Service s) {
            record(s);
          }

          @Override
          public void onDelete(Service s, boolean unknown) {}

          private void record(Service s) {
            if (s.getStatus() != null
                && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null
                && !s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
              ips.put(
                  s.getMetadata().getName(),
                  s.getStatus().getLoadBalancer().getIngress().get(0).getIp());
              if (ips.size() >= services) {
                all.countDown();
              }
            }
          }
        };
    try (var informer = client.services().inNamespace("bench").inform(handler, 0)) {
      long remaining = start + timeoutSeconds * 1_000_000_000L - System.nanoTime();
      all.await(Math.max(0, remaining), java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    return new ArrayList<>(ips.values());
  }

  private void inParallel(ExecutorService pool, IntFunction<Runnable> task) throws Exception {
    List<Future<?>> futures = new ArrayList<>(services);
    for (int i = 0; i < services; i++) {
      futures.add(pool.submit(task.apply(i)));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static String name(int i) {
    return "svc-" + i;
  }

  private static String ip(int i) {
    return "198.18." + (i / 256) + "." + (i % 256);
  }

  private static Service service(String namespace, int i) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name(i))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withClusterIP("10.96." + (i / 250) + "." + (i % 250 + 1))
        .addNewPort()
        .withProtocol("TCP")
        .withPort(80)
        .endPort()
        .withSelector(Map.of("app", name(i)))
        .endSpec()
        .build();
  }
}
