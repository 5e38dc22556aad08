package io.ironlb.speaker.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.runtime.ConfigurationStates;
import java.util.List;
import java.util.Optional;

/**
 * This speaker's {@code ConfigurationState}, as MetalLB's speakers write theirs (METALLB-API.md
 * §1.7): named {@code speaker-<node>}, labelled {@code metallb.io/component-type: speaker} and
 * {@code metallb.io/node-name}, owned by the speaker's Pod, condition {@code
 * configReconcilerValid}. {@code kubectl get configurationstates} then shows, per node, whether a
 * BGPPeer, advertisement, BFD profile or community was left out and why.
 */
final class ConfigStateWriter {

  static final String CONDITION = "configReconcilerValid";

  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final Optional<StatusPublisher.OwnerPod> ownerPod;

  ConfigStateWriter(
      KubernetesClient client,
      String namespace,
      String node,
      Optional<StatusPublisher.OwnerPod> ownerPod) {
    this.client = client;
    this.namespace = namespace;
    this.node = node;
    this.ownerPod = ownerPod;
  }

  void write(List<String> problems) {
    ConfigurationStates.write(
        client,
        new ObjectMetaBuilder()
            .withName("speaker-" + node)
            .withNamespace(namespace)
            .addToLabels("metallb.io/component-type", "speaker")
            .addToLabels("metallb.io/node-name", node)
            .withOwnerReferences(StatusObjects.ownerReferences(ownerPod))
            .build(),
        CONDITION,
        "the speaker's configuration is valid",
        problems);
  }
}
