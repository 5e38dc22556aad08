package io.ironlb.speaker;

import io.ironlb.speaker.l2.GratuitousSchedule;
import io.ironlb.speaker.l2.InterfaceInfo;
import io.ironlb.speaker.l2.InterfaceScanner;
import io.ironlb.speaker.l2.L2Announcer;
import io.ironlb.speaker.l2.L2Metrics;
import io.ironlb.speaker.l2.Pcap4jTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's layer-2 data plane: scans interfaces (METALLB-API.md §4.3) every rescan period,
 * keeps a pcap transport open on each usable one, and answers ARP/NDP for what the plan says.
 * Interfaces that appear or vanish trigger a new planning pass.
 */
final class Layer2 implements L2Pass.L2Effects, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Layer2.class);

  private final InterfaceScanner scanner;
  private final L2Announcer announcer;
  private final ScheduledExecutorService timers;
  private final Runnable onInterfacesChanged;
  private volatile Set<String> usable = Set.of();

  private Layer2(
      InterfaceScanner scanner,
      L2Announcer announcer,
      ScheduledExecutorService timers,
      Runnable onInterfacesChanged) {
    this.scanner = scanner;
    this.announcer = announcer;
    this.timers = timers;
    this.onInterfacesChanged = onInterfacesChanged;
  }

  static Layer2 start(SpeakerOptions options, L2Metrics metrics, Runnable onInterfacesChanged) {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "l2-timers");
              t.setDaemon(true);
              return t;
            });
    InterfaceScanner scanner =
        new InterfaceScanner(
            Path.of("/sys/class/net"),
            options.excludeInterfaces().orElse(InterfaceScanner.defaultExcludes()));
    GratuitousSchedule schedule =
        new GratuitousSchedule(
            Duration.ofMillis(1100), Duration.ofSeconds(5), options.gratuitousRefresh());
    L2Announcer announcer = new L2Announcer(Pcap4jTransport.factory(), metrics, timers, schedule);
    Layer2 l2 = new Layer2(scanner, announcer, timers, onInterfacesChanged);
    l2.rescan();
    long every = options.interfaceRescan().toMillis();
    timers.scheduleWithFixedDelay(l2::rescan, every, every, TimeUnit.MILLISECONDS);
    return l2;
  }

  private void rescan() {
    try {
      List<InterfaceInfo> found = scanner.scan();
      Set<String> names = new TreeSet<>();
      found.forEach(i -> names.add(i.name()));
      announcer.setInterfaces(found);
      if (!names.equals(usable)) {
        LOG.info("usable interfaces: {}", names);
        usable = Set.copyOf(names);
        onInterfacesChanged.run();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("interface scan failed, keeping {}: {}", usable, e.toString());
    }
  }

  /**
   * Scans the interfaces now, off the caller's thread, instead of at the next rescan period: when
   * the membership changes. A cable that is plugged back in makes this node's heartbeats heard
   * again, so the others hand its IPs back at once; without a scan now it would answer ARP/NDP on
   * that interface only at the next period (up to 10 s without an answer for new clients).
   */
  void rescanSoon() {
    try {
      timers.execute(this::rescan);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("not rescanning: layer 2 is stopping");
    }
  }

  @Override
  public Set<String> usableInterfaces() {
    return usable;
  }

  /**
   * Sends a new gratuitous burst for every IP announced now (see {@link L2Announcer#reannounce}).
   */
  void reannounce() {
    announcer.reannounce();
  }

  @Override
  public void announce(Map<String, ? extends Set<InetAddress>> byInterface) {
    Map<String, Set<InetAddress>> copy = new HashMap<>();
    byInterface.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    announcer.setAnnouncements(copy);
  }

  @Override
  public void close() {
    announcer.close();
    timers.shutdownNow();
  }
}
