package io.ironlb.controller;

import io.ironlb.runtime.LogLevels;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "kubeconfig to use (default: in-cluster config, or $KUBECONFIG, or ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--namespace",
      defaultValue = "ironlb-system",
      description = "namespace holding the metallb.io objects (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(
      names = "--lb-class",
      paramLabel = "CLASS",
      description =
          "serve only Services with this spec.loadBalancerClass (default: only Services without a class)")
  String lbClass;

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
      names = "--bind-address",
      defaultValue = "0.0.0.0",
      description =
          "address the metrics and health endpoints listen on (default: ${DEFAULT-VALUE})")
  String bindHost;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description = "all, debug, info, warn, error or none (default: ${DEFAULT-VALUE})")
  String logLevel;

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
    LogLevels.apply(logLevel);
    ControllerOptions options =
        new ControllerOptions(
            Optional.ofNullable(kubeconfig),
            namespace,
            Optional.ofNullable(lbClass),
            metricsPort,
            healthPort,
            bindHost,
            reconcileThreads);
    try (IronLbController controller = IronLbController.start(options)) {
      controller.awaitShutdown();
    }
    return 0;
  }
}
