package io.ironlb.controller;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The controller's settings, from its command line.
 *
 * @param kubeconfig kubeconfig file; empty means in-cluster config or {@code $KUBECONFIG}
 * @param namespace the namespace holding the metallb.io objects (IPAddressPools, ...)
 * @param lbClass when set, only Services with exactly this {@code spec.loadBalancerClass} are
 *     served; when empty, only Services with no class
 * @param metricsPort port of {@code /metrics}, 0 disables
 * @param healthPort port of {@code /healthz} and {@code /readyz}, 0 disables
 * @param bindHost address the HTTP endpoints listen on
 * @param reconcileThreads concurrent Service reconciles
 */
public record ControllerOptions(
    Optional<Path> kubeconfig,
    String namespace,
    Optional<String> lbClass,
    int metricsPort,
    int healthPort,
    String bindHost,
    int reconcileThreads) {

  public ControllerOptions {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("--namespace must not be empty");
    }
    lbClass = lbClass.filter(c -> !c.isBlank());
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("--reconcile-threads must be at least 1");
    }
  }

  /** Whether a Service with this {@code spec.loadBalancerClass} (null = none) is ours. */
  public boolean servesClass(String serviceClass) {
    return lbClass.map(c -> c.equals(serviceClass)).orElse(serviceClass == null);
  }
}
