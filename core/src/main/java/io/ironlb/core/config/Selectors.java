package io.ironlb.core.config;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the CRs' label selectors into the core's, rejecting malformed ones with a reason. */
final class Selectors {

  private Selectors() {}

  /** Converts one selector; IllegalArgumentException says what is wrong. */
  static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      return LabelSelector.everything();
    }
    List<LabelSelector.Requirement> reqs = new ArrayList<>();
    Set<LabelSelectorRequirement> seen = new HashSet<>();
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        if (!seen.add(r)) {
          throw new IllegalArgumentException("duplicate matchExpression on key " + r.getKey());
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if (new HashSet<>(values).size() != values.size()) {
          throw new IllegalArgumentException(
              "duplicate values in matchExpression on key " + r.getKey());
        }
        if (r.getKey() == null || r.getKey().isBlank()) {
          throw new IllegalArgumentException("matchExpression without a key");
        }
        reqs.add(
            new LabelSelector.Requirement(
                r.getKey(), LabelSelector.Operator.fromWire(r.getOperator()), values));
      }
    }
    Map<String, String> labels = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
    return new LabelSelector(labels, reqs);
  }

  /**
   * Converts a selector list field, reporting each bad or duplicate entry as a problem at {@code
   * field[i]} and leaving it out.
   */
  static List<LabelSelector> list(
      List<io.fabric8.kubernetes.api.model.LabelSelector> in, String field, Problems problems) {
    List<LabelSelector> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    for (int i = 0; i < in.size(); i++) {
      try {
        LabelSelector s = of(in.get(i));
        if (out.contains(s)) {
          problems.add(field + "[" + i + "]", "duplicate selector");
        } else {
          out.add(s);
        }
      } catch (IllegalArgumentException e) {
        problems.add(field + "[" + i + "]", "invalid label selector: " + e.getMessage());
      }
    }
    return out;
  }
}
