package io.ironlb.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** How an IronLB process finds its API server: a kubeconfig file, or the usual defaults. */
public final class KubeConfigs {

  private KubeConfigs() {}

  /**
   * The client configuration from {@code kubeconfig} when given, otherwise fabric8's defaults
   * (in-cluster service account, then {@code $KUBECONFIG}, then {@code ~/.kube/config}).
   */
  public static Config load(Optional<Path> kubeconfig) throws IOException {
    if (kubeconfig.isEmpty()) {
      return new ConfigBuilder().build();
    }
    return Config.fromKubeconfig(Files.readString(kubeconfig.get()));
  }
}
