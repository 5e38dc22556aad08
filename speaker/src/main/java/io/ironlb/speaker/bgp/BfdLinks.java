package io.ironlb.speaker.bgp;

import io.ironlb.speaker.bgp.bfd.BfdHopMode;
import io.ironlb.speaker.bgp.bfd.BfdStateListener;
import io.ironlb.speaker.bgp.bfd.BfdTimers;
import io.ironlb.speaker.bgp.bfd.BfdUdpTransport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFD sessions beside the BGP sessions: one UDP transport per hop mode and address family
 * (started when the first peer needs it, on the wildcard address), one BFD session per peer. A
 * transport that cannot start (port 3784 taken, no CAP_NET_BIND_SERVICE) is logged and its peers
 * run BGP without BFD. Called under the {@link BgpAnnouncer}'s lock.
 */
final class BfdLinks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BfdLinks.class);

  private final BgpMetrics metrics;
  private final Map<Key, BfdUdpTransport> transports = new HashMap<>();

  /** Multihop transports also differ by the minimum TTL their socket filter enforces. */
  private record Key(BfdHopMode mode, boolean ipv6, int minimumTtl) {}

  BfdLinks(BgpMetrics metrics) {
    this.metrics = metrics;
  }

  /** Starts the peer's BFD session; its state changes go to {@code bgp} and the metrics. */
  void add(PeerSpec spec, BfdTimers timers, BfdStateListener bgp) {
    InetAddress peer = peerAddress(spec);
    String label = spec.endpoint().name();
    transport(spec, timers)
        .ifPresent(
            t ->
                t.addPeer(
                    peer,
                    timers,
                    (from, to, why) -> {
                      LOG.info("BFD with {}: {} -> {} ({})", label, from, to, why);
                      metrics.bfdState(label, from, to);
                      bgp.onStateChange(from, to, why);
                    }));
  }

  /** Ends the peer's BFD session (one AdminDown packet tells the peer). */
  void remove(PeerSpec spec) {
    InetAddress peer = peerAddress(spec);
    spec.bfd()
        .ifPresent(
            timers -> {
              BfdUdpTransport t = transports.get(key(spec, timers));
              if (t != null) {
                t.removePeer(peer);
              }
            });
  }

  private Optional<BfdUdpTransport> transport(PeerSpec spec, BfdTimers timers) {
    Key key = key(spec, timers);
    BfdUdpTransport t = transports.get(key);
    if (t != null) {
      return Optional.of(t);
    }
    InetAddress any = wildcard(key.ipv6());
    try {
      t = BfdUdpTransport.start(key.mode(), any, key.minimumTtl());
      transports.put(key, t);
      return Optional.of(t);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error(
          "cannot start BFD ({}) on port {}: {}; peer {} runs without BFD",
          key.mode(),
          key.mode().port(),
          e.toString(),
          spec.peer());
    }
    return Optional.empty();
  }

  private static Key key(PeerSpec spec, BfdTimers timers) {
    boolean multi = spec.bfdMode() == BfdHopMode.MULTI_HOP;
    return new Key(
        spec.bfdMode(),
        peerAddress(spec) instanceof Inet6Address,
        multi ? timers.minimumTtl() : 255);
  }

  private static InetAddress peerAddress(PeerSpec spec) {
    return ((InetSocketAddress) spec.endpoint().remote()).getAddress();
  }

  private static InetAddress wildcard(boolean ipv6) {
    try {
      return InetAddress.getByAddress(new byte[ipv6 ? 16 : 4]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    transports.values().forEach(BfdUdpTransport::close);
    transports.clear();
  }
}
