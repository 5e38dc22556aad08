package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ironlb.core.config.ConfigProblem;
import io.ironlb.core.config.ParseResult;
import io.ironlb.runtime.ConfigurationStates;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.runtime.MetricFamily;
import io.ironlb.runtime.MetricsRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells users what is wrong with their configuration, in the three places MetalLB users look: the
 * {@code ConfigurationState} object named {@code controller} (result, error summary and the {@code
 * poolReconcilerValid} condition), a Warning Event on each object at fault, and the {@code
 * metallb_k8s_client_config_stale_bool} gauge (1 while some object is left out or kept at its last
 * valid version).
 */
final class ConfigurationReporter {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationReporter.class);
  static final String STATE_NAME = "controller";
  static final String CONDITION = "poolReconcilerValid";

  private final KubernetesClient client;
  private final String namespace;
  private final EventRecorder events;
  private final MetricFamily stale;
  private final BiFunction<String, String, HasMetadata> objectLookup;
  private List<ConfigProblem> lastReported;

  ConfigurationReporter(
      KubernetesClient client,
      String namespace,
      EventRecorder events,
      MetricsRegistry metrics,
      BiFunction<String, String, HasMetadata> objectLookup) {
    this.client = client;
    this.namespace = namespace;
    this.events = events;
    this.objectLookup = objectLookup;
    this.stale =
        metrics.gauge(
            "metallb_k8s_client_config_stale_bool",
            "1 while an invalid object is left out of the configuration or kept at its last valid version");
  }

  /** Reports a parse result; repeated identical results write nothing new. */
  synchronized void report(ParseResult result) {
    List<ConfigProblem> problems = result.problems();
    stale.set(problems.isEmpty() ? 0 : 1);
    if (problems.equals(lastReported)) {
      return;
    }
    problems.forEach(
        p -> {
          LOG.warn("invalid configuration: {}", p);
          HasMetadata obj = objectLookup.apply(p.kind(), p.name());
          events.record(
              obj != null ? obj : reference(p),
              EventRecorder.Type.WARNING,
              "InvalidConfiguration",
              p.toString());
        });
    if (writeState(problems)) {
      lastReported = List.copyOf(problems);
    }
  }

  private HasMetadata reference(ConfigProblem p) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("metallb.io/v1beta1")
        .withKind(p.kind())
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(p.name())
                .withNamespace(Objects.requireNonNullElse(p.namespace(), namespace))
                .build())
        .build();
  }

  private boolean writeState(List<ConfigProblem> problems) {
    try {
      ConfigurationStates.write(
          client,
          new ObjectMetaBuilder()
              .withName(STATE_NAME)
              .withNamespace(namespace)
              .addToLabels("metallb.io/component-type", "controller")
              .build(),
          CONDITION,
          "every IPAddressPool is valid",
          problems.stream().map(ConfigProblem::toString).toList());
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not write ConfigurationState {}/{}: {}", namespace, STATE_NAME, e.getMessage());
      return false;
    }
  }
}
