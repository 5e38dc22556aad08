package io.ironlb.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Prometheus metrics of an IronLB process (controller or speaker), rendered in the text exposition
 * format (version 0.0.4).
 *
 * <p>Written by hand rather than through a metrics library because IronLB keeps MetalLB's metric
 * names so existing dashboards and alerts work, and some of those are gauges whose names end in
 * {@code _total} ({@code metallb_allocator_addresses_in_use_total}), which current Prometheus
 * client libraries refuse for gauges.
 */
public final class MetricsRegistry {

  private final Map<String, MetricFamily> families = new ConcurrentSkipListMap<>();

  /** Returns the gauge family {@code name}, creating it on first use. */
  public MetricFamily gauge(String name, String help, String... labelNames) {
    return family(name, MetricFamily.Type.GAUGE, help, labelNames);
  }

  /** Returns the counter family {@code name}, creating it on first use. */
  public MetricFamily counter(String name, String help, String... labelNames) {
    return family(name, MetricFamily.Type.COUNTER, help, labelNames);
  }

  private MetricFamily family(
      String name, MetricFamily.Type type, String help, String... labelNames) {
    MetricFamily f =
        families.computeIfAbsent(name, n -> new MetricFamily(n, type, help, labelNames));
    if (f.type() != type || !f.hasLabelNames(labelNames)) {
      throw new IllegalArgumentException("metric " + name + " registered twice, differently");
    }
    return f;
  }

  /** The text a Prometheus scrape receives. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    families.values().forEach(f -> f.writeTo(out));
    return out.toString();
  }
}
