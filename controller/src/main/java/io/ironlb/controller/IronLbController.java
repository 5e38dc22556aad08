package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ironlb.controller.k8s.ServiceSnapshots;
import io.ironlb.controller.k8s.ServiceWriter;
import io.ironlb.core.alloc.Allocator;
import io.ironlb.core.alloc.BalancerConverger;
import io.ironlb.core.config.ParseResult;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.runtime.HttpEndpoints;
import io.ironlb.runtime.KubeConfigs;
import io.ironlb.runtime.MetricFamily;
import io.ironlb.runtime.MetricsRegistry;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: wires the allocator, the configuration tracker, the JOSDK operator and
 * the HTTP endpoints, and performs the start-up sequence that keeps every IP where it is.
 *
 * <p>Start-up, in order: (1) load every IPAddressPool and parse the configuration; (2) restore
 * every existing allocation from the Services' status, already-allocated Services first (MetalLB's
 * initial full reprocess), before any new allocation can happen; (3) start the operator, whose
 * reconciles then allocate pending Services and fix whatever changed while the controller was down.
 */
public final class IronLbController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IronLbController.class);
  static final String COMPONENT = "ironlb-controller";

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final ControllerOptions options;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final Allocator allocator = new Allocator();
  private final BalancerConverger converger = new BalancerConverger(allocator);
  private final CountDownLatch shutdown = new CountDownLatch(1);
  private final PoolStatusPublisher poolStatus;
  private final ConfigurationReporter configReporter;
  private final ServiceReconciler reconciler;
  private final ServiceBalancer balancer;
  private final MetricFamily configLoaded;
  private ConfigTracker configTracker;
  private Operator operator;
  private HttpEndpoints http;
  private volatile boolean ready;
  private volatile boolean informerFailed;

  private IronLbController(KubernetesClient client, boolean ownsClient, ControllerOptions options) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.options = options;
    this.poolStatus = new PoolStatusPublisher(client, options.namespace(), allocator, metrics);
    EventRecorder events = new EventRecorder(client, COMPONENT, Clock.systemUTC());
    this.configReporter =
        new ConfigurationReporter(
            client,
            options.namespace(),
            events,
            metrics,
            (kind, name) -> configTracker.find(kind, name));
    this.balancer =
        new ServiceBalancer(
            options,
            converger,
            new ServiceWriter(client),
            events,
            poolStatus::requestPublish,
            this::poolAnnotations);
    this.reconciler = new ServiceReconciler(balancer);
    this.configLoaded =
        metrics.gauge(
            "metallb_k8s_client_config_loaded_bool", "1 once the configuration was loaded");
    configLoaded.set(0);
  }

  /** Connects with the options' kubeconfig and starts. */
  public static IronLbController start(ControllerOptions options) throws IOException {
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(KubeConfigs.load(options.kubeconfig())).build();
    return start(client, true, options);
  }

  /** Starts on an existing client (tests, the lab); the client stays open on {@link #close()}. */
  public static IronLbController start(KubernetesClient client, ControllerOptions options)
      throws IOException {
    return start(client, false, options);
  }

  private static IronLbController start(
      KubernetesClient client, boolean ownsClient, ControllerOptions options) throws IOException {
    IronLbController c = new IronLbController(client, ownsClient, options);
    try {
      c.run();
    } catch (RuntimeException | IOException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void run() throws IOException {
    http =
        HttpEndpoints.start(
            options.bindHost(),
            options.metricsPort(),
            options.healthPort(),
            metrics::scrape,
            () -> shutdown.getCount() > 0 && !informerFailed,
            () -> ready);
    LOG.info(
        "starting: namespace {}, {}, API server {}",
        options.namespace(),
        options
            .lbClass()
            .map(c -> "loadBalancerClass " + c)
            .orElse("Services without a loadBalancerClass"),
        client.getMasterUrl());
    loadState();
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(options.reconcileThreads())
                    // JOSDK's default exits the JVM when an informer stops; report it through
                    // /healthz instead, so the kubelet restarts the pod and tests keep their JVM
                    .withStopOnInformerErrorDuringStartup(false)
                    .withInformerStoppedHandler(
                        (informer, ex) -> {
                          if (ex != null && shutdown.getCount() > 0) {
                            informerFailed = true;
                            LOG.error("an informer stopped; /healthz now reports unhealthy", ex);
                          }
                        }));
    operator.register(reconciler, c -> c.watchingAllNamespaces());
    operator.start();
    poolStatus.publish();
    ready = true;
    LOG.info("ready");
  }

  /**
   * Steps (1) and (2) of the start-up, retried with backoff while the API server cannot be reached:
   * the controller stays alive (healthz 200, readyz 503) and says why it is waiting.
   */
  private void loadState() {
    for (int attempt = 1; ; attempt++) {
      try {
        configTracker = new ConfigTracker(client, options.namespace(), this::onConfig);
        configTracker.start();
        restoreAllocations();
        configLoaded.set(1);
        return;
      } catch (KubernetesClientException e) {
        configTracker.close();
        long delay = Math.min(30, 1L << Math.min(attempt, 5));
        LOG.error(
            "cannot load pools and Services from the API server at {} (attempt {}): {}; retrying in {} s",
            client.getMasterUrl(),
            attempt,
            e.getMessage(),
            delay);
        if (!sleep(delay)) {
          throw e;
        }
      }
    }
  }

  private boolean sleep(long seconds) {
    try {
      return !shutdown.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Re-registers the IPs every Service already has, before anything new is allocated, so a restart
   * never moves an IP and a pending Service never takes one another Service holds. Dual-stack
   * Services go first (MetalLB sorts by the number of ingress IPs, descending).
   */
  private void restoreAllocations() {
    List<Service> services =
        client.services().inAnyNamespace().list().getItems().stream()
            .filter(s -> !ServiceSnapshots.ingressIps(s).isEmpty())
            .filter(
                s ->
                    options.servesClass(
                        s.getSpec() == null ? null : s.getSpec().getLoadBalancerClass()))
            .sorted(
                Comparator.comparingInt((Service s) -> -ServiceSnapshots.ingressIps(s).size())
                    .thenComparing(
                        s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()))
            .toList();
    int restored = 0;
    for (Service svc : services) {
      if (converger.restore(ServiceSnapshots.of(svc))) {
        restored++;
      }
    }
    LOG.info("restored {} of {} existing allocations", restored, services.size());
  }

  private void onConfig(ParseResult result) {
    allocator.setPools(result.config().pools());
    configReporter.report(result);
    poolStatus.requestPublish();
    if (ready) {
      reconciler.reprocessAll();
    }
  }

  /** The annotations of the IPAddressPool named {@code pool}, as the informer last saw them. */
  private Map<String, String> poolAnnotations(String pool) {
    HasMetadata cr = configTracker == null ? null : configTracker.find("IPAddressPool", pool);
    Map<String, String> a = cr == null ? null : cr.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** The metrics registry (tests read it). */
  MetricsRegistry metrics() {
    return metrics;
  }

  /** Whether start-up has completed. */
  public boolean isReady() {
    return ready;
  }

  /** The ports the HTTP endpoints listen on. */
  public List<Integer> httpPorts() {
    return http.boundPorts();
  }

  /** Blocks until {@link #close()} runs (from a shutdown hook on SIGTERM). */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "shutdown"));
    shutdown.await();
  }

  @Override
  public synchronized void close() {
    if (shutdown.getCount() == 0) {
      return;
    }
    ready = false;
    LOG.info("stopping");
    if (operator != null) {
      operator.stop();
    }
    if (configTracker != null) {
      configTracker.close();
    }
    poolStatus.close();
    if (http != null) {
      http.close();
    }
    if (ownsClient) {
      client.close();
    }
    shutdown.countDown();
  }
}
