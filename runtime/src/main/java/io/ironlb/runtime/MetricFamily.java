package io.ironlb.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** One metric name with its labelled series. Thread-safe. */
public final class MetricFamily {

  /** Prometheus metric types used here. */
  public enum Type {
    GAUGE("gauge"),
    COUNTER("counter");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }
  }

  private final String name;
  private final Type type;
  private final String help;
  private final List<String> labelNames;
  private final Map<List<String>, Double> series =
      new ConcurrentSkipListMap<>(MetricFamily::compare);

  MetricFamily(String name, Type type, String help, String... labelNames) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labelNames = List.of(labelNames);
  }

  Type type() {
    return type;
  }

  boolean hasLabelNames(String... names) {
    return labelNames.equals(Arrays.asList(names));
  }

  /** Sets the series with these label values (gauges). */
  public void set(double value, String... labelValues) {
    series.put(key(labelValues), value);
  }

  /** Adds one to the series with these label values (counters). */
  public void inc(String... labelValues) {
    add(1, labelValues);
  }

  /** Adds {@code amount} to the series with these label values (counters). */
  public void add(double amount, String... labelValues) {
    series.merge(key(labelValues), amount, Double::sum);
  }

  /** Removes the series with these label values, e.g. for a deleted pool. */
  public void remove(String... labelValues) {
    series.remove(key(labelValues));
  }

  /** The current value of a series, or NaN when it does not exist. */
  public double value(String... labelValues) {
    return series.getOrDefault(key(labelValues), Double.NaN);
  }

  /** Drops every series whose first label value is not in {@code keep}. */
  public void retainFirstLabel(java.util.Set<String> keep) {
    series.keySet().removeIf(k -> !k.isEmpty() && !keep.contains(k.get(0)));
  }

  private List<String> key(String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(
          name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    return List.of(labelValues);
  }

  void writeTo(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type.wire).append('\n');
    series.forEach(
        (labels, value) -> {
          out.append(name);
          if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
              if (i > 0) {
                out.append(',');
              }
              out.append(labelNames.get(i)).append("=\"").append(escape(labels.get(i))).append('"');
            }
            out.append('}');
          }
          out.append(' ').append(format(value)).append('\n');
        });
  }

  private static String format(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
