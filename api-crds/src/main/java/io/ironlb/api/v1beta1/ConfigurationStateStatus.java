package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** {@code ConfigurationState.status}. */
public class ConfigurationStateStatus {

  @Pattern("^(Valid|Invalid|Unknown)$")
  @JsonPropertyDescription(
      "Valid when every object was accepted, Invalid when some object is left out or kept at its"
          + " last valid version (see errorSummary), Unknown before the first check.")
  private String result;

  @JsonPropertyDescription("Every configuration problem, one per line, naming object and field.")
  private String errorSummary;

  @JsonPropertyDescription(
      "poolReconcilerValid (controller) or configReconcilerValid (speaker), with reason"
          + " Reconciled, ConfigurationError or UnknownError.")
  private List<Condition> conditions;

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getErrorSummary() {
    return errorSummary;
  }

  public void setErrorSummary(String errorSummary) {
    this.errorSummary = errorSummary;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
