package io.ironlb.runtime;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags the controller and the speaker share (MetalLB's names): where the API server is, which
 * namespace holds the metallb.io objects, which {@code loadBalancerClass} is served, where the HTTP
 * endpoints listen and how much is logged. A picocli mixin.
 */
public final class ClusterOptions {

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
          "serve only Services with this spec.loadBalancerClass (default: only Services without a"
              + " class)")
  String lbClass;

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

  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }

  public String namespace() {
    return namespace;
  }

  public Optional<String> lbClass() {
    return Optional.ofNullable(lbClass);
  }

  public String bindHost() {
    return bindHost;
  }

  /** Applies {@code --log-level}; call before the first logger is created. */
  public void applyLogLevel() {
    LogLevels.apply(logLevel);
  }
}
