package io.ironlb.core.config;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the CRs' label selectors into the core's, with the checks of Kubernetes' {@code
 * LabelSelectorAsSelector} (label key and value syntax, known operators, In/NotIn with values,
 * Exists/DoesNotExist without) and MetalLB's duplicate checks (V4, V5). Values of a requirement are
 * sorted: In/NotIn are sets, and MetalLB compares selectors with sorted values.
 */
final class Selectors {

  // k8s.io/apimachinery validation: a qualified name part and a DNS-1123 subdomain prefix
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Selectors() {}

  /** Converts one selector (null: everything); IllegalArgumentException says what is wrong. */
  static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      return LabelSelector.everything();
    }
    Map<String, String> labels = new TreeMap<>();
    if (s.getMatchLabels() != null) {
      s.getMatchLabels()
          .forEach(
              (k, v) -> {
                checkKey(k);
                checkValue(k, v);
                labels.put(k, v);
              });
    }
    List<LabelSelector.Requirement> reqs = new ArrayList<>();
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        LabelSelector.Requirement req = requirement(r);
        if (reqs.contains(req)) {
          throw new IllegalArgumentException("duplicate matchExpression on key " + req.key());
        }
        reqs.add(req);
      }
    }
    return new LabelSelector(labels, reqs);
  }

  /**
   * Converts a selector list field: each bad or duplicate entry is rejected at {@code field[i]}.
   */
  static List<LabelSelector> list(
      List<io.fabric8.kubernetes.api.model.LabelSelector> in, String field, Problems problems) {
    List<LabelSelector> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    for (int i = 0; i < in.size(); i++) {
      String at = field + "[" + i + "]";
      try {
        LabelSelector s = of(in.get(i));
        if (out.contains(s)) {
          problems.reject(at, "duplicate selector " + describe(s));
        } else {
          out.add(s);
        }
      } catch (IllegalArgumentException e) {
        problems.reject(at, "invalid label selector: " + e.getMessage());
      }
    }
    return out;
  }

  private static LabelSelector.Requirement requirement(LabelSelectorRequirement r) {
    checkKey(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    Set<String> distinct = new HashSet<>();
    for (String v : values) {
      checkValue(r.getKey(), v);
      if (!distinct.add(v)) {
        throw new IllegalArgumentException(
            "duplicate value \"" + v + "\" in matchExpression on key " + r.getKey());
      }
    }
    LabelSelector.Operator op = LabelSelector.Operator.fromWire(r.getOperator());
    return new LabelSelector.Requirement(r.getKey(), op, values.stream().sorted().toList());
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("empty label key");
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    boolean ok =
        name.length() <= 63
            && NAME.matcher(name).matches()
            && (prefix == null
                || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (!ok) {
      throw new IllegalArgumentException("invalid label key \"" + key + "\"");
    }
  }

  private static void checkValue(String key, String value) {
    if (value == null
        || !value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
      throw new IllegalArgumentException("invalid label value \"" + value + "\" for key " + key);
    }
  }

  /** A short text for messages: {@code {app=web, tier In [a, b]}}. */
  static String describe(LabelSelector s) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(s.matchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    for (LabelSelector.Requirement r : s.matchExpressions()) {
      parts.add(
          r.key()
              + " "
              + r.operator().wireValue()
              + (r.values().isEmpty() ? "" : " " + r.values()));
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
