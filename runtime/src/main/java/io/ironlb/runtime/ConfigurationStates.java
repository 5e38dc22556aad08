package io.ironlb.runtime;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.ConfigurationStateStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a {@code ConfigurationState} as MetalLB does (METALLB-API.md §1.7): result {@code Valid}
 * or {@code Invalid}, the problems as the error summary, and one condition ({@code
 * poolReconcilerValid} for the controller, {@code configReconcilerValid} for a speaker) with reason
 * {@code Reconciled} or {@code ConfigurationError}. Created when missing (self-healing when
 * deleted). API errors propagate.
 */
public final class ConfigurationStates {

  private ConfigurationStates() {}

  /**
   * Makes the object {@code meta} names say {@code problems} (empty: valid).
   *
   * @param meta name, namespace, labels and owner references of the object to create if missing
   * @param condition the condition type
   * @param validMessage the condition's message when there is no problem
   */
  public static void write(
      KubernetesClient client,
      ObjectMeta meta,
      String condition,
      String validMessage,
      List<String> problems) {
    boolean valid = problems.isEmpty();
    Condition c =
        new ConditionBuilder()
            .withType(condition)
            .withStatus(valid ? "True" : "False")
            .withReason(valid ? "Reconciled" : "ConfigurationError")
            .withMessage(valid ? validMessage : problems.size() + " configuration problem(s)")
            .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
            .build();
    ConfigurationStateStatus status = new ConfigurationStateStatus();
    status.setResult(valid ? "Valid" : "Invalid");
    status.setErrorSummary(String.join("\n", problems));
    status.setConditions(List.of(c));
    var states = client.resources(ConfigurationState.class).inNamespace(meta.getNamespace());
    ConfigurationState state = states.withName(meta.getName()).get();
    if (state == null) {
      state = new ConfigurationState();
      state.setMetadata(meta);
      state = states.resource(state).create();
    }
    state.setStatus(status);
    states.resource(state).updateStatus();
  }
}
