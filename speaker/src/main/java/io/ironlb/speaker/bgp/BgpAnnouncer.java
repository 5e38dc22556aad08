package io.ironlb.speaker.bgp;

import io.ironlb.core.announce.BgpRoute;
import io.ironlb.speaker.bgp.session.BgpListener;
import io.ironlb.speaker.bgp.session.BgpSession;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.EventLoopScheduler;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.session.SessionListener;
import io.ironlb.speaker.bgp.session.SessionTransport;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's BGP sessions, kept equal to what the planning pass asks for: one {@link BgpSession}
 * per BGPPeer the node peers with, started, restarted when its spec changes, stopped (Cease) when
 * the peer goes; each fed the planner's routes for it, with the difference sent on every change;
 * BFD alongside when the peer names a profile. All sessions share one event-loop thread (epoll when
 * available: TCP MD5 needs it) and one listener for the peers' own connections.
 */
public final class BgpAnnouncer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BgpAnnouncer.class);

  private final EventLoopGroup group;
  private final SessionTransport transport;
  private final Optional<BgpListener> listener;
  private final BfdLinks bfd;
  private final BgpMetrics metrics;
  private final PeerEvents events;
  private final Map<String, Running> sessions = new HashMap<>();

  /**
   * Told, by BGPPeer name, when a session is established, leaves Established, or refuses to start
   * (for Events). Called on the event loop; must be quick and must not throw.
   */
  public interface PeerEvents {
    void established(String peer);

    void down(String peer, String reason);

    void refused(String peer, String reason);

    PeerEvents NONE =
        new PeerEvents() {
          @Override
          public void established(String peer) {}

          @Override
          public void down(String peer, String reason) {}

          @Override
          public void refused(String peer, String reason) {}
        };
  }

  /** A started session and the routes it announces now. */
  private record Running(
      PeerSpec spec,
      BgpSession session,
      AtomicReference<Map<AddressFamily, List<RouteGroup>>> routes,
      Listener listener) {}

  private BgpAnnouncer(
      EventLoopGroup group,
      SessionTransport transport,
      Optional<BgpListener> listener,
      BgpMetrics metrics,
      PeerEvents events) {
    this.group = group;
    this.transport = transport;
    this.listener = listener;
    this.metrics = metrics;
    this.events = events;
    this.bfd = new BfdLinks(metrics);
  }

  /**
   * Starts the event loop and, when {@code listenPort} is not 0, the listener on every address. A
   * listener that cannot bind (port taken, no CAP_NET_BIND_SERVICE) is logged: sessions still dial.
   */
  public static BgpAnnouncer start(int listenPort, BgpMetrics metrics) {
    return start(listenPort, metrics, PeerEvents.NONE);
  }

  /** As {@link #start(int, BgpMetrics)}, telling {@code events} of session changes. */
  public static BgpAnnouncer start(int listenPort, BgpMetrics metrics, PeerEvents events) {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("ironlb-bgp", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    EventLoop loop = group.next();
    SessionTransport transport =
        new SessionTransport(loop, epoll ? EpollSocketChannel.class : NioSocketChannel.class);
    if (!epoll) {
      LOG.warn("epoll unavailable: BGP sessions with a password (TCP MD5) will not start");
    }
    Class<? extends ServerChannel> server =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Optional<BgpListener> listener = Optional.empty();
    if (listenPort != 0) {
      try {
        listener = Optional.of(BgpListener.bind(group, server, new InetSocketAddress(listenPort)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.error(
            "cannot listen for BGP on port {} ({}); sessions will only dial out",
            listenPort,
            e.toString());
      }
    }
    return new BgpAnnouncer(group, transport, listener, metrics, events);
  }

  /**
   * Makes the sessions match {@code peers} (BGPPeer name to spec) and gives each its routes from
   * {@code routes} (BGPPeer name to the planner's routes; a peer without an entry announces
   * nothing). Called from the planning thread.
   */
  public synchronized void apply(Map<String, PeerSpec> peers, Map<String, List<BgpRoute>> routes) {
    for (var e : Map.copyOf(sessions).entrySet()) {
      PeerSpec wanted = peers.get(e.getKey());
      if (!e.getValue().spec().equals(wanted)) {
        stop(e.getKey(), wanted == null ? "BGPPeer removed" : "BGPPeer changed");
      }
    }
    for (var e : peers.entrySet()) {
      Map<AddressFamily, List<RouteGroup>> table =
          RouteTables.of(routes.getOrDefault(e.getKey(), List.of()));
      Running r = sessions.get(e.getKey());
      if (r == null) {
        start(e.getValue(), table);
      } else if (!table.equals(r.routes().get())) {
        r.routes().set(table);
        metrics.prefixes(r.spec().endpoint().name(), RouteTables.prefixCount(table));
        r.session().routesChanged();
      }
    }
  }

  /** Each session's state, by BGPPeer name. */
  public synchronized Map<String, BgpState> states() {
    Map<String, BgpState> out = new HashMap<>();
    sessions.forEach((peer, r) -> out.put(peer, r.session().state()));
    return out;
  }

  private void start(PeerSpec spec, Map<AddressFamily, List<RouteGroup>> table) {
    AtomicReference<Map<AddressFamily, List<RouteGroup>>> routes = new AtomicReference<>(table);
    String label = spec.endpoint().name();
    Listener events = new Listener(spec.peer(), label);
    BgpSession session =
        new BgpSession(
            spec.fsm(),
            spec.endpoint(),
            transport,
            new EventLoopScheduler(transport.loop()),
            family -> routes.get().getOrDefault(family, List.of()),
            events);
    sessions.put(spec.peer(), new Running(spec, session, routes, events));
    listener.ifPresent(l -> l.register(session));
    metrics.prefixes(label, RouteTables.prefixCount(table));
    metrics.sessionState(label, BgpState.IDLE);
    LOG.info("BGP peer {}: starting session to {}", spec.peer(), spec.endpoint());
    session.start();
    spec.bfd().ifPresent(timers -> bfd.add(spec, timers, session.bfdListener()));
  }

  private void stop(String peer, String why) {
    Running r = sessions.remove(peer);
    LOG.info("BGP peer {}: stopping session ({})", peer, why);
    r.listener().stopped = true; // its last state changes must not bring its series back
    r.spec().bfd().ifPresent(t -> bfd.remove(r.spec()));
    listener.ifPresent(l -> l.unregister(r.session()));
    r.session().stop();
    metrics.removed(r.spec().endpoint().name());
  }

  /**
   * Stops every session, then the listener, BFD (AdminDown to each peer: not a path failure, RFC
   * 5882 §3.2) and the event loop, within about a second. A session with graceful restart is closed
   * without NOTIFICATION, so the peer keeps this node's routes as stale until the restarted speaker
   * refreshes them (RFC 4724) and traffic is not dropped while it restarts; the others get Cease /
   * Administrative Shutdown and the peer withdraws this node's routes at once.
   */
  @Override
  public synchronized void close() {
    for (var e : Map.copyOf(sessions).entrySet()) {
      if (e.getValue().spec().fsm().gracefulRestartTime().isPresent()) {
        sessions.remove(e.getKey());
        e.getValue().listener().stopped = true;
        e.getValue().session().closeForRestart();
        metrics.removed(e.getValue().spec().endpoint().name());
      } else {
        stop(e.getKey(), "speaker stopping");
      }
    }
    listener.ifPresent(BgpListener::close);
    bfd.close();
    group.shutdownGracefully(100, 1000, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
  }

  /** Relays session events to the metrics and the log. */
  private final class Listener implements SessionListener {
    private final String peerName;
    private final String label;
    private volatile boolean stopped;

    Listener(String peerName, String label) {
      this.peerName = peerName;
      this.label = label;
    }

    @Override
    public void stateChanged(String peer, BgpState from, BgpState to, String reason) {
      if (stopped) {
        return;
      }
      metrics.sessionState(label, to);
      if (to == BgpState.ESTABLISHED) {
        events.established(peerName);
      } else if (from == BgpState.ESTABLISHED) {
        events.down(peerName, reason);
      }
    }

    @Override
    public void updatesSent(String peer, int count) {
      if (!stopped) {
        metrics.updatesSent(label, count);
      }
    }

    @Override
    public void refused(String peer, String reason) {
      LOG.error("BGP session {} refused: {}", peer, reason);
      events.refused(peerName, reason);
    }
  }
}
