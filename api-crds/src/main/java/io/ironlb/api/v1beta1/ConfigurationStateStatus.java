package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** {@code ConfigurationState.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigurationStateStatus {

  // a string in Java, as in MetalLB; an enum in the schema, as MetalLB's Enum marker makes it
  @SchemaFrom(type = ConfigurationResult.class)
  @JsonPropertyDescription(
      "Valid when every object was accepted, Invalid when some object is left out or kept at its"
          + " last valid version (see errorSummary), Unknown before the first check.")
  private String result;

  @JsonPropertyDescription(
      "Every configuration problem, one per line, naming object and field; empty when Valid.")
  private String errorSummary;

  @JsonPropertyDescription(
      "One condition per reconciler: poolReconcilerValid (controller) or configReconcilerValid"
          + " (speaker), status True or False, reason Reconciled, ConfigurationError or"
          + " UnknownError.")
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
