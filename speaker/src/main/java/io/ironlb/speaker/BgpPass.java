package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Node;
import io.ironlb.core.announce.BgpConflict;
import io.ironlb.core.announce.BgpDecision;
import io.ironlb.core.announce.BgpPlan;
import io.ironlb.core.announce.BgpPlanner;
import io.ironlb.core.announce.BgpWorld;
import io.ironlb.core.announce.NodeFacts;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.config.BgpPeerConfig;
import io.ironlb.core.config.Config;
import io.ironlb.core.ip.IpText;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.bgp.BgpAnnouncer;
import io.ironlb.speaker.bgp.PeerSpec;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.BgpAnnouncement;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP half of a planning pass: which BGPPeers this node opens sessions to, what each announces
 * (the {@link BgpPlanner}), then the effects: the sessions follow, ServiceBGPStatus and Events are
 * handed to the status publisher, metrics are set. Runs on the speaker's loop thread; needs no
 * membership (every eligible node announces; the routers spread traffic).
 */
final class BgpPass {

  private static final Logger LOG = LoggerFactory.getLogger(BgpPass.class);

  private final SpeakerOptions options;
  private final BgpAnnouncer announcer;
  private final SpeakerMetrics metrics;
  private final StatusPublisher status;
  private final PeerSessionEvents peerEvents;
  private final BgpPlanner planner = new BgpPlanner();
  private Map<String, BgpDecision> previous = Map.of();
  private Set<String> refusedBefore = Set.of();
  private Set<BgpConflict> conflictsBefore = Set.of();

  BgpPass(
      SpeakerOptions options,
      BgpAnnouncer announcer,
      SpeakerMetrics metrics,
      StatusPublisher status,
      PeerSessionEvents peerEvents) {
    this.options = options;
    this.announcer = announcer;
    this.metrics = metrics;
    this.status = status;
    this.peerEvents = peerEvents;
  }

  /**
   * Plans and applies; returns the Services this node announces ({@code namespace/name}). Does
   * nothing until this node's Node object is known.
   */
  Set<String> run(
      List<ServiceFacts> services,
      Config config,
      Map<String, NodeFacts> nodes,
      ClusterSnapshot snapshot) {
    peerEvents.objects(snapshot.bgp().peers());
    NodeFacts self = nodes.get(options.nodeName());
    if (self == null) {
      LOG.debug("node {} not known yet: no BGP sessions", options.nodeName());
      return Set.of();
    }
    BgpWorld world = new BgpWorld(config, options.ignoreExcludeLb());
    Map<String, PeerSpec> sessions = sessions(config, world, self, addresses(snapshot));
    BgpPlan plan = planner.plan(services, world, self, sessions.keySet());
    announcer.apply(sessions, plan.routes());
    report(plan, snapshot);
    Set<String> here = new HashSet<>();
    plan.decisions()
        .forEach(
            (key, d) -> {
              if (d instanceof BgpDecision.Announce) {
                here.add(key);
              }
            });
    return here;
  }

  /** The sessions this node opens, by BGPPeer name; peers it cannot open are logged once. */
  private Map<String, PeerSpec> sessions(
      Config config, BgpWorld world, NodeFacts self, PeerSpec.NodeAddresses addresses) {
    Map<String, PeerSpec> out = new TreeMap<>();
    Set<String> refused = new HashSet<>();
    for (String name : BgpPlanner.peersFor(self, world)) {
      BgpPeerConfig peer = config.bgpPeers().get(name);
      try {
        out.put(
            name,
            PeerSpec.of(peer, peer.bfdProfile().map(p -> config.bfdProfiles().get(p)), addresses));
      } catch (IllegalArgumentException e) {
        String line = name + ": " + e.getMessage();
        refused.add(line);
        if (!refusedBefore.contains(line)) {
          LOG.warn("BGPPeer {}: no session from this node: {}", name, e.getMessage());
        }
      }
    }
    refusedBefore = refused;
    return out;
  }

  private void report(BgpPlan plan, ClusterSnapshot snapshot) {
    Map<String, BgpAnnouncement> announced = new TreeMap<>();
    Set<SpeakerMetrics.Announced> series = new HashSet<>();
    ServiceEvents events = new ServiceEvents(snapshot);
    for (var e : plan.decisions().entrySet()) {
      BgpDecision d = e.getValue();
      BgpDecision before = previous.get(e.getKey());
      if (d instanceof BgpDecision.Announce a) {
        String[] nsName = e.getKey().split("/", 2);
        announced.put(
            e.getKey(),
            new BgpAnnouncement(
                nsName[0], nsName[1], options.nodeName(), List.copyOf(a.routes().keySet())));
        a.ips()
            .forEach(
                ip ->
                    series.add(
                        new SpeakerMetrics.Announced(
                            e.getKey(), options.nodeName(), IpText.format(ip))));
        if (!(before instanceof BgpDecision.Announce b) || !b.routes().equals(a.routes())) {
          LOG.info(
              "service {}: announcing {} over BGP to {}", e.getKey(), ips(a), a.routes().keySet());
          events.add(
              e.getKey(),
              EventRecorder.Type.NORMAL,
              "nodeAssigned",
              "announcing from node \"" + options.nodeName() + "\" with protocol \"bgp\"");
        }
      } else if (d instanceof BgpDecision.Skip s && before instanceof BgpDecision.Announce) {
        LOG.info(
            "service {}: no longer announced over BGP ({}: {})",
            e.getKey(),
            s.reason().wireValue(),
            s.message());
      }
    }
    reportConflicts(plan, events);
    previous = new HashMap<>(plan.decisions());
    metrics.announced("bgp", series);
    status.publishBgp(announced, events.events());
  }

  private void reportConflicts(BgpPlan plan, ServiceEvents events) {
    Set<BgpConflict> now = new HashSet<>(plan.conflicts());
    for (BgpConflict c : plan.conflicts()) {
      if (conflictsBefore.contains(c)) {
        continue;
      }
      String message =
          "prefix "
              + c.prefix()
              + " to peer "
              + c.peer()
              + " has conflicting localPref values "
              + c.localPrefs()
              + " ("
              + c.resolution().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + ")";
      LOG.warn("BGP advertisement conflict: {} among {}", message, c.services());
      c.services()
          .forEach(
              svc -> events.add(svc, EventRecorder.Type.WARNING, "conflictingLocalPref", message));
    }
    conflictsBefore = now;
  }

  /** This node's InternalIPs, one per family: the router ID and the other family's next hop. */
  private PeerSpec.NodeAddresses addresses(ClusterSnapshot snapshot) {
    Optional<Inet4Address> v4 = Optional.empty();
    Optional<Inet6Address> v6 = Optional.empty();
    for (Node n : snapshot.nodes()) {
      if (!options.nodeName().equals(n.getMetadata().getName())) {
        continue;
      }
      for (InetAddress ip : PlannerInputs.addresses(n, "InternalIP")) {
        if (ip instanceof Inet4Address i4 && v4.isEmpty()) {
          v4 = Optional.of(i4);
        } else if (ip instanceof Inet6Address i6 && v6.isEmpty()) {
          v6 = Optional.of(i6);
        }
      }
    }
    return new PeerSpec.NodeAddresses(v4, v6);
  }

  private static List<String> ips(BgpDecision.Announce a) {
    return a.ips().stream().map(IpText::format).toList();
  }

  /** For tests: the last plan's decisions. */
  SortedMap<String, BgpDecision> decisions() {
    return new TreeMap<>(previous);
  }
}
