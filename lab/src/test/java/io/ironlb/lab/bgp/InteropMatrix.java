package io.ironlb.lab.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.lab.bgp.TestSpeaker.Peering;
import io.ironlb.lab.bgp.TestSpeaker.Spec;
import io.ironlb.lab.bgp.TestSpeaker.Transition;
import io.ironlb.speaker.bgp.bfd.BfdHopMode;
import io.ironlb.speaker.bgp.bfd.BfdState;
import io.ironlb.speaker.bgp.bfd.BfdTimers;
import io.ironlb.speaker.bgp.bfd.BfdUdpTransport;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.RouteAttributes;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interop matrix IronLB's {@code BgpSession} runs against each daemon (one daemon per class,
 * reconfigured between cases): IPv4 and IPv6 sessions, iBGP and eBGP, with and without TCP MD5;
 * what the daemon's own CLI shows of our routes (next hop, LOCAL_PREF, AS_PATH, communities, large
 * communities) and of a withdrawal; a mismatched MD5 key; a wrong AS both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InteropMatrix {

  static final long OUR_EBGP_AS = 64513;
  static final long WRONG_AS = 64599;
  static final Duration SETTLE = Duration.ofSeconds(30);

  /** With attributes: LOCAL_PREF 200, two communities, a large community. */
  static final RouteAttributes MARKED =
      new RouteAttributes(
          200,
          List.of((OUR_EBGP_AS << 16) | 100, (OUR_EBGP_AS << 16) | 200),
          List.of(new LargeCommunity(OUR_EBGP_AS, 1, 2)));

  protected BgpSegment segment;
  protected RoutingDaemon daemon;
  protected TestSpeaker speaker;

  /** Root and the daemon's binaries, or skip (fail under CI). */
  abstract void requireDaemon();

  /** Starts the daemon in {@code segment}. */
  abstract RoutingDaemon startDaemon(BgpSegment segment);

  /** The router name of the daemon's namespace ({@code ilb-bgp-r-NAME}). */
  abstract String routerName();

  @BeforeAll
  void setUp() throws Exception {
    requireDaemon();
    segment = BgpSegment.create(routerName());
    try {
      daemon = startDaemon(segment);
      speaker = TestSpeaker.start();
    } catch (Exception | AssertionError e) {
      tearDown();
      throw e;
    }
  }

  @AfterAll
  void tearDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (daemon != null) {
      daemon.close();
    }
    if (segment != null) {
      segment.close();
    }
  }

  /** One row of the matrix. */
  record Case(boolean ipv6, boolean ibgp, boolean md5) {
    @Override
    public String toString() {
      return (ipv6 ? "IPv6" : "IPv4") + (ibgp ? " iBGP" : " eBGP") + (md5 ? " with MD5" : "");
    }

    InetAddress ours() {
      return ipv6 ? BgpSegment.HOST_V6 : BgpSegment.HOST_V4;
    }

    String marked() {
      return ipv6 ? "2001:db8:1d::100/128" : "203.0.113.100/32";
    }

    String plain() {
      return ipv6 ? "2001:db8:1d::101/128" : "203.0.113.101/32";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(false, true)
        .flatMap(
            v6 ->
                Stream.of(false, true)
                    .flatMap(ibgp -> Stream.of(false, true).map(md5 -> new Case(v6, ibgp, md5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void daemonLearnsOurRoutesWithTheirAttributesAndForgetsAWithdrawnOne(Case c) {
    long ourAs = c.ibgp() ? daemon.asn() : OUR_EBGP_AS;
    InetAddress peer = c.ipv6() ? daemon.namespace().v6() : daemon.namespace().v4();
    DaemonPeer dp = DaemonPeer.of(c.ours(), ourAs);
    Spec spec = Spec.of(ourAs, daemon.asn(), peer);
    if (c.md5()) {
      dp = dp.withPassword("ironlb-md5-" + (c.ibgp() ? "i" : "e"));
      spec = spec.withPassword(dp.password().orElseThrow());
    }
    RouteGroup marked = new RouteGroup(MARKED, List.of(Prefix.parse(c.marked())));
    RouteGroup plain = new RouteGroup(RouteAttributes.NONE, List.of(Prefix.parse(c.plain())));
    daemon.peer(dp);
    try (Peering p = speaker.open(spec, List.of(marked, plain))) {
      awaitEstablished(p, c.ours());
      RibRoute m = awaitRoute(c.marked(), c.ours());
      RibRoute u = awaitRoute(c.plain(), c.ours());
      String nextHop = BgpSegment.text(c.ours());
      assertThat(m.nextHop()).as("%s next hop of %s", daemon.name(), m).isEqualTo(nextHop);
      assertThat(u.nextHop()).as("%s next hop of %s", daemon.name(), u).isEqualTo(nextHop);
      assertThat(m.communities())
          .as("communities of %s", m)
          .containsExactly("64513:100", "64513:200");
      assertThat(m.largeCommunities())
          .as("large communities of %s", m)
          .containsExactly("64513:1:2");
      assertThat(u.communities()).as("communities of %s", u).isEmpty();
      assertThat(u.largeCommunities()).as("large communities of %s", u).isEmpty();
      if (c.ibgp()) {
        assertThat(m.asPath()).as("iBGP AS_PATH of %s", m).isEmpty();
        assertThat(m.localPref()).as("LOCAL_PREF of %s", m).hasValue(200);
        assertThat(u.localPref()).as("LOCAL_PREF of %s (IronLB's default)", u).hasValue(100);
      } else {
        assertThat(m.asPath()).as("eBGP AS_PATH of %s", m).containsExactly(OUR_EBGP_AS);
        // RFC 4271 §5.1.5: no LOCAL_PREF over eBGP (BIRD shows its own default, 100)
        assertThat(m.localPref().orElse(100)).as("LOCAL_PREF of %s over eBGP", m).isEqualTo(100);
      }

      p.announce(List.of(plain));
      Awaits.until(
          () -> daemon.name() + " drops the withdrawn " + c.marked() + "\n" + daemon.diagnostics(),
          SETTLE,
          () -> daemon.route(c.marked(), c.ours()).isEmpty());
      assertThat(daemon.route(c.plain(), c.ours())).as("the route not withdrawn").isPresent();
      assertThat(p.state()).isEqualTo(BgpState.ESTABLISHED);
    } finally {
      daemon.unpeer();
    }
  }

  @Test
  void mismatchedMd5KeysNeverEstablish() {
    InetAddress peer = daemon.namespace().v4();
    daemon.peer(DaemonPeer.of(BgpSegment.HOST_V4, OUR_EBGP_AS).withPassword("ironlb-right"));
    try {
      try (Peering p =
          speaker.open(
              Spec.of(OUR_EBGP_AS, daemon.asn(), peer).withPassword("ironlb-wrong"), List.of())) {
        Awaits.holdsFor(
            () ->
                "with mismatched TCP MD5 keys no TCP connection may get through, but the session"
                    + " went "
                    + p.transitions
                    + "\n"
                    + daemon.diagnostics(),
            Duration.ofSeconds(5),
            () -> !p.everReached(BgpState.OPEN_SENT) && !daemon.established(BgpSegment.HOST_V4));
        System.out.println(
            daemon.name()
                + ": mismatched MD5 keys: no connection in 5 s, as expected; states "
                + p.transitions);
      }
      // the control: the same peering with the right key comes up, so the key was the reason
      try (Peering p =
          speaker.open(
              Spec.of(OUR_EBGP_AS, daemon.asn(), peer).withPassword("ironlb-right"), List.of())) {
        awaitEstablished(p, BgpSegment.HOST_V4);
      }
    } finally {
      daemon.unpeer();
    }
  }

  @Test
  void daemonRefusingOurAsSendsBadPeerAsAndWeBackOff() {
    InetAddress peer = daemon.namespace().v4();
    daemon.peer(DaemonPeer.of(BgpSegment.HOST_V4, WRONG_AS));
    try (Peering p = speaker.open(Spec.of(OUR_EBGP_AS, daemon.asn(), peer), List.of())) {
      Awaits.until(
          () ->
              "a NOTIFICATION Bad Peer AS (2,2) from "
                  + daemon.name()
                  + ": "
                  + p.transitions
                  + "\n"
                  + daemon.diagnostics(),
          SETTLE,
          () ->
              p.transitions.stream()
                  .anyMatch(t -> t.reason().contains("sent NOTIFICATION BAD_PEER_AS(2,2)")));
      assertBacksOff(p);
    } finally {
      daemon.unpeer();
    }
  }

  @Test
  void weRefuseTheDaemonsAsWithBadPeerAsAndBackOff() {
    InetAddress peer = daemon.namespace().v4();
    daemon.peer(DaemonPeer.of(BgpSegment.HOST_V4, OUR_EBGP_AS));
    try (Peering p = speaker.open(Spec.of(OUR_EBGP_AS, WRONG_AS, peer), List.of())) {
      Awaits.until(
          () ->
              "IronLB refuses AS "
                  + daemon.asn()
                  + " with (2,2): "
                  + p.transitions
                  + "\n"
                  + daemon.diagnostics(),
          SETTLE,
          () ->
              p.transitions.stream()
                  .anyMatch(t -> t.reason().contains("OPEN rejected: BAD_PEER_AS(2,2)")));
      Awaits.until(
          () ->
              daemon.name()
                  + " reports the Bad Peer AS NOTIFICATION it received\n"
                  + daemon.diagnostics(),
          SETTLE,
          () -> daemon.receivedBadPeerAs(BgpSegment.HOST_V4));
      assertBacksOff(p);
    } finally {
      daemon.unpeer();
    }
  }

  /** 100 ms x 3 both ways, as the daemons' BFD profiles. */
  static final BfdTimers FAST_BFD = new BfdTimers(100, 100, 3, false, 254);

  /**
   * IronLB's BFD (BfdUdpTransport, single hop) with the daemon reaches Up on both sides; when the
   * daemon's link is cut, BFD goes down after its 300 ms detection time and the BGP session (hold 9
   * s) drops at once with Cease / BFD Down; with the link back, both come up again.
   *
   * @param daemonBfdUp whether the daemon shows its BFD session with IronLB as up
   */
  void bfdUpThenItsLossDropsTheBgpSessionAtOnce(Supplier<Boolean> daemonBfdUp) throws Exception {
    InetAddress peer = daemon.namespace().v4();
    daemon.peer(DaemonPeer.of(BgpSegment.HOST_V4, OUR_EBGP_AS).withBfd());
    List<String> bfd = new CopyOnWriteArrayList<>();
    try (BfdUdpTransport transport =
            BfdUdpTransport.start(
                BfdHopMode.SINGLE_HOP, new InetSocketAddress(BgpSegment.HOST_V4, 3784), 255);
        Peering p = speaker.open(Spec.of(OUR_EBGP_AS, daemon.asn(), peer), List.of())) {
      assertThat(transport.ttlSecurity()).as("epoll: TTL 255 sent and checked").isTrue();
      transport.addPeer(
          peer,
          FAST_BFD,
          (from, to, why) -> {
            bfd.add(from + "->" + to + " (" + why + ")");
            p.session.bfdListener().onStateChange(from, to, why);
          });
      Supplier<String> view =
          () -> "IronLB BGP " + p.transitions + ", BFD " + bfd + "\n" + daemon.diagnostics();
      Awaits.until(
          () -> "BFD Up on both sides and BGP Established: " + view.get(),
          SETTLE,
          () ->
              transport.state(peer).orElseThrow() == BfdState.UP
                  && daemonBfdUp.get()
                  && p.state() == BgpState.ESTABLISHED);
      int before = p.transitions.size();

      long cut = System.nanoTime();
      segment.setPort(daemon.namespace(), false);
      Awaits.until(
          () -> "the BGP session drops on BFD down: " + view.get(),
          Duration.ofSeconds(5),
          () -> p.state() != BgpState.ESTABLISHED);
      long down = System.nanoTime();
      Transition left = p.transitions.get(before);
      assertThat(left.from()).isEqualTo(BgpState.ESTABLISHED);
      assertThat(left.reason()).as("why the session left Established").isEqualTo("BFD down");
      System.out.printf(
          "%s: link cut, BFD %s, BGP session down %d ms after the cut (hold time 9 s)%n",
          daemon.name(), bfd, (down - cut) / 1_000_000);

      segment.setPort(daemon.namespace(), true);
      Awaits.until(
          () -> "BFD and BGP back after the link returns: " + view.get(),
          SETTLE,
          () ->
              transport.state(peer).orElseThrow() == BfdState.UP
                  && p.state() == BgpState.ESTABLISHED);
    } finally {
      segment.setPort(daemon.namespace(), true);
      daemon.unpeer();
    }
  }

  /**
   * After a refusal the session waits 1 s, then 2 s, ... (docs/bgp-session.md) before dialling
   * again: in 6 s there are at most 4 dials (without backoff there would be hundreds), and the
   * session never reaches Established.
   */
  private void assertBacksOff(Peering p) {
    long start = System.nanoTime();
    int before = dials(p, start);
    Awaits.holdsFor(
        () -> "at most 4 dials in 6 s, never Established: " + p.transitions,
        Duration.ofSeconds(6),
        () -> dials(p, start) <= 4 && !p.everReached(BgpState.ESTABLISHED));
    System.out.println(
        daemon.name()
            + ": backing off, "
            + dials(p, start)
            + " dials in 6 s ("
            + before
            + " at the start); "
            + p.transitions.subList(0, Math.min(8, p.transitions.size())));
  }

  private static int dials(Peering p, long since) {
    return (int)
        p.transitions.stream()
            .filter(t -> t.nanos() >= since && t.to() == BgpState.CONNECT)
            .count();
  }

  void awaitEstablished(Peering p, InetAddress ours) {
    Awaits.until(
        () ->
            "Established with "
                + daemon.name()
                + ": IronLB's side went "
                + p.transitions
                + " refusals "
                + p.refusals
                + "\n"
                + daemon.diagnostics(),
        SETTLE,
        () -> p.state() == BgpState.ESTABLISHED && daemon.established(ours));
  }

  RibRoute awaitRoute(String prefix, InetAddress from) {
    Awaits.until(
        () ->
            daemon.name()
                + " has "
                + prefix
                + " from "
                + BgpSegment.text(from)
                + "\n"
                + daemon.diagnostics(),
        SETTLE,
        () -> daemon.route(prefix, from).isPresent());
    return daemon.route(prefix, from).orElseThrow();
  }
}
