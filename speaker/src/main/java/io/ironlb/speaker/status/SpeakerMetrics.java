package io.ironlb.speaker.status;

import io.ironlb.core.ip.IpText;
import io.ironlb.runtime.MetricFamily;
import io.ironlb.runtime.MetricsRegistry;
import io.ironlb.speaker.l2.L2Metrics;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The speaker's Prometheus metrics: MetalLB's names where MetalLB has the metric (METALLB-API.md
 * §6.1) so dashboards keep working, {@code ironlb_*} for what IronLB adds.
 */
public final class SpeakerMetrics implements L2Metrics {

  private final MetricsRegistry registry = new MetricsRegistry();
  private final MetricFamily announced =
      registry.gauge(
          "metallb_speaker_announced",
          "1 while this node announces the service IP",
          "service",
          "protocol",
          "node",
          "ip");
  private final MetricFamily requests =
      registry.counter(
          "metallb_layer2_requests_received", "ARP/NDP requests received for owned IPs", "ip");
  private final MetricFamily responses =
      registry.counter("metallb_layer2_responses_sent", "ARP/NDP responses sent", "ip");
  private final MetricFamily gratuitous =
      registry.counter("metallb_layer2_gratuitous_sent", "gratuitous ARP/NA packets sent", "ip");
  private final MetricFamily malformed =
      registry.counter(
          "ironlb_layer2_malformed_frames_total",
          "ARP/NDP frames that could not be decoded",
          "interface");
  private final MetricFamily configLoaded =
      registry.gauge("metallb_k8s_client_config_loaded_bool", "1 once configuration was loaded");
  private final MetricFamily configStale =
      registry.gauge(
          "metallb_k8s_client_config_stale_bool",
          "1 while some object of the configuration is invalid and its last good version is used");
  private final MetricFamily live =
      registry.gauge(
          "ironlb_membership_live_speakers", "speakers this node hears, itself included");
  private final MetricFamily known =
      registry.gauge(
          "ironlb_membership_known_speakers", "speakers heard at least once, itself included");
  private final MetricFamily quorum =
      registry.gauge(
          "ironlb_membership_quorum", "1 while this node sees at least half of the known speakers");
  private final List<String[]> announcedNow = new ArrayList<>();

  /** The registry to scrape. */
  public MetricsRegistry registry() {
    return registry;
  }

  @Override
  public void requestReceived(InetAddress ip) {
    requests.inc(IpText.format(ip));
  }

  @Override
  public void responseSent(InetAddress ip) {
    responses.inc(IpText.format(ip));
  }

  @Override
  public void gratuitousSent(InetAddress ip) {
    gratuitous.inc(IpText.format(ip));
  }

  @Override
  public void malformedFrame(String iface) {
    malformed.inc(iface);
  }

  /** Replaces the set of (service, node, ip) this node announces in layer 2. */
  public synchronized void announced(Set<Announced> now) {
    for (String[] old : announcedNow) {
      announced.remove(old);
    }
    announcedNow.clear();
    for (Announced a : now) {
      String[] labels = {a.service(), "layer2", a.node(), a.ip()};
      announced.set(1, labels);
      announcedNow.add(labels);
    }
  }

  /** The configuration state after a parse. */
  public void config(boolean stale) {
    configLoaded.set(1);
    configStale.set(stale ? 1 : 0);
  }

  /** The membership view's numbers. */
  public void membership(int liveCount, int knownCount, boolean hasQuorum) {
    live.set(liveCount);
    known.set(knownCount);
    quorum.set(hasQuorum ? 1 : 0);
  }

  /** One {@code metallb_speaker_announced} series. */
  public record Announced(String service, String node, String ip) {}
}
