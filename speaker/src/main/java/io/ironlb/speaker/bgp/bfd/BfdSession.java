package io.ironlb.speaker.bgp.bfd;

import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One BFD session in asynchronous mode: the RFC 5880 §6.8 state machine, pure. Time is passed in
 * ({@code now}, nanoseconds on any monotonic clock); the caller sends the packets it returns and
 * calls {@link #tick} again within {@link #nanosUntilDue}. Jitter comes from the injected random
 * generator. Not thread-safe: one thread drives a session.
 *
 * <p>On a state change the session sends a packet at once (as FRR and BIRD do) instead of waiting
 * up to one interval, so the three-way handshake takes one round trip.
 */
public final class BfdSession {

  private static final Logger LOG = LoggerFactory.getLogger(BfdSession.class);

  private final long localDiscriminator;
  private final String peer;
  private final RandomGenerator random;
  private final BfdStateListener listener;
  private final BfdIntervals intervals;
  private final BfdRemote remote = new BfdRemote();
  private BfdState state = BfdState.DOWN;
  private BfdDiagnostic localDiag = BfdDiagnostic.NO_DIAGNOSTIC;
  private boolean transmitNow = true;
  private long nextTransmitNanos;
  private boolean detecting;
  private long detectionDeadlineNanos;

  /**
   * @param localDiscriminator bfd.LocalDiscr, non-zero and unique on this system (§6.8.1)
   * @param timers the configured intervals, multiplier and role
   * @param peer the peer's name for logs (its address)
   * @param random jitter source
   * @param listener told of state changes
   */
  public BfdSession(
      long localDiscriminator,
      BfdTimers timers,
      String peer,
      RandomGenerator random,
      BfdStateListener listener) {
    if (localDiscriminator <= 0 || localDiscriminator > BfdControlPacket.MAX_UNSIGNED_32) {
      throw new IllegalArgumentException("discriminator must be 1..2^32-1: " + localDiscriminator);
    }
    this.localDiscriminator = localDiscriminator;
    this.intervals = new BfdIntervals(Objects.requireNonNull(timers, "timers"));
    this.peer = Objects.requireNonNull(peer, "peer");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * A packet from the peer, already decoded and checked (§6.8.6). Returns the packet to send at
   * once, if any: the Final answering a Poll, or the news of a state change.
   */
  public Optional<BfdControlPacket> receive(BfdControlPacket packet, long now) {
    long yours = packet.yourDiscriminator();
    if (yours != 0 && yours != localDiscriminator) {
      LOG.debug("BFD packet for discriminator {} reached session {}", yours, localDiscriminator);
      return Optional.empty(); // §6.8.6: not this session's
    }
    remote.learn(packet);
    if (packet.fin()) {
      intervals.finalReceived(state == BfdState.UP); // §6.8.6: the Poll Sequence is over
    }
    sooner(now);
    // §6.8.4: every accepted packet restarts the detection timer
    detecting = true;
    detectionDeadlineNanos = now + detectionTimeUs() * 1_000L;
    if (state == BfdState.ADMIN_DOWN) {
      return Optional.empty(); // §6.8.6: AdminDown discards the packet here
    }
    advance(packet.state());
    if (packet.poll()) {
      // §6.8.7: the Final goes out at once, regardless of the transmit timer
      return Optional.of(packet(false, true));
    }
    return transmitIfDue(now);
  }

  /** Expires the detection timer and sends the periodic packet when they are due. */
  public Optional<BfdControlPacket> tick(long now) {
    if (detecting && now - detectionDeadlineNanos >= 0) {
      detectionExpired();
    }
    return transmitIfDue(now);
  }

  /** How long until {@link #tick} has work: 0 for at once, {@code Long.MAX_VALUE} for never. */
  public long nanosUntilDue(long now) {
    long due = Long.MAX_VALUE;
    if (mayTransmit()) {
      due = transmitNow ? 0 : Math.max(0, nextTransmitNanos - now);
    }
    if (detecting) {
      due = Math.min(due, Math.max(0, detectionDeadlineNanos - now));
    }
    return due;
  }

  /** §6.8.16: administratively down; keeps sending AdminDown so the peer knows why. */
  public void adminDown() {
    if (state != BfdState.ADMIN_DOWN) {
      moveTo(BfdState.ADMIN_DOWN, BfdDiagnostic.ADMINISTRATIVELY_DOWN);
    }
  }

  /** §6.8.16: enabled again; starts over from Down. */
  public void adminUp() {
    if (state == BfdState.ADMIN_DOWN) {
      moveTo(BfdState.DOWN, BfdDiagnostic.NO_DIAGNOSTIC);
    }
  }

  /** New timers; while Up a change of interval starts a Poll Sequence (§6.8.3). */
  public void reconfigure(BfdTimers timers) {
    intervals.update(Objects.requireNonNull(timers, "timers"), state == BfdState.UP);
  }

  public BfdState state() {
    return state;
  }

  /** bfd.RemoteSessionState: the state the peer last reported. */
  public BfdState remoteState() {
    return remote.state();
  }

  public BfdDiagnostic localDiagnostic() {
    return localDiag;
  }

  public long localDiscriminator() {
    return localDiscriminator;
  }

  /** bfd.RemoteDiscr: 0 until the peer is heard, and again after the detection time expires. */
  public long remoteDiscriminator() {
    return remote.discriminator();
  }

  public BfdTimers timers() {
    return intervals.timers();
  }

  /** §6.8.2, §6.8.7: the interval before jitter: the slower of our TX and the peer's RX. */
  public long transmitIntervalUs() {
    return Math.max(intervals.localTxUs(), remote.minRxUs());
  }

  /** §6.8.4: the peer's Detect Mult times the slower of our RX and the peer's TX; 0 if unheard. */
  public long detectionTimeUs() {
    return remote.detectMultiplier() * Math.max(intervals.localRxUs(), remote.desiredMinTxUs());
  }

  boolean polling() {
    return intervals.polling();
  }

  // RFC 5880 §6.8.6, the state table after the AdminDown check.
  private void advance(BfdState received) {
    if (received == BfdState.ADMIN_DOWN) {
      if (state != BfdState.DOWN) {
        moveTo(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
      }
      return;
    }
    switch (state) {
      case DOWN -> {
        if (received == BfdState.DOWN) {
          moveTo(BfdState.INIT, BfdDiagnostic.NO_DIAGNOSTIC);
        } else if (received == BfdState.INIT) {
          moveTo(BfdState.UP, BfdDiagnostic.NO_DIAGNOSTIC);
        }
      }
      case INIT -> {
        if (received == BfdState.INIT || received == BfdState.UP) {
          moveTo(BfdState.UP, BfdDiagnostic.NO_DIAGNOSTIC);
        }
      }
      case UP -> {
        if (received == BfdState.DOWN) {
          moveTo(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
        }
      }
      case ADMIN_DOWN -> {} // discarded before the table (§6.8.6)
    }
  }

  private void detectionExpired() {
    detecting = false;
    remote.forget(); // §6.8.1: bfd.RemoteDiscr is zeroed when the detection timer expires
    if (state == BfdState.INIT || state == BfdState.UP) {
      // §6.8.4: Detection Time passed without a packet
      moveTo(BfdState.DOWN, BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    }
  }

  private void moveTo(BfdState to, BfdDiagnostic why) {
    BfdState from = state;
    state = to;
    if (to == BfdState.UP) {
      localDiag = BfdDiagnostic.NO_DIAGNOSTIC;
    } else if (to != BfdState.INIT) {
      localDiag = why;
    }
    intervals.update(intervals.timers(), to == BfdState.UP); // §6.8.3: slow start ends or resumes
    transmitNow = true;
    try (MDC.MDCCloseable ignored = MDC.putCloseable("peer", peer)) {
      LOG.info("BFD session {} {} -> {} ({})", peer, from, to, why);
      listener.onStateChange(from, to, why);
    } catch (RuntimeException e) {
      LOG.warn("BFD state listener for {} failed", peer, e);
    }
  }

  /**
   * §6.8.2, §6.8.7: a shorter transmit interval (the peer's Required Min RX Interval dropped at the
   * end of its slow start, or our poll ended) applies to the packet already scheduled: the peer's
   * detection time uses the new interval from now on, and the old, longer wait would expire it.
   */
  private void sooner(long now) {
    if (transmitNow) {
      return;
    }
    long interval = transmitIntervalUs() * 1_000L;
    if (nextTransmitNanos - (now + interval) > 0) {
      nextTransmitNanos = now + BfdJitter.apply(random, interval, timers().detectMultiplier());
    }
  }

  private Optional<BfdControlPacket> transmitIfDue(long now) {
    if (!mayTransmit() || (!transmitNow && now - nextTransmitNanos < 0)) {
      return Optional.empty();
    }
    transmitNow = false;
    long interval = transmitIntervalUs() * 1_000L;
    nextTransmitNanos = now + BfdJitter.apply(random, interval, timers().detectMultiplier());
    return Optional.of(packet(intervals.polling(), false));
  }

  // RFC 5880 §6.8.7: when a system must stay silent.
  private boolean mayTransmit() {
    if (remote.discriminator() == 0 && timers().passive()) {
      return false; // the Passive role waits for the peer
    }
    if (remote.minRxUs() == 0) {
      return false; // the peer asked for no periodic packets
    }
    boolean remoteDemand = remote.demand() && state == BfdState.UP && remote.state() == BfdState.UP;
    return !remoteDemand || intervals.polling();
  }

  // RFC 5880 §6.8.7: the contents of a transmitted packet.
  private BfdControlPacket packet(boolean poll, boolean fin) {
    return BfdControlPacket.asynchronous(
        localDiag,
        state,
        poll,
        fin,
        timers().detectMultiplier(),
        localDiscriminator,
        remote.discriminator(),
        intervals.advertisedTxUs(),
        intervals.advertisedRxUs());
  }
}
