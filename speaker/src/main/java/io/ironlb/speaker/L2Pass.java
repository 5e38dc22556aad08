package io.ironlb.speaker;

import io.ironlb.core.announce.L2Decision;
import io.ironlb.core.announce.L2Plan;
import io.ironlb.core.announce.L2Planner;
import io.ironlb.core.announce.L2Reason;
import io.ironlb.core.announce.L2World;
import io.ironlb.core.announce.LocalNode;
import io.ironlb.core.announce.NodeFacts;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.config.Config;
import io.ironlb.core.ip.IpText;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.membership.MembershipView;
import io.ironlb.speaker.status.L2Ownership;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer-2 half of a planning pass: the {@link L2Planner}'s election, then the effects: answer
 * ARP/NDP on the chosen interfaces, metrics, and (off the loop thread) ServiceL2Status and Events.
 * Runs only once membership has settled.
 */
final class L2Pass {

  private static final Logger LOG = LoggerFactory.getLogger(L2Pass.class);

  private final SpeakerOptions options;
  private final L2Effects effects;
  private final SpeakerMetrics metrics;
  private final StatusPublisher status;
  private final L2Planner planner = new L2Planner();
  private Map<String, L2Decision> previous = Map.of();

  /** The data-plane side of a pass: which interfaces exist, and what to answer for. */
  interface L2Effects {
    Set<String> usableInterfaces();

    void announce(Map<String, ? extends Set<InetAddress>> byInterface);
  }

  L2Pass(
      SpeakerOptions options, L2Effects effects, SpeakerMetrics metrics, StatusPublisher status) {
    this.options = options;
    this.effects = effects;
    this.metrics = metrics;
    this.status = status;
  }

  /**
   * Plans with the live members of {@code view} and applies; returns the Services this node
   * announces ({@code namespace/name}).
   */
  Set<String> run(
      List<ServiceFacts> services,
      Config config,
      Map<String, NodeFacts> nodes,
      MembershipView view,
      ClusterSnapshot snapshot) {
    L2World world = new L2World(config, nodes, view.live(), options.ignoreExcludeLb());
    LocalNode self = new LocalNode(options.nodeName(), effects.usableInterfaces(), view.quorum());
    L2Plan plan = planner.plan(services, world, self);
    effects.announce(plan.announcements());
    report(plan, snapshot);
    Set<String> here = new HashSet<>();
    plan.decisions()
        .forEach(
            (key, d) -> {
              if (d instanceof L2Decision.Announce a && a.node().equals(options.nodeName())) {
                here.add(key);
              }
            });
    return here;
  }

  private void report(L2Plan plan, ClusterSnapshot snapshot) {
    Map<String, L2Ownership> owned = new TreeMap<>();
    Set<SpeakerMetrics.Announced> announced = new HashSet<>();
    ServiceEvents events = new ServiceEvents(snapshot);
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
              a.ips().stream().map(IpText::format).toList(),
              a.node(),
              a.interfaces());
          events.add(
              e.getKey(),
              EventRecorder.Type.NORMAL,
              "nodeAssigned",
              "announcing from node \"" + a.node() + "\" with protocol \"layer2\"");
        }
      } else if (d instanceof L2Decision.Skip s && !d.equals(before)) {
        logSkip(e.getKey(), s, before);
        if (s.reason() == L2Reason.INTERFACE_NOT_FOUND) {
          events.add(e.getKey(), EventRecorder.Type.WARNING, "announceFailed", s.message());
        }
      }
    }
    previous = new HashMap<>(plan.decisions());
    metrics.announced("layer2", announced);
    status.publish(owned, events.events());
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
}
