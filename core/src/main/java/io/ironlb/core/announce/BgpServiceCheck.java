package io.ironlb.core.announce;

import static io.ironlb.core.announce.BgpReason.CONFLICTING_ADVERTISEMENTS;
import static io.ironlb.core.announce.BgpReason.NODE_EXCLUDED;
import static io.ironlb.core.announce.BgpReason.NODE_NETWORK_UNAVAILABLE;
import static io.ironlb.core.announce.BgpReason.NO_ENDPOINTS;
import static io.ironlb.core.announce.BgpReason.NO_IP;
import static io.ironlb.core.announce.BgpReason.NO_LOCAL_ENDPOINTS;
import static io.ironlb.core.announce.BgpReason.NO_MATCHING_ADVERTISEMENT;
import static io.ironlb.core.announce.BgpReason.NO_PEERS;
import static io.ironlb.core.announce.BgpReason.NO_POOL;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks of one Service on this node, in METALLB-API.md §5.1's order; the first failure wins. A
 * LOCAL_PREF clash among the Service's own advertisements withholds it, as MetalLB's {@code
 * conflictingAdvertisements} does, and the clash is handed on for the plan to report.
 */
final class BgpServiceCheck {

  /** A decision, and the conflicts that made it a {@link BgpReason#CONFLICTING_ADVERTISEMENTS}. */
  record Verdict(BgpDecision decision, List<BgpConflict> conflicts) {
    Verdict {
      Objects.requireNonNull(decision, "decision");
      conflicts = List.copyOf(conflicts);
    }
  }

  private final ServiceFacts service;
  private final BgpWorld world;
  private final NodeFacts self;
  private final Set<String> sessions;

  BgpServiceCheck(ServiceFacts service, BgpWorld world, NodeFacts self, Set<String> sessions) {
    this.service = service;
    this.world = world;
    this.self = self;
    this.sessions = sessions;
  }

  Verdict verdict() {
    if (service.ingressIps().isEmpty()) {
      return skip(NO_IP, service.key() + " has no load-balancer IP in its status");
    }
    Optional<AddressPool> pool = PoolLookup.poolOf(world.config(), service.ingressIps());
    if (pool.isEmpty()) {
      return skip(
          NO_POOL,
          "no IPAddressPool contains " + ips(service.ingressIps()) + " of " + service.key());
    }
    return inPool(pool.get());
  }

  /** §5.1: an advertisement of the pool that selects the Service and this node. */
  private Verdict inPool(AddressPool pool) {
    BgpServiceAds ofPool = BgpServiceAds.ofPool(world.config(), pool.name());
    if (ofPool.isEmpty()) {
      return skip(NO_MATCHING_ADVERTISEMENT, "no BGPAdvertisement announces pool " + pool.name());
    }
    BgpServiceAds selecting = ofPool.selecting(service.labels());
    if (selecting.isEmpty()) {
      return skip(
          NO_MATCHING_ADVERTISEMENT,
          String.format(
              "none of the BGPAdvertisements of pool %s (%s) selects the labels of %s",
              pool.name(), names(ofPool.names()), service.key()));
    }
    BgpServiceAds mine = selecting.including(self);
    if (mine.isEmpty()) {
      return skip(
          NO_MATCHING_ADVERTISEMENT,
          String.format(
              "none of the BGPAdvertisements for %s (%s) selects node %s",
              service.key(), names(selecting.names()), self.name()));
    }
    return withAdvertisements(pool, mine);
  }

  /** §1.3 {@code peers}, the LOCAL_PREF check, then the node and endpoint checks. */
  private Verdict withAdvertisements(AddressPool pool, BgpServiceAds mine) {
    BgpServiceAds reaching = mine.reaching(sessions);
    if (reaching.isEmpty()) {
      return skip(NO_PEERS, noPeers(mine));
    }
    // only the IPs of this pool: its advertisements say nothing about another pool's addresses
    List<InetAddress> ips =
        service.ingressIps().stream()
            .filter(ip -> pool.cidrs().stream().anyMatch(c -> c.contains(ip)))
            .toList();
    BgpRouteTable table = reaching.routes(ips, sessions, service.key());
    List<BgpConflict> conflicts = table.conflicts(BgpConflict.Resolution.SERVICE_WITHHELD);
    if (!conflicts.isEmpty()) {
      String why = clash(reaching, conflicts.get(0));
      return new Verdict(new BgpDecision.Skip(CONFLICTING_ADVERTISEMENTS, why), conflicts);
    }
    BgpDecision announce =
        new BgpDecision.Announce(pool.name(), ips, reaching.names(), table.routes());
    return nodeGate().or(this::endpointGate).orElseGet(() -> new Verdict(announce, List.of()));
  }

  /** §5.1: a node whose network is down or that carries the exclude label announces nothing. */
  private Optional<Verdict> nodeGate() {
    String node = "node " + self.name();
    if (self.networkUnavailable()) {
      return Optional.of(
          skip(NODE_NETWORK_UNAVAILABLE, node + " has condition NetworkUnavailable"));
    }
    if (world.excluded(self)) {
      return Optional.of(
          skip(NODE_EXCLUDED, node + " carries the label " + NodeFacts.EXCLUDE_LABEL));
    }
    return Optional.empty();
  }

  /** §2.4: Local needs a serving endpoint on this node, Cluster one anywhere. */
  private Optional<Verdict> endpointGate() {
    if (service.trafficPolicy() == TrafficPolicy.LOCAL
        && !service.nodesWithServingEndpoints().contains(self.name())) {
      return Optional.of(
          skip(
              NO_LOCAL_ENDPOINTS,
              String.format(
                  "node %s hosts no serving endpoint of %s, whose externalTrafficPolicy is Local",
                  self.name(), service.key())));
    }
    if (!service.hasServingEndpoint()) {
      return Optional.of(skip(NO_ENDPOINTS, service.key() + " has no serving endpoint"));
    }
    return Optional.empty();
  }

  private String noPeers(BgpServiceAds mine) {
    if (sessions.isEmpty()) {
      return "node " + self.name() + " has no BGP session: no BGPPeer selects it";
    }
    return String.format(
        "BGPAdvertisement %s sends only to peers %s; node %s has sessions with %s",
        names(mine.names()),
        names(List.copyOf(mine.namedPeers())),
        self.name(),
        names(List.copyOf(new TreeSet<>(sessions))));
  }

  private String clash(BgpServiceAds ads, BgpConflict c) {
    return String.format(
        "BGPAdvertisements %s give %s the prefix %s towards peer %s with localPref %s",
        names(ads.names()),
        service.key(),
        c.prefix(),
        c.peer(),
        c.localPrefs().stream().map(String::valueOf).collect(Collectors.joining(" and ")));
  }

  private static Verdict skip(BgpReason reason, String message) {
    return new Verdict(new BgpDecision.Skip(reason, message), List.of());
  }

  private static String ips(List<InetAddress> ips) {
    return ips.stream().map(IpText::format).collect(Collectors.joining(", "));
  }

  private static String names(List<String> names) {
    return String.join(", ", names);
  }
}
