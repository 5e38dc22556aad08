package io.ironlb.lab.bgp;

import io.ironlb.core.config.BgpPeerConfig;
import io.ironlb.speaker.bgp.session.BgpListener;
import io.ironlb.speaker.bgp.session.BgpSession;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.EventLoopScheduler;
import io.ironlb.speaker.bgp.session.FsmConfig;
import io.ironlb.speaker.bgp.session.PeerEndpoint;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.session.SessionListener;
import io.ironlb.speaker.bgp.session.SessionTransport;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Update;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IronLB's side of the interop tests: {@link BgpSession}s on Netty's epoll transport (needed for
 * TCP MD5 and the TTL), dialling from this host's end of the {@link BgpSegment} and accepting on
 * port 179 of its two addresses, exactly as the speaker will. Router ID 203.0.113.1.
 */
final class TestSpeaker implements AutoCloseable {

  private final EventLoopGroup group;
  private final List<BgpListener> listeners;
  private final ResourceLeakDetector.Level leakLevelBefore;
  private final AtomicLong maxLoopLagNanos = new AtomicLong();

  private TestSpeaker(
      EventLoopGroup group, List<BgpListener> listeners, ResourceLeakDetector.Level before) {
    this.group = group;
    this.listeners = listeners;
    this.leakLevelBefore = before;
    // how late a 20 ms tick runs on the sessions' event loop: a busy loop delays keepalives and
    // the hold timer
    long[] expected = {System.nanoTime() + LAG_TICK_NANOS};
    group
        .next()
        .scheduleAtFixedRate(
            () -> {
              long now = System.nanoTime();
              maxLoopLagNanos.accumulateAndGet(now - expected[0], Math::max);
              expected[0] = now + LAG_TICK_NANOS;
            },
            LAG_TICK_NANOS,
            LAG_TICK_NANOS,
            TimeUnit.NANOSECONDS);
  }

  private static final long LAG_TICK_NANOS = 20_000_000;

  /** The longest delay of the event loop's 20 ms tick since the last call, in ms. */
  long takeMaxLoopLagMs() {
    return maxLoopLagNanos.getAndSet(0) / 1_000_000;
  }

  /**
   * Starts the event loop and the listeners on 203.0.113.1:179 and [2001:db8:1d::1]:179, under
   * Netty's paranoid leak detection.
   */
  static TestSpeaker start() throws InterruptedException {
    return start(ResourceLeakDetector.Level.PARANOID);
  }

  /**
   * As {@link #start()} with another leak detection level: measurements use Netty's default, as
   * paranoid detection records a stack trace at every access to every buffer.
   */
  static TestSpeaker start(ResourceLeakDetector.Level leakDetection) throws InterruptedException {
    if (!Epoll.isAvailable()) {
      throw new AssertionError("Netty epoll unavailable", Epoll.unavailabilityCause());
    }
    // STYLE.md: Netty code runs under paranoid leak detection in tests (restored by close(): the
    // lab's other tests share this JVM)
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(leakDetection);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      return new TestSpeaker(
          group,
          List.of(
              BgpListener.bind(
                  group,
                  EpollServerSocketChannel.class,
                  new InetSocketAddress(BgpSegment.HOST_V4, 179)),
              BgpListener.bind(
                  group,
                  EpollServerSocketChannel.class,
                  new InetSocketAddress(BgpSegment.HOST_V6, 179))),
          before);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      ResourceLeakDetector.setLevel(before);
      throw e;
    }
  }

  /**
   * What IronLB's side of one peering is.
   *
   * @param localAs the AS IronLB presents
   * @param peerAs the AS IronLB expects from the daemon
   * @param peer the daemon's address (its family is the session's and the routes')
   * @param password the TCP MD5 password, when set
   * @param holdSeconds the hold time IronLB proposes (keepalive a third of it)
   */
  record Spec(
      long localAs, long peerAs, InetAddress peer, Optional<String> password, int holdSeconds) {

    static Spec of(long localAs, long peerAs, InetAddress peer) {
      return new Spec(localAs, peerAs, peer, Optional.empty(), 9);
    }

    Spec withPassword(String p) {
      return new Spec(localAs, peerAs, peer, Optional.of(p), holdSeconds);
    }

    Spec withHold(int seconds) {
      return new Spec(localAs, peerAs, peer, password, seconds);
    }

    AddressFamily family() {
      return peer instanceof Inet6Address ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
    }
  }

  /** A state change as the session reported it. */
  record Transition(BgpState from, BgpState to, String reason, long nanos) {
    @Override
    public String toString() {
      return from + "->" + to + " (" + reason + ")";
    }
  }

  /** Starts a session with {@code spec.peer()} announcing {@code routes} (its family only). */
  Peering open(Spec spec, List<RouteGroup> routes) {
    Peering p = new Peering(spec, routes);
    p.session.start();
    return p;
  }

  /** One session and what it reported. */
  final class Peering implements AutoCloseable {

    final Spec spec;
    final BgpSession session;
    final List<Transition> transitions = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final AtomicLong updatesReceived = new AtomicLong();
    final AtomicLong prefixesReceived = new AtomicLong();
    final AtomicLong lastUpdateNanos = new AtomicLong();
    final AtomicLong maxUpdateGapNanos = new AtomicLong();
    final AtomicLong firstUpdateNanos = new AtomicLong();
    private final Map<AddressFamily, List<RouteGroup>> routes = new ConcurrentHashMap<>();

    private Peering(Spec spec, List<RouteGroup> initial) {
      this.spec = spec;
      routes.put(spec.family(), List.copyOf(initial));
      boolean ibgp = spec.localAs() == spec.peerAs();
      FsmConfig config =
          new FsmConfig(
              spec.localAs(),
              OptionalLong.of(spec.peerAs()),
              Optional.empty(),
              BgpSegment.HOST_V4,
              Duration.ofSeconds(spec.holdSeconds()),
              Duration.ofSeconds(Math.max(1, spec.holdSeconds() / 3)),
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              Set.of(spec.family()),
              false,
              Optional.empty());
      PeerEndpoint endpoint =
          new PeerEndpoint(
              BgpSegment.text(spec.peer()),
              new InetSocketAddress(spec.peer(), 179),
              Optional.of(new InetSocketAddress(source(spec.peer()), 0)),
              Optional.empty(),
              spec.password().map(p -> new BgpPeerConfig.Password(p, Optional.empty())),
              ibgp ? 0 : 1,
              Duration.ofSeconds(5),
              Optional.empty(),
              Optional.empty());
      SessionListener listener =
          new SessionListener() {
            @Override
            public void stateChanged(String peer, BgpState from, BgpState to, String reason) {
              transitions.add(new Transition(from, to, reason, System.nanoTime()));
            }

            @Override
            public void updateReceived(String peer, Update update) {
              updatesReceived.incrementAndGet();
              long n = update.nlri().size();
              n += update.attribute(MpReachNlri.class).map(m -> m.prefixes().size()).orElse(0);
              prefixesReceived.addAndGet(n);
              long now = System.nanoTime();
              long last = lastUpdateNanos.getAndSet(now);
              if (last != 0) {
                maxUpdateGapNanos.accumulateAndGet(now - last, Math::max);
              } else {
                firstUpdateNanos.set(now);
              }
            }

            @Override
            public void refused(String peer, String reason) {
              refusals.add(reason);
            }
          };
      var loop = group.next();
      this.session =
          new BgpSession(
              config,
              endpoint,
              new SessionTransport(loop, EpollSocketChannel.class),
              new EventLoopScheduler(loop),
              family -> routes.getOrDefault(family, List.of()),
              listener);
      // the listener of the peer's family (an IPv4 MD5 key does not belong on an IPv6 socket)
      if (!listenerFor(spec.peer()).register(session)) {
        throw new AssertionError("listener refused " + endpoint);
      }
    }

    /** Replaces the routes of the session's family and sends the difference. */
    void announce(List<RouteGroup> groups) {
      routes.put(spec.family(), List.copyOf(groups));
      session.routesChanged();
    }

    BgpState state() {
      return session.state();
    }

    /** When the session last reached Established ({@link System#nanoTime()}), if it did. */
    OptionalLong establishedAt() {
      long at = -1;
      for (Transition t : transitions) {
        if (t.to() == BgpState.ESTABLISHED) {
          at = t.nanos();
        }
      }
      return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    boolean everLeft(BgpState state) {
      return transitions.stream().anyMatch(t -> t.from() == state);
    }

    boolean everReached(BgpState state) {
      return transitions.stream().anyMatch(t -> t.to() == state);
    }

    /** Stops the session (Cease to the peer), waits for Idle and unregisters it. */
    @Override
    public void close() {
      session.stop();
      try {
        Awaits.until(
            "session " + spec.peer() + " Idle after stop",
            Duration.ofSeconds(5),
            () -> session.state() == BgpState.IDLE);
      } finally {
        listenerFor(spec.peer()).unregister(session);
      }
    }
  }

  private BgpListener listenerFor(InetAddress peer) {
    return listeners.get(peer instanceof Inet4Address ? 0 : 1);
  }

  private static InetAddress source(InetAddress peer) {
    return peer instanceof Inet4Address ? BgpSegment.HOST_V4 : BgpSegment.HOST_V6;
  }

  @Override
  public void close() {
    listeners.forEach(BgpListener::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    ResourceLeakDetector.setLevel(leakLevelBefore);
  }
}
