package io.ironlb.core.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes label selector (the {@code metav1.LabelSelector} semantics): every {@code
 * matchLabels} pair and every requirement must hold. An empty selector matches everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** The selector that matches every object. */
  public static LabelSelector everything() {
    return new LabelSelector(Map.of(), List.of());
  }

  /** Whether an object carrying {@code labels} is selected. */
  public boolean matches(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(r -> r.matches(labels));
  }

  /** One {@code matchExpressions} entry. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
      boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
      if (needsValues == values.isEmpty()) {
        throw new IllegalArgumentException(
            "operator "
                + operator.wireValue()
                + (needsValues ? " needs at least one value" : " takes no values")
                + " (key "
                + key
                + ")");
      }
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case IN -> v != null && values.contains(v);
        case NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> labels.containsKey(key);
        case DOES_NOT_EXIST -> !labels.containsKey(key);
      };
    }
  }

  /** The operators of {@code matchExpressions}. */
  public enum Operator {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String wire;

    Operator(String wire) {
      this.wire = wire;
    }

    public String wireValue() {
      return wire;
    }

    /** The operator named {@code s} as the API spells it; IllegalArgumentException otherwise. */
    public static Operator fromWire(String s) {
      for (Operator o : values()) {
        if (o.wire.equals(s)) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown label selector operator \"" + s + "\"");
    }
  }
}
