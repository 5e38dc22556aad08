package io.ironlb.core.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration, naming the object and the field at fault.
 *
 * @param kind the object's kind ({@code IPAddressPool}, ...)
 * @param namespace the object's namespace
 * @param name the object's name
 * @param field the field at fault, as a path ({@code spec.addresses[1]})
 * @param message what is wrong, and what IronLB did about it
 */
public record ConfigProblem(
    String kind, String namespace, String name, String field, String message) {

  public ConfigProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** {@code IPAddressPool ironlb-system/blue: spec.addresses[1]: invalid CIDR "10.0.0.300/24"}. */
  @Override
  public String toString() {
    return kind
        + " "
        + (namespace == null ? "" : namespace + "/")
        + name
        + ": "
        + field
        + ": "
        + message;
  }
}
