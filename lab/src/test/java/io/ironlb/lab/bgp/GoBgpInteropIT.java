package io.ironlb.lab.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.lab.bgp.TestSpeaker.Peering;
import io.ironlb.lab.bgp.TestSpeaker.Spec;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.RouteAttributes;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.wire.Prefix;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link InteropMatrix} against GoBGP, and a router that sends IronLB a full table: 100,000 IPv4
 * routes from GoBGP must not hurt the session.
 */
class GoBgpInteropIT extends InteropMatrix {

  static final int FULL_TABLE = 100_000;

  @Override
  void requireDaemon() {
    LabPreconditions.requireRootAnd(LabPreconditions.GOBGPD, LabPreconditions.GOBGP);
  }

  @Override
  RoutingDaemon startDaemon(BgpSegment segment) {
    return GoBgpDaemon.start(segment.addRouter(routerName(), 4), 64512);
  }

  @Override
  String routerName() {
    return "gobgp";
  }

  /**
   * GoBGP announces 100,000 /28s (100.64.0.0/10: they live only in GoBGP's RIB and IronLB's
   * decoder, never in a kernel table) to IronLB over eBGP with hold 3 s / keepalive 1 s. IronLB
   * decodes and drops every one (its listener counts them): its session stays Established
   * throughout, GoBGP keeps receiving its keepalives and keeps its prefix, and the heap after GC
   * grows by less than 32 MiB.
   */
  @Test
  void aFullTableFromTheRouterDoesNotHurtTheSession() throws Exception {
    GoBgpDaemon gobgp = (GoBgpDaemon) daemon;
    Path mrt = gobgp.dir().resolve("full.mrt");
    MrtDump.write(
        mrt,
        (Inet4Address) BgpSegment.address("100.64.0.0"),
        28,
        FULL_TABLE,
        daemon.namespace().v4(),
        65001,
        65002);
    gobgp.inject(mrt, FULL_TABLE);
    long heapBefore = heapAfterGc();
    String ours = "203.0.113.100/32";
    gobgp.peer(DaemonPeer.of(BgpSegment.HOST_V4, OUR_EBGP_AS).withHold(3));
    try (Peering p =
        speaker.open(
            Spec.of(OUR_EBGP_AS, daemon.asn(), daemon.namespace().v4()).withHold(3),
            List.of(new RouteGroup(RouteAttributes.NONE, List.of(Prefix.parse(ours)))))) {
      Supplier<String> view =
          () ->
              "IronLB "
                  + p.transitions
                  + ", "
                  + p.prefixesReceived
                  + " prefixes in "
                  + p.updatesReceived
                  + " UPDATEs\n"
                  + daemon.diagnostics();
      awaitEstablished(p, BgpSegment.HOST_V4);
      long keepalivesAtStart = keepalivesFromUs(gobgp);
      Awaits.until(
          () -> "IronLB receives the full table, Established throughout: " + view.get(),
          Duration.ofSeconds(120),
          () -> {
            assertThat(p.state()).as("IronLB's session").isEqualTo(BgpState.ESTABLISHED);
            return p.prefixesReceived.get() >= FULL_TABLE;
          });
      long took = (p.lastUpdateNanos.get() - p.establishedAt().orElseThrow()) / 1_000_000;
      // keepalives keep flowing and nothing else changes for three hold times after the load
      long keepalivesAfterLoad = keepalivesFromUs(gobgp);
      long windowStart = System.nanoTime();
      Awaits.holdsFor(
          () -> "both sides stay Established, our prefix in GoBGP's RIB: " + view.get(),
          Duration.ofSeconds(9),
          () ->
              p.state() == BgpState.ESTABLISHED
                  && daemon.established(BgpSegment.HOST_V4)
                  && daemon.route(ours, BgpSegment.HOST_V4).isPresent());
      long keepalivesAfterWait = keepalivesFromUs(gobgp);
      double window = (System.nanoTime() - windowStart) / 1e9;
      assertThat(p.transitions.stream().filter(t -> t.from() == BgpState.ESTABLISHED))
          .as("IronLB never left Established")
          .isEmpty();
      assertThat(keepalivesAfterWait - keepalivesAfterLoad)
          .as(
              "keepalives GoBGP received from IronLB in %.1f s after the load (1 s interval)",
              window)
          .isGreaterThanOrEqualTo(6);
      long heapAfter = heapAfterGc();
      System.out.printf(
          "full table: %d prefixes in %d UPDATEs, the last %d ms after Established; keepalives from IronLB at"
              + " GoBGP %d -> %d -> %d (the last %.1f s); heap after GC %d MiB -> %d MiB%n",
          p.prefixesReceived.get(),
          p.updatesReceived.get(),
          took,
          keepalivesAtStart,
          keepalivesAfterLoad,
          keepalivesAfterWait,
          window,
          heapBefore >> 20,
          heapAfter >> 20);
      assertThat(heapAfter - heapBefore)
          .as("heap growth after the full table (received routes are dropped)")
          .isLessThan(32L << 20);
    } finally {
      gobgp.unpeer();
      gobgp.gobgp("global", "rib", "-a", "ipv4", "del", "all");
    }
  }

  private static long keepalivesFromUs(GoBgpDaemon gobgp) {
    return gobgp
        .neighborJson(BgpSegment.HOST_V4)
        .path("state")
        .path("messages")
        .path("received")
        .path("keepalive")
        .asLong();
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
