package io.ironlb.core.announce;

import static io.ironlb.core.announce.L2Reason.INTERFACE_NOT_FOUND;
import static io.ironlb.core.announce.L2Reason.NODE_EXCLUDED;
import static io.ironlb.core.announce.L2Reason.NODE_NETWORK_UNAVAILABLE;
import static io.ironlb.core.announce.L2Reason.NOT_OWNER;
import static io.ironlb.core.announce.L2Reason.NO_ENDPOINTS;
import static io.ironlb.core.announce.L2Reason.NO_IP;
import static io.ironlb.core.announce.L2Reason.NO_LOCAL_ENDPOINTS;
import static io.ironlb.core.announce.L2Reason.NO_MATCHING_ADVERTISEMENT;
import static io.ironlb.core.announce.L2Reason.NO_POOL;
import static io.ironlb.core.announce.L2Reason.NO_QUORUM;
import static io.ironlb.core.announce.L2Reason.SHARED_IP_WITH_SERVICE_SELECTOR;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides, purely from what it is given, whether this node announces each Service over layer 2
 * (METALLB-API.md §4.1, §4.2), and if not, why. Every speaker given the same {@link L2World} elects
 * the same owner; only the owner announces.
 */
public final class L2Planner {

  /** One Service's decision on this node; the checks run in a fixed order, first failure wins. */
  public L2Decision decide(ServiceFacts service, L2World world, LocalNode self) {
    if (service.ingressIps().isEmpty()) {
      return skip(NO_IP, service.key() + " has no load-balancer IP in its status");
    }
    Optional<AddressPool> pool = PoolLookup.poolOf(world.config(), service.ingressIps());
    if (pool.isEmpty()) {
      return skip(
          NO_POOL,
          "no IPAddressPool contains " + ips(service.ingressIps()) + " of " + service.key());
    }
    return decideInPool(service, world, self, pool.get().name());
  }

  /** Every Service's decision, and the IPs to answer for per interface (shared IPs once). */
  public L2Plan plan(Collection<ServiceFacts> services, L2World world, LocalNode self) {
    SortedMap<String, L2Decision> decisions = new TreeMap<>();
    for (ServiceFacts service : services) {
      if (decisions.put(service.key(), decide(service, world, self)) != null) {
        throw new IllegalArgumentException("Service " + service.key() + " is listed twice");
      }
    }
    return L2Plan.of(decisions);
  }

  /** A Service whose pool is known, with the advertisements that apply to it. */
  private record Target(ServiceFacts service, String pool, List<InetAddress> ips, ServiceAds ads) {}

  private L2Decision decideInPool(
      ServiceFacts service, L2World world, LocalNode self, String pool) {
    ServiceAds ofPool = ServiceAds.ofPool(world.config(), pool);
    if (ofPool.isEmpty()) {
      return skip(NO_MATCHING_ADVERTISEMENT, "no L2Advertisement announces pool " + pool);
    }
    ServiceAds ads = ofPool.selecting(service.labels());
    if (ads.isEmpty()) {
      return skip(
          NO_MATCHING_ADVERTISEMENT,
          String.format(
              "none of the L2Advertisements of pool %s (%s) selects the labels of %s",
              pool, names(ofPool.names()), service.key()));
    }
    Target t =
        new Target(service, pool, PoolLookup.pooled(world.config(), service.ingressIps()), ads);
    return serviceGate(t)
        .or(() -> selfGate(world, self))
        .or(() -> placementGate(t, world, self))
        .orElseGet(() -> elect(t, world, self));
  }

  /** §4.1 steps 1 and 3: checks every speaker makes alike. */
  private Optional<L2Decision> serviceGate(Target t) {
    if (!t.service().hasServingEndpoint()) {
      return Optional.of(skip(NO_ENDPOINTS, t.service().key() + " has no serving endpoint"));
    }
    List<String> selecting = t.ads().withServiceSelectors();
    if (t.service().allowsSharedIp() && !selecting.isEmpty()) {
      return Optional.of(
          skip(
              SHARED_IP_WITH_SERVICE_SELECTOR,
              t.service().key()
                  + " allows a shared IP, which L2Advertisement "
                  + names(selecting)
                  + " cannot announce because it selects Services by label"));
    }
    return Optional.empty();
  }

  /** Checks about this node alone: IronLB's fencing, the exclude label, the network condition. */
  private Optional<L2Decision> selfGate(L2World world, LocalNode self) {
    NodeFacts me = world.node(self.name());
    String node = "node " + self.name();
    if (!self.quorum()) {
      return Optional.of(skip(NO_QUORUM, node + " has lost quorum in the speaker membership"));
    }
    if (world.excluded(me)) {
      return Optional.of(
          skip(NODE_EXCLUDED, node + " carries the label " + NodeFacts.EXCLUDE_LABEL));
    }
    if (me.networkUnavailable()) {
      return Optional.of(
          skip(NODE_NETWORK_UNAVAILABLE, node + " has condition NetworkUnavailable"));
    }
    return Optional.empty();
  }

  /** Whether this Service may be announced from this node (§4.1 step 4, §2.4 Local policy). */
  private Optional<L2Decision> placementGate(Target t, L2World world, LocalNode self) {
    String key = t.service().key();
    if (t.ads().including(world.node(self.name())).isEmpty()) {
      String names = names(t.ads().names());
      return Optional.of(
          skip(
              NO_MATCHING_ADVERTISEMENT,
              String.format(
                  "none of the L2Advertisements for %s (%s) selects node %s",
                  key, names, self.name())));
    }
    if (t.service().trafficPolicy() == TrafficPolicy.LOCAL
        && !t.service().nodesWithServingEndpoints().contains(self.name())) {
      return Optional.of(
          skip(
              NO_LOCAL_ENDPOINTS,
              String.format(
                  "node %s hosts no serving endpoint of %s, whose externalTrafficPolicy is Local",
                  self.name(), key)));
    }
    return Optional.empty();
  }

  /** §4.1 steps 5 to 9 and §4.2: the election, then the interfaces of the winner. */
  private L2Decision elect(Target t, L2World world, LocalNode self) {
    InetAddress firstIp = t.service().ingressIps().get(0);
    Map<String, Integer> scores = Candidates.scored(t.service(), world, t.ads());
    List<String> order = L2Election.order(scores.keySet(), firstIp, scores);
    if (order.isEmpty() || !order.get(0).equals(self.name())) {
      return skip(NOT_OWNER, Candidates.notOwner(order, IpText.format(firstIp), world, self));
    }
    ServiceAds mine = t.ads().including(world.node(self.name()));
    SortedSet<String> interfaces = mine.interfacesAmong(self.interfaces());
    if (interfaces.isEmpty()) {
      return skip(INTERFACE_NOT_FOUND, Candidates.noInterface(mine, self));
    }
    return new L2Decision.Announce(self.name(), t.pool(), t.ips(), interfaces);
  }

  private static L2Decision.Skip skip(L2Reason reason, String message) {
    return new L2Decision.Skip(reason, message);
  }

  private static String ips(List<InetAddress> ips) {
    return ips.stream().map(IpText::format).collect(Collectors.joining(", "));
  }

  private static String names(List<String> names) {
    return String.join(", ", names);
  }
}
