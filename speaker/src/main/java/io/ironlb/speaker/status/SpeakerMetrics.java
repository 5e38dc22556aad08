package io.ironlb.speaker.status;

import io.ironlb.core.ip.IpText;
import io.ironlb.runtime.MetricFamily;
import io.ironlb.runtime.MetricsRegistry;
import io.ironlb.speaker.bgp.BgpMetrics;
import io.ironlb.speaker.bgp.bfd.BfdState;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.forwarder.ServiceStats;
import io.ironlb.speaker.forwarder.TargetStats;
import io.ironlb.speaker.l2.L2Metrics;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The speaker's Prometheus metrics: MetalLB's names where MetalLB has the metric (METALLB-API.md
 * §6.1) so dashboards keep working, {@code ironlb_*} for what IronLB adds.
 */
public final class SpeakerMetrics implements L2Metrics, BgpMetrics {

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
  private final MetricFamily pauses =
      registry.counter(
          "ironlb_membership_pauses_total",
          "times membership could not listen for the detection time or longer (this speaker was"
              + " paused); each sends the gratuitous burst of every owned IP again");
  private final MetricFamily sessionUp =
      registry.gauge("metallb_bgp_session_up", "1 while the BGP session is Established", "peer");
  private final MetricFamily updates =
      registry.counter("metallb_bgp_updates_total", "BGP UPDATE messages sent", "peer");
  private final MetricFamily announcedPrefixes =
      registry.gauge(
          "metallb_bgp_announced_prefixes_total",
          "prefixes advertised on the BGP session (0 while it is down)",
          "peer");
  private final MetricFamily pendingPrefixes =
      registry.gauge(
          "metallb_bgp_pending_prefixes_total",
          "prefixes that should be advertised on the BGP session",
          "peer");
  private final MetricFamily bfdUp =
      registry.gauge("metallb_bfd_session_up", "1 while the BFD session is Up", "peer");
  private final MetricFamily bfdUpEvents =
      registry.counter("metallb_bfd_session_up_events", "BFD session transitions to Up", "peer");
  private final MetricFamily bfdDownEvents =
      registry.counter(
          "metallb_bfd_session_down_events", "BFD session transitions from Up to Down", "peer");
  private final MetricFamily fwdConnections =
      registry.gauge(
          "ironlb_forwarder_active_connections",
          "TCP connections the forwarder relays now",
          "service");
  private final MetricFamily fwdFlows =
      registry.gauge("ironlb_forwarder_active_flows", "UDP flows in the flow table", "service");
  private final MetricFamily fwdBytes =
      registry.counter(
          "ironlb_forwarder_bytes_total",
          "bytes relayed: in = from clients to targets, out = back",
          "service",
          "direction");
  private final MetricFamily fwdRefused =
      registry.counter(
          "ironlb_forwarder_refused_total",
          "connections or new flows refused: source_range, limit, no_target",
          "service",
          "reason");
  private final MetricFamily fwdIdle =
      registry.counter(
          "ironlb_forwarder_idle_closed_total", "TCP connections closed as idle", "service");
  private final MetricFamily fwdTargetHealthy =
      registry.gauge(
          "ironlb_forwarder_target_healthy",
          "1 while the NodePort target takes new connections",
          "service",
          "protocol",
          "target");
  private final MetricFamily fwdTargetActive =
      registry.gauge(
          "ironlb_forwarder_target_active",
          "connections or flows to the NodePort target now",
          "service",
          "protocol",
          "target");
  private final Map<String, List<String[]>> announcedNow = new HashMap<>();
  private final Map<String, Integer> prefixCounts = new HashMap<>();
  private final Set<String> established = new HashSet<>();

  public SpeakerMetrics() {
    pauses.add(0); // a counter without labels is exported from the start, at 0
  }

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

  /**
   * Replaces the set of (service, node, ip) this node announces with {@code protocol} ({@code
   * layer2} or {@code bgp}); the other protocol's series stay.
   */
  public synchronized void announced(String protocol, Set<Announced> now) {
    for (String[] old : announcedNow.getOrDefault(protocol, List.of())) {
      announced.remove(old);
    }
    List<String[]> series = new ArrayList<>();
    for (Announced a : now) {
      String[] labels = {a.service(), protocol, a.node(), a.ip()};
      announced.set(1, labels);
      series.add(labels);
    }
    announcedNow.put(protocol, series);
  }

  @Override
  public synchronized void sessionState(String peer, BgpState state) {
    if (state == BgpState.ESTABLISHED) {
      established.add(peer);
    } else {
      established.remove(peer);
    }
    sessionUp.set(state == BgpState.ESTABLISHED ? 1 : 0, peer);
    publishPrefixes(peer);
  }

  @Override
  public void updatesSent(String peer, int count) {
    updates.add(count, peer);
  }

  @Override
  public synchronized void prefixes(String peer, int count) {
    prefixCounts.put(peer, count);
    publishPrefixes(peer);
  }

  private void publishPrefixes(String peer) {
    int count = prefixCounts.getOrDefault(peer, 0);
    pendingPrefixes.set(count, peer);
    announcedPrefixes.set(established.contains(peer) ? count : 0, peer);
  }

  @Override
  public void bfdState(String peer, BfdState from, BfdState to) {
    bfdUp.set(to == BfdState.UP ? 1 : 0, peer);
    if (to == BfdState.UP) {
      bfdUpEvents.inc(peer);
    } else if (from == BfdState.UP) {
      bfdDownEvents.inc(peer);
    }
  }

  @Override
  public synchronized void removed(String peer) {
    established.remove(peer);
    prefixCounts.remove(peer);
    for (MetricFamily f :
        List.of(
            sessionUp,
            updates,
            announcedPrefixes,
            pendingPrefixes,
            bfdUp,
            bfdUpEvents,
            bfdDownEvents)) {
      f.remove(peer);
    }
  }

  /** Replaces the forwarder's series with {@code stats} (one entry per forwarded Service). */
  public synchronized void forwarder(List<ServiceStats> stats) {
    for (MetricFamily f :
        List.of(
            fwdConnections,
            fwdFlows,
            fwdBytes,
            fwdRefused,
            fwdIdle,
            fwdTargetHealthy,
            fwdTargetActive)) {
      f.retainFirstLabel(Set.of());
    }
    for (ServiceStats s : stats) {
      String svc = s.service();
      fwdConnections.set(s.activeConnections(), svc);
      fwdFlows.set(s.activeFlows(), svc);
      fwdBytes.set(s.bytesIn(), svc, "in");
      fwdBytes.set(s.bytesOut(), svc, "out");
      fwdRefused.set(s.refusedBySourceRange(), svc, "source_range");
      fwdRefused.set(s.refusedByLimit(), svc, "limit");
      fwdRefused.set(s.refusedNoTarget(), svc, "no_target");
      fwdIdle.set(s.idleClosed(), svc);
      for (TargetStats t : s.targets()) {
        String target = t.target().getAddress().getHostAddress() + ":" + t.target().getPort();
        String proto = t.protocol().name();
        fwdTargetHealthy.set(t.healthy() ? 1 : 0, svc, proto, target);
        fwdTargetActive.set(t.active(), svc, proto, target);
      }
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

  /** Membership could not listen for the detection time or longer. */
  public void membershipPause() {
    pauses.inc();
  }

  /** One {@code metallb_speaker_announced} series. */
  public record Announced(String service, String node, String ip) {}
}
