package io.ironlb.speaker.bgp.bfd;

import io.ironlb.speaker.bgp.bfd.BfdSessions.Entry;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the sessions of a {@link BfdSessions} on one event loop: ticks each session when it is
 * due, feeds it received packets and sends what it returns. Every method runs on {@code loop}.
 */
final class BfdDriver {

  private static final Logger LOG = LoggerFactory.getLogger(BfdDriver.class);

  private final BfdSessions sessions;
  private final EventLoop loop;
  private final LongSupplier nanoTime;
  private final BiConsumer<InetSocketAddress, BfdControlPacket> sender;
  private final Map<BfdSession, ScheduledFuture<?>> timers = new HashMap<>();

  BfdDriver(
      BfdSessions sessions,
      EventLoop loop,
      LongSupplier nanoTime,
      BiConsumer<InetSocketAddress, BfdControlPacket> sender) {
    this.sessions = sessions;
    this.loop = loop;
    this.nanoTime = nanoTime;
    this.sender = sender;
  }

  void open(InetSocketAddress peer, BfdTimers timers, BfdStateListener listener) {
    Entry entry = sessions.open(peer, timers, listener);
    fire(entry);
  }

  /** Removes the peer's session, telling the peer with one AdminDown packet (§6.8.16). */
  void close(InetAddress peer) {
    sessions.remove(peer).ifPresent(entry -> stop(entry, true));
  }

  void closeAll(boolean tellPeers) {
    for (Entry entry : sessions.all()) {
      sessions.remove(entry.peer().getAddress());
      stop(entry, tellPeers);
    }
  }

  Optional<BfdSession> session(InetAddress peer) {
    return sessions.byPeer(peer).map(Entry::session);
  }

  void receive(InetAddress source, BfdControlPacket packet) {
    Optional<Entry> entry = sessions.route(source, packet);
    if (entry.isEmpty()) {
      // RFC 5880 §6.8.6: no session for it, discard
      LOG.debug(
          "BFD packet from {} for discriminator {} has no session",
          source,
          packet.yourDiscriminator());
      return;
    }
    Entry e = entry.get();
    e.session().receive(packet, nanoTime.getAsLong()).ifPresent(p -> sender.accept(e.peer(), p));
    reschedule(e);
  }

  private void fire(Entry entry) {
    if (sessions.byPeer(entry.peer().getAddress()).orElse(null) != entry) {
      return; // removed meanwhile
    }
    entry.session().tick(nanoTime.getAsLong()).ifPresent(p -> sender.accept(entry.peer(), p));
    reschedule(entry);
  }

  private void reschedule(Entry entry) {
    ScheduledFuture<?> previous = timers.remove(entry.session());
    if (previous != null) {
      previous.cancel(false);
    }
    long delay = entry.session().nanosUntilDue(nanoTime.getAsLong());
    if (delay != Long.MAX_VALUE) {
      timers.put(entry.session(), loop.schedule(() -> fire(entry), delay, TimeUnit.NANOSECONDS));
    }
  }

  private void stop(Entry entry, boolean tellPeer) {
    ScheduledFuture<?> timer = timers.remove(entry.session());
    if (timer != null) {
      timer.cancel(false);
    }
    if (tellPeer) {
      entry.session().adminDown();
      entry.session().tick(nanoTime.getAsLong()).ifPresent(p -> sender.accept(entry.peer(), p));
    }
  }
}
