package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.core.config.Config;
import io.ironlb.core.config.ConfigInputs;
import io.ironlb.core.config.ConfigParser;
import io.ironlb.core.config.ParseResult;
import io.ironlb.runtime.ChangeHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what the controller's configuration is made of (IPAddressPools in the IronLB namespace,
 * and Namespaces, whose labels resolve pools' {@code namespaceSelectors}) and re-parses it into a
 * {@link Config} whenever one of them changes.
 *
 * <p>Parsing runs on one thread and bursts coalesce into one parse. Every parse result goes to the
 * listener (problems are re-reported even when the valid part did not change); the previous {@link
 * Config} is passed to the parser so an object that turns invalid keeps its last valid version.
 */
final class ConfigTracker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigTracker.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Consumer<ParseResult> listener;
  private final ConfigParser parser = new ConfigParser();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "config-parser");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<IPAddressPool> pools;
  private SharedIndexInformer<Namespace> namespaces;
  private volatile Config current = Config.empty();

  ConfigTracker(KubernetesClient client, String namespace, Consumer<ParseResult> listener) {
    this.client = client;
    this.namespace = namespace;
    this.listener = listener;
  }

  /**
   * Starts the informers, waits for their first listing, and parses once on the caller's thread, so
   * the allocator knows every pool before the first Service is looked at.
   */
  ParseResult start() {
    try {
      SharedIndexInformer<IPAddressPool> p =
          client
              .resources(IPAddressPool.class)
              .inNamespace(namespace)
              .inform(ChangeHandlers.calling(this::changed), 0);
      informers.add(p);
      SharedIndexInformer<Namespace> n =
          client.namespaces().inform(ChangeHandlers.calling(this::changed), 0);
      informers.add(n);
      pools = p;
      namespaces = n;
    } catch (RuntimeException e) {
      // the first listing failed (API server unreachable, RBAC): leave nothing running behind
      informers.forEach(SharedIndexInformer::close);
      informers.clear();
      throw e;
    }
    return parseNow();
  }

  /** The watched object of {@code kind} named {@code name}, or null (for Events on it). */
  HasMetadata find(String kind, String name) {
    if ("IPAddressPool".equals(kind) && pools != null) {
      return pools.getStore().getByKey(namespace + "/" + name);
    }
    return null;
  }

  /** The configuration in force. */
  Config current() {
    return current;
  }

  private void changed() {
    if (pools == null || namespaces == null) {
      return; // start() parses once the informers exist
    }
    if (pending.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            pending.set(false);
            try {
              parseNow();
            } catch (RuntimeException e) {
              LOG.error("configuration parse failed; keeping the configuration in force", e);
            }
          });
    }
  }

  private synchronized ParseResult parseNow() {
    Map<String, Map<String, String>> nsLabels = new TreeMap<>();
    for (Namespace ns : namespaces.getStore().list()) {
      Map<String, String> labels = ns.getMetadata().getLabels();
      nsLabels.put(ns.getMetadata().getName(), labels == null ? Map.of() : Map.copyOf(labels));
    }
    List<IPAddressPool> poolList =
        pools.getStore().list().stream()
            .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    ParseResult result = parser.parse(ConfigInputs.forPools(poolList, nsLabels), current);
    current = result.config();
    listener.accept(result);
    return result;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
  }
}
