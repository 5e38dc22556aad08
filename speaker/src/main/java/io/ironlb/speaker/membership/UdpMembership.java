package io.ironlb.speaker.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Membership} over UDP: one non-blocking {@link DatagramChannel} and one daemon
 * thread that sends {@link Membership#due()} every interval, receives in between (select timeout at
 * most half an interval) and calls {@code onChange} on that thread whenever the view differs from
 * the last one delivered. Datagrams above 512 bytes and frames the codec rejects are counted and
 * dropped; at most {@value #MAX_BATCH} datagrams are read per wake-up so a flood cannot starve the
 * heartbeat timer. {@link #setPeers} and {@link #view} may be called from any thread.
 */
public final class UdpMembership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpMembership.class);
  static final int MAX_BATCH = 256;
  private static final int RECEIVE_BUFFER = 1 << 20;

  private final Membership membership;
  private final HeartbeatCodec codec;
  private final InetSocketAddress bind;
  private final long intervalNanos;
  private final Consumer<MembershipView> onChange;
  private final Object lock = new Object();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running;
  private DatagramChannel channel;
  private Selector selector;
  private Thread thread;
  private final Runnable onPause;
  private long pausesSeen;
  private MembershipView delivered;

  public UdpMembership(
      Membership membership,
      HeartbeatCodec codec,
      InetSocketAddress bind,
      Duration interval,
      Consumer<MembershipView> onChange,
      Runnable onPause) {
    this.onPause = Objects.requireNonNull(onPause, "onPause");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.bind = Objects.requireNonNull(bind, "bind");
    this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    if (intervalNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
      throw new IllegalArgumentException("interval must be at least 1 ms: " + interval);
    }
  }

  /** Binds and starts the heartbeat thread. */
  public synchronized void start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("already started");
    }
    channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
    channel.bind(bind);
    channel.configureBlocking(false);
    selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
    running = true;
    thread = new Thread(this::run, "ironlb-membership");
    thread.setDaemon(true);
    thread.start();
    LOG.info("membership listening on {}", channel.getLocalAddress());
  }

  public void setPeers(Map<String, InetSocketAddress> peers) {
    synchronized (lock) {
      membership.setPeers(peers);
    }
  }

  public MembershipView view() {
    synchronized (lock) {
      return membership.view();
    }
  }

  /** The bound address (with the actual port when bound to port 0). */
  public synchronized InetSocketAddress localAddress() {
    if (channel == null) {
      throw new IllegalStateException("not started");
    }
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Announces a graceful leave to every peer (twice, against loss), then closes. Idempotent. */
  @Override
  public synchronized void close() {
    if (!stopLoop()) {
      return;
    }
    Heartbeat leaving;
    List<InetSocketAddress> peers;
    synchronized (lock) {
      leaving = membership.leaving();
      peers = membership.peerAddresses();
    }
    byte[] frame = codec.encode(leaving);
    for (int copy = 0; copy < 2; copy++) {
      peers.forEach(to -> send(frame, to));
    }
    closeChannel();
    LOG.info("membership closed, leave sent to {} peers", peers.size());
  }

  /** Test hook: stops as a crash would, without telling anyone. */
  synchronized void crash() {
    if (stopLoop()) {
      closeChannel();
    }
  }

  /** Datagrams dropped as oversize or malformed (a metric). */
  long dropped() {
    return dropped.get();
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(HeartbeatCodec.MAX_DATAGRAM + 1);
    long nextTick = System.nanoTime();
    while (running) {
      try {
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          // what arrived while this thread was not running first: after a stall the peers'
          // heartbeats wait in the socket, and judging before reading them would find them silent
          receiveBatch(buffer);
          sendHeartbeats();
          // after a stall (GC, suspended VM) resume the cadence instead of sending a burst
          nextTick = Math.max(nextTick + intervalNanos, now);
          deliverIfChanged();
        }
        selector.select(selectTimeoutMillis(nextTick - System.nanoTime()));
        selector.selectedKeys().clear();
        receiveBatch(buffer);
        deliverIfChanged();
      } catch (ClosedChannelException | ClosedSelectorException e) {
        break;
      } catch (IOException | RuntimeException e) {
        LOG.warn("membership loop error (continuing)", e);
      }
    }
  }

  private long selectTimeoutMillis(long untilTickNanos) {
    long halfInterval = TimeUnit.NANOSECONDS.toMillis(intervalNanos / 2);
    long untilTick = TimeUnit.NANOSECONDS.toMillis(untilTickNanos);
    return Math.max(1, Math.min(halfInterval, untilTick)); // select(0) would block forever
  }

  private void sendHeartbeats() {
    List<Outgoing> due;
    synchronized (lock) {
      due = membership.due();
    }
    if (!due.isEmpty()) {
      byte[] frame = codec.encode(due.get(0).heartbeat()); // one heartbeat per tick, for all
      due.forEach(out -> send(frame, out.to()));
    }
  }

  /** Reads what the socket holds (at most a batch); once it is empty, tells the membership. */
  private void receiveBatch(ByteBuffer buffer) throws IOException {
    for (int i = 0; i < MAX_BATCH; i++) {
      buffer.clear();
      SocketAddress from = channel.receive(buffer);
      if (from == null) {
        long pauses;
        synchronized (lock) {
          membership.listened();
          pauses = membership.pauses();
        }
        if (pauses != pausesSeen) {
          pausesSeen = pauses;
          try {
            onPause.run();
          } catch (RuntimeException e) {
            LOG.warn("membership pause listener failed", e);
          }
        }
        return;
      }
      receive(buffer.array(), buffer.position(), (InetSocketAddress) from);
    }
  }

  private void receive(byte[] data, int length, InetSocketAddress from) {
    if (length > HeartbeatCodec.MAX_DATAGRAM) {
      dropped.incrementAndGet();
      LOG.trace("dropping oversize datagram from {}", from);
      return;
    }
    try {
      Heartbeat hb = codec.decode(data, length);
      synchronized (lock) {
        membership.onHeartbeat(hb, from);
      }
    } catch (MalformedHeartbeatException e) {
      dropped.incrementAndGet();
      LOG.trace("dropping datagram from {}: {}", from, e.getMessage());
    }
  }

  private void deliverIfChanged() {
    MembershipView now = view();
    if (now.equals(delivered)) {
      return;
    }
    delivered = now;
    try {
      onChange.accept(now);
    } catch (RuntimeException e) {
      LOG.warn("membership listener failed", e);
    }
  }

  private void send(byte[] frame, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(frame), to);
    } catch (IOException | RuntimeException e) {
      LOG.debug("heartbeat to {} not sent: {}", to, e.toString());
    }
  }

  /** Stops the loop thread; false if it was not running. */
  private boolean stopLoop() {
    if (!running) {
      return false;
    }
    running = false;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }

  private void closeChannel() {
    try {
      selector.close();
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing membership channel", e);
    }
  }
}
