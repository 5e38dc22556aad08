package io.ironlb.speaker.l2;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends gratuitous ARP / unsolicited NA for each announced (interface, IP) pair on a {@link
 * GratuitousSchedule} (METALLB-API §4.4): at once, then every {@code repeatEvery} until {@code
 * repeatFor} after the pair was last set, then every {@code refreshEvery}. One scheduled task per
 * pair. Thread-safe: called by {@link L2Announcer} and by the scheduler's thread.
 */
final class GratuitousAnnouncer {

  private static final Logger LOG = LoggerFactory.getLogger(GratuitousAnnouncer.class);

  /** One announced pair. */
  record Key(String iface, InetAddress ip) {}

  private static final class Entry {
    final InterfaceInfo info;
    final PacketTransport out;
    long lastSent;
    long windowEnd;
    ScheduledFuture<?> next;

    Entry(InterfaceInfo info, PacketTransport out) {
      this.info = info;
      this.out = out;
    }
  }

  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;
  private final L2Metrics metrics;
  private final BiPredicate<String, InetAddress> stillOwned;
  private final long repeatEvery;
  private final long repeatFor;
  private final long refreshEvery;
  private final Map<Key, Entry> entries = new HashMap<>();

  GratuitousAnnouncer(
      ScheduledExecutorService scheduler,
      LongSupplier nanoClock,
      GratuitousSchedule schedule,
      L2Metrics metrics,
      BiPredicate<String, InetAddress> stillOwned) {
    this.scheduler = scheduler;
    this.nanoClock = nanoClock;
    this.metrics = metrics;
    this.stillOwned = stillOwned;
    this.repeatEvery = schedule.repeatEvery().toNanos();
    this.repeatFor = schedule.repeatFor().toNanos();
    this.refreshEvery = schedule.refreshEvery().toNanos();
  }

  /** A new pair: sends the first burst now and schedules the rest. */
  synchronized void start(Key key, InterfaceInfo info, PacketTransport out) {
    stop(key);
    Entry entry = new Entry(info, out);
    entry.windowEnd = nanoClock.getAsLong() + repeatFor;
    entries.put(key, entry);
    fire(key, entry);
  }

  /** The pair was set again: a burst still running goes on until {@code repeatFor} from now. */
  synchronized void extend(Key key) {
    Entry entry = entries.get(key);
    long now = nanoClock.getAsLong();
    if (entry == null || now > entry.windowEnd) {
      return; // past its burst: refreshes go on, an equal set changes nothing
    }
    entry.windowEnd = now + repeatFor;
    cancel(entry);
    scheduleNext(key, entry);
  }

  /** Withdraws the pair: nothing more is sent for it. */
  synchronized void stop(Key key) {
    Entry entry = entries.remove(key);
    if (entry != null) {
      cancel(entry);
    }
  }

  synchronized void stopAll() {
    entries.values().forEach(GratuitousAnnouncer::cancel);
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }

  private synchronized void fire(Key key, Entry entry) {
    if (entries.get(key) != entry || !stillOwned.test(key.iface(), key.ip())) {
      return; // withdrawn since this tick was scheduled (METALLB-API §4.4: tick skipped)
    }
    entry.lastSent = nanoClock.getAsLong();
    for (byte[] frame : GratuitousFrames.of(entry.info, key.ip())) {
      send(key, entry, frame);
    }
    scheduleNext(key, entry);
  }

  private void send(Key key, Entry entry, byte[] frame) {
    try {
      entry.out.send(frame);
      metrics.gratuitousSent(key.ip());
      LOG.trace("{}: gratuitous frame for {}", key.iface(), key.ip().getHostAddress());
    } catch (IOException e) {
      LOG.warn("{}: gratuitous frame for {} not sent: {}", key.iface(), key.ip(), e.toString());
    }
  }

  private void scheduleNext(Key key, Entry entry) {
    long nextBurst = entry.lastSent + repeatEvery;
    long at;
    if (nextBurst - entry.windowEnd <= 0) {
      at = nextBurst;
    } else if (refreshEvery > 0) {
      at = entry.lastSent + refreshEvery;
    } else {
      entry.next = null;
      return;
    }
    long delay = Math.max(0, at - nanoClock.getAsLong());
    try {
      entry.next = scheduler.schedule(() -> fire(key, entry), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      entry.next = null; // the scheduler is shutting down with the speaker
      LOG.debug("{}: gratuitous schedule for {} ended: scheduler stopped", key.iface(), key.ip());
    }
  }

  private static void cancel(Entry entry) {
    if (entry.next != null) {
      entry.next.cancel(false);
      entry.next = null;
    }
  }
}
