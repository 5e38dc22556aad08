package io.ironlb.lab.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironlb.lab.bgp.TestSpeaker.Peering;
import io.ironlb.lab.bgp.TestSpeaker.Spec;
import io.ironlb.speaker.bgp.bfd.BfdHopMode;
import io.ironlb.speaker.bgp.bfd.BfdTimers;
import io.ironlb.speaker.bgp.bfd.BfdUdpTransport;
import io.ironlb.speaker.bgp.session.RouteAttributes;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.netty.util.ResourceLeakDetector;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The BGP lab drill ({@code bin/bench-bgp}; skipped unless {@code -Dironlb.bench=true}): prints
 * numbers, asserts only that each measurement completed.
 *
 * <ol>
 *   <li>Transfer: 10,000 IPv4 /32s announced to FRR by IronLB's session and, in the same run, by
 *       GoBGP (pre-loaded before its session comes up). Both are timed the same way, from FRR's
 *       side through one long-running vtysh: from the first poll that shows the session Established
 *       to the first that shows {@code pfxRcd} = 10,000.
 *   <li>Failover: the speaker side's switch port goes down while FRR holds its prefix; the time
 *       until FRR's RIB no longer has the path, with BFD 100 ms x 3 and without (hold 3 s,
 *       keepalive 1 s), for IronLB and for BIRD as the reference.
 * </ol>
 */
@EnabledIfSystemProperty(named = "ironlb.bench", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BgpBenchIT {

  static final int ROUTES = 10_000;
  static final int RUNS = 3;
  static final long OUR_AS = 64513;
  static final long GOBGP_AS = 64530;
  static final long BIRD_AS = 64520;
  static final BfdTimers FAST_BFD = new BfdTimers(100, 100, 3, false, 254);

  private BgpSegment segment;
  private FrrDaemon frr;
  private GoBgpDaemon gobgp;
  private BirdDaemon bird;
  private TestSpeaker speaker;
  private VtyshPoller poll;

  @BeforeAll
  void setUp() throws Exception {
    LabPreconditions.requireRootAnd(
        LabPreconditions.FRR_BGPD,
        LabPreconditions.FRR_ZEBRA,
        LabPreconditions.FRR_BFDD,
        LabPreconditions.VTYSH,
        LabPreconditions.GOBGPD,
        LabPreconditions.GOBGP,
        LabPreconditions.BIRD,
        LabPreconditions.BIRDC);
    segment = BgpSegment.create("frr", "bird", "gobgp");
    try {
      frr = FrrDaemon.start(segment.addRouter("frr", 2));
      bird = BirdDaemon.start(segment.addRouter("bird", 3), BIRD_AS);
      gobgp = GoBgpDaemon.start(segment.addRouter("gobgp", 4), GOBGP_AS);
      speaker = TestSpeaker.start(ResourceLeakDetector.Level.SIMPLE);
      poll = new VtyshPoller(frr);
    } catch (Exception | AssertionError e) {
      tearDown();
      throw e;
    }
  }

  @AfterAll
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {poll, speaker, gobgp, bird, frr, segment}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("closing " + c + ": " + e);
        }
      }
    }
  }

  @Test
  void transferOfTenThousandPrefixesToFrr() {
    List<Prefix> prefixes = new ArrayList<>();
    Inet4Address first = (Inet4Address) BgpSegment.address("100.64.0.0");
    for (int i = 0; i < ROUTES; i++) {
      prefixes.add(Prefix.parse("100.64." + (i >> 8) + "." + (i & 0xFF) + "/32"));
    }
    Path mrt = gobgp.dir().resolve("bench.mrt");
    MrtDump.write(mrt, first, 32, ROUTES, gobgp.namespace().v4());
    gobgp.inject(mrt, ROUTES);
    List<RouteGroup> routes = List.of(new RouteGroup(RouteAttributes.NONE, prefixes));
    InetAddress frrV4 = frr.namespace().v4();
    InetAddress gobgpV4 = gobgp.namespace().v4();
    frr.peer(DaemonPeer.of(BgpSegment.HOST_V4, OUR_AS));
    frr.addNeighbor(gobgpV4, GOBGP_AS, DaemonPeer.of(gobgpV4, GOBGP_AS));
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> oursFromOwnEstablished = new ArrayList<>();
    double pollEvery = 0;
    for (int run = 0; run <= RUNS; run++) { // run 0 warms up the JVM, and is not counted
      Peering[] p = new Peering[1];
      Transfer t =
          transfer(
              BgpSegment.HOST_V4,
              () -> p[0] = speaker.open(Spec.of(OUR_AS, FrrDaemon.ASN, frrV4), routes),
              () -> p[0].close());
      Transfer g =
          transfer(
              gobgpV4,
              () -> gobgp.addNeighbor(DaemonPeer.of(frrV4, FrrDaemon.ASN)),
              () -> gobgp.removeNeighbor(frrV4));
      pollEvery = Math.max(pollEvery, Math.max(t.pollMs(), g.pollMs()));
      if (run > 0) {
        ours.add(t.ms());
        oursFromOwnEstablished.add((t.allAt() - p[0].establishedAt().orElseThrow()) / 1e6);
        theirs.add(g.ms());
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "run %d%s: IronLB %.1f ms (%d UPDATEs; %d polls, every %.1f ms), GoBGP %.1f ms (%d"
                  + " UPDATEs; %d polls, every %.1f ms)%n",
              run,
              run == 0 ? " (warm-up, not counted)" : "",
              t.ms(),
              t.updates(),
              t.polls(),
              t.pollMs(),
              g.ms(),
              g.updates(),
              g.polls(),
              g.pollMs()));
    }
    double o = median(ours);
    double g = median(theirs);
    System.out.println(
        String.format(
            Locale.ROOT,
            "%n10,000 IPv4 /32 to FRR 8.4, Established -> pfxRcd 10000, median of %d:%n"
                + "  IronLB %.1f ms  %s%n  GoBGP  %.1f ms  %s%n  IronLB/GoBGP %.2f%n"
                + "  (IronLB from its own Established: %s ms)%n"
                + "  FRR polled through one vtysh, every ~%.1f ms%n",
            RUNS,
            o,
            ours,
            g,
            theirs,
            o / g,
            oursFromOwnEstablished,
            pollEvery));
    frr.removeNeighbor(gobgpV4);
    frr.unpeer();
    gobgp.gobgp("global", "rib", "-a", "ipv4", "del", "all");
  }

  @Test
  void failoverTimeWithAndWithoutBfd() throws Exception {
    String ourPrefix = "203.0.113.100/32";
    String birdPrefix = "203.0.113.103/32";
    List<String> rows = new ArrayList<>();
    for (boolean bfd : List.of(true, false)) {
      List<Double> ironlb = new ArrayList<>();
      List<Double> reference = new ArrayList<>();
      for (int run = 1; run <= RUNS; run++) {
        ironlb.add(ironlbFailover(ourPrefix, bfd));
        reference.add(birdFailover(birdPrefix, bfd));
      }
      rows.add(
          String.format(
              Locale.ROOT,
              "  %-22s IronLB %7.0f ms %-24s BIRD %7.0f ms %s",
              bfd ? "BFD 100 ms x 3, hold 3" : "no BFD, hold 3 s",
              median(ironlb),
              ironlb,
              median(reference),
              reference));
    }
    System.out.println(
        String.format(
            "%nlink cut on the speaker's side -> FRR drops the path, median of %d:%n%s%n",
            RUNS, String.join("\n", rows)));
  }

  private double ironlbFailover(String prefix, boolean bfd) throws Exception {
    InetAddress frrV4 = frr.namespace().v4();
    DaemonPeer dp = DaemonPeer.of(BgpSegment.HOST_V4, OUR_AS).withHold(3);
    frr.peer(bfd ? dp.withBfd() : dp);
    List<RouteGroup> routes =
        List.of(new RouteGroup(RouteAttributes.NONE, List.of(Prefix.parse(prefix))));
    BfdUdpTransport transport =
        bfd
            ? BfdUdpTransport.start(
                BfdHopMode.SINGLE_HOP, new InetSocketAddress(BgpSegment.HOST_V4, 3784), 255)
            : null;
    try (Peering p = speaker.open(Spec.of(OUR_AS, FrrDaemon.ASN, frrV4).withHold(3), routes)) {
      if (transport != null) {
        transport.addPeer(frrV4, FAST_BFD, p.session.bfdListener());
      }
      return cutAndTime(
          BgpSegment.HOST_V4,
          prefix,
          bfd,
          () -> segment.setHostPort(false),
          () -> segment.setHostPort(true));
    } finally {
      segment.setHostPort(true);
      if (transport != null) {
        transport.close();
      }
      frr.unpeer();
    }
  }

  private double birdFailover(String prefix, boolean bfd) {
    InetAddress birdV4 = bird.namespace().v4();
    DaemonPeer toFrr = DaemonPeer.of(frr.namespace().v4(), FrrDaemon.ASN).withHold(3);
    DaemonPeer fromBird = DaemonPeer.of(birdV4, BIRD_AS).withHold(3);
    frr.addNeighbor(birdV4, BIRD_AS, bfd ? fromBird.withBfd() : fromBird);
    bird.announce(prefix);
    bird.peer(bfd ? toFrr.withBfd() : toFrr);
    try {
      return cutAndTime(
          birdV4,
          prefix,
          bfd,
          () -> segment.setPort(bird.namespace(), false),
          () -> segment.setPort(bird.namespace(), true));
    } finally {
      segment.setPort(bird.namespace(), true);
      bird.unpeer();
      frr.removeNeighbor(birdV4);
    }
  }

  /**
   * Waits until FRR has {@code prefix} from {@code from} (and BFD up when used), cuts the link and
   * polls FRR until the path is gone: milliseconds from the cut.
   */
  private double cutAndTime(
      InetAddress from, String prefix, boolean bfd, Runnable cut, Runnable restore) {
    String who = BgpSegment.text(from);
    Awaits.until(
        () ->
            "FRR has "
                + prefix
                + " from "
                + who
                + (bfd ? " with BFD up" : "")
                + "\n"
                + frr.diagnostics(),
        Duration.ofSeconds(30),
        () -> hasPath(prefix, who) && (!bfd || "up".equals(frr.bfdStatus(from))));
    long start = System.nanoTime();
    cut.run();
    long gone = -1;
    for (int i = 0; i < 100_000 && System.nanoTime() - start < 15_000_000_000L; i++) {
      if (!hasPath(prefix, who)) {
        gone = System.nanoTime();
        break;
      }
    }
    restore.run();
    if (gone < 0) {
      throw new AssertionError("FRR kept " + prefix + " from " + who + " for 15 s after the cut");
    }
    return Math.round((gone - start) / 1e5) / 10.0;
  }

  private boolean hasPath(String prefix, String from) {
    for (JsonNode path : poll.query("show bgp ipv4 unicast " + prefix + " json").path("paths")) {
      if (from.equals(path.path("peer").path("peerId").asText())) {
        return true;
      }
    }
    return false;
  }

  /** One transfer: FRR's Established -> pfxRcd = ROUTES, timed by the poller. */
  record Transfer(double ms, long allAt, int polls, double pollMs, long updates) {}

  private Transfer transfer(InetAddress peer, Runnable start, Runnable stop) {
    String key = BgpSegment.text(peer);
    long updatesBefore = updatesReceived(key); // FRR keeps the counter across sessions
    start.run();
    long established = -1;
    long deadline = System.nanoTime() + 60_000_000_000L;
    int polls = 0;
    long firstPoll = System.nanoTime();
    while (System.nanoTime() < deadline) {
      JsonNode n = poll.query("show bgp ipv4 unicast summary json").path("peers").path(key);
      long now = System.nanoTime();
      polls++;
      if (established < 0 && "Established".equals(n.path("state").asText())) {
        established = now;
      }
      if (established >= 0 && n.path("pfxRcd").asLong() >= ROUTES) {
        double pollMs = (now - firstPoll) / 1e6 / polls;
        long updates = updatesReceived(key) - updatesBefore;
        stop.run();
        Awaits.until(
            "FRR forgets " + key + "'s routes",
            Duration.ofSeconds(30),
            () -> {
              JsonNode s = poll.query("show bgp ipv4 unicast summary json").path("peers").path(key);
              return !"Established".equals(s.path("state").asText());
            });
        return new Transfer((now - established) / 1e6, now, polls, pollMs, updates);
      }
    }
    stop.run();
    throw new AssertionError(
        key + " did not deliver " + ROUTES + " routes to FRR in 60 s\n" + frr.diagnostics());
  }

  private long updatesReceived(String neighbor) {
    return poll.query("show bgp neighbors " + neighbor + " json")
        .path(neighbor)
        .path("messageStats")
        .path("updatesRecv")
        .asLong();
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
