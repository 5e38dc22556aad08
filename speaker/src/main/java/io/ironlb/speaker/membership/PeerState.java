package io.ironlb.speaker.membership;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What one listed peer last told us. Not thread-safe; owned by {@link Membership}.
 *
 * <p>Replay protection: within a boot only a higher sequence is accepted; a boot id this peer
 * already replaced is never accepted again (the last {@value #RETIRED_BOOTS} are remembered, so the
 * state stays bounded).
 */
final class PeerState {

  static final int RETIRED_BOOTS = 8;

  /** What a heartbeat did to this peer. */
  enum Outcome {
    /** Older or equal sequence of the current boot, or a retired boot: dropped. */
    STALE,
    /** Next heartbeat of the current boot. */
    FRESH,
    /** First heartbeat ever heard from this peer. */
    FIRST,
    /** A boot id never seen before: the speaker restarted. */
    RESTARTED
  }

  private final String node;
  private final Deque<Long> retiredBoots = new ArrayDeque<>(RETIRED_BOOTS);
  private boolean heard;
  private long bootId;
  private long sequence;
  private long lastHeardNanos;
  private boolean left;
  private boolean reportedLive;
  private boolean warnedAddress;

  PeerState(String node) {
    this.node = node;
  }

  /** Applies {@code hb} received at {@code now}, unless it is stale. */
  Outcome accept(Heartbeat hb, long now) {
    Outcome outcome = classify(hb);
    if (outcome == Outcome.STALE) {
      return outcome;
    }
    if (outcome == Outcome.RESTARTED) {
      if (retiredBoots.size() == RETIRED_BOOTS) {
        retiredBoots.removeFirst();
      }
      retiredBoots.addLast(bootId);
    }
    heard = true;
    bootId = hb.bootId();
    sequence = hb.sequence();
    lastHeardNanos = now;
    left = hb.leaving();
    return outcome;
  }

  private Outcome classify(Heartbeat hb) {
    if (!heard) {
      return Outcome.FIRST;
    }
    if (hb.bootId() == bootId) {
      return hb.sequence() > sequence ? Outcome.FRESH : Outcome.STALE;
    }
    return retiredBoots.contains(hb.bootId()) ? Outcome.STALE : Outcome.RESTARTED;
  }

  /** Heard within {@code detectionNanos} before {@code now} and not gone. */
  boolean isLive(long now, long detectionNanos) {
    return heard && !left && now - lastHeardNanos < detectionNanos;
  }

  /** Counted in {@code known}: heard once and did not leave gracefully. */
  boolean isKnown() {
    return heard && !left;
  }

  boolean heard() {
    return heard;
  }

  long silenceNanos(long now) {
    return now - lastHeardNanos;
  }

  /** Records the liveness last logged; true if it changed. */
  boolean report(boolean live) {
    boolean changed = live != reportedLive;
    reportedLive = live;
    return changed;
  }

  /** True the first time the source address differs from the listed one. */
  boolean firstAddressMismatch(InetSocketAddress from, InetSocketAddress listed) {
    if (warnedAddress || from == null || from.equals(listed)) {
      return false;
    }
    warnedAddress = true;
    return true;
  }

  String node() {
    return node;
  }

  long bootId() {
    return bootId;
  }
}
