package io.ironlb.speaker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ironlb.runtime.HttpEndpoints;
import io.ironlb.runtime.KubeConfigs;
import io.ironlb.speaker.bgp.BgpAnnouncer;
import io.ironlb.speaker.forwarder.ForwarderLimits;
import io.ironlb.speaker.forwarder.HealthCheckSettings;
import io.ironlb.speaker.forwarder.NodePortForwarder;
import io.ironlb.speaker.k8s.ClusterCache;
import io.ironlb.speaker.k8s.ForwardingInputs;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import io.ironlb.speaker.vip.PolicyRoutes;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running speaker: wires the cluster caches, membership, the layer-2 data plane, the status
 * publisher and the HTTP endpoints around the {@link AnnounceLoop}, and stops them in the order
 * that hands IPs over fastest (say goodbye to the other speakers first, then stop answering).
 */
final class Speaker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Speaker.class);

  private final CountDownLatch shutdown = new CountDownLatch(1);
  private final SpeakerOptions options;
  private final KubernetesClient client;
  private final SpeakerMetrics metrics = new SpeakerMetrics();
  private final LoopThread loop = new LoopThread();
  private StatusPublisher status;
  private Layer2 layer2;
  private BgpAnnouncer bgp;
  private ForwardPass forward;
  private Peers peers;
  private ClusterCache cache;
  private HttpEndpoints http;

  private Speaker(SpeakerOptions options, KubernetesClient client) {
    this.options = options;
    this.client = client;
  }

  /** Connects with the options' kubeconfig and starts. */
  static Speaker start(SpeakerOptions options) throws IOException {
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(KubeConfigs.load(options.kubeconfig())).build();
    Speaker s = new Speaker(options, client);
    try {
      s.run();
    } catch (RuntimeException | IOException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void run() throws IOException {
    LOG.info("speaker starting on node {}", options.nodeName());
    status =
        new StatusPublisher(client, options.namespace(), options.nodeName(), options.ownerPod());
    layer2 = Layer2.start(options, metrics, loop::trigger);
    peers =
        Peers.start(
            options,
            () -> {
              layer2.rescanSoon();
              loop.trigger();
            },
            () -> {
              metrics.membershipPause();
              layer2.reannounce();
            });
    forward =
        new ForwardPass(
            new ForwardingInputs(
                options.nodeName(), ForwarderLimits.DEFAULT, HealthCheckSettings.DEFAULT),
            health ->
                NodePortForwarder.start(
                    options.forwarderTransport(), options.forwarderWorkers(), health),
            new PolicyRoutes(),
            metrics,
            status);
    PeerSessionEvents peerEvents = new PeerSessionEvents(status, options.nodeName());
    bgp = BgpAnnouncer.start(options.bgpPort(), metrics, peerEvents);
    cache = new ClusterCache(client, options.namespace(), loop::trigger);
    status.watchOwnObjects();
    AnnounceLoop pass =
        new AnnounceLoop(
            cache::snapshot,
            peers,
            new SpeakerConfig(
                new PlannerInputs(options.lbClass()), metrics, new ConfigReport(status)),
            new L2Pass(options, layer2, metrics, status),
            new BgpPass(options, bgp, metrics, status, peerEvents),
            forward);
    loop.start(() -> cache.synced() && pass.run());
    http =
        HttpEndpoints.start(
            options.endpoints().bindHost(),
            options.endpoints().metricsPort(),
            options.endpoints().healthPort(),
            () -> {
              forward.refreshMetrics();
              return metrics.registry().scrape();
            },
            () -> cache.running(),
            () -> cache.synced() && peers.view().settled());
    LOG.info("speaker running on node {}", options.nodeName());
  }

  /** Blocks until {@link #close()} (SIGTERM runs it through a shutdown hook). */
  void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "shutdown"));
    shutdown.await();
  }

  /**
   * Stops in hand-over order: the other speakers hear "leaving" first and take over at once, then
   * this node stops answering ARP/NDP and closes its BGP sessions (Cease: the routers withdraw its
   * paths at once), then it deletes its status objects (bounded).
   */
  @Override
  public synchronized void close() {
    if (shutdown.getCount() == 0) {
      return;
    }
    LOG.info("speaker stopping");
    if (status != null) {
      status.leaving();
    }
    loop.close();
    if (peers != null) {
      peers.close();
    }
    if (layer2 != null) {
      layer2.close();
    }
    if (bgp != null) {
      bgp.close();
    }
    if (forward != null) {
      forward.close();
    }
    if (status != null) {
      status.withdrawAll(Duration.ofSeconds(1));
      status.close();
    }
    if (cache != null) {
      cache.close();
    }
    if (http != null) {
      http.close();
    }
    client.close();
    shutdown.countDown();
    LOG.info("speaker stopped");
  }
}
