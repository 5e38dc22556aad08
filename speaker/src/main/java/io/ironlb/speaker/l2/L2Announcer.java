package io.ironlb.speaker.l2;

import static java.util.stream.Collectors.toUnmodifiableSet;

import io.ironlb.core.ip.IpText;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer-2 data plane of one node: one {@link PacketTransport} per usable interface, answering
 * ARP and NDP for the IPs owned on that interface and sending gratuitous frames when an IP is taken
 * over (METALLB-API §4.2-§4.5).
 *
 * <p>{@link #setInterfaces} and {@link #setAnnouncements} each replace the whole desired state and
 * are idempotent. A pair (interface, IP) is announced when the interface is open and can carry the
 * IP's family (IPv4 needs a broadcast interface, IPv6 a link-local address). A new pair gets a
 * gratuitous burst at once; a pair set again while its burst runs extends the burst; a removed pair
 * is neither answered nor announced any more from the moment the call returns. Control calls are
 * serialised on this object; the receive path reads an immutable snapshot and never locks.
 */
public final class L2Announcer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(L2Announcer.class);

  private final PacketTransportFactory factory;
  private final L2Metrics metrics;
  private final GratuitousAnnouncer gratuitous;
  private final Map<String, Link> links = new HashMap<>(); // guarded by this
  private Set<GratuitousAnnouncer.Key> active = Set.of(); // guarded by this
  private boolean closed; // guarded by this
  private volatile Map<String, Set<InetAddress>> desired = Map.of();

  /** One open interface. */
  private record Link(InterfaceInfo info, PacketTransport transport, SolicitedNodeGroups groups) {}

  /** An announcer whose gratuitous frames are timed by {@code scheduler}. */
  public L2Announcer(
      PacketTransportFactory factory,
      L2Metrics metrics,
      ScheduledExecutorService scheduler,
      GratuitousSchedule schedule) {
    this(factory, metrics, scheduler, schedule, System::nanoTime);
  }

  L2Announcer(
      PacketTransportFactory factory,
      L2Metrics metrics,
      ScheduledExecutorService scheduler,
      GratuitousSchedule schedule,
      LongSupplier nanoClock) {
    this.factory = factory;
    this.metrics = metrics;
    this.gratuitous =
        new GratuitousAnnouncer(scheduler, nanoClock, schedule, metrics, this::isOwned);
  }

  /** Opens transports on new interfaces and closes those gone or changed (MAC, address...). */
  public synchronized void setInterfaces(List<InterfaceInfo> usable) {
    checkOpen();
    Map<String, InterfaceInfo> wanted = new LinkedHashMap<>();
    for (InterfaceInfo info : usable) {
      if (wanted.put(info.name(), info) != null) {
        throw new IllegalArgumentException("interface listed twice: " + info.name());
      }
    }
    links
        .values()
        .removeIf(link -> !link.info().equals(wanted.get(link.info().name())) && close(link));
    wanted.values().stream().filter(i -> !links.containsKey(i.name())).forEach(this::open);
    reconcile(false);
  }

  /** Replaces the IPs owned per interface name (interfaces not open yet are kept for later). */
  public synchronized void setAnnouncements(Map<String, Set<InetAddress>> desired) {
    checkOpen();
    Map<String, Set<InetAddress>> copy = new HashMap<>();
    desired.forEach(
        (iface, ips) -> {
          if (!ips.isEmpty()) {
            copy.put(iface, Set.copyOf(ips));
          }
        });
    this.desired = Map.copyOf(copy); // from here on the responders answer exactly these
    reconcile(true);
  }

  /** The IPs owned per interface, as last set. */
  public Map<String, Set<InetAddress>> announcements() {
    return desired;
  }

  /** Stops all gratuitous frames and closes every transport. */
  @Override
  public synchronized void close() {
    closed = true;
    desired = Map.of();
    gratuitous.stopAll();
    links.values().forEach(this::close);
    links.clear();
    active = Set.of();
  }

  /** Entries held (links, pairs, gratuitous tasks, groups): constant under any received load. */
  synchronized int retainedStateSize() {
    int groups = links.values().stream().mapToInt(l -> l.groups().joined().size()).sum();
    return links.size() + active.size() + gratuitous.size() + groups;
  }

  /**
   * Starts a new gratuitous burst for every pair announced now, as a takeover would. For a speaker
   * that was paused (a GC pause, a paused VM, a starved membership thread) long enough for its
   * peers to take it for dead: one of them may have taken its IPs over and pointed the neighbours'
   * caches at itself, and gives them back when it hears this speaker again, which saw nothing
   * change and would otherwise leave those caches pointing at a node that no longer answers until
   * the next refresh.
   */
  public synchronized void reannounce() {
    for (GratuitousAnnouncer.Key key : active) {
      Link link = links.get(key.iface());
      if (link != null) {
        gratuitous.start(key, link.info(), link.transport());
      }
    }
    if (!active.isEmpty()) {
      LOG.info("re-announcing {} IPs after a pause", active.size());
    }
  }

  /** Makes the announced pairs, gratuitous tasks and multicast groups match links x desired. */
  private void reconcile(boolean setAgain) {
    Set<GratuitousAnnouncer.Key> wanted = effectivePairs();
    for (GratuitousAnnouncer.Key gone : active) {
      if (!wanted.contains(gone)) {
        gratuitous.stop(gone);
        LOG.info("{}: withdrawn {}", gone.iface(), IpText.format(gone.ip()));
      }
    }
    links.values().forEach(l -> l.groups().update(l.info().ndpCapable() ? owned(l) : Set.of()));
    for (GratuitousAnnouncer.Key key : wanted) {
      if (!active.contains(key)) {
        Link link = links.get(key.iface());
        gratuitous.start(key, link.info(), link.transport());
        LOG.info("{}: announcing {}", key.iface(), IpText.format(key.ip()));
      } else if (setAgain) {
        gratuitous.extend(key);
      }
    }
    active = Set.copyOf(wanted);
  }

  private Set<GratuitousAnnouncer.Key> effectivePairs() {
    Set<GratuitousAnnouncer.Key> pairs = new HashSet<>();
    for (Link link : links.values()) {
      for (InetAddress ip : owned(link)) {
        boolean v4 = ip instanceof Inet4Address;
        if (v4 ? link.info().arpCapable() : link.info().ndpCapable()) {
          pairs.add(new GratuitousAnnouncer.Key(link.info().name(), ip));
        }
      }
    }
    return pairs;
  }

  private Set<InetAddress> owned(Link link) {
    return ownedOn(link.info().name());
  }

  private Set<InetAddress> ownedOn(String iface) {
    return desired.getOrDefault(iface, Set.of());
  }

  private boolean isOwned(String iface, InetAddress ip) {
    return ownedOn(iface).contains(ip);
  }

  private void open(InterfaceInfo info) {
    try {
      PacketTransport transport = factory.open(info);
      try {
        transport.start(new FrameDispatcher(info, transport, () -> ownedOn(info.name()), metrics));
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
      links.put(info.name(), new Link(info, transport, new SolicitedNodeGroups(transport)));
      LOG.info("{}: layer-2 responder started ({})", info.name(), info);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{}: cannot open for layer 2, retried on the next scan: {}", info.name(), e.toString());
    }
  }

  private boolean close(Link link) {
    String name = link.info().name();
    active.stream().filter(k -> k.iface().equals(name)).forEach(gratuitous::stop);
    // forgotten, so a reopened interface (new MAC or address) gets a fresh burst
    active = active.stream().filter(k -> !k.iface().equals(name)).collect(toUnmodifiableSet());
    link.transport().close(); // memberships go with it
    LOG.info("{}: layer-2 responder stopped", link.info().name());
    return true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("L2Announcer is closed");
    }
  }
}
