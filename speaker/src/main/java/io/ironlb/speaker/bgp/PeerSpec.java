package io.ironlb.speaker.bgp;

import io.ironlb.core.config.BfdProfileConfig;
import io.ironlb.core.config.BgpPeerConfig;
import io.ironlb.speaker.bgp.bfd.BfdHopMode;
import io.ironlb.speaker.bgp.bfd.BfdTimers;
import io.ironlb.speaker.bgp.session.FsmConfig;
import io.ironlb.speaker.bgp.session.PeerEndpoint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one BGP session of this node is started with. Two equal specs are the same session: a
 * changed spec (a new hold time, password, BFD profile...) restarts it.
 *
 * @param peer the BGPPeer's name (the key of the planner's routes)
 * @param fsm the state machine's configuration
 * @param endpoint where and how the peer is reached
 * @param bfd the BFD timers when the peer names a BFDProfile
 * @param bfdMode single hop, or multihop for {@code ebgpMultiHop} peers
 */
public record PeerSpec(
    String peer,
    FsmConfig fsm,
    PeerEndpoint endpoint,
    Optional<BfdTimers> bfd,
    BfdHopMode bfdMode) {

  public PeerSpec {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(fsm, "fsm");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(bfd, "bfd");
    Objects.requireNonNull(bfdMode, "bfdMode");
  }

  /**
   * The session of {@code peer} on a node with the given addresses (its Node's InternalIPs).
   *
   * @throws IllegalArgumentException with a sentence for operators when this node cannot open it:
   *     an unnumbered (interface) peer, or no IPv4 router ID
   */
  public static PeerSpec of(
      BgpPeerConfig peer, Optional<BfdProfileConfig> profile, NodeAddresses node) {
    if (peer.address().isEmpty()) {
      throw new IllegalArgumentException(
          "unnumbered sessions (spec.interface) are not supported by IronLB's BGP speaker");
    }
    if (peer.vrf().isPresent()) {
      throw new IllegalArgumentException("VRFs (spec.vrf) are not supported by IronLB's speaker");
    }
    Inet4Address routerId =
        node.ipv4()
            .or(
                () ->
                    peer.routerId()
                        .filter(Inet4Address.class::isInstance)
                        .map(Inet4Address.class::cast))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the node has no IPv4 address for a BGP router ID; set spec.routerID"));
    FsmConfig fsm = FsmConfig.of(peer, routerId);
    PeerEndpoint base = PeerEndpoint.of(peer, fsm);
    PeerEndpoint endpoint = withNextHops(base, peer.address().get(), node);
    return new PeerSpec(
        peer.name(),
        fsm,
        endpoint,
        profile.map(BfdTimers::from),
        peer.ebgpMultiHop() ? BfdHopMode.MULTI_HOP : BfdHopMode.SINGLE_HOP);
  }

  /**
   * The other family's next hop comes from the Node's address of that family (a session carries its
   * own family's next hop from the connection's local address).
   */
  private static PeerEndpoint withNextHops(
      PeerEndpoint e, InetAddress peerAddress, NodeAddresses node) {
    boolean v6Session = peerAddress instanceof Inet6Address;
    return new PeerEndpoint(
        e.name(),
        e.remote(),
        e.source(),
        e.inboundFrom(),
        e.password(),
        e.ttl(),
        e.connectTimeout(),
        v6Session ? node.ipv4() : Optional.empty(),
        v6Session ? Optional.empty() : node.ipv6());
  }

  /** The addresses of this node that BGP uses: router ID and the other family's next hop. */
  public record NodeAddresses(Optional<Inet4Address> ipv4, Optional<Inet6Address> ipv6) {
    public NodeAddresses {
      Objects.requireNonNull(ipv4, "ipv4");
      Objects.requireNonNull(ipv6, "ipv6");
    }
  }
}
