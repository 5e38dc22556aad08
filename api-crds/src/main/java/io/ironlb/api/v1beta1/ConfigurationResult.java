package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The values of {@code ConfigurationState.status.result}. The field stays a string (as MetalLB's);
 * this enum gives the schema its {@code enum} and lets code name the values.
 */
public enum ConfigurationResult {
  /** Every object of the configuration was accepted. */
  @JsonProperty("Valid")
  VALID("Valid"),
  /** At least one object was refused; {@code errorSummary} says which and why. */
  @JsonProperty("Invalid")
  INVALID("Invalid"),
  /** No reconciler has reported yet. */
  @JsonProperty("Unknown")
  UNKNOWN("Unknown");

  private final String value;

  ConfigurationResult(String value) {
    this.value = value;
  }

  /** The value as written in the status. */
  public String value() {
    return value;
  }
}
