package io.ironlb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.core.alloc.Allocator;
import io.ironlb.core.alloc.PoolStats;
import io.ironlb.runtime.MetricFamily;
import io.ironlb.runtime.MetricsRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the allocator's per-pool counters: {@code IPAddressPool.status} (assigned/available
 * IPv4/IPv6) and the {@code metallb_allocator_*} gauges.
 *
 * <p>Requests coalesce: however many allocations change in a burst, each pool's status is written
 * at most once per {@link #DELAY_MS}, and only when its numbers changed.
 */
final class PoolStatusPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolStatusPublisher.class);
  private static final long DELAY_MS = 250;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final Allocator allocator;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<String, PoolStats> written = new HashMap<>();
  private final MetricFamily total;
  private final MetricFamily totalV4;
  private final MetricFamily totalV6;
  private final MetricFamily inUse;
  private final MetricFamily inUseV4;
  private final MetricFamily inUseV6;

  PoolStatusPublisher(
      KubernetesClient client, String namespace, Allocator allocator, MetricsRegistry metrics) {
    this.client = client;
    this.namespace = namespace;
    this.allocator = allocator;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pool-status");
              t.setDaemon(true);
              return t;
            });
    total = metrics.gauge("metallb_allocator_addresses_total", "usable IPs per pool", "pool");
    totalV4 =
        metrics.gauge(
            "metallb_allocator_ipv4_addresses_total", "usable IPv4 addresses per pool", "pool");
    totalV6 =
        metrics.gauge(
            "metallb_allocator_ipv6_addresses_total", "usable IPv6 addresses per pool", "pool");
    inUse =
        metrics.gauge(
            "metallb_allocator_addresses_in_use_total", "distinct IPs in use per pool", "pool");
    inUseV4 =
        metrics.gauge(
            "metallb_allocator_ipv4_addresses_in_use_total",
            "IPv4 addresses in use per pool",
            "pool");
    inUseV6 =
        metrics.gauge(
            "metallb_allocator_ipv6_addresses_in_use_total",
            "IPv6 addresses in use per pool",
            "pool");
  }

  /** Asks for the counters to be published soon; cheap to call on every allocation change. */
  void requestPublish() {
    if (scheduled.compareAndSet(false, true)) {
      executor.schedule(this::publish, DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Publishes now, on the caller's thread (used at start-up and in tests). */
  synchronized void publish() {
    scheduled.set(false);
    Map<String, PoolStats> stats = allocator.poolStats();
    for (MetricFamily f : new MetricFamily[] {total, totalV4, totalV6, inUse, inUseV4, inUseV6}) {
      f.retainFirstLabel(stats.keySet());
    }
    written.keySet().retainAll(stats.keySet());
    stats.forEach(this::publishPool);
  }

  private void publishPool(String pool, PoolStats s) {
    total.set(saturatingAdd(s.totalV4(), s.totalV6()), pool);
    totalV4.set(s.totalV4(), pool);
    totalV6.set(s.totalV6(), pool);
    inUse.set(s.assignedV4() + s.assignedV6(), pool);
    inUseV4.set(s.assignedV4(), pool);
    inUseV6.set(s.assignedV6(), pool);
    if (s.equals(written.get(pool))) {
      return;
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("assignedIPv4", s.assignedV4());
    status.put("assignedIPv6", s.assignedV6());
    status.put("availableIPv4", s.availableV4());
    status.put("availableIPv6", s.availableV6());
    try {
      client
          .resources(IPAddressPool.class)
          .inNamespace(namespace)
          .withName(pool)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              JSON.writeValueAsString(Map.of("status", status)));
      written.put(pool, s);
    } catch (KubernetesClientException e) {
      // The pool may have just been deleted; a later change publishes again.
      LOG.warn(
          "could not update status of IPAddressPool {}/{}: {}", namespace, pool, e.getMessage());
      requestPublish();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
