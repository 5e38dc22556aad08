package io.ironlb.speaker.forwarder;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One NodePort target of one listener: its health (a small up/down state machine fed by checks) and
 * its counters. Thread-safe: checks, relays and stats readers run on different threads.
 */
final class Target {

  final InetSocketAddress address;
  final AtomicInteger active = new AtomicInteger();
  final LongAdder bytesTo = new LongAdder();
  final LongAdder bytesFrom = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  private volatile boolean healthy = true;
  private volatile boolean probing;
  private int failures;
  private int successes;

  Target(InetSocketAddress address) {
    this.address = address;
  }

  /** Targets start healthy, so a new Service gets traffic before its first check. */
  boolean healthy() {
    return healthy;
  }

  /**
   * Whether new traffic may go here: healthy, or down but on probation ({@link #probe}), where the
   * next results decide.
   */
  boolean eligible() {
    return healthy || probing;
  }

  /**
   * Puts a target that is down on probation: new traffic may try it again. For checks that only
   * learn from traffic (UDP), which would otherwise never see a recovered target.
   *
   * @return whether the target was down and not on probation yet
   */
  synchronized boolean probe() {
    if (healthy || probing) {
      return false;
    }
    probing = true;
    return true;
  }

  /**
   * Counts one check (or relayed connect) result.
   *
   * @return the new state when this result changed it
   */
  synchronized Optional<Boolean> record(boolean ok, HealthCheckSettings settings) {
    if (ok) {
      failures = 0;
      successes++;
      if (!healthy && successes >= settings.rise()) {
        healthy = true;
        probing = false;
        return Optional.of(true);
      }
    } else {
      successes = 0;
      failures++;
      probing = false;
      if (healthy && failures >= settings.fall()) {
        healthy = false;
        return Optional.of(false);
      }
    }
    return Optional.empty();
  }

  TargetStats stats(L4Protocol protocol) {
    return new TargetStats(
        protocol,
        address,
        healthy,
        active.get(),
        bytesTo.sum(),
        bytesFrom.sum(),
        connectFailures.sum());
  }
}
