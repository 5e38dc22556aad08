package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.core.announce.L2Decision;
import io.ironlb.core.announce.L2Plan;
import io.ironlb.core.announce.L2Planner;
import io.ironlb.core.announce.L2Reason;
import io.ironlb.core.announce.L2World;
import io.ironlb.core.announce.LocalNode;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.ip.IpText;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.membership.MembershipView;
import io.ironlb.speaker.status.L2Ownership;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One planning pass, run on the speaker's loop thread whenever anything it depends on changes:
 * cluster objects, membership, interfaces. Reads as its steps: snapshot, configuration, facts,
 * plan, then the effects (answer ARP/NDP, metrics, and, off this thread, status and Events).
 */
final class AnnounceLoop {

  private static final Logger LOG = LoggerFactory.getLogger(AnnounceLoop.class);

  private final SpeakerOptions options;
  private final Supplier<ClusterSnapshot> cluster;
  private final Members membership;
  private final SpeakerConfig config;
  private final L2Effects effects;
  private final StatusPublisher status;
  private final L2Planner planner = new L2Planner();
  private Map<String, L2Decision> previous = Map.of();

  /** The other speakers: who they are (from the Nodes) and which of them are alive. */
  interface Members {
    void update(List<Node> nodes);

    MembershipView view();
  }

  /** The data-plane side of a pass: which interfaces exist, and what to answer for. */
  interface L2Effects {
    Set<String> usableInterfaces();

    void announce(Map<String, ? extends Set<java.net.InetAddress>> byInterface);
  }

  AnnounceLoop(
      SpeakerOptions options,
      Supplier<ClusterSnapshot> cluster,
      Members membership,
      SpeakerConfig config,
      L2Effects effects,
      StatusPublisher status) {
    this.options = options;
    this.cluster = cluster;
    this.membership = membership;
    this.config = config;
    this.effects = effects;
    this.status = status;
  }

  /** Plans and applies; returns false when it is too early to announce anything. */
  boolean run() {
    ClusterSnapshot snapshot = cluster.get();
    membership.update(snapshot.nodes()); // before the view: settling needs the peer list
    MembershipView view = membership.view();
    config.metrics().membership(view.live().size(), view.known().size(), view.quorum());
    if (!view.settled()) {
      LOG.debug("membership not settled yet: announcing nothing");
      return false;
    }
    List<ServiceFacts> services = config.inputs().services(snapshot);
    L2World world =
        new L2World(
            config.parse(snapshot),
            config.inputs().nodes(snapshot),
            view.live(),
            options.ignoreExcludeLb());
    LocalNode self = new LocalNode(options.nodeName(), effects.usableInterfaces(), view.quorum());
    L2Plan plan = planner.plan(services, world, self);
    effects.announce(plan.announcements());
    report(plan, snapshot);
    return true;
  }

  private void report(L2Plan plan, ClusterSnapshot snapshot) {
    Map<String, L2Ownership> owned = new TreeMap<>();
    Set<SpeakerMetrics.Announced> announced = new HashSet<>();
    List<StatusPublisher.PendingEvent> events = new ArrayList<>();
    Map<String, Service> byKey = servicesByKey(snapshot);
    for (var e : plan.decisions().entrySet()) {
      L2Decision d = e.getValue();
      L2Decision before = previous.get(e.getKey());
      if (d instanceof L2Decision.Announce a) {
        String[] nsName = e.getKey().split("/", 2);
        owned.put(
            e.getKey(),
            new L2Ownership(nsName[0], nsName[1], a.node(), List.copyOf(a.interfaces())));
        a.ips()
            .forEach(
                ip ->
                    announced.add(
                        new SpeakerMetrics.Announced(e.getKey(), a.node(), IpText.format(ip))));
        if (!d.equals(before)) {
          LOG.info(
              "service {}: announcing {} from {} on {}",
              e.getKey(),
              ips(a),
              a.node(),
              a.interfaces());
          event(
              events,
              byKey,
              e.getKey(),
              EventRecorder.Type.NORMAL,
              "nodeAssigned",
              "announcing from node \"" + a.node() + "\" with protocol \"layer2\"");
        }
      } else if (d instanceof L2Decision.Skip s && !d.equals(before)) {
        logSkip(e.getKey(), s, before);
        if (s.reason() == L2Reason.INTERFACE_NOT_FOUND) {
          event(
              events, byKey, e.getKey(), EventRecorder.Type.WARNING, "announceFailed", s.message());
        }
      }
    }
    previous = new HashMap<>(plan.decisions());
    config.metrics().announced(announced);
    status.publish(owned, events);
  }

  private static void logSkip(String key, L2Decision.Skip s, L2Decision before) {
    if (before instanceof L2Decision.Announce) {
      LOG.info(
          "service {}: no longer announced here ({}: {})",
          key,
          s.reason().wireValue(),
          s.message());
    } else {
      LOG.debug(
          "service {}: not announced here ({}: {})", key, s.reason().wireValue(), s.message());
    }
  }

  private static void event(
      List<StatusPublisher.PendingEvent> events,
      Map<String, Service> byKey,
      String key,
      EventRecorder.Type type,
      String reason,
      String message) {
    Service svc = byKey.get(key);
    if (svc != null) {
      events.add(new StatusPublisher.PendingEvent(svc, type, reason, message));
    }
  }

  private static Map<String, Service> servicesByKey(ClusterSnapshot snapshot) {
    SortedMap<String, Service> m = new TreeMap<>();
    snapshot
        .services()
        .forEach(s -> m.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s));
    return m;
  }

  private static List<String> ips(L2Decision.Announce a) {
    return a.ips().stream().map(IpText::format).toList();
  }
}
