package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Node;
import io.ironlb.core.announce.NodeFacts;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.config.Config;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.membership.MembershipView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One planning pass, run on the speaker's loop thread whenever anything it depends on changes:
 * cluster objects, membership, interfaces, BGP sessions. Reads as its steps: snapshot, membership,
 * configuration, facts, then the BGP pass (always), the layer-2 pass (once membership settled) and
 * the forwarder for the Proxy-mode Services either announces here.
 */
final class AnnounceLoop {

  private static final Logger LOG = LoggerFactory.getLogger(AnnounceLoop.class);

  private final Supplier<ClusterSnapshot> cluster;
  private final Members membership;
  private final SpeakerConfig config;
  private final L2Pass layer2;
  private final BgpPass bgp;
  private final ForwardPass forward;

  /** The other speakers: who they are (from the Nodes) and which of them are alive. */
  interface Members {
    void update(List<Node> nodes);

    MembershipView view();
  }

  AnnounceLoop(
      Supplier<ClusterSnapshot> cluster,
      Members membership,
      SpeakerConfig config,
      L2Pass layer2,
      BgpPass bgp,
      ForwardPass forward) {
    this.cluster = cluster;
    this.membership = membership;
    this.config = config;
    this.layer2 = layer2;
    this.bgp = bgp;
    this.forward = forward;
  }

  /** Plans and applies; returns false when it is too early to announce in layer 2. */
  boolean run() {
    ClusterSnapshot snapshot = cluster.get();
    membership.update(snapshot.nodes()); // before the view: settling needs the peer list
    MembershipView view = membership.view();
    config.metrics().membership(view.live().size(), view.known().size(), view.quorum());
    Config parsed = config.parse(snapshot);
    List<ServiceFacts> services = config.inputs().services(snapshot);
    Map<String, NodeFacts> nodes = config.inputs().nodes(snapshot);
    Set<String> here = new HashSet<>(bgp.run(services, parsed, nodes, snapshot));
    boolean settled = view.settled();
    if (settled) {
      here.addAll(layer2.run(services, parsed, nodes, view, snapshot));
    } else {
      LOG.debug("membership not settled yet: announcing nothing in layer 2");
    }
    forward.run(snapshot, services, here);
    return settled;
  }
}
