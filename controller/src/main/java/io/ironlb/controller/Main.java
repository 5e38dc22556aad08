package io.ironlb.controller;

import io.ironlb.runtime.ClusterOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code ironlb-controller} executable: parses flags, sets logging up, runs the controller. */
@Command(
    name = "ironlb-controller",
    mixinStandardHelpOptions = true,
    version = "ironlb-controller 0.1.0",
    description = {
      "Assigns external IPs from metallb.io IPAddressPools to Services of type LoadBalancer",
      "and writes them to status.loadBalancer.ingress (MetalLB-compatible)."
    },
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"--metrics-port", "--port"},
      defaultValue = "9120",
      description =
          "port of /metrics (Prometheus text format); 0 disables (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(
      names = "--health-port",
      defaultValue = "17472",
      description = "port of /healthz and /readyz; 0 disables (default: ${DEFAULT-VALUE})")
  int healthPort;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "8",
      description = "Services reconciled concurrently (default: ${DEFAULT-VALUE})")
  int reconcileThreads;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    cluster.applyLogLevel();
    ControllerOptions options =
        new ControllerOptions(
            cluster.kubeconfig(),
            cluster.namespace(),
            cluster.lbClass(),
            metricsPort,
            healthPort,
            cluster.bindHost(),
            reconcileThreads);
    try (IronLbController controller = IronLbController.start(options)) {
      controller.awaitShutdown();
    }
    return 0;
  }
}
