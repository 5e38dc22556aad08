package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.BgpMessage;
import io.ironlb.speaker.bgp.wire.BgpMessageDecoder;
import io.ironlb.speaker.bgp.wire.BgpMessageEncoder;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two sessions over Netty's LocalChannel, timers on a fake clock. */
class BgpSessionPairTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String BAD_PEER_AS = "peer sent NOTIFICATION BAD_PEER_AS(2,2)";
  static final String REJECTED = "OPEN rejected: BAD_PEER_AS(2,2): peer AS 64512 not accepted";
  static final Set<AddressFamily> DUAL =
      Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

  private final EventLoopGroup group = new DefaultEventLoopGroup(3);
  private final FakeScheduler clock = new FakeScheduler();
  private final TestRoutes routesA = new TestRoutes();
  private final TestRoutes routesB = new TestRoutes();
  private final RecordingListener seenByA = new RecordingListener();
  private final RecordingListener seenByB = new RecordingListener();
  private final List<AutoCloseable> closeLast = new java.util.ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeLast) {
      c.close();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
  }

  @Test
  void sessionsEstablishExchangeRoutesWithdrawAndClose() throws Exception {
    routesA.set(
        new RouteGroup(
            RouteAttributes.NONE,
            List.of(Prefix.parse("198.51.100.1/32"), Prefix.parse("198.51.100.2/32"))),
        new RouteGroup(
            new RouteAttributes(0, List.of(0xFDE80064L), List.of(new LargeCommunity(64512, 1, 2))),
            List.of(Prefix.parse("2001:db8:a::/64"))));
    routesB.set(
        new RouteGroup(
            RouteAttributes.NONE,
            List.of(Prefix.parse("203.0.113.7/32"), Prefix.parse("203.0.113.8/32"))),
        new RouteGroup(RouteAttributes.NONE, List.of(Prefix.parse("2001:db8:b::1/128"))));
    BgpSession a = session("A", "B", 64512, 64513, ipv4("10.0.0.1"), routesA, seenByA, clock, true);
    BgpSession b = session("B", "A", 64513, 64512, ipv4("10.0.0.2"), routesB, seenByB, clock, true);
    a.start();
    b.start();

    int retried =
        awaitRetrying(
            a, b, () -> a.state() == BgpState.ESTABLISHED && b.state() == BgpState.ESTABLISHED);
    await()
        .atMost(WAIT)
        .until(
            () -> seenByA.received.equals(routesB.all()) && seenByB.received.equals(routesA.all()));
    // End-of-RIB for both families after the initial UPDATEs (RFC 4724 §2)
    await()
        .atMost(WAIT)
        .until(
            () ->
                seenByB.updates.stream()
                    .flatMap(u -> u.endOfRibFamily().stream())
                    .collect(Collectors.toSet())
                    .equals(DUAL));

    routesB.set(new RouteGroup(RouteAttributes.NONE, List.of(Prefix.parse("203.0.113.7/32"))));
    b.routesChanged();
    await()
        .atMost(WAIT)
        .until(() -> seenByA.received.equals(Set.of(Prefix.parse("203.0.113.7/32"))));

    a.stop();
    await().atMost(WAIT).until(() -> b.state() == BgpState.IDLE);
    assertThat(b.reason()).isEqualTo("peer sent NOTIFICATION CEASE_ADMINISTRATIVE_SHUTDOWN(6,2)");
    assertThat(a.state()).isEqualTo(BgpState.IDLE);
    // b backs off: only its IdleHold timer runs, 1 s (doubled by each retried round)
    Duration backoff = Duration.ofSeconds(1L << retried);
    await().atMost(WAIT).until(() -> clock.pending().equals(List.of(backoff)));
  }

  @Test
  void peerWithTheWrongAsGetsBadPeerAsAndBothStayDown() throws Exception {
    // one connection: B dials A, A's dial finds no listener at B. So no collision can close the
    // connection under B's NOTIFICATION (see the next test), and A must read it. Own clocks, to
    // retry one side after the other.
    FakeScheduler clockA = new FakeScheduler();
    FakeScheduler clockB = new FakeScheduler();
    BgpSession a =
        session("A", "B", 64512, 64513, ipv4("10.0.0.1"), routesA, seenByA, clockA, true);
    BgpSession b = // expects 65000
        session("B", "A", 64513, 65000, ipv4("10.0.0.2"), routesB, seenByB, clockB, false);
    a.start();
    b.start();
    await().atMost(WAIT).until(() -> count(seenByA.reasons, BAD_PEER_AS) == 1);
    await().atMost(WAIT).until(() -> count(seenByB.reasons, REJECTED) == 1);
    await().atMost(WAIT).until(() -> a.state() == BgpState.IDLE && b.state() == BgpState.IDLE);

    // each retries after its backoff and fails again: A first, so that it accepts B's dial
    await().atMost(WAIT).until(() -> clockA.pending().size() == 1);
    clockA.advance(clockA.pending().get(0));
    await().atMost(WAIT).until(() -> a.state() == BgpState.ACTIVE); // its dial failed; accepting
    await().atMost(WAIT).until(() -> clockB.pending().size() == 1);
    clockB.advance(clockB.pending().get(0));
    await().atMost(WAIT).until(() -> count(seenByA.reasons, BAD_PEER_AS) == 2);
    await().atMost(WAIT).until(() -> count(seenByB.reasons, REJECTED) == 2);
    assertThat(seenByA.reached(BgpState.ESTABLISHED)).isFalse();
    assertThat(seenByB.reached(BgpState.ESTABLISHED)).isFalse();
  }

  @Test
  void peerWithTheWrongAsStaysDownWhenBothDialAtOnce() throws Exception {
    // both dial: a collision may close, on A's side, the connection B sends BAD_PEER_AS on (the
    // messages cross; A then sees its other connection closed), so only B's reason is certain
    BgpSession a = session("A", "B", 64512, 64513, ipv4("10.0.0.1"), routesA, seenByA, clock, true);
    BgpSession b = // expects 65000
        session("B", "A", 64513, 65000, ipv4("10.0.0.2"), routesB, seenByB, clock, true);
    a.start();
    b.start();
    // B rejects A's OPEN whenever one reaches it, round after round
    awaitRetrying(a, b, () -> count(seenByB.reasons, REJECTED) >= 2);
    assertThat(seenByA.reached(BgpState.ESTABLISHED)).isFalse();
    assertThat(seenByB.reached(BgpState.ESTABLISHED)).isFalse();
  }

  @Test
  void peerSendingNotificationsIsRetriedWithBackoffNotInATightLoop() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    Channel evil = notifyingPeer(new LocalAddress("evil"), connections);
    closeLast.add(() -> evil.close().sync());
    PeerEndpoint endpoint =
        endpoint("A", new LocalAddress("evil"), Optional.empty(), Optional.empty());
    BgpSession a =
        new BgpSession(
            config(64512, 64513, ipv4("10.0.0.1")),
            endpoint,
            new SessionTransport(group.next(), LocalChannel.class),
            clock,
            routesA,
            seenByA);
    a.start();
    for (int wait : new int[] {1, 2, 4, 8}) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  a.state() == BgpState.IDLE
                      && clock.pending().equals(List.of(Duration.ofSeconds(wait))));
      int attempts = connections.get();
      // the fake clock stands still: no new attempt can happen before the wait is over
      clock.advance(Duration.ofSeconds(wait).minusMillis(1));
      assertThat(connections.get()).isEqualTo(attempts);
      clock.advance(Duration.ofMillis(1));
      await().atMost(WAIT).until(() -> connections.get() == attempts + 1);
    }
    assertThat(connections.get()).isEqualTo(5);
    assertThat(seenByA.reasons).contains("peer sent NOTIFICATION CEASE(6,0)");
  }

  /**
   * Awaits {@code done} for two sessions started together. A dial that reaches the other side
   * before that side's start was handled is refused (Idle refuses connections), and both then back
   * off in Idle on the fake clock, which stands still: such a round is retried by moving the clock
   * past their backoff, a few times at most. Returns the number of rounds retried.
   */
  private int awaitRetrying(BgpSession a, BgpSession b, Callable<Boolean> done) throws Exception {
    for (int round = 0; round < 5; round++) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  done.call()
                      || (a.state() == BgpState.IDLE
                          && b.state() == BgpState.IDLE
                          && clock.pending().size() == 2));
      if (done.call()) {
        return round;
      }
      clock.advance(Collections.max(clock.pending()));
    }
    await().atMost(WAIT).until(done);
    return 5;
  }

  private static long count(List<String> reasons, String reason) {
    return reasons.stream().filter(reason::equals).count();
  }

  /** A listener that answers every connection with a Cease NOTIFICATION and hangs up. */
  private Channel notifyingPeer(LocalAddress address, AtomicInteger connections)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(LocalServerChannel.class)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        new BgpMessageDecoder(BgpCodecContext.INITIAL),
                        new BgpMessageEncoder(BgpCodecContext.INITIAL),
                        new SimpleChannelInboundHandler<BgpMessage>() {
                          @Override
                          public void channelActive(ChannelHandlerContext ctx) {
                            connections.incrementAndGet();
                            ctx.writeAndFlush(new Notification(BgpError.CEASE))
                                .addListener(ChannelFutureListener.CLOSE);
                          }

                          @Override
                          protected void channelRead0(ChannelHandlerContext ctx, BgpMessage msg) {}
                        });
              }
            })
        .bind(address)
        .sync()
        .channel();
  }

  /**
   * Session {@code me} on {@code scheduler}'s clock, dialling "bgp-peer" from "me-out", with a
   * listener at "bgp-me" when {@code listening}.
   */
  private BgpSession session(
      String me,
      String peer,
      long myAs,
      long peerAs,
      Inet4Address id,
      TestRoutes routes,
      RecordingListener listener,
      Scheduler scheduler,
      boolean listening)
      throws InterruptedException {
    PeerEndpoint endpoint =
        endpoint(
            me,
            new LocalAddress("bgp-" + peer),
            Optional.of(new LocalAddress(me + "-out")),
            Optional.of(new LocalAddress(peer + "-out")));
    BgpSession s =
        new BgpSession(
            config(myAs, peerAs, id),
            endpoint,
            new SessionTransport(group.next(), LocalChannel.class),
            scheduler,
            routes,
            listener);
    if (listening) {
      BgpListener l =
          BgpListener.bind(group, LocalServerChannel.class, new LocalAddress("bgp-" + me));
      assertThat(l.register(s)).isTrue();
      closeLast.add(l);
    }
    return s;
  }

  private static PeerEndpoint endpoint(
      String me,
      LocalAddress remote,
      Optional<java.net.SocketAddress> source,
      Optional<java.net.SocketAddress> inboundFrom) {
    int n = me.equals("A") ? 1 : 2;
    return new PeerEndpoint(
        me + "->peer",
        remote,
        source,
        inboundFrom,
        Optional.empty(),
        0,
        Duration.ofSeconds(5),
        Optional.of(ipv4("192.0.2." + n)),
        Optional.of(ipv6("2001:db8::" + n)));
  }

  private static FsmConfig config(long myAs, long peerAs, Inet4Address id) {
    return new FsmConfig(
        myAs,
        OptionalLong.of(peerAs),
        Optional.empty(),
        id,
        Duration.ofSeconds(90),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        DUAL,
        false,
        Optional.of(Duration.ofSeconds(120)));
  }

  private static Inet6Address ipv6(String literal) {
    try {
      return (Inet6Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
